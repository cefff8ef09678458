/**
 * Entry of a workspace scan worker (`dist/scan-worker.js`, a `worker_threads` worker). It builds
 * its own engine from `ScanWorkerSetup`, analyses one project per request, posts each file's
 * result and then drops the project's parsed files, so its memory follows the largest project
 * rather than the whole workspace. It never posts source text, only results and log lines
 * made of paths and error names.
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../../../rules';
import { Engine, type EngineConfig } from '../engine';
import { ConfigLoader } from '../engine/config-loader';
import { describeError } from './log';
import { collectGarbage } from './memory';
import type { ProjectRequest, ScanWorkerSetup, WorkerMessage } from './scan-worker-protocol';
import { applyOverrides } from './settings';

/**
 * Test hook: with this variable set, the worker exits after posting its first result, so tests
 * can check that the server finishes the scan without it.
 */
const EXIT_AFTER_FIRST_RESULT = process.env.PHI_GUARD_TEST_SCAN_WORKER_EXIT === '1';

/**
 * Heap size after a project above which the worker requests its replacement. V8 collects the
 * released project's objects only when the heap grows further, and tree-sitter's WebAssembly
 * memory never shrinks, so ending the worker is the way to give both back to the system.
 */
const REPLACE_ABOVE_HEAP_BYTES = 128 * 1024 * 1024;

const port = parentPort;
if (!port) throw new Error('scan-worker must run as a worker thread');
const setup = workerData as ScanWorkerSetup;
/** Editor texts of the current project's open documents, which win over the disk. */
const openTexts = new Map<string, string>();

// NOTE: this loader starts with no last good config. While a phi_guard.yaml has errors, files
// analysed here get the defaults where the server keeps the config it loaded before the error.
const loader = new ConfigLoader({
  rules: allRules.map((rule) => rule.meta),
  readText: (filePath) => openTexts.get(filePath) ?? readFileSync(filePath, 'utf8'),
  keepLastGood: true,
});
const withLevels = new WeakMap<EngineConfig, EngineConfig>();

function configFor(filePath: string): EngineConfig {
  const base = loader.configFor(filePath);
  let merged = withLevels.get(base);
  if (!merged) {
    merged = applyOverrides(base, setup.ruleLevels);
    withLevels.set(base, merged);
  }
  return merged;
}

const ready = createEngine();

async function createEngine(): Promise<Engine> {
  const engine = await Engine.create({
    rules: allRules,
    dartGrammarPath: setup.dartGrammarPath,
    today: new Date(setup.today),
    configFor,
  });
  // A worker without the grammar would report every Dart file as unanalysed, so it fails
  // here and the server falls back to its own engine.
  if (!engine.grammar.ok) throw new Error(`The scan worker could not load the Dart grammar`);
  engine.workspace.setScanRoots(setup.scanRoots);
  for (const filePath of setup.paths) engine.workspace.addPath(filePath);
  return engine;
}

let queue = Promise.resolve();
port.on('message', (request: ProjectRequest) => {
  queue = queue.then(async () => analyzeProject(await ready, request));
});

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

function analyzeProject(engine: Engine, request: ProjectRequest): void {
  const workspace = engine.workspace;
  for (const open of request.open) {
    openTexts.set(open.path, open.text);
    workspace.open(open.path, open.text, open.version);
  }
  for (const filePath of request.paths) {
    try {
      post({ type: 'result', result: engine.analyzeFile(filePath) });
    } catch (error) {
      post({ type: 'log', level: 'error', message: failure(filePath, error) });
      continue;
    }
    if (EXIT_AFTER_FIRST_RESULT) process.exit(1);
  }
  for (const open of request.open) {
    openTexts.delete(open.path);
    workspace.close(open.path, true);
  }
  const released = workspace.releaseIdleProjects();
  collectGarbage();
  const heapBytes = getHeapStatistics().total_heap_size;
  const message = releasedMessage(request.root, released, heapBytes);
  post({ type: 'log', level: 'debug', message });
  const replace = heapBytes > REPLACE_ABOVE_HEAP_BYTES;
  post({ type: 'project-done', root: request.root, replace });
}

function failure(filePath: string, error: unknown): string {
  return `Analysis of ${filePath} in a scan worker failed: ${describeError(error)}`;
}

function releasedMessage(root: string, released: number, heapBytes: number): string {
  const heapMb = Math.round(heapBytes / 1048576);
  return `Scan worker finished ${root}, released ${released} parsed file(s), heap ${heapMb} MB`;
}
