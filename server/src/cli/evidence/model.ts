/**
 * The content of the evidence report, independent of HTML or Markdown. It contains rule ids,
 * locations, finding messages and suppression reasons, but no source lines. Rule messages name
 * identifiers instead of quoting values, by the rules' own convention.
 */
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { ConfigLoader, EngineConfig } from '../../engine';
import type { Finding, Severity } from '../../engine/types';
import { activeFindings, countBySeverity, plural, type ScanReport } from '../report';
import { suppressionRows, type SuppressionRow } from '../suppression-list';
import { readGitState, type GitState } from './git';
import { compareWithIndex, type WorkingTreeState } from './git-index';
import { MASVS_GROUPS, SAFEGUARDS } from './safeguards';

export type SeverityCounts = Record<Severity, number>;

export interface FindingRow {
  severity: Severity;
  ruleId: string;
  /** `path:line`, relative to the scanned folder. */
  location: string;
  message: string;
}

export interface SafeguardSection {
  /** A paragraph of 45 CFR 164.312, such as `(e)(1)`. */
  paragraph: string;
  title: string;
  counts: SeverityCounts;
  findings: FindingRow[];
}

export interface MasvsRow {
  control: string;
  group: string;
  rules: string[];
  counts: SeverityCounts;
}

export interface SuppressedFindingRow extends FindingRow {
  reason: string;
  expires?: string;
}

export interface RuleRow {
  id: string;
  severity: string;
  hipaa: string[];
  masvs: string[];
  findings: number;
}

export interface ConfigSection {
  /** The config file relative to the scanned folder, or undefined for the built-in defaults. */
  file?: string;
  yaml: string;
}

export interface EvidenceModel {
  toolVersion: string;
  /** The analysis date, YYYY-MM-DD. */
  date: string;
  paths: string[];
  git?: GitState;
  /** The scanned files that differ from git's index; undefined when the index is unreadable. */
  worktree?: WorkingTreeState;
  filesScanned: number;
  /** Files not analysed: over the size limit, binary, or not regular files. */
  filesSkipped: number;
  complete: boolean;
  errors: string[];
  totals: SeverityCounts & { suppressed: number };
  safeguards: SafeguardSection[];
  masvs: MasvsRow[];
  suppressed: SuppressedFindingRow[];
  suppressions: SuppressionRow[];
  rules: RuleRow[];
  configs: ConfigSection[];
}

export interface ModelOptions {
  roots: string[];
  /** The analysed files, to find every config file in force. */
  files: string[];
  loader: ConfigLoader;
  today: Date;
}

export function buildModel(report: ScanReport, options: ModelOptions): EvidenceModel {
  const active = activeFindings(report);
  const git = readGitState(report.baseDir);
  const relative = (file: string) => toRelative(report.baseDir, file);
  return {
    toolVersion: report.toolVersion,
    date: options.today.toISOString().slice(0, 10),
    paths: options.roots.map((root) => toRelative(process.cwd(), root) || '.'),
    git,
    worktree: git && worktreeOf(git, options.files),
    filesScanned: report.filesScanned,
    filesSkipped: report.filesSkipped,
    complete: report.complete,
    errors: report.errors,
    totals: { ...countBySeverity(active), suppressed: report.findings.length - active.length },
    safeguards: safeguardSections(report, active, relative),
    masvs: masvsRows(report, active),
    suppressed: suppressedRows(report.findings, relative),
    suppressions: suppressionRows(report),
    rules: ruleRows(report, active, options),
    configs: configSections(report, options),
  };
}

/** Compares the scanned files with the index of a SHA-1 checkout that has a commit. */
function worktreeOf(git: GitState, files: string[]): WorkingTreeState | undefined {
  if (git.commit?.length !== 40) return undefined;
  return compareWithIndex(git.root, git.gitDir, files);
}

/**
 * Formats the git state for the report header; `code` marks up ids in the output format.
 * `changes` tells whether the analysed files match the commit, so that a reader does not take
 * an edited checkout for the commit.
 */
export function describeGit(
  model: Pick<EvidenceModel, 'git' | 'worktree'>,
  code: (text: string) => string,
): { commit: string; branch: string; changes: string } {
  const { git, worktree } = model;
  let commit = 'not a git checkout';
  if (git?.commit) commit = code(git.commit);
  else if (git) commit = 'no commit yet';
  const branch = git?.ref ? ` on ${code(git.ref.replace(/^refs\/heads\//, ''))}` : '';
  let changes = 'not checked (the git index could not be read)';
  if (!git?.commit) changes = 'not checked';
  else if (worktree) changes = describeChanges(worktree);
  return { commit, branch, changes };
}

