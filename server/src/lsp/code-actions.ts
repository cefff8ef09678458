import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver';
import type { Engine, Finding, Fix } from '../engine';
import { safeFixesOf } from '../engine/fixes/apply';
import { Commands, FIX_ALL_KIND } from '../../../shared/protocol';
import type { Analyzer, StoredResult } from './analysis';
import { findingDiagnostic, matchesFinding } from './diagnostics';
import type { DocumentStore } from './documents';
import { suppressionEdit } from './suppression-edit';
import type { UriMap } from './uri';
import { uriToPath } from './uri';
import { workspaceEditOf, type EditSupport, type EditTarget } from './workspace-edits';

export interface CodeActionDeps {
  engine: Engine;
  analyzer: Analyzer;
  documents: DocumentStore;
  uris: UriMap;
  editSupport: EditSupport;
  /** The client turns `${1:...}` placeholders in code action edits into snippets. */
  snippets: boolean;
}

/**
 * Quick fixes, suppressions and documentation links for the findings in the requested range,
 * and the file's fix-all action when the client asks for it. Findings computed for another
 * version of the document than the one open now yield nothing: their ranges may be wrong.
 */
export function provideCodeActions(params: CodeActionParams, deps: CodeActionDeps): CodeAction[] {
  const filePath = uriToPath(params.textDocument.uri);
  const stored = filePath ? deps.analyzer.result(filePath) : undefined;
  if (!filePath || !stored) return [];
  const openVersion = deps.documents.get(params.textDocument.uri)?.version ?? null;
  if (stored.version !== openVersion) return [];
  const target: EditTarget = { path: filePath, version: stored.version };
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    const findings = shown(stored).filter((f) => touches(f.range, params.range));
    for (const finding of findings) {
      const diagnostic = diagnosticFor(finding, params.context.diagnostics, deps);
      actions.push(...fixActions(finding, diagnostic, target, deps));
      const suppress = suppressAction(finding, diagnostic, target, deps);
      if (suppress) actions.push(suppress);
    }
    actions.push(...ruleFixAllActions(findings, shown(stored), target, deps));
    actions.push(...documentationActions(findings));
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const fixAll = fixAllAction(stored, target, deps);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Returns whether an action of `kind` matches a request limited to `only` (kinds or parents). */
function wants(only: string[] | undefined, kind: string): boolean {
  if (!only) return true;
  return only.some((requested) => kind === requested || kind.startsWith(requested + '.'));
}

function shown(stored: StoredResult): Finding[] {
  return stored.result.findings.filter((finding) => !finding.suppression);
}

/** Ranges that overlap or touch, so a cursor at either end of a finding still gets its fixes. */
function touches(a: Range, b: Range): boolean {
  const lte = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character <= y.character);
  return lte(a.start, b.end) && lte(b.start, a.end);
}

function diagnosticFor(finding: Finding, sent: Diagnostic[], deps: CodeActionDeps): Diagnostic {
  return sent.find((d) => matchesFinding(d, finding)) ?? findingDiagnostic(finding, deps.uris);
}

function fixActions(
  finding: Finding,
  diagnostic: Diagnostic,
  target: EditTarget,
  deps: CodeActionDeps,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const fix of finding.fixes) {
    const edit = workspaceEditOf([fix], target, deps.editSupport, deps);
    if (!edit) continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: fix.isPreferred === true,
      diagnostics: [diagnostic],
      edit,
    });
  }
  return actions;
}

function suppressAction(
  finding: Finding,
  diagnostic: Diagnostic,
  target: EditTarget,
  deps: CodeActionDeps,
): CodeAction | undefined {
  const file = deps.engine.workspace.file(finding.path);
  if (!file) return undefined;
  const suppression = suppressionEdit(file, finding, deps.snippets);
  if (!suppression) return undefined;
  const fix = {
    title: suppression.title,
    safe: false,
    changes: [{ kind: 'edit' as const, path: finding.path, edits: [suppression.edit] }],
  };
  const edit = workspaceEditOf([fix], target, deps.editSupport, deps);
  if (!edit) return undefined;
  return {
    title: suppression.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit,
  };
}

function documentationActions(findings: Finding[]): CodeAction[] {
  const ids = [...new Set(findings.map((finding) => finding.ruleId))];
  return ids.map((id) => {
    const title = `Show documentation for ${id}`;
    return {
      title,
      kind: CodeActionKind.QuickFix,
      command: { title, command: Commands.showRuleDocumentation, arguments: [id] },
    };
  });
}

/**
 * For each rule in the range with at least two findings in the file: one action applying the
 * safe preferred fix of each of them (or the safe fix, where a finding has only one).
 */
function ruleFixAllActions(
  inRange: Finding[],
  inFile: Finding[],
  target: EditTarget,
  deps: CodeActionDeps,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const ruleId of new Set(inRange.map((finding) => finding.ruleId))) {
    const fixes = inFile
      .filter((finding) => finding.ruleId === ruleId)
      .map(primaryFix)
      .filter((fix): fix is Fix => fix !== undefined && fix.safe);
    if (fixes.length < 2) continue;
    const edit = workspaceEditOf(fixes, target, deps.editSupport, deps);
    if (!edit) continue;
    const title = `Fix all ${ruleId} problems in this file`;
    actions.push({ title, kind: CodeActionKind.QuickFix, edit });
  }
  return actions;
}

function primaryFix(finding: Finding): Fix | undefined {
  if (finding.fixes.length === 1) return finding.fixes[0];
  return finding.fixes.find((fix) => fix.isPreferred);
}

/** Builds one action with every safe fix of the file. Unsafe fixes never join. */
function fixAllAction(
  stored: StoredResult,
  target: EditTarget,
  deps: CodeActionDeps,
): CodeAction | undefined {
  const fixes = safeFixesOf(stored.result.findings);
  if (fixes.length === 0) return undefined;
  const edit = workspaceEditOf(fixes, target, deps.editSupport, deps);
  if (!edit) return undefined;
  return { title: 'Fix all safe PHI Guard problems', kind: FIX_ALL_KIND, edit };
}
