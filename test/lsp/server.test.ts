/**
 * Drives the bundled language server (`dist/server.js`, so run `npm run build` first) over
 * stdio as a real child process, as an editor would.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  TextDocumentEdit,
} from 'vscode-languageserver';
import { applyEdits, TestClient, uriOf } from './lsp-client';

const CLEARTEXT_URL = 'cleartext-http-endpoint';
const CLEARTEXT_MANIFEST = 'android-cleartext-traffic-enabled';

const PUBSPEC = 'name: clinic\ndependencies:\n  flutter:\n    sdk: flutter\n  http: ^1.2.0\n';
const API_DART = [
  "import 'package:http/http.dart' as http;",
  '',
  'Future<void> loadRecords() async {',
  "  await http.get(Uri.parse('http://records.northwind-clinic.net/v1/records'));",
  '}',
  '',
].join('\n');
const MANIFEST = [
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
  '    <application android:label="Clinic" android:usesCleartextTraffic="true">',
  '    </application>',
  '</manifest>',
  '',
].join('\n');

/** Writes a small Flutter app into a fresh temporary folder. */
function writeProject(): { root: string; api: string; manifest: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-lsp-'));
  const api = path.join(root, 'lib', 'api.dart');
  const manifest = path.join(root, 'android', 'app', 'src', 'main', 'AndroidManifest.xml');
  mkdirSync(path.dirname(api), { recursive: true });
  mkdirSync(path.dirname(manifest), { recursive: true });
  writeFileSync(path.join(root, 'pubspec.yaml'), PUBSPEC);
  writeFileSync(api, API_DART);
  writeFileSync(manifest, MANIFEST);
  return { root, api, manifest };
}

const withRule = (id: string) => (list: Diagnostic[]) => list.some((d) => d.code === id);
const withoutRule = (id: string) => (list: Diagnostic[]) => !list.some((d) => d.code === id);
const countOf = (id: string, list: Diagnostic[]) => list.filter((d) => d.code === id).length;

function textEditsOf(action: CodeAction): Array<{ uri: string; edits: TextDocumentEdit['edits'] }> {
  const changes = action.edit?.documentChanges ?? [];
  return changes
    .filter((c): c is TextDocumentEdit => 'textDocument' in c)
    .map((c) => ({ uri: c.textDocument.uri, edits: c.edits }));
}

async function codeActionsAt(
  client: TestClient,
  filePath: string,
  diagnostic: Diagnostic,
  only?: string[],
): Promise<CodeAction[]> {
  return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: uriOf(filePath) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only },
  });
}

/** Replaces the whole text through one incremental change covering the old text. */
function replaceAll(oldText: string, newText: string) {
  const lines = oldText.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return [{ range: { start: { line: 0, character: 0 }, end }, text: newText }];
}

