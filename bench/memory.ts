/**
 * The server on a large workspace: time from start to the first diagnostics and to the end of
 * the workspace scan (its `$/progress` end), the peak resident memory of the process (its scan
 * worker threads included), and how long an edit to an open file waits while the scan runs
 * (the target is that it does not wait).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { dartLibrary } from './generate';
import { BenchServer, uriOf } from './server-process';
import { percentiles, type Percentiles } from './stats';

export interface WorkspaceServerResult {
  /** The `PHI_GUARD_SCAN_WORKERS` value the server ran with, or `default` (cores less one). */
  scanWorkers: string;
  firstDiagnosticsMs?: number;
  scanDoneMs: number;
  peakRssMb?: number;
  /** didChange to diagnostics for a 1,000-line file edited while the scan runs. */
  editDuringScan?: Percentiles & { edits: number };
}

export async function measureServerOnWorkspace(root: string): Promise<WorkspaceServerResult> {
  const scratch = path.join(root, 'clinic_app_0', 'lib', 'editing.dart');
  mkdirSync(path.dirname(scratch), { recursive: true });
  const text = dartLibrary(1000);
  writeFileSync(scratch, text);
  const server = BenchServer.start();
  try {
    await server.initialize([root]);
    const editDuringScan = await editWhileScanning(server, scratch, text);
    await server.until(() => server.progressEnded, 1_800_000, 'the end of the workspace scan');
    return {
      scanWorkers: process.env.PHI_GUARD_SCAN_WORKERS ?? 'default',
      firstDiagnosticsMs: server.firstDiagnosticsMs,
      scanDoneMs: performance.now() - server.started,
      peakRssMb: server.peakRssMb(),
      editDuringScan,
    };
  } finally {
    await server.stop();
  }
}

/** Edits an open file until the scan ends (at most 50 edits) and times each round trip. */
async function editWhileScanning(server: BenchServer, file: string, text: string) {
  const uri = uriOf(file);
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'dart', version: 1, text },
  });
  const samples: number[] = [];
  for (let version = 2; version < 52 && !server.progressEnded; version++) {
    const at = { line: 20, character: 0 };
    const started = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: version % 2 ? '\n' : ' ' }],
    });
    await server.until(() => server.versionOf(file) === version, 600_000, `version ${version}`);
    samples.push(performance.now() - started);
  }
  return samples.length > 0 ? { edits: samples.length, ...percentiles(samples) } : undefined;
}
