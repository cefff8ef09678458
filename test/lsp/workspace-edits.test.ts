/** Engine fixes turned into LSP workspace edits: versions, created files and merged edits. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { CreateFile, TextDocumentEdit } from 'vscode-languageserver';
import type { Fix } from '../../server/src/engine';
import { DocumentStore } from '../../server/src/lsp/documents';
import { UriMap, pathToUri } from '../../server/src/lsp/uri';
import { workspaceEditOf } from '../../server/src/lsp/workspace-edits';

const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-edits-'));
const dart = path.join(root, 'lib', 'api.dart');
const helper = path.join(root, 'lib', 'security', 'pinned_client.dart');
const existing = path.join(root, 'existing.dart');
writeFileSync(existing, '// already here\n');
const context = { uris: new UriMap(), documents: new DocumentStore() };
const full = { documentChanges: true, createFiles: true };
const at = (line: number, from: number, to: number) => ({
  start: { line, character: from },
  end: { line, character: to },
});

after(() => rmSync(root, { recursive: true, force: true }));

const helperFix: Fix = {
  title: 'Use a pinned HTTP client',
  safe: false,
  changes: [
    { kind: 'create', path: helper, content: 'class PinnedClient {}\n' },
    { kind: 'edit', path: dart, edits: [{ range: at(3, 8, 12), newText: 'pinned' }] },
  ],
};

test('created file comes with its content', () => {
  const edit = workspaceEditOf([helperFix], { path: dart, version: 7 }, full, context)!;
  const [create, content, change] = edit.documentChanges!;
  assert.equal((create as CreateFile).kind, 'create');
  assert.equal((create as CreateFile).uri, pathToUri(helper));
  assert.equal((content as TextDocumentEdit).edits[0].newText, 'class PinnedClient {}\n');
  assert.equal((content as TextDocumentEdit).textDocument.version, null);
  assert.equal((change as TextDocumentEdit).textDocument.version, 7, 'analysed version');
});

test('existing file is not created again', () => {
  const fix: Fix = { ...helperFix, changes: [{ kind: 'create', path: existing, content: 'x' }] };
  const edit = workspaceEditOf([fix], { path: dart, version: 1 }, full, context)!;
  assert.deepEqual(edit.documentChanges, []);
});

test('client without file creation gets nothing', () => {
  const support = { documentChanges: true, createFiles: false };
  assert.equal(
    workspaceEditOf([helperFix], { path: dart, version: 1 }, support, context),
    undefined,
  );
});

test('client without documentChanges gets changes', () => {
  const fix: Fix = { ...helperFix, changes: [helperFix.changes[1]] };
  const support = { documentChanges: false, createFiles: false };
  const edit = workspaceEditOf([fix], { path: dart, version: 1 }, support, context)!;
  assert.deepEqual(Object.keys(edit.changes!), [pathToUri(dart)]);
});

test('overlapping edits of several fixes merge', () => {
  const edits = (range: ReturnType<typeof at>, newText: string): Fix => ({
    title: 'Edit',
    safe: true,
    changes: [{ kind: 'edit', path: dart, edits: [{ range, newText }] }],
  });
  const fixes = [edits(at(1, 0, 4), 'a'), edits(at(1, 2, 6), 'b'), edits(at(2, 0, 1), 'c')];
  const edit = workspaceEditOf(fixes, { path: dart, version: 2 }, full, context)!;
  const [only] = edit.documentChanges! as TextDocumentEdit[];
  assert.equal(edit.documentChanges!.length, 1);
  assert.deepEqual(
    only.edits.map((e) => e.newText),
    ['a', 'c'],
  );
});
