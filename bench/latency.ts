/**
 * Keystroke latency through the real server, for generated Dart files of several lengths: the
 * time from an incremental `didChange` to the first `publishDiagnostics` for that version, and
 * to the diagnostics the engine computed for that version. The two differ when the server first
 * re-sends the previous diagnostics moved through the edit and analyses after a typing pause.
 * Each edit types or deletes one character inside a string in the middle of the file, and the
 * next edit waits for the analysed result, as a fast typist with a fast server would see it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dartLibrary } from './generate';
import { BenchServer, uriOf } from './server-process';
import { percentiles, type Percentiles } from './stats';

export interface LatencyResult extends Percentiles {
  lines: number;
  edits: number;
  /** didChange to the diagnostics analysed for that version. */
  analysed: Percentiles;
  /** Open to first diagnostics, ms. */
  openMs: number;
}

/** Finds a line in the middle of the file with a string literal to type into. */
function editPoint(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  for (let line = Math.floor(lines.length / 2); line < lines.length; line++) {
    const at = lines[line].indexOf("label = '");
    if (at >= 0) return { line, character: at + "label = '".length };
  }
  throw new Error('generated file has no label line');
}

export async function measureLatency(lines: number, edits: number): Promise<LatencyResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-latency-'));
  const file = path.join(root, 'lib', 'large.dart');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(path.join(root, 'pubspec.yaml'), 'name: latency_bench\n');
  const text = dartLibrary(lines);
  writeFileSync(file, text);
  const server = BenchServer.start();
  try {
    await server.initialize([root]);
    const opened = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(file), languageId: 'dart', version: 1, text },
    });
    await server.until(() => server.versionOf(file) === 1, 120_000, 'first diagnostics');
    const openMs = performance.now() - opened;
    const at = editPoint(text);
    const first: number[] = [];
    const analysed: number[] = [];
    for (let version = 2; version < edits + 2; version++) {
      const sample = await oneEdit(server, file, version, at);
      first.push(sample.first);
      analysed.push(sample.analysed);
    }
    return { lines, edits, openMs, ...percentiles(first), analysed: percentiles(analysed) };
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Types `x` on even versions and deletes it on odd ones, so the text returns to the start. */
async function oneEdit(
  server: BenchServer,
  file: string,
  version: number,
  at: { line: number; character: number },
): Promise<{ first: number; analysed: number }> {
  const typing = version % 2 === 0;
  const end = typing ? at : { line: at.line, character: at.character + 1 };
  const started = performance.now();
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uriOf(file), version },
    contentChanges: [{ range: { start: at, end }, text: typing ? 'x' : '' }],
  });
  await server.until(() => server.versionOf(file) === version, 60_000, `version ${version}`);
  const first = performance.now() - started;
  const isAnalysed = () => server.analysedVersionOf(file) === version;
  await server.until(isAnalysed, 60_000, `analysis of version ${version}`);
  return { first, analysed: performance.now() - started };
}
