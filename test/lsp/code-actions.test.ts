/**
 * Suppression actions of the bundled server (`npm run build` first): the comment syntax and
 * placement per file type, and snippet placeholders for clients that support them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver';
import { applyEdits, CLIENT_CAPABILITIES, TestClient, uriOf, writeProjectFile } from './lsp-client';

const CLEARTEXT_URL = 'cleartext-http-endpoint';
const CLEARTEXT_MANIFEST = 'android-cleartext-traffic-enabled';

const DART = [
  "import 'package:http/http.dart' as http;",
  '',
  'Future<void> loadRecords() async {',
  "    await http.get(Uri.parse('http://records.northwind-clinic.net/v1'));",
  '}',
  '',
].join('\r\n');
const MANIFEST = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
  '    <application',
  '        android:label="Clinic"',
  '        android:usesCleartextTraffic="true">',
  '    </application>',
  '</manifest>',
  '',
].join('\n');

const write = writeProjectFile;

async function actionsFor(client: TestClient, file: string, rule: string): Promise<CodeAction[]> {
  const list = await client.waitForDiagnostics(file, (l) => l.some((d) => d.code === rule), '', 1);
  const diagnostic = list.find((d) => d.code === rule)!;
  return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: uriOf(file) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
}

function onlyEdit(action: CodeAction): TextDocumentEdit {
  const changes = action.edit?.documentChanges ?? [];
  assert.equal(changes.length, 1);
  return changes[0] as TextDocumentEdit;
}

const withoutRule = (id: string) => (list: Diagnostic[]) => !list.some((d) => d.code === id);

describe('suppression actions', () => {
  let root: string;
  let dart: string;
  let manifest: string;
  let client: TestClient;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-actions-'));
    write(root, 'pubspec.yaml', 'name: clinic\ndependencies:\n  http: ^1.2.0\n');
    dart = write(root, 'lib/api.dart', DART);
    manifest = write(root, 'android/app/src/main/AndroidManifest.xml', MANIFEST);
    client = TestClient.start();
    const capabilities = {
      ...CLIENT_CAPABILITIES,
      experimental: { phiGuardSnippetTextEdit: true },
    };
    await client.initialize([root], capabilities);
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('Dart comment keeps indent and CRLF', async () => {
    await client.open(dart, DART, 'dart', 1);
    const actions = await actionsFor(client, dart, CLEARTEXT_URL);
    const suppress = actions.find((a) => a.title === `Suppress ${CLEARTEXT_URL} with a reason`);
    assert.ok(suppress, actions.map((a) => a.title).join(', '));
    const edit = onlyEdit(suppress);
    assert.equal(edit.textDocument.version, 1);
    assert.deepEqual(edit.edits, [
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: `    // phi-guard-ignore ${CLEARTEXT_URL}: \${1:reason required}\r\n`,
      },
    ]);
  });

  test('reasoned comment suppresses the finding', async () => {
    const edited = applyEdits(DART, [
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: `    // phi-guard-ignore ${CLEARTEXT_URL}: emulator build only\r\n`,
      },
    ]);
    const end = { line: 6, character: 0 };
    await client.change(dart, 2, [
      { range: { start: { line: 0, character: 0 }, end }, text: edited },
    ]);
    await client.waitForDiagnostics(dart, withoutRule(CLEARTEXT_URL), 'suppressed', 2);
  });

  test('attribute inside a tag gets a file comment', async () => {
    await client.open(manifest, MANIFEST, 'xml', 1);
    const actions = await actionsFor(client, manifest, CLEARTEXT_MANIFEST);
    const title = `Suppress ${CLEARTEXT_MANIFEST} in this file with a reason`;
    const suppress = actions.find((a) => a.title === title);
    assert.ok(suppress, actions.map((a) => a.title).join(', '));
    const edited = applyEdits(MANIFEST, onlyEdit(suppress).edits);
    const lines = edited.split('\n');
    assert.equal(
      lines[1],
      `<!-- phi-guard-ignore-file ${CLEARTEXT_MANIFEST}: \${1:reason required} -->`,
    );
    assert.equal(lines[0], MANIFEST.split('\n')[0], 'XML declaration stays first');
  });

  test('rule fix-all needs two findings', async () => {
    const twice = [
      "import 'package:http/http.dart' as http;",
      '',
      'Future<void> loadRecords() async {',
      "  await http.get(Uri.parse('http://records.northwind-clinic.net/v1'));",
      "  await http.get(Uri.parse('http://audit.northwind-clinic.net/v1'));",
      '}',
      '',
    ].join('\n');
    const file = write(root, 'lib/twice.dart', twice);
    await client.open(file, twice, 'dart', 1);
    const actions = await actionsFor(client, file, CLEARTEXT_URL);
    const title = `Fix all ${CLEARTEXT_URL} problems in this file`;
    const fixAll = actions.find((a) => a.title === title);
    assert.ok(fixAll, actions.map((a) => a.title).join(', '));
    const fixed = applyEdits(twice, onlyEdit(fixAll).edits);
    assert.equal(fixed, twice.replaceAll("'http://", "'https://"));
    const onceText = DART.replace(/\r\n/g, '\n');
    const once = write(root, 'lib/once.dart', onceText);
    await client.open(once, onceText, 'dart', 1);
    const single = await actionsFor(client, once, CLEARTEXT_URL);
    assert.ok(
      single.some((a) => a.isPreferred),
      'the single fix is offered',
    );
    assert.ok(!single.some((a) => a.title === title), 'no fix-all for one finding');
  });
});
