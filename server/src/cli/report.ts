import type { Rule } from '../engine/rule-api';
import type { AssessedSuppression } from '../engine/suppression-check';
import type { FileNotice, Finding } from '../engine/types';
import type { BaselineComparison } from './baseline';

/** Everything one CLI run produced, handed to the output formats. */
export interface ScanReport {
  toolVersion: string;
  /** Folder that relative paths in the output are relative to. */
  baseDir: string;
  rules: Rule[];
  findings: Finding[];
  notices: FileNotice[];
  /** Files analysed, the skipped ones not included. */
  filesScanned: number;
  /** Files not analysed: over the size limit, binary, or not regular files. */
  filesSkipped: number;
  /** False when the analysis could not run fully (for example the Dart grammar did not load). */
  complete: boolean;
  /** Tool-level errors, such as the Dart grammar failure. */
  errors: string[];
  /** Every suppression comment in the analysed files, with its status. */
  suppressions?: ListedSuppression[];
  /** Set with `--baseline`: `findings` then holds only what the baseline does not record. */
  baseline?: BaselineComparison;
}

export interface ListedSuppression extends AssessedSuppression {
  path: string;
}

export function activeFindings(report: ScanReport): Finding[] {
  return report.findings.filter((f) => !f.suppression);
}

export function countBySeverity(findings: Finding[]): Record<'error' | 'warning' | 'info', number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

export { ruleDocUrl } from '../engine/rule-docs';

/** `1 error`, `2 errors`: a count with its noun in the right number. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
