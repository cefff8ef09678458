import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { applyChangesToTexts, mergeFixes } from '../../server/src/engine/fixes/apply';
import {
  addDependencies,
  CRYPTOGRAPHY,
  FLUTTER_SECURE_STORAGE,
} from '../../server/src/engine/fixes/pubspec';
import { VAULT_SOURCE } from '../../server/src/engine/fixes/vault';
import type { Fix, TextEdit } from '../../server/src/engine/types';
import { createEngine } from '../support/harness';
import { assertWellFormed } from '../support/fix-checks';

function insert(line: number, character: number, newText: string): TextEdit {
  const at = { line, character };
  return { range: { start: at, end: at }, newText };
}

function fix(title: string, edits: TextEdit[], path = '/p/a.dart'): Fix {
  return { title, safe: true, changes: [{ kind: 'edit', path, edits }] };
}

test('mergeFixes leaves out a fix that overlaps a taken one', () => {
  const first = fix('first', [{ ...insert(0, 0, 'x'), range: rangeOf(0, 0, 0, 3) }]);
  const overlapping = { ...insert(0, 1, 'y'), range: rangeOf(0, 1, 0, 2) };
  const second = fix('second', [insert(5, 0, 'kept'), overlapping]);
  const { changes, taken } = mergeFixes([first, second]);
  assert.deepEqual(taken, [first]);
  assert.equal(changes.length, 1);
  const edits = changes[0].kind === 'edit' ? changes[0].edits : [];
  assert.equal(edits.length, 1, 'no edit of the left-out fix may be applied');
});

test('mergeFixes counts identical imports once', () => {
  const importLine = insert(1, 0, "import 'x.dart';\n");
  const a = fix('a', [importLine, insert(3, 0, 'a')]);
  const b = fix('b', [{ ...importLine }, insert(4, 0, 'b')]);
  const { changes, taken } = mergeFixes([a, b]);
  assert.equal(taken.length, 2);
  const edits = changes[0].kind === 'edit' ? changes[0].edits : [];
  assert.equal(edits.length, 3);
});

test('applyChangesToTexts keeps an existing file to create', () => {
  const written = applyChangesToTexts(
    [{ kind: 'create', path: '/p/lib/helper.dart', content: 'new' }],
    (p) => (p === '/p/lib/helper.dart' ? 'old' : undefined),
  );
  assert.equal(written.size, 0);
});

test('applyChangesToTexts keeps a byte order mark', () => {
  const written = applyChangesToTexts(
    [{ kind: 'edit', path: '/p/a.txt', edits: [insert(0, 0, 'x')] }],
    () => '\uFEFFab',
  );
  assert.equal(written.get('/p/a.txt'), '\uFEFFxab');
});

test('vault helper parses without syntax errors', async () => {
  await assertWellFormed({ 'lib/security/phi_vault.dart': VAULT_SOURCE });
});

test('vault helper uses AES-256-GCM and secure storage only', () => {
  assert.match(VAULT_SOURCE, /AesGcm\.with256bits\(\)/);
  assert.match(VAULT_SOURCE, /nonce: _cipher\.newNonce\(\)/);
  assert.match(VAULT_SOURCE, /aad: _associatedData\(kind, version\)/);
  assert.match(VAULT_SOURCE, /SecretKeyData\.random\(length: 32\)/);
  assert.doesNotMatch(VAULT_SOURCE, /SharedPreferences|File\(/);
});

test('vault helper raises no PHI Guard finding', async () => {
  const engine = await createEngine();
  const filePath = '/vault-check/lib/security/phi_vault.dart';
  engine.workspace.open(filePath, VAULT_SOURCE, 1);
  const findings = engine.analyzeFile(filePath).findings;
  assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('pinned versions are caret constraints', () => {
  for (const dependency of [CRYPTOGRAPHY, FLUTTER_SECURE_STORAGE]) {
    assert.match(dependency.constraint, /^\^\d+\.\d+\.\d+$/);
    assert.ok(parseYaml(`${dependency.name}: ${dependency.constraint}`));
  }
});

function rangeOf(sl: number, sc: number, el: number, ec: number) {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

test('rule README shows the generated helper verbatim', () => {
  const readme = readFileSync(
    path.resolve(__dirname, '../../rules/phi-in-unencrypted-database/README.md'),
    'utf8',
  );
  assert.ok(readme.includes('```dart\n' + VAULT_SOURCE + '```'), 'README is out of date');
});

test('well-formed check rejects broken files', async () => {
  await assert.rejects(assertWellFormed({ 'lib/a.dart': 'void main( {\n' }));
  await assert.rejects(assertWellFormed({ 'a.xml': '<a><b></a>' }));
  await assert.rejects(assertWellFormed({ 'pubspec.yaml': 'a: [\n' }));
});

async function dependencyChanges(pubspecText: string) {
  const engine = await createEngine();
  const root = '/pubspec-check';
  engine.workspace.open(`${root}/pubspec.yaml`, pubspecText, 1);
  engine.workspace.open(`${root}/lib/a.dart`, 'void main() {}\n', 1);
  const project = engine.workspace.project(`${root}/lib/a.dart`);
  const changes = addDependencies(project, [CRYPTOGRAPHY]);
  engine.workspace.close(`${root}/pubspec.yaml`, false);
  engine.workspace.close(`${root}/lib/a.dart`, false);
  if (!changes) return undefined;
  return applyChangesToTexts(changes, () => pubspecText).get(`${root}/pubspec.yaml`);
}

test('addDependencies appends a missing section', async () => {
  const fixed = await dependencyChanges('name: app # the app\n');
  assert.equal(fixed, 'name: app # the app\ndependencies:\n  cryptography: ^2.7.0\n');
});

test('addDependencies keeps CRLF and indentation', async () => {
  const fixed = await dependencyChanges('name: app\r\ndependencies:\r\n   http: any\r\n');
  assert.equal(fixed, 'name: app\r\ndependencies:\r\n   cryptography: ^2.7.0\r\n   http: any\r\n');
});

test('addDependencies rejects a flow map', async () => {
  assert.equal(await dependencyChanges('name: app\ndependencies: {http: any}\n'), undefined);
});
