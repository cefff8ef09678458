import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';
import type { FileNotice, FileResult, Finding, Severity } from '../engine';
import type { UriMap } from './uri';

export const DIAGNOSTIC_SOURCE = 'phi-guard';

/** The diagnostic code of problems with a file itself rather than a rule finding. */
export const FILE_NOTICE_CODE = 'phi-guard-file';

/** Base URL of the rule documentation; `<id>/README.md` is appended. */
export const RULE_DOC_BASE = 'https://github.com/phi-guard/phi-guard/blob/main/rules/';

export function ruleDocUrl(ruleId: string): string {
  return `${RULE_DOC_BASE}${ruleId}/README.md`;
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Converts one file's result to diagnostics: its notices first, then unsuppressed findings. */
export function diagnosticsOf(result: FileResult, uris: UriMap): Diagnostic[] {
  const notices = result.notices.map(noticeDiagnostic);
  const findings = result.findings
    .filter((finding) => !finding.suppression)
    .map((finding) => findingDiagnostic(finding, uris));
  return [...notices, ...findings];
}

export function findingDiagnostic(finding: Finding, uris: UriMap): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((info) => ({
    location: { uri: uris.uriOf(info.path), range: info.range },
    message: info.message,
  }));
  return {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
    relatedInformation: related.length > 0 ? related : undefined,
  };
}

function noticeDiagnostic(notice: FileNotice): Diagnostic {
  const start = { line: 0, character: 0 };
  return {
    range: notice.range ?? { start, end: start },
    severity: SEVERITIES[notice.severity],
    source: DIAGNOSTIC_SOURCE,
    code: FILE_NOTICE_CODE,
    message: notice.message,
  };
}

/** Returns whether a diagnostic the client sent back is the one of this finding. */
export function matchesFinding(diagnostic: Diagnostic, finding: Finding): boolean {
  const a = diagnostic.range;
  const b = finding.range;
  // Some clients (Neovim 0.7) send back stored diagnostics without a range; they match nothing.
  if (!a?.start || !a.end) return false;
  return (
    diagnostic.code === finding.ruleId &&
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
