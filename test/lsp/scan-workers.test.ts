/**
 * Tests of the workspace scan in worker threads, through the bundled server (`npm run build`
 * first). Workers must publish the same diagnostics as a scan on the main thread, and a dead
 * worker must hand its files back. Edits to an open document get diagnostics during a scan.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Diagnostic, LogMessageParams } from 'vscode-languageserver';
import { writeWorkspace } from '../../bench/generate';
import { SCAN_WORKSPACE_REQUEST, type ScanWorkspaceResult } from '../../shared/protocol';
import { TestClient, writeProjectFile, PINNED_NSC } from './lsp-client';

const NSC_RULE = 'android-nsc-ignored-by-dart';
const EXAMPLE_APP = path.resolve(__dirname, '../../examples/clinic_app');
const SCAN_MS = 240_000;

const dartWith = (call: string) =>
  [
    "import 'package:http/http.dart' as http;",
    '',
    'Future<void> loadRecords() async {',
    call,
    '}',
    '',
  ].join('\n');
const PINNED_HOST_CALL =
  "  await http.get(Uri.parse('https://records.northwind-clinic.net/v1/records'));";
const NO_CALL = "  print('records');";
const NSC = PINNED_NSC;
const NSC_PATH = 'pinned_app/android/app/src/main/res/xml/network_security_config.xml';
const API_PATH = 'pinned_app/lib/api.dart';

const write = writeProjectFile;

/**
 * Writes four projects: the example app with its phi_guard.yaml, a generated app, an app whose
 * network security config depends on its Dart code, and files with no pubspec.yaml above them.
 */
function writeMultiAppWorkspace(root: string): void {
  cpSync(EXAMPLE_APP, path.join(root, 'clinic_app'), { recursive: true });
  writeWorkspace(path.join(root, 'generated'), 1500, 3, 500);
  write(root, 'pinned_app/pubspec.yaml', 'name: pinned\ndependencies:\n  http: ^1.2.0\n');
  write(root, API_PATH, dartWith(NO_CALL));
  write(root, NSC_PATH, NSC);
  write(root, 'loose/lib/sync.dart', dartWith("  await http.get(Uri.parse('http://a.example'));"));
}

