import type { SourceText } from './text';
import type { Range } from './types';

/**
 * A governed suppression comment. It works in any comment syntax (`//`, `#`, `<!-- -->`,
 * `/* *\/`) because it is recognised by its marker, and it avoids `--` so that it is valid
 * inside XML comments:
 *
 *     // phi-guard-ignore cleartext-http-endpoint: emulator-only test server [expires 2027-03-31]
 *     <!-- phi-guard-ignore-file android-cleartext-traffic-enabled: kiosk build only -->
 *
 * The marker must open its comment, so prose that mentions it is not a suppression.
 * `phi-guard-ignore` covers the line it is on when code precedes it, otherwise the next line
 * that is not blank or a comment; `phi-guard-ignore-file` covers the whole file.
 */
export interface Suppression {
  ruleIds: string[];
  reason: string;
  expires?: string;
  fileLevel: boolean;
  /** The 0-based line the suppression covers (for line suppressions). */
  targetLine: number;
  /** Location of the comment, for the report and for diagnostics about the suppression. */
  range: Range;
}

const MARKER = /phi-guard-ignore(-file)?\b(.*)$/;
const BODY = /^\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::\s*(.*?))?\s*(?:\[expires\s+(\d{4}-\d{2}-\d{2})\])?\s*$/;
const COMMENT_START = /(\/\/|#|<!--|\/\*|\*)/;
/** Text before a marker that opens its comment: a comment opener, then only spaces. */
const OPENER_BEFORE_MARKER = /(\/\/|#|<!--|\/\*|\*)\s*$/;

/** A comment that starts with the marker but does not follow the syntax. */
export interface MalformedSuppression {
  range: Range;
}

export interface SuppressionComments {
  suppressions: Suppression[];
  malformed: MalformedSuppression[];
}

export function parseSuppressions(source: SourceText): Suppression[] {
  return parseSuppressionComments(source).suppressions;
}

/**
 * Parses every suppression comment, and also lists comments that open with the marker but do
 * not parse. The marker must open its comment.
 */
export function parseSuppressionComments(source: SourceText): SuppressionComments {
  const found: SuppressionComments = { suppressions: [], malformed: [] };
  if (!source.text.includes('phi-guard-ignore')) return found;
  for (let line = 0; line < source.lineCount; line++) {
    const text = source.lineText(line);
    const marker = MARKER.exec(text);
    if (!marker) continue;
    const before = text.slice(0, marker.index);
    const commentAt = before.search(COMMENT_START);
    // A marker later in a comment is prose about suppressions, not one.
    if (commentAt < 0 || !OPENER_BEFORE_MARKER.test(before)) continue;
    const start = source.lineStart(line) + marker.index;
    const range = source.rangeOf(start, source.lineEnd(line));
    const body = marker[2].replace(/\s*(-->|\*\/)\s*$/, '');
    const parsed = BODY.exec(body);
    if (!parsed) {
      found.malformed.push({ range });
      continue;
    }
    const codeBefore = before.slice(0, commentAt).trim().length > 0;
    found.suppressions.push({
      ruleIds: parsed[1].split(',').map((id) => id.trim()),
      reason: (parsed[2] ?? '').trim(),
      expires: parsed[3],
      fileLevel: marker[1] === '-file',
      targetLine: codeBefore ? line : nextCodeLine(source, line),
      range,
    });
  }
  return found;
}

function nextCodeLine(source: SourceText, line: number): number {
  for (let next = line + 1; next < source.lineCount; next++) {
    const text = source.lineText(next).trim();
    if (text === '' || /^(\/\/|#|<!--|\*|\/\*)/.test(text)) continue;
    return next;
  }
  return line + 1;
}

/** Returns whether a suppression applies to a finding of `ruleId` that starts on `line`. */
export function covers(suppression: Suppression, ruleId: string, line: number, today: Date): boolean {
  if (!suppression.ruleIds.includes(ruleId)) return false;
  if (suppression.reason.length === 0) return false;
  if (suppression.expires && isExpired(suppression.expires, today)) return false;
  return suppression.fileLevel || suppression.targetLine === line;
}

export function isExpired(date: string, today: Date): boolean {
  return date < today.toISOString().slice(0, 10);
}
