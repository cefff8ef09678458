/** `--list-suppressions`: every suppression comment in the scanned paths, with its status. */
import * as path from 'node:path';
import type { SuppressionStatus } from '../engine/suppression-check';
import { plural, type ListedSuppression, type ScanReport } from './report';

export interface SuppressionRow {
  /** Relative to the scanned folder, with forward slashes. */
  path: string;
  /** 1-based line of the comment. */
  line: number;
  column: number;
  /** `file` for `phi-guard-ignore-file`. */
  scope: 'line' | 'file';
  rules: string[];
  reason: string;
  expires?: string;
  status: SuppressionStatus;
  /** Reasons the comment is expired or invalid. */
  problems: string[];
}

/** Lists the suppressions of a report as plain rows, in path and line order. */
export function suppressionRows(report: ScanReport): SuppressionRow[] {
  const rows = (report.suppressions ?? []).map((entry) => toRow(entry, report.baseDir));
  return rows.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
}

function toRow(entry: ListedSuppression, baseDir: string): SuppressionRow {
  const suppression = entry.suppression;
  return {
    path: path.relative(baseDir, entry.path).split(path.sep).join('/'),
    line: entry.range.start.line + 1,
    column: entry.range.start.character + 1,
    scope: suppression?.fileLevel ? 'file' : 'line',
    rules: suppression?.ruleIds ?? [],
    reason: suppression?.reason ?? '',
    expires: suppression?.expires,
    status: entry.status,
    problems: entry.problems.map((problem) => problem.message),
  };
}

export function countByStatus(rows: SuppressionRow[]): Record<SuppressionStatus, number> {
  const counts = { active: 0, expired: 0, invalid: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

export function suppressionListJson(report: ScanReport): string {
  const rows = suppressionRows(report);
  const output = {
    tool: { name: 'phi-guard', version: report.toolVersion },
    summary: countByStatus(rows),
    suppressions: rows,
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

/** Formats one line per comment (location, status, rules, expiry, reason), problems indented. */
export function suppressionListText(report: ScanReport): string {
  const rows = suppressionRows(report);
  const lines: string[] = [];
  for (const row of rows) {
    const where = `${row.path}:${row.line}`;
    const rules = row.rules.length > 0 ? row.rules.join(', ') : '(no rule id)';
    const scope = row.scope === 'file' ? ' (whole file)' : '';
    const expires = row.expires ? `expires ${row.expires}` : 'no expiry';
    const reason = row.reason === '' ? '(no reason)' : row.reason;
    lines.push(`${where}  ${row.status.padEnd(7)}  ${rules}${scope}  ${expires}  ${reason}`);
    for (const problem of row.problems) lines.push(`    ${problem}`);
  }
  const counts = countByStatus(rows);
  if (lines.length > 0) lines.push('');
  lines.push(
    `${plural(rows.length, 'suppression')}: ${counts.active} active, ${counts.expired} expired, ` +
      `${counts.invalid} invalid.`,
  );
  return `${lines.join('\n')}\n`;
}
