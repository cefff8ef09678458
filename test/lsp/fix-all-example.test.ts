/**
 * Fix-all through the bundled server (`npm run build` first) must write the same files as the
 * CLI's `--fix`. The test applies `source.fixAll.phi-guard` file by file, the way an editor
 * applies the action on save, and writes each workspace edit to disk and to the open documents.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { FIX_ALL_KIND } from '../../shared/protocol';
import { CACHE_DIR_NAME } from '../../server/src/cli/cache';
import { discoverFiles } from '../../server/src/engine';
import { readTree } from '../support/fix-fixtures';
import { createEngine } from '../support/harness';
import { applyEdits, TestClient, uriOf } from './lsp-client';

const MAIN = path.resolve(__dirname, '../../server/src/cli/main.ts');
const EXAMPLE = path.resolve(__dirname, '../../examples/clinic_app');
/** Like the CLI's three rounds, plus one that must find nothing left to fix. */
const MAX_ROUNDS = 4;
const WATCHED_FILE_CREATED = 1;

function copyExample(prefix: string): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(EXAMPLE, root, { recursive: true });
  return root;
}

function fixWithCli(root: string): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--fix', root], {
    encoding: 'utf8',
  });
  return result.stderr;
}

/** The text and version of a document that the test client has open. */
interface OpenDocument {
  text: string;
  version: number;
}

/** Drives the server like an editor: open documents, fix-all requests and applied edits. */
class FixAllEditor {
  readonly documents = new Map<string, OpenDocument>();
  /** The fix-all actions applied, each as `<round> <path relative to the root>`. */
  readonly applied: string[] = [];

  constructor(
    private readonly client: TestClient,
    private readonly root: string,
  ) {}

  async open(filePath: string): Promise<void> {
    const text = readFileSync(filePath, 'utf8');
    this.documents.set(filePath, { text, version: 1 });
    await this.client.open(filePath, text, languageIdOf(filePath), 1);
  }

  /** Requests and applies the fix-all action of every open file once, and returns how many. */
  async runRound(round: number): Promise<number> {
    let count = 0;
    for (const filePath of [...this.documents.keys()]) {
      const action = await this.fixAllAction(filePath);
      if (!action?.edit) continue;
      await this.applyWorkspaceEdit(action.edit);
      this.applied.push(`${round} ${path.relative(this.root, filePath)}`);
      count++;
    }
    return count;
  }

  private async fixAllAction(filePath: string): Promise<CodeAction | undefined> {
    const version = this.documents.get(filePath)!.version;
    await this.client.waitForDiagnostics(filePath, () => true, 'diagnostics', version);
    await this.client.sync();
    const actions = await this.client.connection.sendRequest<CodeAction[]>(
      'textDocument/codeAction',
      {
        textDocument: { uri: uriOf(filePath) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: [FIX_ALL_KIND] },
      },
    );
    assert.ok(actions.length <= 1, `one fix-all action at most for ${filePath}`);
    return actions[0];
  }

  private async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<void> {
    assert.equal(edit.changes, undefined, 'the server sends documentChanges to this client');
    const created: string[] = [];
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        assert.equal(change.kind, 'create', 'fix-all only creates files');
        const filePath = fileURLToPath(change.uri);
        if (existsSync(filePath) && !change.options?.overwrite) continue;
        mkdirSync(path.dirname(filePath), { recursive: true });
        writeFileSync(filePath, '');
        created.push(filePath);
        continue;
      }
      await this.applyDocumentEdit(change);
    }
    for (const filePath of created) await this.announceCreated(filePath);
  }

  private async applyDocumentEdit(change: TextDocumentEdit): Promise<void> {
    const filePath = fileURLToPath(change.textDocument.uri);
    const open = this.documents.get(filePath);
    if (open && change.textDocument.version !== null) {
      assert.equal(change.textDocument.version, open.version, `edit is for the open ${filePath}`);
    }
    const before = open ? open.text : readFileSync(filePath, 'utf8');
    const text = applyEdits(before, change.edits.filter((e) => 'range' in e));
    writeFileSync(filePath, text);
    if (!open) return;
    open.text = text;
    open.version++;
    await this.client.change(filePath, open.version, [{ text }]);
  }

  /** Reports a new file the way the editor's file watcher does, then opens it. */
  private async announceCreated(filePath: string): Promise<void> {
    await this.client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(filePath), type: WATCHED_FILE_CREATED }],
    });
    if (!this.documents.has(filePath)) await this.open(filePath);
  }
}

function languageIdOf(filePath: string): string {
  const byExtension: Record<string, string> = {
    '.dart': 'dart',
    '.xml': 'xml',
    '.plist': 'plist',
    '.yaml': 'yaml',
    '.gradle': 'groovy',
    '.kts': 'kotlin',
    '.kt': 'kotlin',
    '.swift': 'swift',
    '.java': 'java',
  };
  return byExtension[path.extname(filePath)] ?? 'plaintext';
}

/** Drops the CLI's result cache, which the CLI writes into the scanned folder and no fix does. */
function withoutCache(tree: Record<string, string>): Record<string, string> {
  const prefix = `${CACHE_DIR_NAME}/`;
  return Object.fromEntries(Object.entries(tree).filter(([name]) => !name.startsWith(prefix)));
}

/** Lists the findings that still offer a safe fix, analysing the tree from disk. */
async function safelyFixable(root: string): Promise<string[]> {
  const engine = await createEngine();
  const files = discoverFiles([root]).files;
  engine.workspace.setScanRoots([root]);
  for (const file of files) engine.workspace.addPath(file);
  const findings = files.flatMap((file) => engine.analyzeFile(file).findings);
  return findings
    .filter((f) => !f.suppression && f.fixes.some((fix) => fix.safe))
    .map((f) => `${f.ruleId} ${path.relative(root, f.path)}:${f.range.start.line + 1}`);
}

describe('fix-all on the example app', () => {
  let viaServer: string;
  let client: TestClient;
  let editor: FixAllEditor;
  let lastRoundCount = -1;

  before(async () => {
    viaServer = copyExample('phi-guard-example-lsp-');
    client = TestClient.start();
    await client.initialize([viaServer]);
    editor = new FixAllEditor(client, viaServer);
    for (const filePath of discoverFiles([viaServer]).files) await editor.open(filePath);
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      lastRoundCount = await editor.runRound(round);
      if (lastRoundCount === 0) break;
    }
  });

  after(async () => {
    await client.stop();
  });

  test('server applies safe fixes', () => {
    assert.ok(editor.applied.length > 0, 'the example app has safe fixes to apply');
  });

  test('server runs out of fixes', () => {
    assert.equal(lastRoundCount, 0, `still fixing after ${MAX_ROUNDS} rounds`);
  });

  test('server and CLI write same files', () => {
    const viaCli = copyExample('phi-guard-example-cli-');
    const log = fixWithCli(viaCli);
    const cliFixed = [...log.matchAll(/^phi-guard: fixed ([^:]+):/gm)].map((m) => m[1]);
    const serverFixed = editor.applied.map((entry) => entry.split(' ')[1]);
    assert.deepEqual([...new Set(serverFixed)].sort(), [...new Set(cliFixed)].sort());
    const serverTree = readTree(viaServer);
    const cliTree = withoutCache(readTree(viaCli));
    assert.deepEqual(Object.keys(serverTree).sort(), Object.keys(cliTree).sort());
    for (const name of Object.keys(cliTree)) {
      assert.equal(serverTree[name], cliTree[name], `${name} differs between server and CLI`);
    }
  });

  test('no safe fix remains', async () => {
    assert.deepEqual(await safelyFixable(viaServer), []);
  });
});
