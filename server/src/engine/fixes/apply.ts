import { applyEdits } from '../platform/text-edits';
import { SourceText } from '../text';
import type { FileChange, Finding, Fix, Position, TextEdit } from '../types';

/**
 * Joins the changes of several fixes per file, keeping each fix whole: a fix with an edit that
 * overlaps an edit already taken is left out entirely, because half a fix can leave code that
 * does not build. An edit or file creation identical to one already taken counts once, so fixes
 * that add the same import or helper file combine. The language server and the CLI's `--fix`
 * both merge with this function, so they write the same files for the same fixes.
 */
export function mergeFixes(fixes: Fix[]): { changes: FileChange[]; taken: Fix[] } {
  const edits = new Map<string, TextEdit[]>();
  const creates = new Map<string, Extract<FileChange, { kind: 'create' }>>();
  const order: string[] = [];
  const taken: Fix[] = [];
  for (const fix of fixes) {
    if (!fitsWith(fix, edits, creates)) continue;
    taken.push(fix);
    for (const change of fix.changes) {
      const key = `${change.kind}:${change.path}`;
      if (!order.includes(key)) order.push(key);
      if (change.kind === 'create') creates.set(change.path, change);
      else addEdits(edits, change.path, change.edits);
    }
  }
  const changes = order.map((key): FileChange => {
    const [kind, ...rest] = key.split(':');
    const changePath = rest.join(':');
    if (kind === 'create') return creates.get(changePath)!;
    return { kind: 'edit', path: changePath, edits: edits.get(changePath)! };
  });
  return { changes, taken };
}

/** Joins changes as {@link mergeFixes} does, each change counting as a fix of its own. */
export function mergeChanges(changes: FileChange[]): FileChange[] {
  return mergeFixes(changes.map((change) => ({ title: '', safe: false, changes: [change] })))
    .changes;
}

function fitsWith(
  fix: Fix,
  edits: Map<string, TextEdit[]>,
  creates: Map<string, Extract<FileChange, { kind: 'create' }>>,
): boolean {
  return fix.changes.every((change) => {
    if (change.kind === 'create') {
      const other = creates.get(change.path);
      return !other || other.content === change.content;
    }
    const taken = edits.get(change.path) ?? [];
    return change.edits.every((edit) =>
      taken.every((other) => sameEdit(other, edit) || !editsOverlap(other, edit)),
    );
  });
}

function addEdits(edits: Map<string, TextEdit[]>, filePath: string, added: TextEdit[]): void {
  let taken = edits.get(filePath);
  if (!taken) {
    taken = [];
    edits.set(filePath, taken);
  }
  for (const edit of added) {
    if (!taken.some((other) => sameEdit(other, edit))) taken.push(edit);
  }
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  const r = a.range;
  const s = b.range;
  return (
    a.newText === b.newText &&
    r.start.line === s.start.line &&
    r.start.character === s.start.character &&
    r.end.line === s.end.line &&
    r.end.character === s.end.character
  );
}

/** Returns whether two edits touch the same text; two inserts at one point overlap too. */
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

/** Returns the safe fixes of the findings that no suppression covers, in finding order. */
export function safeFixesOf(findings: Finding[]): Fix[] {
  return findings
    .filter((finding) => !finding.suppression)
    .flatMap((finding) => finding.fixes.filter((fix) => fix.safe));
}

/**
 * Applies changes merged by {@link mergeFixes} to texts keyed by path and returns only the
 * texts that changed.
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
  for (const change of changes) {
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