describe('language server', () => {
  let project: ReturnType<typeof writeProject>;
  let client: TestClient;
  let init: InitializeResult;

  before(async () => {
    project = writeProject();
    client = TestClient.start();
    init = await client.initialize([project.root]);
  });

  after(async () => {
    await client.stop();
    rmSync(project.root, { recursive: true, force: true });
  });

  test('initialize announces its capabilities', () => {
    const caps = init.capabilities;
    const sync = caps.textDocumentSync as { change: number; openClose: boolean };
    assert.equal(sync.change, 2, 'incremental sync');
    assert.equal(sync.openClose, true);
    const actions = caps.codeActionProvider as { codeActionKinds: string[] };
    assert.deepEqual(actions.codeActionKinds, ['quickfix', 'source.fixAll.phi-guard']);
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.workspace?.fileOperations?.didRename, 'listens to renames');
    assert.ok(caps.workspace?.fileOperations?.didDelete, 'listens to deletes');
  });

  test('server registers watchers and configuration', async () => {
    await client.waitFor(
      () => (client.registrations.includes('workspace/didChangeWatchedFiles') ? true : undefined),
      'the file watcher registration',
    );
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'));
  });

  test('workspace scan reports progress', async () => {
    await client.waitFor(
      () => (client.progress.includes('end') ? true : undefined),
      'the end of the scan progress',
    );
    assert.equal(client.progress[0], 'begin');
  });

  test('workspace scan reports a closed manifest', async () => {
    const list = await client.waitForDiagnostics(project.manifest, withRule(CLEARTEXT_MANIFEST));
    const diagnostic = list.find((d) => d.code === CLEARTEXT_MANIFEST)!;
    assert.equal(diagnostic.source, 'phi-guard');
    assert.equal(diagnostic.severity, 2, 'warning');
    const attribute = 'android:usesCleartextTraffic="true"';
    const start = MANIFEST.split('\n')[1].indexOf(attribute);
    assert.deepEqual(diagnostic.range, {
      start: { line: 1, character: start },
      end: { line: 1, character: start + attribute.length },
    });
    assert.equal(
      diagnostic.codeDescription?.href,
      `https://github.com/phi-guard/phi-guard/blob/main/rules/${CLEARTEXT_MANIFEST}/README.md`,
    );
    assert.ok((diagnostic.relatedInformation ?? []).length > 0, 'related information');
    assert.match(diagnostic.message, /^[A-Za-z].*\.$/);
  });

  test('didOpen of Dart with an http URL', async () => {
    await client.open(project.api, API_DART, 'dart', 1);
    const list = await client.waitForDiagnostics(project.api, withRule(CLEARTEXT_URL), '', 1);
    const diagnostic = list.find((d) => d.code === CLEARTEXT_URL)!;
    assert.equal(diagnostic.range.start.line, 3);
    assert.equal(diagnostic.source, 'phi-guard');
  });

  test('incremental change adds and removes a problem', async () => {
    const added = "  await http.get(Uri.parse('http://audit.northwind-clinic.net/events'));\n";
    const at = { line: 4, character: 0 };
    await client.change(project.api, 2, [{ range: { start: at, end: at }, text: added }]);
    const afterAdd = await client.waitForDiagnostics(
      project.api,
      (list) => countOf(CLEARTEXT_URL, list) === 2,
      'two cleartext findings',
    );
    assert.deepEqual(
      afterAdd.filter((d) => d.code === CLEARTEXT_URL).map((d) => d.range.start.line),
      [3, 4],
    );
    const end = { line: 5, character: 0 };
    await client.change(project.api, 3, [{ range: { start: at, end }, text: '' }]);
    const afterRemove = await client.waitForDiagnostics(
      project.api,
      (list) => countOf(CLEARTEXT_URL, list) === 1,
      'one cleartext finding',
    );
    assert.equal(afterRemove.find((d) => d.code === CLEARTEXT_URL)!.range.start.line, 3);
  });

  test('Dart quick fix switches to https', async () => {
    const list = await client.waitForDiagnostics(project.api, withRule(CLEARTEXT_URL), '', 3);
    const diagnostic = list.find((d) => d.code === CLEARTEXT_URL)!;
    const actions = await codeActionsAt(client, project.api, diagnostic);
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    const [change] = textEditsOf(fix);
    assert.equal(change.uri, uriOf(project.api));
    const fixed = applyEdits(API_DART, change.edits);
    assert.match(fixed, /'https:\/\/records\.northwind-clinic\.net\/v1\/records'/);
    assert.equal(fixed.replace('https://', 'http://'), API_DART, 'nothing else changed');
    await client.change(project.api, 4, replaceAll(API_DART, fixed));
    await client.waitForDiagnostics(project.api, withoutRule(CLEARTEXT_URL), 'no finding', 4);
  });

  test('hover shows the rule mapping', async () => {
    const diagnostic = (
      await client.waitForDiagnostics(project.manifest, withRule(CLEARTEXT_MANIFEST))
    ).find((d) => d.code === CLEARTEXT_MANIFEST)!;
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: uriOf(project.manifest) },
      position: diagnostic.range.start,
    });
    assert.ok(hover, 'a hover');
    const value = (hover.contents as { value: string }).value;
    assert.match(value, new RegExp(`\\*\\*${CLEARTEXT_MANIFEST}\\*\\*`));
    assert.match(value, /45 CFR 164\.312\(e\)\(1\)/);
    assert.match(value, /MASVS-NETWORK-1/);
  });

  test('quick fix round trip clears the finding', async () => {
    const text = readFileSync(project.manifest, 'utf8');
    await client.open(project.manifest, text, 'xml', 1);
    const list = await client.waitForDiagnostics(
      project.manifest,
      withRule(CLEARTEXT_MANIFEST),
      'the open document',
      1,
    );
    const diagnostic = list.find((d) => d.code === CLEARTEXT_MANIFEST)!;
    const actions = await codeActionsAt(client, project.manifest, diagnostic);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.deepEqual(
      fix.diagnostics?.map((d) => d.code),
      [CLEARTEXT_MANIFEST],
    );
    const [change] = textEditsOf(fix);
    assert.equal(change.uri, uriOf(project.manifest));
    const fixed = applyEdits(text, change.edits);
    assert.match(fixed, /android:usesCleartextTraffic="false"/);
    await client.change(project.manifest, 2, replaceAll(text, fixed));
    await client.waitForDiagnostics(
      project.manifest,
      withoutRule(CLEARTEXT_MANIFEST),
      'no finding',
    );
  });

  test('fix edits carry the analysed version', async () => {
    const text = MANIFEST;
    const fixedText = MANIFEST.replace('"true"', '"false"');
    await client.change(project.manifest, 3, replaceAll(fixedText, text));
    const list = await client.waitForDiagnostics(
      project.manifest,
      withRule(CLEARTEXT_MANIFEST),
      '',
      3,
    );
    const diagnostic = list.find((d) => d.code === CLEARTEXT_MANIFEST)!;
    const actions = await codeActionsAt(client, project.manifest, diagnostic);
    const fix = actions.find((a) => a.isPreferred)!;
    const edit = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(edit.textDocument.version, 3);
  });

  test('stale code action request gets no edit', async () => {
    const diagnostic = client
      .diagnosticsOf(project.manifest)!
      .find((d) => d.code === CLEARTEXT_MANIFEST)!;
    // The new line goes above the finding, so the old diagnostic's range matches nothing in
    // version 4 whether or not the server has re-analysed by the time the request arrives.
    const at = { line: 0, character: 0 };
    await client.change(project.manifest, 4, [{ range: { start: at, end: at }, text: '\n' }]);
    const actions = await codeActionsAt(client, project.manifest, diagnostic);
    assert.equal(actions.filter((a) => a.edit).length, 0, 'no action with an edit');
    await client.waitForDiagnostics(project.manifest, (list) => list.length > 0, 'new result', 4);
  });

  test('suppress action inserts a reasoned comment', async () => {
    const lines = MANIFEST.split('\n');
    const text = ['', ...lines].join('\n');
    const list = await client.waitForDiagnostics(
      project.manifest,
      withRule(CLEARTEXT_MANIFEST),
      '',
      4,
    );
    const diagnostic = list.find((d) => d.code === CLEARTEXT_MANIFEST)!;
    const actions = await codeActionsAt(client, project.manifest, diagnostic);
    const suppress = actions.find(
      (a) => a.title === `Suppress ${CLEARTEXT_MANIFEST} with a reason`,
    );
    assert.ok(suppress, 'a suppress action');
    const [change] = textEditsOf(suppress);
    const edited = applyEdits(text, change.edits);
    assert.equal(
      edited.split('\n')[2],
      `    <!-- phi-guard-ignore ${CLEARTEXT_MANIFEST}: reason required -->`,
    );
    const docs = actions.find((a) => a.title === `Show documentation for ${CLEARTEXT_MANIFEST}`);
    assert.deepEqual(docs?.command?.arguments, [CLEARTEXT_MANIFEST]);
    assert.equal(docs?.command?.command, 'phiGuard.showRuleDocumentation');
    await client.change(project.manifest, 5, replaceAll(text, edited));
    await client.waitForDiagnostics(
      project.manifest,
      withoutRule(CLEARTEXT_MANIFEST),
      'suppressed',
    );
  });

  test('fix all applies only safe fixes', async () => {
    await client.close(project.manifest);
    await client.waitForDiagnostics(project.manifest, withRule(CLEARTEXT_MANIFEST), 'disk version');
    await client.open(project.manifest, MANIFEST, 'xml', 1);
    await client.waitForDiagnostics(project.manifest, withRule(CLEARTEXT_MANIFEST), '', 1);
    const whole = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(project.manifest) },
      ...whole,
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.phi-guard');
    const fixed = applyEdits(MANIFEST, textEditsOf(actions[0])[0].edits);
    assert.match(fixed, /usesCleartextTraffic="false"/);
    await client.close(project.manifest);
  });

  test('settings change re-publishes results', async () => {
    await client.waitForDiagnostics(project.manifest, withRule(CLEARTEXT_MANIFEST));
    client.settings = { rules: { [CLEARTEXT_MANIFEST]: 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    const list = await client.waitForDiagnostics(
      project.manifest,
      (l) => l.some((d) => d.code === CLEARTEXT_MANIFEST && d.severity === 1),
      'an error-level finding',
    );
    assert.equal(list.filter((d) => d.code === CLEARTEXT_MANIFEST).length, 1);
    client.settings = { rules: { [CLEARTEXT_MANIFEST]: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await client.waitForDiagnostics(project.manifest, withoutRule(CLEARTEXT_MANIFEST), 'rule off');
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await client.waitForDiagnostics(project.manifest, withRule(CLEARTEXT_MANIFEST), 'rule back');
  });

  test('watched delete clears a closed file', async () => {
    const extra = path.join(
      project.root,
      'android',
      'app',
      'src',
      'staging',
      'AndroidManifest.xml',
    );
    mkdirSync(path.dirname(extra), { recursive: true });
    writeFileSync(extra, MANIFEST);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(extra), type: 1 }],
    });
    await client.waitForDiagnostics(extra, withRule(CLEARTEXT_MANIFEST), 'the created file');
    unlinkSync(extra);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(extra), type: 3 }],
    });
    await client.waitForDiagnostics(extra, (list) => list.length === 0, 'an empty list');
  });

  test('deleted open file keeps diagnostics until closed', async () => {
    const extra = path.join(project.root, 'android', 'app', 'src', 'prod', 'AndroidManifest.xml');
    mkdirSync(path.dirname(extra), { recursive: true });
    writeFileSync(extra, MANIFEST);
    await client.open(extra, MANIFEST, 'xml', 1);
    await client.waitForDiagnostics(extra, withRule(CLEARTEXT_MANIFEST), 'the opened file');
    unlinkSync(extra);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(extra), type: 3 }],
    });
    await client.sync();
    assert.ok(withRule(CLEARTEXT_MANIFEST)(client.diagnosticsOf(extra)!), 'kept while open');
    await client.close(extra);
    await client.waitForDiagnostics(extra, (list) => list.length === 0, 'an empty list on close');
  });

  test('closing a file outside the folders clears it', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'phi-guard-outside-'));
    const file = path.join(outside, 'android', 'app', 'src', 'main', 'AndroidManifest.xml');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, MANIFEST);
    await client.open(file, MANIFEST, 'xml', 1);
    await client.waitForDiagnostics(file, withRule(CLEARTEXT_MANIFEST), 'the opened file', 1);
    await client.close(file);
    await client.waitForDiagnostics(file, (list) => list.length === 0, 'an empty list on close');
    rmSync(outside, { recursive: true, force: true });
  });

  test('rename moves diagnostics to the new path', async () => {
    const from = path.join(project.root, 'android', 'app', 'src', 'main', 'AndroidManifest.xml');
    const movedDir = path.join(project.root, 'android', 'app', 'src', 'beta');
    const to = path.join(movedDir, 'AndroidManifest.xml');
    mkdirSync(movedDir, { recursive: true });
    await client.waitForDiagnostics(from, withRule(CLEARTEXT_MANIFEST));
    writeFileSync(to, readFileSync(from, 'utf8'));
    unlinkSync(from);
    await client.connection.sendNotification('workspace/didRenameFiles', {
      files: [{ oldUri: uriOf(from), newUri: uriOf(to) }],
    });
    await client.waitForDiagnostics(from, (list) => list.length === 0, 'old path cleared');
    await client.waitForDiagnostics(to, withRule(CLEARTEXT_MANIFEST), 'new path reported');
  });

  test('didDeleteFiles clears a deleted folder', async () => {
    const folder = path.join(project.root, 'android', 'app', 'src', 'qa');
    const extra = path.join(folder, 'AndroidManifest.xml');
    mkdirSync(folder, { recursive: true });
    writeFileSync(extra, MANIFEST);
    await client.connection.sendNotification('workspace/didCreateFiles', {
      files: [{ uri: uriOf(folder) }],
    });
    await client.waitForDiagnostics(extra, withRule(CLEARTEXT_MANIFEST), 'the created folder');
    rmSync(folder, { recursive: true });
    await client.connection.sendNotification('workspace/didDeleteFiles', {
      files: [{ uri: uriOf(folder) }],
    });
    await client.waitForDiagnostics(extra, (list) => list.length === 0, 'an empty list');
  });

  test('disabling clears every diagnostic', async () => {
    const fixed = API_DART.replace('http://', 'https://');
    await client.change(project.api, 5, replaceAll(fixed, API_DART));
    await client.waitForDiagnostics(project.api, withRule(CLEARTEXT_URL), 'Dart findings', 5);
    client.settings = { enable: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await client.waitForDiagnostics(project.api, (list) => list.length === 0, 'no Dart findings');
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await client.waitForDiagnostics(project.api, withRule(CLEARTEXT_URL), 'Dart findings again');
  });

  test('large editor text is skipped', async () => {
    const large = path.join(project.root, 'lib', 'large.dart');
    const text = API_DART + `// ${'padding '.repeat(200)}\n`;
    writeFileSync(large, text);
    client.settings = { maxFileBytes: 1024 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await client.open(large, text, 'dart', 1);
    const list = await client.waitForDiagnostics(large, (l) => l.length > 0, 'a notice', 1);
    assert.equal(list.length, 1);
    assert.equal(list[0].code, 'phi-guard-file');
    assert.match(list[0].message, /^Skipped: the file has \d+ bytes/);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await client.waitForDiagnostics(large, withRule(CLEARTEXT_URL), 'findings under the default');
    await client.close(large);
  });

  test('malformed requests keep it running', async () => {
    const uri = uriOf(project.api);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: null,
      context: null,
    });
    assert.deepEqual(actions, []);
    const hover = await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: 'untitled:Untitled-1' },
      position: null,
    });
    assert.equal(hover, null);
    const far = { line: 9999, character: 9999 };
    await client.change(project.api, 6, [{ range: { start: far, end: far }, text: '// end\n' }]);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await client.waitForDiagnostics(project.api, () => true, 'the edited file', 6);
    await client.sync();
    assert.equal(client.exited, false);
  });

  test('scan request returns totals', async () => {
    const result = await client.connection.sendRequest<{ files: number; findings: number }>(
      'phiGuard/scanWorkspace',
    );
    assert.ok(result.files >= 3, `scanned ${result.files} files`);
    assert.ok(result.findings >= 1, `found ${result.findings}`);
  });
});

