/**
 * Plain data shared by the engine, the rules and the adapters (language server, CLI).
 * Positions follow the Language Server Protocol: 0-based lines, and characters counted in
 * UTF-16 code units, which is also how JavaScript strings index text.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** The kinds of file the engine reads; anything else is `other` and is skipped. */
export type FileKind =
  | 'dart'
  | 'android-manifest'
  | 'network-security-config'
  | 'backup-rules'
  | 'android-xml'
  | 'plist'
  | 'entitlements'
  | 'gradle'
  | 'pubspec'
  | 'pubspec-lock'
  | 'kotlin'
  | 'java'
  | 'swift'
  | 'phi-guard-config'
  | 'other';

export interface Location {
  /** Absolute file path with forward slashes. */
  path: string;
  range: Range;
}

export interface RelatedInformation extends Location {
  message: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** One file's part of a fix: edits to an existing file, or the content of a file to create. */
export type FileChange =
  | { kind: 'edit'; path: string; edits: TextEdit[] }
  | { kind: 'create'; path: string; content: string; overwrite?: boolean };

export interface Fix {
  /** Starts with a verb and names the edit, for example "Replace http:// with https://". */
  title: string;
  /** A safe fix keeps the app's behaviour apart from the security change and may join fix-all. */
  safe: boolean;
  isPreferred?: boolean;
  changes: FileChange[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  related: RelatedInformation[];
  fixes: Fix[];
  /** Set when a governed suppression comment covers the finding. */
  suppression?: SuppressionInfo;
}

export interface SuppressionInfo {
  reason: string;
  expires?: string;
  /** Location of the suppression comment. */
  location: Location;
}

export type FileNoticeCode =
  | 'unreadable'
  | 'not-a-file'
  | 'too-large'
  | 'binary'
  | 'invalid-utf8'
  | 'parse-error'
  | 'partially-parsed'
  | 'parse-timeout'
  | 'grammar-unavailable'
  | 'rule-failed';

/** Notice codes after which the file's findings may be missing. */
export const INCOMPLETE_NOTICE_CODES: readonly FileNoticeCode[] = [
  'unreadable',
  'parse-timeout',
  'grammar-unavailable',
  'rule-failed',
];

/** Notice codes of files that were not analysed at all, which the CLI counts as skipped. */
export const SKIPPED_NOTICE_CODES: readonly FileNoticeCode[] = [
  'not-a-file',
  'too-large',
  'binary',
];

/** A problem with a file itself (unreadable, unparsable, too large), reported once per file. */
export interface FileNotice {
  path: string;
  /**
   * Kind of problem. The codes in `INCOMPLETE_NOTICE_CODES` mean the file was not (fully)
   * analysed, so a CI run must not pass as complete.
   */
  code?: FileNoticeCode;
  severity: Severity;
  message: string;
  range?: Range;
}
