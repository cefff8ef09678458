/**
 * Fuzzes the engine with mutated Dart, XML, plist, YAML, Gradle, Kotlin and Swift files, random
 * bytes, invalid UTF-8, deep nesting, 10 MB files and files that change or vanish between being
 * listed and being read. A worker thread runs the iterations; the main thread stops it when it
 * makes no progress for HANG_SECONDS and counts a hang.
 *
 * Usage: npm run fuzz -- [--seconds N] [--seed N]
 * Prints iterations, crashes and hangs; saves each failing input under fuzz/findings/ and exits 1
 * when anything failed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { collectSeeds, TARGETS, type Target } from './seeds';
import { mutate, Random } from './mutate';
import { fuzzLsp, type LspFailure } from './lsp';

const HANG_SECONDS = 20;
/** The engine's default `max_file_bytes`; the scratch project sets no other. */
const SIZE_LIMIT = 2 * 1024 * 1024;

interface Failure {
  kind: 'crash' | 'hang';
  target: string;
  detail: string;
  input: string;
}

type WorkerMessage =
  | { type: 'progress'; iterations: number; current: { target: string; input: string } }
  | { type: 'failure'; failure: Failure }
  | { type: 'done'; iterations: number };

function parseOptions(argv: string[]): { seconds: number; seed: number } {
  const options = { seconds: 30, seed: Date.now() % 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seconds') options.seconds = Number(argv[++i]);
    else if (argv[i] === '--seed') options.seed = Number(argv[++i]);
  }
  if (!Number.isFinite(options.seconds) || options.seconds <= 0) {
    throw new Error('--seconds needs a positive number of seconds');
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const deadline = Date.now() + options.seconds * 1000;
  const failures: Failure[] = [];
  let iterations = 0;
  let seed = options.seed;
  console.log(`fuzz: seed ${options.seed}, ${options.seconds} s`);
  // The protocol fuzzer drives a server process from this thread while the worker runs.
  const lsp = fuzzLsp(options.seed, deadline);
  while (Date.now() < deadline) {
    const result = await runWorker(seed, deadline);
    iterations += result.iterations;
    failures.push(...result.failures);
    seed++;
    if (result.iterations === 0 && result.failures.length > 0) break;
  }
  const lspResult = await lsp;
  report(failures, iterations);
  reportLsp(lspResult.failures, lspResult.iterations);
  process.exitCode = failures.length + lspResult.failures.length > 0 ? 1 : 0;
}

function runWorker(seed: number, deadline: number): Promise<{ iterations: number; failures: Failure[] }> {
  return new Promise((resolve) => {
    const worker = new Worker(__filename, { workerData: { seed, deadline }, execArgv: ['--require', require.resolve('tsx/cjs')] });
    const failures: Failure[] = [];
    let iterations = 0;
    let current = { target: '', input: '' };
    let lastProgress = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress < HANG_SECONDS * 1000) return;
      failures.push({ kind: 'hang', target: current.target, detail: `no progress for ${HANG_SECONDS} s`, input: current.input });
      void worker.terminate();
    }, 1000);
    worker.on('message', (message: WorkerMessage) => {
      lastProgress = Date.now();
      if (message.type === 'progress') {
        iterations = message.iterations;
        current = message.current;
      } else if (message.type === 'failure') {
        failures.push(message.failure);
      } else {
        iterations = message.iterations;
      }
    });
    worker.on('error', (error) => {
      failures.push({ kind: 'crash', target: current.target, detail: `worker died: ${error.message}`, input: current.input });
    });
    worker.on('exit', () => {
      clearInterval(watchdog);
      resolve({ iterations, failures });
    });
  });
}

function report(failures: Failure[], iterations: number): void {
  const dir = path.join(__dirname, 'findings');
  for (const failure of failures) {
    mkdirSync(dir, { recursive: true });
    const name = createHash('sha256').update(failure.input).digest('hex').slice(0, 12);
    writeFileSync(path.join(dir, `${name}.input`), Buffer.from(failure.input, 'base64'));
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ ...failure, input: undefined }, null, 2));
    console.log(`fuzz: ${failure.kind} on ${failure.target}: ${failure.detail} (saved as ${name})`);
  }
  const crashes = failures.filter((f) => f.kind === 'crash').length;
  const hangs = failures.length - crashes;
  console.log(`fuzz: ${iterations} iterations, ${crashes} crashes, ${hangs} hangs`);
}

