import * as path from 'node:path';
import { countBySeverity, activeFindings, ruleDocUrl, type ScanReport } from './report';

/** Machine-readable output with 0-based LSP ranges and 1-based line and column for people. */
export function toJson(report: ScanReport): string {
  const relative = (p: string) => path.relative(report.baseDir, p).split(path.sep).join('/');
  return (
    JSON.stringify(
      {
        tool: { name: 'phi-guard', version: report.toolVersion },
        complete: report.complete,
        errors: report.errors,
        summary: {
          ...countBySeverity(activeFindings(report)),
          filesScanned: report.filesScanned,
          filesSkipped: report.filesSkipped,
        },
        findings: report.findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          path: relative(f.path),
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          range: f.range,
          docs: ruleDocUrl(f.ruleId),
          related: f.related.map((r) => ({ path: relative(r.path), range: r.range, message: r.message })),
          fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe })),
          suppression: f.suppression
            ? { reason: f.suppression.reason, expires: f.suppression.expires }
            : undefined,
        })),
        notices: report.notices.map((n) => ({ ...n, path: relative(n.path) })),
        baseline: report.baseline && {
          file: report.baseline.file,
          unchanged: report.baseline.unchanged,
          fixedSinceBaseline: report.baseline.fixed,
        },
      },
      null,
      2,
    ) + '\n'
  );
}
