/**
 * Replays what the fuzzer found (test/fuzz-regressions/): files that once crashed or hung the
 * engine, and LSP message sequences that once crashed or hung the server. Needs `npm run build`
 * for the server part, as the other LSP tests do.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { allRules } from '../../rules';
import { Engine } from '../../server/src/engine';
import { scratchWorkspace } from '../../fuzz/lsp';
import { frame, WireServer } from '../../fuzz/lsp-wire';

const DIR = path.resolve(__dirname, '../fuzz-regressions');
/** Far above a normal analysis, far below the minutes the recorded hangs took. */
const ENGINE_BUDGET_MS = 20_000;

describe('engine fuzz regressions', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-fuzz-regression-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const name of readdirSync(path.join(DIR, 'engine'))) {
    test(`analyses ${name} in time and without a rule failure`, async () => {
      const engine = await Engine.create({ rules: allRules });
      engine.workspace.setScanRoots([root]);
      const target = path.join(root, 'lib', name);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(DIR, 'engine', name), target);
      engine.workspace.addPath(target);
      const started = performance.now();
      const result = engine.analyzeFile(target);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < ENGINE_BUDGET_MS, `took ${elapsed.toFixed(0)} ms`);
      const failures = result.notices.filter((n) => /^Rule .* failed/.test(n.message));
      assert.deepEqual(failures, []);
    });
  }
});

interface LspRegression {
  description: string;
  frames: string[];
}

/** Starts a server on a scratch workspace without waiting for the initialize response. */
function startServer(root: string): WireServer {
  const server = WireServer.start();
  const rootUri = `file://${root}`;
  server.send({
    id: 1,
    method: 'initialize',
    params: {
      processId: null,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'r' }],
      capabilities: {},
    },
  });
  server.send({ method: 'initialized', params: {} });
  return server;
}

async function answersHover(server: WireServer, id: number): Promise<boolean> {
  server.send({
    id,
    method: 'textDocument/hover',
    params: { textDocument: { uri: 'file:///probe.dart' }, position: { line: 0, character: 0 } },
  });
  const answer = await server.waitFor((m) => m.id === id && m.method === undefined, 15_000);
  return answer !== undefined;
}

describe('LSP fuzz regressions', () => {
  for (const name of readdirSync(path.join(DIR, 'lsp'))) {
    const text = readFileSync(path.join(DIR, 'lsp', name), 'utf8');
    const regression = JSON.parse(text) as LspRegression;
    test(`${name}: ${regression.description}`, async () => {
      const { root } = scratchWorkspace();
      const server = startServer(root);
      try {
        for (const text of regression.frames) server.write(Buffer.from(text, 'utf8'));
        assert.ok(await answersHover(server, 100), `no answer; stderr: ${server.stderr}`);
        assert.equal(server.exit, undefined);
      } finally {
        server.kill();
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  test('a document opened before the initialize response still gets diagnostics', async () => {
    const { root, files } = scratchWorkspace();
    const server = startServer(root);
    try {
      // A file that exists only in the editor, so the workspace scan cannot publish for it.
      const uri = `file://${path.join(root, 'lib', 'early.dart')}`;
      const text = readFileSync(files[0], 'utf8');
      server.write(frame(JSON.stringify({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'dart', version: 1, text } },
      })));
      const published = await server.waitFor(
        (m) =>
          m.method === 'textDocument/publishDiagnostics' &&
          (m.params as { uri: string; version?: number }).uri === uri &&
          (m.params as { version?: number }).version === 1,
        15_000,
      );
      assert.ok(published, 'no diagnostics for the early document');
    } finally {
      server.kill();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
