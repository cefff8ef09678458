/**
 * Support for re-running part of a file's rules after another file of its project changed:
 * which rules such a change can affect, and what an earlier result already contains for the rest.
 */
import type { RuleMeta } from './rule-api';
import { INVALID_SUPPRESSION_ID } from './suppression-check';
import type { FileKind, FileNotice, Finding } from './types';

/**
 * A request to run only some rules on a file whose text is the same as when `previous` was
 * computed. The findings and notices of the other rules are taken from `previous`.
 */
export interface PartialRun {
  ruleIds: ReadonlySet<string>;
  previous: PreviousResult;
}

/** The parts of an earlier `FileResult` that a partial run reuses. */
export interface PreviousResult {
  findings: Finding[];
  notices: FileNotice[];
  /** Present when the rules ran; a result without it (a skipped file) cannot be reused. */
  suppressions?: unknown[];
}

/**
 * Kinds whose change affects every rule of the project. pubspec.yaml decides which files form
 * the project and what dependency edits a fix adds, and phi_guard.yaml sets the rule options.
 */
const PROJECT_WIDE_KINDS: readonly FileKind[] = ['pubspec', 'phi-guard-config'];

/**
 * Returns the ids of the rules whose findings on a file of `fileKind` can change when files of
 * `changedKinds` change in its project. These are the rules that read one of those kinds. With
 * `sameKindMargin`, when the file is of a changed kind itself, they are all its rules, in case
 * a rule compares a file with same-kind siblings without declaring it in `meta.reads`. A change
 * of pubspec.yaml or phi_guard.yaml affects every rule.
 */
export function rulesAffectedBy(
  rules: readonly { meta: RuleMeta }[],
  fileKind: FileKind,
  changedKinds: Iterable<FileKind>,
  { sameKindMargin = true } = {},
): Set<string> {
  const changed = new Set(changedKinds);
  const sameKind = sameKindMargin && changed.has(fileKind);
  const everyRule = PROJECT_WIDE_KINDS.some((kind) => changed.has(kind)) || sameKind;
  const affected = new Set<string>();
  for (const { meta } of rules) {
    if (!meta.fileKinds.includes(fileKind)) continue;
    const reads = (meta.reads ?? []).some((kind) => changed.has(kind));
    if (reads || everyRule) affected.add(meta.id);
  }
  return affected;
}

/** Findings and rule-failure notices of an earlier result, grouped by rule id. */
export interface ReusedParts {
  findings: Map<string, Finding[]>;
  notices: Map<string, FileNotice[]>;
}

/**
 * Groups what an earlier result contains per rule. Suppression marks are dropped because the
 * caller applies suppressions again, and `invalid-suppression` findings are left out because
 * they are recomputed from the comments on every run.
 */
export function reusedParts(
  previous: PreviousResult,
  crashedRuleOf: (notice: FileNotice) => string | undefined,
): ReusedParts {
  const findings = new Map<string, Finding[]>();
  for (const finding of previous.findings) {
    if (finding.ruleId === INVALID_SUPPRESSION_ID) continue;
    const { suppression: _dropped, ...unmarked } = finding;
    appendTo(findings, finding.ruleId, unmarked);
  }
  const notices = new Map<string, FileNotice[]>();
  for (const notice of previous.notices) {
    const ruleId = crashedRuleOf(notice);
    if (ruleId !== undefined) appendTo(notices, ruleId, notice);
  }
  return { findings, notices };
}

/** Appends an earlier run's findings and failure notices of one rule, in their earlier order. */
export function takeReused(
  reused: ReusedParts,
  ruleId: string,
  findings: Finding[],
  notices: FileNotice[],
): void {
  findings.push(...(reused.findings.get(ruleId) ?? []));
  notices.push(...(reused.notices.get(ruleId) ?? []));
}

function appendTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
