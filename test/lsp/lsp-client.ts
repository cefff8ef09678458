import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { applyEdits as applyTextEdits } from '../../server/src/engine/platform/text-edits';
import { SourceText } from '../../server/src/engine/text';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver';

const SERVER = path.resolve(__dirname, '../../dist/server.js');
const WAIT_MS = 10_000;

/** Writes a file of a test project, creating its folders, and returns its path. */
export function writeProjectFile(root: string, relative: string, content: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** A network security config that pins northwind-clinic.net and its subdomains. */
export const PINNED_NSC = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<network-security-config>',
  '    <domain-config>',
  '        <domain includeSubdomains="true">northwind-clinic.net</domain>',
  '        <pin-set expiration="2030-01-01">',
  '            <pin digest="SHA-256">AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</pin>',
  '            <pin digest="SHA-256">BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=</pin>',
  '        </pin-set>',
  '    </domain-config>',
  '</network-security-config>',
  '',
].join('\n');

export function uriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** Capabilities of a client like VS Code, as far as the server looks at them. */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
};

/**
 * A minimal LSP client for tests: runs `dist/server.js --stdio` as a child process, records
 * every published diagnostic list and message, and replies to the server's own requests.
 */
export class TestClient {
  readonly connection: MessageConnection;
  readonly messages: ShowMessageParams[] = [];
  /** Texts of the server's `window/logMessage` notifications, in order. */
  readonly logs: string[] = [];
  readonly registrations: string[] = [];
  /** The `kind` of every `$/progress` report: begin, report or end. */
  readonly progress: string[] = [];
  /** How long `waitFor` waits before it fails. */
  waitMs = WAIT_MS;
  /** What `workspace/configuration` returns for the `phiGuard` section; tests change it. */
  settings: Record<string, unknown> = {};
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly publishCounts = new Map<string, number>();
  private listeners: Array<() => void> = [];
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    this.connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const published = params as PublishDiagnosticsParams;
      this.latest.set(published.uri, published);
      this.publishCounts.set(published.uri, (this.publishCounts.get(published.uri) ?? 0) + 1);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    this.connection.onNotification('window/showMessage', (params) => {
      this.messages.push(params as ShowMessageParams);
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => this.settings),
    );
    this.connection.onRequest('client/registerCapability', (params) => {
      const list = (params as { registrations: Array<{ method: string }> }).registrations;
      this.registrations.push(...list.map((r) => r.method));
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (params: { value?: { kind?: string } }) => {
      this.progress.push(params.value?.kind ?? 'unknown');
      this.notify();
    });
    this.connection.listen();
  }

  static start(env: Record<string, string> = {}): TestClient {
    const child = spawn(process.execPath, [SERVER, '--stdio'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new TestClient(child);
  }

  async initialize(
    folders: string[],
    capabilities: ClientCapabilities = CLIENT_CAPABILITIES,
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folders.length > 0 ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(filePath: string, text: string, languageId: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(filePath), languageId, version, text },
    });
  }

  change(filePath: string, version: number, changes: TextDocumentContentChangeEvent[]) {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(filePath), version },
      contentChanges: changes,
    });
  }

  close(filePath: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', {
      textDocument: { uri: uriOf(filePath) },
    });
  }

  /** Returns the last diagnostics published for a file, or undefined if none were. */
  diagnosticsOf(filePath: string): Diagnostic[] | undefined {
    return this.latest.get(uriOf(filePath))?.diagnostics;
  }

  publishCount(filePath: string): number {
    return this.publishCounts.get(uriOf(filePath)) ?? 0;
  }

  /**
   * Resolves once the last published diagnostics of the file satisfy `accept` and, when given,
   * were computed for document `version`.
   */
  waitForDiagnostics(
    filePath: string,
    accept: (diagnostics: Diagnostic[]) => boolean,
    description = 'the expected diagnostics',
    version?: number,
  ): Promise<Diagnostic[]> {
    return this.waitFor(
      () => {
        const published = this.latest.get(uriOf(filePath));
        if (!published || (version !== undefined && published.version !== version))
          return undefined;
        return accept(published.diagnostics) ? published.diagnostics : undefined;
      },
      `${description} for ${path.basename(filePath)}${version === undefined ? '' : ` v${version}`}`,
    );
  }

  waitFor<T>(probe: () => T | undefined, description: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return false;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(value);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        const last = [...this.latest.values()].map(
          (p) => `${p.uri}: ${JSON.stringify(p.diagnostics.map((d) => d.code))}`,
        );
        const detail = `Last published:\n${last.join('\n')}\n${this.stderr}`;
        reject(new Error(`Timed out waiting for ${description}. ${detail}`));
      }, this.waitMs);
      this.listeners.push(listener);
      check();
    });
  }

  /**
   * Sends a request and waits for its response. The server handles messages in order, so any
   * notification that earlier messages caused synchronously has arrived by then.
   */
  async sync(): Promise<void> {
    await this.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: 'file:///nonexistent.dart' },
      position: { line: 0, character: 0 },
    });
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
    }
    this.connection.dispose();
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Applies LSP text edits (computed against `text`) with the engine code the CLI uses too. */
export function applyEdits(
  text: string,
  edits: Array<{ range: Diagnostic['range']; newText: string }>,
): string {
  return applyTextEdits(new SourceText(text), edits);
}