describe('language server without the Dart grammar', () => {
  let project: ReturnType<typeof writeProject>;
  let client: TestClient;
  let grammar: string;

  before(async () => {
    project = writeProject();
    grammar = path.join(project.root, 'tree-sitter-dart.truncated.wasm');
    // The wasm magic number and version, then bytes that are no module.
    writeFileSync(grammar, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0xff]));
    client = TestClient.start({ PHI_GUARD_DART_GRAMMAR: grammar });
    await client.initialize([project.root]);
  });

  after(async () => {
    await client.stop();
    rmSync(project.root, { recursive: true, force: true });
  });

  test('shows one error naming the grammar', async () => {
    const message = await client.waitFor(
      () => client.messages.find((m) => m.type === 1),
      'an error message',
    );
    assert.ok(message.message.includes(grammar), message.message);
    await client.sync();
    assert.equal(client.messages.filter((m) => m.type === 1).length, 1);
  });

  test('Dart file gets a file diagnostic', async () => {
    await client.open(project.api, API_DART, 'dart', 1);
    const list = await client.waitForDiagnostics(project.api, (l) => l.length > 0);
    assert.equal(list.length, 1);
    assert.equal(list[0].code, 'phi-guard-file');
    assert.equal(list[0].severity, 1, 'error');
    assert.deepEqual(list[0].range.start, { line: 0, character: 0 });
  });

  test('manifest checks keep working', async () => {
    await client.waitForDiagnostics(project.manifest, withRule(CLEARTEXT_MANIFEST));
    assert.equal(client.exited, false, 'server still running');
  });
});
