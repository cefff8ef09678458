/**
 * A raw LSP connection to `node dist/server.js --stdio` for the protocol fuzzer: it writes any
 * bytes (so it can send broken frames), reads framed messages back without trusting them,
 * replies to the server's own requests, and notices when the process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const SERVER = path.resolve(__dirname, '../dist/server.js');

export interface ServerMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export function frame(body: string | Buffer, length?: number): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const header = `Content-Length: ${length ?? bytes.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(header, 'ascii'), bytes]);
}

export class WireServer {
  readonly messages: ServerMessage[] = [];
  /** The value returned for each item of a `workspace/configuration` request. */
  configuration: unknown = {};
  stderr = '';
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  private buffer = Buffer.alloc(0);
  private listeners: Array<() => void> = [];

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr!.on('data', (chunk: Buffer) => {
      // Keep the end only: a long run must not grow without bound.
      this.stderr = (this.stderr + chunk.toString()).slice(-20_000);
    });
    child.stdin!.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.wake();
    });
  }

  /** Starts the server so that an unhandled promise rejection ends the process. */
  static start(env: Record<string, string> = {}): WireServer {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing; run npm run build first`);
    const child = spawn(process.execPath, ['--unhandled-rejections=strict', SERVER, '--stdio'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new WireServer(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  write(bytes: Buffer): void {
    if (!this.exit) this.child.stdin!.write(bytes);
  }

  send(message: object): void {
    this.write(frame(JSON.stringify({ jsonrpc: '2.0', ...message })));
  }

  /** Resolves with the first message `probe` accepts, or undefined after `ms` or an exit. */
  waitFor(probe: (m: ServerMessage) => boolean, ms: number): Promise<ServerMessage | undefined> {
    return new Promise((resolve) => {
      let seen = 0;
      const check = () => {
        for (; seen < this.messages.length; seen++) {
          if (probe(this.messages[seen])) return done(this.messages[seen]);
        }
        if (this.exit) done(undefined);
      };
      const timer = setTimeout(() => done(undefined), ms);
      const done = (value: ServerMessage | undefined) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(value);
      };
      this.listeners.push(check);
      check();
    });
  }

  /** Drops the messages received so far, keeping memory flat over a long run. */
  forget(): void {
    this.messages.length = 0;
  }

  kill(): void {
    if (!this.exit) this.child.kill('SIGKILL');
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const match = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'));
      const length = match ? Number(match[1]) : 0;
      if (this.buffer.length < end + 4 + length) break;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(JSON.parse(body) as ServerMessage);
    }
  }

  private handle(message: ServerMessage): void {
    if (message.method !== undefined && message.id !== undefined) this.answer(message);
    this.messages.push(message);
    this.wake();
  }

  /** Replies to requests from the server the way a plain client would. */
  private answer(request: ServerMessage): void {
    let result: unknown = null;
    if (request.method === 'workspace/configuration') {
      const items = (request.params as { items?: unknown[] } | undefined)?.items ?? [];
      result = items.map(() => this.configuration);
    }
    this.send({ id: request.id, result });
  }

  private wake(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