function describeChanges({ changed, untracked }: WorkingTreeState): string {
  if (changed.length === 0 && untracked.length === 0) return 'none: the files match the index';
  const parts = [];
  if (changed.length > 0) parts.push(`${plural(changed.length, 'file')} changed`);
  if (untracked.length > 0) parts.push(`${plural(untracked.length, 'file')} not in git`);
  return `${parts.join(', ')}; the analysed code is not exactly this commit`;
}

function toRelative(base: string, file: string): string {
  return path.relative(base, file).split(path.sep).join('/');
}

function toRow(finding: Finding, relative: (file: string) => string): FindingRow {
  const location = `${relative(finding.path)}:${finding.range.start.line + 1}`;
  return { severity: finding.severity, ruleId: finding.ruleId, location, message: finding.message };
}

/** Lists every safeguard that a rule serves, in paragraph order, with the findings under it. */
function safeguardSections(
  report: ScanReport,
  active: Finding[],
  relative: (file: string) => string,
): SafeguardSection[] {
  const served = new Set(report.rules.flatMap((rule) => rule.meta.hipaa));
  const hipaaOf = ruleLookup(report, (meta) => meta.hipaa);
  return SAFEGUARDS.filter((s) => served.has(s.paragraph)).map(({ paragraph, title }) => {
    const under = active.filter((finding) => hipaaOf(finding.ruleId).includes(paragraph));
    const findings = under.map((finding) => toRow(finding, relative));
    return { paragraph, title, counts: countBySeverity(under), findings };
  });
}

function masvsRows(report: ScanReport, active: Finding[]): MasvsRow[] {
  const controls = [...new Set(report.rules.flatMap((rule) => rule.meta.masvs))].sort();
  const masvsOf = ruleLookup(report, (meta) => meta.masvs);
  return controls.map((control) => {
    const rules = report.rules.filter((r) => r.meta.masvs.includes(control)).map((r) => r.meta.id);
    const under = active.filter((finding) => masvsOf(finding.ruleId).includes(control));
    const group = MASVS_GROUPS[control.split('-')[1]] ?? control;
    return { control, group, rules, counts: countBySeverity(under) };
  });
}

function ruleLookup(
  report: ScanReport,
  pick: (meta: ScanReport['rules'][number]['meta']) => string[],
): (ruleId: string) => string[] {
  const byId = new Map(report.rules.map((rule) => [rule.meta.id, pick(rule.meta)]));
  return (ruleId) => byId.get(ruleId) ?? [];
}

function suppressedRows(
  findings: Finding[],
  relative: (file: string) => string,
): SuppressedFindingRow[] {
  return findings
    .filter((finding) => finding.suppression)
    .map((finding) => ({
      ...toRow(finding, relative),
      reason: finding.suppression?.reason ?? '',
      expires: finding.suppression?.expires,
    }));
}

/** Lists the rules with the severity in force under the first scanned folder's config. */
function ruleRows(report: ScanReport, active: Finding[], options: ModelOptions): RuleRow[] {
  const config = options.loader.configFor(path.join(options.roots[0] ?? '.', 'pubspec.yaml'));
  return report.rules.map(({ meta }) => ({
    id: meta.id,
    severity: config.rules[meta.id]?.severity ?? meta.defaultSeverity,
    hipaa: meta.hipaa,
    masvs: meta.masvs,
    findings: active.filter((finding) => finding.ruleId === meta.id).length,
  }));
}

/** Lists each distinct config in force for an analysed file, merged with its includes, as YAML. */
function configSections(report: ScanReport, options: ModelOptions): ConfigSection[] {
  const probes = options.files.length > 0 ? options.files : options.roots.map(insideFolder);
  const files = new Set(probes.map((file) => options.loader.findConfigFile(file)));
  return [...files].map((file) => {
    const config: EngineConfig = file
      ? options.loader.load(file).config
      : options.loader.configFor(insideFolder(options.roots[0] ?? '.'));
    return { file: file && toRelative(report.baseDir, file), yaml: stringify(config) };
  });
}

/** Returns a path inside a folder, because the loader looks for a file's config from its folder. */
function insideFolder(folder: string): string {
  return path.join(folder, 'pubspec.yaml');
}