function reportLsp(failures: LspFailure[], iterations: number): void {
  const dir = path.join(__dirname, 'findings');
  for (const failure of failures) {
    mkdirSync(dir, { recursive: true });
    const name = 'lsp-' + createHash('sha256').update(failure.frames.join()).digest('hex').slice(0, 12);
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(failure, null, 2) + '\n');
    console.log(`fuzz: lsp ${failure.kind} on ${failure.name}: ${failure.detail.slice(0, 300)} (saved as ${name})`);
  }
  const crashes = failures.filter((f) => f.kind === 'crash').length;
  console.log(`fuzz: lsp ${iterations} cases, ${crashes} crashes, ${failures.length - crashes} hangs`);
}

/** Runs the worker: mutates seeds into a scratch Flutter project and analyses it until the deadline. */
async function work(): Promise<void> {
  const { seed, deadline } = workerData as { seed: number; deadline: number };
  // Loaded here, not at the top, so that the main thread stays light and never runs the engine.
  const { allRules } = require('../rules') as typeof import('../rules');
  const { Engine } = require('../server/src/engine') as typeof import('../server/src/engine');
  const random = new Random(seed);
  const seeds = collectSeeds(path.resolve(__dirname, '..'));
  const engine = await Engine.create({ rules: allRules });
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-fuzz-'));
  engine.workspace.setScanRoots([root]);
  let iterations = 0;
  try {
    while (Date.now() < deadline) {
      const target = random.pick(TARGETS);
      const input = makeInput(target, random, seeds);
      const file = path.join(root, target.path);
      parentPort!.postMessage({ type: 'progress', iterations, current: { target: target.path, input: input.toString('base64') } });
      runOne(engine, root, file, input, random, target);
      iterations++;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  parentPort!.postMessage({ type: 'done', iterations });
}

function makeInput(target: Target, random: Random, seeds: Map<string, Buffer[]>): Buffer {
  const own = seeds.get(target.seedKind) ?? [];
  const all = [...seeds.values()].flat();
  const base = own.length > 0 && random.next() < 0.9 ? random.pick(own) : random.pick(all);
  if (random.next() < 0.01) return Buffer.alloc(10 * 1024 * 1024, base.length > 0 ? base : Buffer.from('x'));
  return mutate(base, random, all);
}

function runOne(
  engine: import('../server/src/engine').Engine,
  root: string,
  file: string,
  input: Buffer,
  random: Random,
  target: Target,
): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, input);
  engine.workspace.addPath(file);
  const change = random.next();
  if (change < 0.05) rmSync(file, { force: true });
  else if (change < 0.1) writeFileSync(file, input.subarray(0, input.length >> 1));
  // The server never hands the engine an editor text over the limit (it shows a notice), so
  // neither does this fuzzer. The protocol fuzzer sends such texts through the server.
  else if (change < 0.2 && input.length <= SIZE_LIMIT) {
    engine.workspace.open(file, input.toString('utf8'), iterationsVersion(random));
  }
  for (const other of engine.workspace.allPaths()) {
    if (!other.startsWith(root)) continue;
    try {
      const result = engine.analyzeFile(other);
      const ruleFailure = result.notices.find((n) => /^Rule .* failed/.test(n.message));
      if (ruleFailure) throw new Error(ruleFailure.message);
      checkSkipped(engine, other, result);
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const failing = other === engine.workspace.allPaths().find((p) => p === file) ? input : readSafely(other);
      parentPort!.postMessage({
        type: 'failure',
        failure: { kind: 'crash', target: path.relative(root, other), detail, input: failing.toString('base64') },
      });
    }
  }
  engine.workspace.close(file, random.next() < 0.8);
  void target;
}

/** A file on disk over the size limit must give one skip notice and nothing else. */
function checkSkipped(
  engine: import('../server/src/engine').Engine,
  file: string,
  result: import('../server/src/engine').FileResult,
): void {
  const entry = engine.workspace.file(file);
  if (entry?.isOpenInEditor) return;
  // phi_guard.yaml is read by the config loader, never analysed by the rules.
  if (entry?.kind === 'phi-guard-config') return;
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size <= SIZE_LIMIT) return;
  const skipped = result.notices.length === 1 && result.notices[0].message.startsWith('Skipped: ');
  if (!skipped || result.findings.length > 0) {
    throw new Error(`a ${size}-byte file gave ${result.notices.length} notices and ${result.findings.length} findings`);
  }
}

function iterationsVersion(random: Random): number {
  return 1 + random.int(1000);
}

function readSafely(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
} else {
  void work();
}
