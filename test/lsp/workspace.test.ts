/**
 * Workspace behaviour of the bundled server (`npm run build` first): files that depend on
 * other files, several workspace folders, and positions in CRLF files with a BOM.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { TestClient, uriOf, writeProjectFile, PINNED_NSC } from './lsp-client';

const NSC_RULE = 'android-nsc-ignored-by-dart';
const CLEARTEXT_URL = 'cleartext-http-endpoint';
const CLEARTEXT_MANIFEST = 'android-cleartext-traffic-enabled';

const PINNED_HOST_CALL =
  "  await http.get(Uri.parse('https://records.northwind-clinic.net/v1/records'));";
const NO_CALL = "  print('records');";
const dartWith = (call: string) =>
  [
    "import 'package:http/http.dart' as http;",
    '',
    'Future<void> loadRecords() async {',
    call,
    '}',
    '',
  ].join('\n');
const NSC = PINNED_NSC;

const write = writeProjectFile;

const withRule = (id: string) => (list: Diagnostic[]) => list.some((d) => d.code === id);
const withoutRule = (id: string) => (list: Diagnostic[]) => !list.some((d) => d.code === id);

describe('files that depend on other files', () => {
  let root: string;
  let api: string;
  let nsc: string;
  let client: TestClient;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-cross-'));
    write(root, 'pubspec.yaml', 'name: clinic\ndependencies:\n  http: ^1.2.0\n');
    api = write(root, 'lib/api.dart', dartWith(PINNED_HOST_CALL));
    nsc = write(root, 'android/app/src/main/res/xml/network_security_config.xml', NSC);
    client = TestClient.start();
    await client.initialize([root]);
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('scan reports the pin-set Dart ignores', async () => {
    const list = await client.waitForDiagnostics(nsc, withRule(NSC_RULE));
    assert.equal(list.find((d) => d.code === NSC_RULE)!.range.start.line, 4);
  });

  test('editing Dart re-checks the closed NSC file', async () => {
    await client.open(api, dartWith(PINNED_HOST_CALL), 'dart', 1);
    const line = {
      start: { line: 3, character: 0 },
      end: { line: 3, character: PINNED_HOST_CALL.length },
    };
    await client.change(api, 2, [{ range: line, text: NO_CALL }]);
    await client.waitForDiagnostics(nsc, withoutRule(NSC_RULE), 'no NSC finding');
    const back = { start: line.start, end: { line: 3, character: NO_CALL.length } };
    await client.change(api, 3, [{ range: back, text: PINNED_HOST_CALL }]);
    await client.waitForDiagnostics(nsc, withRule(NSC_RULE), 'the NSC finding again');
  });

  test('disk change of a closed Dart file re-checks NSC', async () => {
    await client.close(api);
    writeFileSync(api, dartWith(NO_CALL));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(api), type: 2 }],
    });
    await client.waitForDiagnostics(nsc, withoutRule(NSC_RULE), 'no NSC finding');
  });
});

describe('two workspace folders', () => {
  let parent: string;
  let first: string;
  let second: string;
  let client: TestClient;
  const cleartext = dartWith(
    "  await http.get(Uri.parse('http://records.northwind-clinic.net/v1'));",
  );

  before(async () => {
    parent = mkdtempSync(path.join(tmpdir(), 'phi-guard-roots-'));
    first = write(parent, 'patient_app/lib/api.dart', cleartext);
    second = write(parent, 'staff_app/lib/api.dart', cleartext);
    for (const app of ['patient_app', 'staff_app']) {
      write(parent, `${app}/pubspec.yaml`, `name: ${app}\ndependencies:\n  http: ^1.2.0\n`);
    }
    client = TestClient.start();
    const folders = ['patient_app', 'staff_app'].map((app) => path.join(parent, app));
    await client.initialize(folders);
  });

  after(async () => {
    await client.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test('same relative path gives two files', async () => {
    const inFirst = await client.waitForDiagnostics(first, withRule(CLEARTEXT_URL));
    const inSecond = await client.waitForDiagnostics(second, withRule(CLEARTEXT_URL));
    assert.equal(inFirst.filter((d) => d.code === CLEARTEXT_URL).length, 1);
    assert.equal(inSecond.filter((d) => d.code === CLEARTEXT_URL).length, 1);
  });

  test('added folder is scanned, removed cleared', async () => {
    const lab = write(parent, 'lab_app/lib/api.dart', cleartext);
    write(parent, 'lab_app/pubspec.yaml', 'name: lab_app\n');
    const folder = { uri: uriOf(path.join(parent, 'lab_app')), name: 'lab_app' };
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [folder], removed: [] },
    });
    await client.waitForDiagnostics(lab, withRule(CLEARTEXT_URL), 'the added folder');
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [folder] },
    });
    await client.waitForDiagnostics(lab, (list) => list.length === 0, 'the removed folder');
  });

  test('deleting in one folder keeps the other', async () => {
    rmSync(first);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(path.dirname(first)), type: 3 }],
    });
    await client.waitForDiagnostics(first, (list) => list.length === 0, 'cleared');
    await client.sync();
    assert.ok(withRule(CLEARTEXT_URL)(client.diagnosticsOf(second)!));
  });
});

describe('positions in a CRLF file with a BOM', () => {
  let root: string;
  let manifest: string;
  let client: TestClient;
  const label = 'Клиника 🩺 患者';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
    `  <application android:label="${label}" android:usesCleartextTraffic="true">`,
    '  </application>',
    '</manifest>',
    '',
  ];
  const text = lines.join('\r\n');
  const attribute = 'android:usesCleartextTraffic="true"';
  const start = lines[2].indexOf(attribute);
  const expected = {
    start: { line: 2, character: start },
    end: { line: 2, character: start + attribute.length },
  };

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-positions-'));
    write(root, 'pubspec.yaml', 'name: clinic\n');
    manifest = write(root, 'android/app/src/main/AndroidManifest.xml', '\uFEFF' + text);
    client = TestClient.start();
    await client.initialize([root]);
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('disk scan gives UTF-16 columns', async () => {
    const list = await client.waitForDiagnostics(manifest, withRule(CLEARTEXT_MANIFEST));
    assert.deepEqual(list.find((d) => d.code === CLEARTEXT_MANIFEST)!.range, expected);
    assert.equal(list.filter((d) => d.code === 'phi-guard-file').length, 0, 'no parse notice');
  });

  test('open document gives the same range', async () => {
    await client.open(manifest, text, 'xml', 1);
    const list = await client.waitForDiagnostics(manifest, withRule(CLEARTEXT_MANIFEST), '', 1);
    assert.deepEqual(list.find((d) => d.code === CLEARTEXT_MANIFEST)!.range, expected);
  });
});

describe('team configuration file', () => {
  let root: string;
  let manifest: string;
  let config: string;
  let client: TestClient;
  const manifestText = [
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
    '    <application android:usesCleartextTraffic="true">',
    '    </application>',
    '</manifest>',
    '',
  ].join('\n');

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-config-'));
    write(root, 'pubspec.yaml', 'name: clinic\n');
    manifest = write(root, 'android/app/src/main/AndroidManifest.xml', manifestText);
    config = path.join(root, 'phi_guard.yaml');
    client = TestClient.start();
    await client.initialize([root]);
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('created config turns a rule off', async () => {
    await client.waitForDiagnostics(manifest, withRule(CLEARTEXT_MANIFEST));
    writeFileSync(config, `rules:\n  ${CLEARTEXT_MANIFEST}: off\n`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(config), type: 1 }],
    });
    await client.waitForDiagnostics(manifest, withoutRule(CLEARTEXT_MANIFEST), 'rule off');
  });

  test('unsaved config edit applies at once', async () => {
    const saved = `rules:\n  ${CLEARTEXT_MANIFEST}: off\n`;
    await client.open(config, saved, 'yaml', 1);
    const value = { start: { line: 1, character: 37 }, end: { line: 1, character: 40 } };
    await client.change(config, 2, [{ range: value, text: 'error' }]);
    const list = await client.waitForDiagnostics(
      manifest,
      (l) => l.some((d) => d.code === CLEARTEXT_MANIFEST && d.severity === 1),
      'an error-level finding',
    );
    assert.equal(list.filter((d) => d.code === CLEARTEXT_MANIFEST).length, 1);
  });

  test('invalid config gets a diagnostic', async () => {
    const value = { start: { line: 1, character: 37 }, end: { line: 1, character: 42 } };
    await client.change(config, 3, [{ range: value, text: 'loud' }]);
    const list = await client.waitForDiagnostics(
      config,
      (l) => l.some((d) => d.code === 'phi-guard-config'),
      'a config error',
      3,
    );
    const error = list.find((d) => d.code === 'phi-guard-config')!;
    assert.equal(error.range.start.line, 1);
    assert.equal(error.severity, 1);
    const logged = await client.waitFor(
      () => client.logs.find((m) => /^Config error in .*phi_guard\.yaml line 2:/.test(m)),
      'a log line for the config error',
    );
    assert.doesNotMatch(logged, /loud/, 'the log names the line, not the value');
  });
});
