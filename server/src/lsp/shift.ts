import type { Diagnostic, Position, Range } from 'vscode-languageserver';

/** One incremental change of a document, in the coordinates of the text before it. */
export interface RangeChange {
  range: Range;
  text: string;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Returns where the inserted text of `change` ends, in the coordinates after the change. */
function insertedEnd(change: RangeChange): Position {
  const lines = change.text.split(/\r\n|\r|\n/);
  const start = change.range.start;
  if (lines.length === 1) return { line: start.line, character: start.character + lines[0].length };
  return { line: start.line + lines.length - 1, character: lines[lines.length - 1].length };
}

/**
 * Moves a position through one change. A range's start inside the replaced text goes to the
 * start of the change and its end to the end of the inserted text, so a range that encloses an
 * edit grows with it. Text typed right after a range's end stays outside the range.
 */
function movePosition(p: Position, change: RangeChange, isStart: boolean): Position {
  const { start, end } = change.range;
  if (before(p, start) || (!isStart && isAt(p, start))) return p;
  if (before(p, end)) return isStart ? start : insertedEnd(change);
  const newEnd = insertedEnd(change);
  if (p.line === end.line) {
    return { line: newEnd.line, character: newEnd.character + p.character - end.character };
  }
  return { line: p.line + newEnd.line - end.line, character: p.character };
}

function isAt(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/**
 * Moves a range through a change, or returns undefined when the change replaced all of its
 * text, so the problem it marked may be gone.
 */
export function moveRange(range: Range, change: RangeChange): Range | undefined {
  const { start, end } = change.range;
  const inside = !before(range.start, start) && !before(end, range.end);
  const empty = isAt(range.start, range.end);
  if (before(start, end) && inside && !empty) return undefined;
  const movedStart = movePosition(range.start, change, true);
  return { start: movedStart, end: empty ? movedStart : movePosition(range.end, change, false) };
}

/**
 * Moves a document's diagnostics through its changes, applied in order as LSP sends them. Related
 * locations in the same document move too; diagnostics whose text was replaced are dropped.
 */
export function moveDiagnostics(
  diagnostics: Diagnostic[],
  changes: RangeChange[],
  uri: string,
): Diagnostic[] {
  const moved: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    let range: Range | undefined = diagnostic.range;
    let related = diagnostic.relatedInformation;
    for (const change of changes) {
      range = range && moveRange(range, change);
      related = related?.map((info) => moveRelated(info, change, uri));
    }
    if (range) moved.push({ ...diagnostic, range, relatedInformation: related });
  }
  return moved;
}

function moveRelated<T extends { location: { uri: string; range: Range } }>(
  info: T,
  change: RangeChange,
  uri: string,
): T {
  if (info.location.uri !== uri) return info;
  const range = moveRange(info.location.range, change) ?? {
    start: change.range.start,
    end: change.range.start,
  };
  return { ...info, location: { ...info.location, range } };
}
