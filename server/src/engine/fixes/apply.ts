import { applyEdits } from '../platform/text-edits';
import { SourceText } from '../text';
import type { FileChange, Finding, Fix, Position, TextEdit } from '../types';

/**
 * Joins the changes of several fixes per file. An edit that overlaps one already taken is
 * dropped, because applying both would corrupt the text; a second create of a path likewise.
 * The language server and the CLI's `--fix` both merge with this function, so they write the
 * same files for the same fixes.
 */
export function mergeChanges(changes: FileChange[]): FileChange[] {
  const merged: FileChange[] = [];
  const editsByPath = new Map<string, TextEdit[]>();
  for (const change of changes) {
    if (change.kind === 'create') {
      if (!merged.some((m) => m.kind === 'create' && m.path === change.path)) merged.push(change);
      continue;
    }
    let taken = editsByPath.get(change.path);
    if (!taken) {
      taken = [];
      editsByPath.set(change.path, taken);
      merged.push({ kind: 'edit', path: change.path, edits: taken });
    }
    for (const edit of change.edits) {
      if (!taken.some((other) => editsOverlap(other, edit))) taken.push(edit);
    }
  }
  return merged;
}

/** Whether two edits touch the same text, counting two inserts at one point as overlapping. */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  const aBeforeB = notAfter(a.range.end, b.range.start);
  const bBeforeA = notAfter(b.range.end, a.range.start);
  const sameInsertPoint =
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character;
  return sameInsertPoint || !(aBeforeB || bBeforeA);
}

function notAfter(x: Position, y: Position): boolean {
  return x.line < y.line || (x.line === y.line && x.character <= y.character);
}

/** The safe fixes of the findings that no suppression covers, in finding order. */
export function safeFixesOf(findings: Finding[]): Fix[] {
  return findings
    .filter((finding) => !finding.suppression)
    .flatMap((finding) => finding.fixes.filter((fix) => fix.safe));
}

/**
 * Applies merged changes to texts keyed by path and returns only the texts that changed.
 * `read` returns a file's current text, or undefined when it does not exist. A file to create
 * that already exists stays as it is unless the change sets `overwrite`, as in the editor.
 * An edit of a file that does not exist throws, because the fix was computed for another tree.
 */
export function applyChangesToTexts(
  changes: FileChange[],
  read: (path: string) => string | undefined,
): Map<string, string> {
  const written = new Map<string, string>();
  const current = (p: string) => (written.has(p) ? written.get(p) : read(p));
  for (const change of mergeChanges(changes)) {
    if (change.kind === 'create') {
      if (change.overwrite || current(change.path) === undefined) {
        written.set(change.path, change.content);
      }
      continue;
    }
    const before = current(change.path);
    if (before === undefined) throw new Error(`The fix edits a missing file: ${change.path}`);
    const source = new SourceText(before);
    const after = applyEdits(source, change.edits);
    written.set(change.path, source.hadBom ? `\uFEFF${after}` : after);
  }
  return written;
}
