/**
 * The document store's tree-sitter edits: a Dart tree re-parsed incrementally through the
 * engine workspace must equal a tree parsed from scratch after every change.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Range } from 'vscode-languageserver';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { allRules } from '../../rules';
import { Engine } from '../../server/src/engine';
import { DocumentStore, treeEditOf } from '../../server/src/lsp/documents';

const URI = 'file:///virtual/clinic/lib/records.dart';
const PATH = '/virtual/clinic/lib/records.dart';
const START = [
  "import 'package:http/http.dart' as http;",
  '',
  'class Record {',
  "  final String label = 'Blutdruck → 🩺 患者';",
  '}',
  '',
  'Future<void> load() async {',
  "  await http.get(Uri.parse('https://records.northwind-clinic.net/v1'));",
  '}',
  '',
].join('\r\n');
const INSERTS = ['x', '🩺', "'", '\n', '\r\n', '', '(1)', '{ }', 'ä', ';\n  var a = 2;'];

function dump(node: SyntaxNode): string {
  const children = node.children.filter((c): c is SyntaxNode => c !== null).map(dump);
  const { row, column } = node.startPosition;
  const span = `${node.startIndex}-${node.endIndex}(${row}:${column})`;
  return `${node.type}@${span}[${children.join(',')}]`;
}

/** Moves an offset out of a surrogate pair or a CRLF, where no editor places a cursor. */
function cursorOffset(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  const inPair = code >= 0xdc00 && code <= 0xdfff;
  const inLineBreak = text[offset - 1] === '\r' && text[offset] === '\n';
  return inPair || inLineBreak ? offset + 1 : offset;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test('tree edit rows ignore a lone CR', () => {
  const edit = treeEditOf('a\rb\nc', 4, 5, 'xy\nz');
  assert.deepEqual(edit.startPosition, { row: 1, column: 0 });
  assert.deepEqual(edit.oldEndPosition, { row: 1, column: 1 });
  assert.deepEqual(edit.newEndPosition, { row: 2, column: 1 });
  assert.equal(edit.newEndIndex, 8);
});

/**
 * Tree-sitter may recover from syntax errors differently when it re-parses incrementally, so
 * trees are compared only where the fresh parse has no error. Each edit is followed by its
 * inverse, which brings back the error-free start text, sometimes in the same change event.
 */
test('incremental parse equals a fresh parse', async () => {
  const engine = await Engine.create({ rules: allRules });
  assert.ok(engine.parser, engine.grammar.error);
  const documents = new DocumentStore();
  documents.open(URI, 'dart', 1, START);
  engine.workspace.open(PATH, START, 1);
  engine.workspace.file(PATH)!.dart();
  const next = random(7);
  let version = 1;
  let compared = 0;
  const apply = (changes: Array<{ range: Range; text: string }>) => {
    const result = documents.change(URI, ++version, changes)!;
    assert.ok(result.treeEdits, 'incremental changes give tree edits');
    const updated = result.document.getText();
    engine.workspace.open(PATH, updated, version, result.treeEdits);
    const incremental = engine.workspace.file(PATH)!.dart()!;
    const fresh = engine.parser!.parse(updated)!;
    if (!fresh.rootNode.hasError) {
      assert.equal(dump(incremental.tree!.rootNode), dump(fresh.rootNode), `version ${version}`);
      compared++;
    }
    fresh.delete();
    return updated;
  };
  for (let round = 0; round < 120; round++) {
    const document = documents.get(URI)!;
    const text = document.getText();
    const start = cursorOffset(text, Math.floor(next() * text.length));
    const end = cursorOffset(text, Math.min(text.length, start + Math.floor(next() * 3)));
    const inserted = INSERTS[Math.floor(next() * INSERTS.length)];
    const edit = {
      range: { start: document.positionAt(start), end: document.positionAt(end) },
      text: inserted,
    };
    const inverseRange = (after: string) => {
      const lines = new DocumentStore().open('file:///scratch', 'dart', 0, after);
      return { start: lines.positionAt(start), end: lines.positionAt(start + inserted.length) };
    };
    const removed = text.slice(start, end);
    if (next() < 0.3) {
      const after = text.slice(0, start) + inserted + text.slice(end);
      assert.equal(apply([edit, { range: inverseRange(after), text: removed }]), START);
    } else {
      const after = apply([edit]);
      assert.equal(apply([{ range: inverseRange(after), text: removed }]), START);
    }
  }
  assert.ok(compared >= 120, `compared ${compared} trees`);
});

test('full text change gives no tree edits', () => {
  const documents = new DocumentStore();
  documents.open(URI, 'dart', 1, 'void main() {}');
  const result = documents.change(URI, 2, [{ text: 'void main() { print(1); }' }])!;
  assert.equal(result.treeEdits, undefined);
  assert.equal(result.document.getText(), 'void main() { print(1); }');
});

test('text with a BOM gives no tree edits', () => {
  const documents = new DocumentStore();
  documents.open(URI, 'dart', 1, '\uFEFFvoid main() {}');
  const at = { line: 0, character: 14 };
  const result = documents.change(URI, 2, [{ range: { start: at, end: at }, text: '\n' }])!;
  assert.equal(result.treeEdits, undefined);
});
