/**
 * Fuzzes the language server over its real protocol: starts `dist/server.js --stdio` with
 * `--unhandled-rejections=strict`, sends malformed and hostile messages (see lsp-cases.ts) and
 * after each case checks that the process is alive and still answers a request. A crash or a
 * hang restarts the server and is recorded with the frames that caused it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeCase, type FuzzContext, type LspCase } from './lsp-cases';
import { WireServer, type ServerMessage } from './lsp-wire';
import { Random } from './mutate';

export interface LspFailure {
  kind: 'crash' | 'hang';
  detail: string;
  /** The frames of the failing case, base64, to replay. */
  frames: string[];
  name: string;
}

const ANSWER_MS = 20_000;
/** Above the 1 MiB limit the fuzz workspace sets, far below the 10 MB the engine fuzz uses. */
const LIMIT_BYTES = 1024 * 1024;

const MANIFEST = '<manifest><application android:usesCleartextTraffic="true"/></manifest>\n';

const SAMPLE_DART = `import 'package:http/http.dart' as http;

class PatientApi {
  Future<String> load(String patientId) async {
    final r = await http.get(Uri.parse('http://api.northwind-clinic.net/patients/$patientId'));
    return r.body;
  }
}
`;

/** Writes a small Flutter project for the server to scan and the cases to point at. */
export function scratchWorkspace(): { root: string; files: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-lsp-fuzz-'));
  const put = (relative: string, text: string) => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  put('pubspec.yaml', 'name: fuzz_app\ndependencies:\n  http: any\n');
  put('phi_guard.yaml', `max_file_bytes: ${LIMIT_BYTES}\n`);
  const files = [
    put('lib/main.dart', SAMPLE_DART),
    put('lib/other.dart', 'void main() {}\n'),
    put('android/app/src/main/AndroidManifest.xml', MANIFEST),
  ];
  return { root, files };
}

export class LspFuzzer {
  private server: WireServer;
  private nextId = 1;
  iterations = 0;
  readonly failures: LspFailure[] = [];

  constructor(private readonly root: string) {
    this.server = this.startServer();
  }

  private startServer(): WireServer {
    const server = WireServer.start();
    const rootUri = `file://${this.root}`;
    server.send({
      id: this.nextId++,
      method: 'initialize',
      params: {
        processId: null,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'fuzz' }],
        capabilities: {},
      },
    });
    server.send({ method: 'initialized', params: {} });
    return server;
  }

  /** Sends one case and checks the server afterwards; returns false after a failure. */
  async runCase(fuzzCase: LspCase): Promise<boolean> {
    for (const bytes of fuzzCase.frames) this.server.write(bytes);
    const problem = await this.probe();
    this.iterations++;
    this.server.forget();
    if (!problem) return true;
    const frames = fuzzCase.frames.map((f) => f.toString('base64'));
    this.failures.push({ ...problem, name: fuzzCase.name, frames });
    this.server.kill();
    this.server = this.startServer();
    return false;
  }

  /** Asks for a hover and waits for its answer; says what went wrong when none comes. */
  private async probe(): Promise<Omit<LspFailure, 'frames' | 'name'> | undefined> {
    const id = this.nextId++;
    this.server.send({
      id,
      method: 'textDocument/hover',
      params: {
        textDocument: { uri: 'file:///fuzz-probe.dart' },
        position: { line: 0, character: 0 },
      },
    });
    const isAnswer = (m: ServerMessage) => m.id === id && m.method === undefined;
    const answer = await this.server.waitFor(isAnswer, ANSWER_MS);
    if (answer) return undefined;
    if (this.server.exit) {
      const { code, signal } = this.server.exit;
      const stderr = this.server.stderr.slice(-2000);
      return { kind: 'crash', detail: `exit ${code ?? signal}: ${stderr}` };
    }
    return { kind: 'hang', detail: `no answer within ${ANSWER_MS / 1000} s` };
  }

  /** Checks that an editor text over the limit gets exactly one diagnostic: the skip notice. */
  async checkSizeLimit(): Promise<void> {
    const file = path.join(this.root, 'lib', `huge_${this.iterations}.dart`);
    const uri = `file://${file}`;
    const text = '//' + 'x'.repeat(LIMIT_BYTES * 3);
    this.server.send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'dart', version: 1, text } },
    });
    const published = await this.server.waitFor(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
      ANSWER_MS,
    );
    const params = published?.params as { diagnostics?: Array<{ message: string }> } | undefined;
    const list = params?.diagnostics;
    const ok = list?.length === 1 && /^Skipped: /.test(list[0].message);
    this.server.send({ method: 'textDocument/didClose', params: { textDocument: { uri } } });
    if (!ok) {
      this.failures.push({
        kind: 'crash',
        name: 'size limit',
        detail: `expected one skip notice, got ${JSON.stringify(list?.map((d) => d.message))}`,
        frames: [],
      });
    }
  }

  async stop(): Promise<void> {
    this.server.send({ id: this.nextId++, method: 'shutdown' });
    this.server.send({ method: 'exit' });
    await this.server.waitFor(() => false, 1000);
    this.server.kill();
  }

  nextCaseId(): number {
    const id = this.nextId;
    this.nextId += 2;
    return id;
  }
}

/** Runs protocol cases until the deadline. */
export async function fuzzLsp(
  seed: number,
  deadline: number,
): Promise<{ iterations: number; failures: LspFailure[] }> {
  const { root, files } = scratchWorkspace();
  const ctx: FuzzContext = {
    random: new Random(seed),
    files,
    seeds: [SAMPLE_DART, 'class A {}\n', '', "final u = 'http://x.org';\n"],
    hugeBytes: LIMIT_BYTES + 1 + new Random(seed).int(4 * LIMIT_BYTES),
  };
  const fuzzer = new LspFuzzer(root);
  try {
    await fuzzer.checkSizeLimit();
    while (Date.now() < deadline) await fuzzer.runCase(makeCase(ctx, fuzzer.nextCaseId()));
  } finally {
    await fuzzer.stop();
    rmSync(root, { recursive: true, force: true });
  }
  return { iterations: fuzzer.iterations, failures: fuzzer.failures };
}
