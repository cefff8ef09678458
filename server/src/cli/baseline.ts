/**
 * Baseline files: `--write-baseline FILE` records today's findings, and `--baseline FILE` then
 * reports only findings that the file does not record. A finding is recorded by its fingerprint
 * of rule, relative path and message (see `fingerprint.ts`). The line is not part of it, so code
 * that moves up or down a file stays matched. Identical findings in one file are counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeOutputFile } from './output';
import * as path from 'node:path';
import type { Finding } from '../engine/types';
import { fingerprintAll } from './fingerprint';
import { activeFindings, plural, type ScanReport } from './report';

export const BASELINE_VERSION = 1;

/** One recorded finding, or `count` identical ones in the same file. */
export interface BaselineEntry {
  ruleId: string;
  /** Relative to the scanned folder, with forward slashes. */
  path: string;
  message: string;
  fingerprint: string;
  count: number;
}

export interface BaselineFile {
  version: number;
  tool: string;
  toolVersion: string;
  findings: BaselineEntry[];
}

export interface BaselineComparison {
  /** The baseline file, as given on the command line. */
  file: string;
  /** How many current findings the baseline records (and so are not reported). */
  unchanged: number;
  /** Recorded findings that no longer occur; `count` is how many of them are gone. */
  fixed: BaselineEntry[];
}

/** An unreadable or malformed baseline file; the message names the file. */
export class BaselineError extends Error {}

export function createBaseline(
  findings: Finding[],
  baseDir: string,
  toolVersion: string,
): BaselineFile {
  const entries = new Map<string, BaselineEntry>();
  for (const { finding, fingerprint } of fingerprintAll(findings, baseDir)) {
    const entry = entries.get(fingerprint);
    if (entry) {
      entry.count++;
      continue;
    }
    const relative = path.relative(baseDir, finding.path).split(path.sep).join('/');
    const { ruleId, message } = finding;
    entries.set(fingerprint, { ruleId, path: relative, message, fingerprint, count: 1 });
  }
  const sorted = [...entries.values()].sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
  );
  return { version: BASELINE_VERSION, tool: 'phi-guard', toolVersion, findings: sorted };
}

export function writeBaseline(file: string, baseline: BaselineFile): void {
  writeOutputFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

export function readBaseline(file: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BaselineError(`cannot read baseline ${file}: ${detail}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BaselineError(`invalid baseline ${file}: not JSON (${detail}).`);
  }
  const problem = validate(data);
  if (problem) {
    throw new BaselineError(
      `invalid baseline ${file}: ${problem}; write it again with --write-baseline ${file}.`,
    );
  }
  return data as BaselineFile;
}

function validate(data: unknown): string | undefined {
  if (!isObject(data)) return 'the top level is not an object';
  if (data.version !== BASELINE_VERSION) {
    return `version is ${JSON.stringify(data.version)}, expected ${BASELINE_VERSION}`;
  }
  if (!Array.isArray(data.findings)) return 'findings is not a list';
  const index = data.findings.findIndex((entry) => !isEntry(entry));
  if (index >= 0) return `findings[${index}] lacks ruleId, path, message, fingerprint or count`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): boolean {
  if (!isObject(value)) return false;
  const strings = ['ruleId', 'path', 'message', 'fingerprint'].every(
    (key) => typeof value[key] === 'string',
  );
  return strings && Number.isInteger(value.count) && (value.count as number) > 0;
}

/**
 * Splits findings into those the baseline records and the rest. Suppressed findings are kept
 * as they are, because their comment already accounts for them.
 */
export function compareWithBaseline(
  findings: Finding[],
  baseline: BaselineFile,
  baseDir: string,
  file: string,
): { remaining: Finding[]; comparison: BaselineComparison } {
  const recorded = new Map(baseline.findings.map((entry) => [entry.fingerprint, entry.count]));
  const active = findings.filter((finding) => !finding.suppression);
  const seen = new Map<string, number>();
  const matched = new Set<Finding>();
  for (const { finding, fingerprint, occurrence } of fingerprintAll(active, baseDir)) {
    seen.set(fingerprint, occurrence);
    if (occurrence <= (recorded.get(fingerprint) ?? 0)) matched.add(finding);
  }
  const fixed = baseline.findings
    .map((entry) => ({ ...entry, count: entry.count - (seen.get(entry.fingerprint) ?? 0) }))
    .filter((entry) => entry.count > 0);
  return {
    remaining: findings.filter((finding) => !matched.has(finding)),
    comparison: { file, unchanged: matched.size, fixed },
  };
}

/** `--write-baseline`: records the report's unsuppressed findings; returns the exit status. */
export function recordBaseline(report: ScanReport, file: string): number {
  if (!report.complete) {
    process.stderr.write(
      `phi-guard: baseline ${file} not written, because the analysis did not run fully.\n`,
    );
    return 2;
  }
  const findings = activeFindings(report);
  writeBaseline(file, createBaseline(findings, report.baseDir, report.toolVersion));
  process.stdout.write(`Wrote ${plural(findings.length, 'finding')} to baseline ${file}.\n`);
  return 0;
}

/**
 * Explains why a baseline cannot belong to this scan: it records findings, but none of the
 * files it names exists below the folder that output paths are relative to. That happens when
 * a baseline written for one folder is used for a scan of another, and every recorded finding
 * would then read as fixed and every current one as new.
 */
export function baselineMismatch(
  baseline: BaselineFile,
  baseDir: string,
  file: string,
): string | undefined {
  if (baseline.findings.length === 0) return undefined;
  const exists = (entry: BaselineEntry) => existsSync(path.join(baseDir, entry.path));
  if (baseline.findings.some(exists)) return undefined;
  return (
    `baseline ${file} names no file below ${baseDir}: scan the folder the baseline was ` +
    'written for, or write a new baseline with --write-baseline.'
  );
}

/** `--baseline`: keeps only the findings the baseline does not record, and notes the fixed. */
export function applyBaseline(report: ScanReport, baseline: BaselineFile, file: string): void {
  const { remaining, comparison } = compareWithBaseline(
    report.findings,
    baseline,
    report.baseDir,
    file,
  );
  report.findings = remaining;
  report.baseline = comparison;
}
