import * as path from 'node:path';
import type { Finding } from '../engine/types';
import type { BaselineComparison } from './baseline';
import { activeFindings, countBySeverity, plural, type ScanReport } from './report';

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', reset: '\u001b[0m' };

/** Human-readable output: findings grouped by file, then a one-line summary. */
export function toText(report: ScanReport, options: { color: boolean; showSuppressed: boolean }): string {
  const paint = (color: keyof typeof COLORS, text: string) =>
    options.color ? `${COLORS[color]}${text}${COLORS.reset}` : text;
  const shown = options.showSuppressed ? report.findings : activeFindings(report);
  const lines: string[] = [];
  for (const [file, findings] of groupByFile(shown)) {
    lines.push(path.relative(process.cwd(), file) || file);
    for (const finding of findings) {
      const where = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const suppressed = finding.suppression ? paint('dim', ` (suppressed: ${finding.suppression.reason})`) : '';
      lines.push(
        `  ${where.padEnd(8)} ${paint(finding.severity, finding.severity.padEnd(7))} ` +
          `${finding.message}  ${paint('dim', finding.ruleId)}${suppressed}`,
      );
    }
    lines.push('');
  }
  const counts = countBySeverity(activeFindings(report));
  const suppressedCount = report.findings.length - activeFindings(report).length;
  lines.push(
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info in ` +
      `${plural(report.filesScanned, 'file')} scanned` +
      (report.filesSkipped > 0 ? `, ${report.filesSkipped} skipped (not analysed)` : '') +
      (suppressedCount > 0 ? `, ${suppressedCount} suppressed` : '') +
      '.',
  );
  if (report.baseline) lines.push(...baselineSummary(report.baseline));
  return lines.join('\n') + '\n';
}

/** Summarizes what the baseline hid, and lists each recorded finding that is gone. */
function baselineSummary(baseline: BaselineComparison): string[] {
  const fixed = baseline.fixed.reduce((sum, entry) => sum + entry.count, 0);
  const lines = [
    `Baseline ${baseline.file}: ${plural(baseline.unchanged, 'recorded finding')} not shown, ` +
      `${fixed} fixed since baseline${fixed > 0 ? ':' : '.'}`,
  ];
  for (const entry of baseline.fixed) {
    const times = entry.count > 1 ? ` (${entry.count} times)` : '';
    lines.push(`  fixed since baseline: ${entry.path}  ${entry.message}  ${entry.ruleId}${times}`);
  }
  return lines;
}

function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = groups.get(finding.path) ?? [];
    list.push(finding);
    groups.set(finding.path, list);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
