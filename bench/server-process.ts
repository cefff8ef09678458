/**
 * Drives the bundled language server (`node dist/server.js --stdio`) for the benchmarks: a
 * small client that records published diagnostics by version and `$/progress` reports, and
 * reads the process's peak resident memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { SERVER_NODE_OPTIONS } from '../shared/node-options';

const SERVER = path.resolve(__dirname, '../dist/server.js');

export const uriOf = (filePath: string): string => pathToFileURL(filePath).href;

export class BenchServer {
  readonly connection: MessageConnection;
  readonly started = performance.now();
  /** When the first non-empty diagnostics arrived, in ms since start. */
  firstDiagnosticsMs?: number;
  progressEnded = false;
  private waiters: Array<() => void> = [];
  private readonly versions = new Map<string, number>();
  /** The last version of each open file that the engine analysed, by path. */
  private readonly analysed = new Map<string, number>();

  private constructor(private readonly child: ChildProcess) {
    this.connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    child.stderr!.resume();
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishedParams) => {
      if (p.diagnostics.length > 0 && this.firstDiagnosticsMs === undefined) {
        this.firstDiagnosticsMs = performance.now() - this.started;
      }
      if (p.version !== undefined) this.versions.set(p.uri, p.version);
      this.wake();
    });
    c.onNotification('window/logMessage', (p: { message?: string }) => {
      // The server logs "Analysed <path> version <n> in <ms> ms" right before it publishes.
      const match = /^Analysed (.+) version (\d+) in /.exec(p.message ?? '');
      if (match) this.analysed.set(match[1], Number(match[2]));
      this.wake();
    });
    c.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'end') this.progressEnded = true;
      this.wake();
    });
    c.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.listen();
  }

  /**
   * Starts the server with the Node options the VS Code client uses. `PHI_GUARD_BENCH_NODE_ARGS`
   * adds more, for example `--cpu-prof`.
   */
  static start(): BenchServer {
    const extra = process.env.PHI_GUARD_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...extra, SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new BenchServer(child);
  }

  async initialize(folders: string[]): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders.length > 0 ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves when `probe` holds, checked on each message; rejects after `timeoutMs`. */
  until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!probe()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  /** The version of the last diagnostics published for a file: moved or analysed. */
  versionOf(filePath: string): number | undefined {
    return this.versions.get(uriOf(filePath));
  }

  /** The last version of an open file that the engine analysed. */
  analysedVersionOf(filePath: string): number | undefined {
    return this.analysed.get(filePath);
  }

  /** Peak resident set size of the server process in MB (Linux only). */
  peakRssMb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown').catch(() => undefined);
    await this.connection.sendNotification('exit').catch(() => undefined);
    this.connection.dispose();
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const timer = setTimeout(() => this.child.kill(), 3000);
    await exited;
    clearTimeout(timer);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

interface PublishedParams {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}