function filesBelow(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Starts a server on `root` and records its log lines. `env` selects the scan mode. */
async function startServer(root: string, env: Record<string, string>) {
  const client = TestClient.start(env);
  const logs: string[] = [];
  client.connection.onNotification('window/logMessage', (params: LogMessageParams) => {
    logs.push(params.message);
  });
  client.waitMs = SCAN_MS;
  client.settings = { rules: { 'cleartext-http-endpoint': 'info' } };
  await client.initialize([root]);
  return { client, logs };
}

function scanEnds(client: TestClient, count: number): Promise<true> {
  const ended = () => client.progress.filter((kind) => kind === 'end').length >= count;
  return client.waitFor(() => (ended() ? true : undefined), `the end of scan ${count}`);
}

type Snapshot = Record<string, Diagnostic[]>;

/** Returns the last diagnostics of every file that has some, by path below `root`. */
function snapshot(client: TestClient, root: string): Snapshot {
  const result: Snapshot = {};
  for (const file of filesBelow(root)) {
    const list = client.diagnosticsOf(file);
    if (list && list.length > 0) result[path.relative(root, file)] = list;
  }
  return result;
}

/**
 * Scans the workspace, then opens api.dart with a call to the pinned host that the disk text
 * lacks and scans again, so the second scan must read the editor text of an open document.
 */
async function scanTwice(root: string, env: Record<string, string>) {
  const { client, logs } = await startServer(root, env);
  try {
    await scanEnds(client, 1);
    await client.sync();
    const first = snapshot(client, root);
    await client.open(path.join(root, API_PATH), dartWith(PINNED_HOST_CALL), 'dart', 1);
    await client.connection.sendRequest(SCAN_WORKSPACE_REQUEST);
    await client.sync();
    const second = snapshot(client, root);
    return { first, second, logs };
  } finally {
    await client.stop();
  }
}

describe('workspace scan in worker threads', () => {
  let root: string;
  let inProcess: Awaited<ReturnType<typeof scanTwice>>;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-workers-'));
    writeMultiAppWorkspace(root);
    inProcess = await scanTwice(root, { PHI_GUARD_SCAN_WORKERS: '0' });
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  test('main-thread scan finds the seeded problems', () => {
    const files = Object.keys(inProcess.first);
    assert.ok(files.includes(path.join('loose', 'lib', 'sync.dart')), files.join(', '));
    assert.ok(files.some((f) => f.startsWith('generated')), files.join(', '));
    const before = inProcess.first[NSC_PATH] ?? [];
    assert.ok(!before.some((d) => d.code === NSC_RULE), 'Dart does not call the pinned host');
    const nsc = inProcess.second[NSC_PATH] ?? [];
    assert.ok(nsc.some((d) => d.code === NSC_RULE), 'the open api.dart calls the pinned host');
    assert.ok(!inProcess.logs.some((line) => line.includes('worker thread')));
  });

  test('two workers publish the same diagnostics', async () => {
    const workers = await scanTwice(root, { PHI_GUARD_SCAN_WORKERS: '2' });
    assert.ok(workers.logs.some((line) => /in 2 worker thread\(s\)/.test(line)), 'used workers');
    assert.deepEqual(workers.first, inProcess.first);
    assert.deepEqual(workers.second, inProcess.second);
  });

  test('failed worker falls back to main thread', async () => {
    const env = { PHI_GUARD_SCAN_WORKERS: '1', PHI_GUARD_TEST_SCAN_WORKER_EXIT: '1' };
    const crashed = await scanTwice(root, env);
    const failures = crashed.logs.filter((line) => line.includes('A scan worker failed'));
    assert.equal(failures.length, 2, 'one error per scan');
    assert.ok(failures.every((line) => line.includes('exited with code 1')), failures[0]);
    assert.deepEqual(crashed.first, inProcess.first);
    assert.deepEqual(crashed.second, inProcess.second);
  });
});

describe('edits during a long worker scan', () => {
  let root: string;
  let client: TestClient;
  let file: string;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-long-scan-'));
    writeWorkspace(root, 60_000);
    file = write(root, 'clinic_app_0/lib/editing.dart', dartWith(NO_CALL));
    ({ client } = await startServer(root, { PHI_GUARD_SCAN_WORKERS: '1' }));
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('edit is answered before the scan ends', async () => {
    await client.waitFor(() => (client.progress.includes('begin') ? true : undefined), 'a scan');
    await client.open(file, dartWith(NO_CALL), 'dart', 1);
    const at = { line: 3, character: 0 };
    const http = "  await http.get(Uri.parse('http://b.example'));\n";
    await client.change(file, 2, [{ range: { start: at, end: at }, text: http }]);
    const list = await client.waitForDiagnostics(file, (d) => d.length > 0, 'the edit', 2);
    assert.ok(list.some((d) => d.code === 'cleartext-http-endpoint'));
    assert.ok(!client.progress.includes('end'), 'the scan was still running');
    await scanEnds(client, 1);
  });

  test('new scan cancels the running one', async () => {
    const total = filesBelow(root).length;
    const seen = client.progress.length;
    const first = client.connection.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST);
    const reported = () => client.progress.slice(seen).includes('report');
    await client.waitFor(() => (reported() ? true : undefined), 'progress of a new scan');
    const second = client.connection.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST);
    const [cancelled, complete] = await Promise.all([first, second]);
    assert.ok(cancelled.files < total, `cancelled after ${cancelled.files} of ${total} files`);
    assert.equal(complete.files, total);
    const list = await client.waitForDiagnostics(file, (d) => d.length > 0, 'open file', 2);
    assert.ok(list.some((d) => d.code === 'cleartext-http-endpoint'));
  });
});

describe('parsed files after the scan', () => {
  let root: string;
  let client: TestClient;
  let logs: string[];

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-release-'));
    writeMultiAppWorkspace(root);
    ({ client, logs } = await startServer(root, {}));
    await scanEnds(client, 1);
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('closing the last open file releases its project', async () => {
    const api = path.join(root, API_PATH);
    await client.open(api, dartWith(PINNED_HOST_CALL), 'dart', 1);
    await client.waitForDiagnostics(api, () => true, 'the open file', 1);
    const released = () => logs.filter((line) => line.startsWith('Released ')).length;
    const before = released();
    await client.close(api);
    // Log lines do not wake `waitFor`, so poll for the line the delayed release writes.
    const deadline = Date.now() + 30_000;
    while (released() === before && Date.now() < deadline) await delay(100);
    assert.ok(released() > before, 'a release log line after the close');
    const line = logs.filter((entry) => entry.startsWith('Released ')).at(-1)!;
    assert.match(line, /^Released \d+ parsed closed file\(s\); 0 file\(s\) stay loaded$/);
  });
});
