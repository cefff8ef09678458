/**
 * Measures how well one Dart grammar parses a corpus of real Flutter code: how many files get a
 * tree with an ERROR or MISSING node, how many such nodes there are, and parse throughput.
 *
 *   npx tsx bench/grammar-errors.ts --grammar PATH [--runs N] [--json OUT.json] CORPUS_DIR
 *
 * Run one process per grammar. Two Dart grammars loaded into one web-tree-sitter instance export
 * the same external-scanner symbols and corrupt each other, so comparing them in one process
 * gives wrong trees.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Parser, type Language, type Node } from 'web-tree-sitter';
import { loadDartLanguage } from '../server/src/engine/parsers/dart-grammar';

interface Options {
  grammar: string;
  corpus: string;
  runs: number;
  json?: string;
}

interface SourceFile {
  /** Path relative to the corpus folder. */
  path: string;
  text: string;
  bytes: number;
  lines: number;
}

interface FileErrors {
  path: string;
  errorNodes: number;
  missingNodes: number;
  /** 1-based line of the first ERROR or MISSING node. */
  firstLine: number;
}

const USAGE =
  'usage: npx tsx bench/grammar-errors.ts --grammar PATH [--runs N] [--json OUT.json] CORPUS_DIR';

function parseArgs(argv: string[]): Options {
  const options: Partial<Options> = { runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grammar') options.grammar = argv[++i];
    else if (arg === '--json') options.json = argv[++i];
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else options.corpus = arg;
  }
  if (!options.grammar) fail('missing --grammar PATH');
  if (!options.corpus) fail('missing CORPUS_DIR');
  if (!Number.isInteger(options.runs) || options.runs! < 1) {
    fail(`--runs must be a positive integer, not ${options.runs}`);
  }
  return options as Options;
}

function fail(message: string): never {
  console.error(`grammar-errors: ${message}\n${USAGE}`);
  process.exit(2);
}

function listDartFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listDartFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.dart')) found.push(full);
  }
  return found;
}

function readCorpus(corpus: string): SourceFile[] {
  return listDartFiles(corpus)
    .sort()
    .map((file) => {
      const raw = readFileSync(file);
      const text = raw.toString('utf8');
      return {
        path: path.relative(corpus, file),
        text,
        bytes: raw.length,
        lines: text.split('\n').length,
      };
    });
}

/** Counts ERROR and MISSING nodes, descending only into subtrees that `hasError` marks. */
function countProblems(node: Node, totals: { errors: number; missing: number; first: number }) {
  if (node.isError || node.isMissing) {
    if (node.isError) totals.errors++;
    else totals.missing++;
    if (totals.first < 0) totals.first = node.startPosition.row + 1;
  }
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) countProblems(child, totals);
  }
}

function checkFiles(parser: Parser, files: SourceFile[]): FileErrors[] {
  const result: FileErrors[] = [];
  for (const file of files) {
    const tree = parser.parse(file.text);
    if (!tree) throw new Error(`parsing ${file.path} returned no tree`);
    if (tree.rootNode.hasError) {
      const totals = { errors: 0, missing: 0, first: -1 };
      countProblems(tree.rootNode, totals);
      const { errors, missing, first } = totals;
      result.push({ path: file.path, errorNodes: errors, missingNodes: missing, firstLine: first });
    }
    tree.delete();
  }
  return result;
}

/** Seconds for one pass of parse plus delete over sources already in memory. */
function timePass(parser: Parser, files: SourceFile[]): number {
  const start = performance.now();
  for (const file of files) parser.parse(file.text)?.delete();
  return (performance.now() - start) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(language: Language, files: SourceFile[], runs: number) {
  const parser = new Parser();
  parser.setLanguage(language);
  const errorFiles = checkFiles(parser, files);
  // Untimed warm-up: V8 first runs wasm in its baseline tier and optimizes it later.
  timePass(parser, files);
  const seconds = Array.from({ length: runs }, () => timePass(parser, files));
  parser.delete();
  return { errorFiles, seconds };
}

function printTable(report: ReturnType<typeof buildReport>): void {
  const size = `${report.files} / ${report.megabytes.toFixed(1)} / ${report.lines}`;
  const errorFiles = `${report.errorFiles} (${report.errorFilePercent.toFixed(1)} %)`;
  const rows: [string, string][] = [
    ['grammar', report.grammar],
    ['language ABI / node types', `${report.abiVersion} / ${report.nodeTypeCount}`],
    ['dart files / MB / lines', size],
    ['files with ERROR or MISSING', errorFiles],
    ['ERROR nodes / MISSING nodes', `${report.errorNodes} / ${report.missingNodes}`],
    ['parse seconds per run', report.runSeconds.map((s) => s.toFixed(2)).join(', ')],
    ['throughput, median (MB/s)', report.megabytesPerSecond.toFixed(2)],
    ['throughput, fastest run (MB/s)', report.bestMegabytesPerSecond.toFixed(2)],
    ['load average before / after', report.loadAverage.map((l) => l.toFixed(2)).join(' / ')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

function buildReport(options: Options, language: Language, files: SourceFile[]) {
  const loadBefore = os.loadavg()[0];
  const { errorFiles, seconds } = measure(language, files, options.runs);
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const megabytes = bytes / 1e6;
  return {
    grammar: path.resolve(options.grammar),
    corpus: path.resolve(options.corpus),
    abiVersion: language.abiVersion,
    nodeTypeCount: language.nodeTypeCount,
    files: files.length,
    bytes,
    megabytes,
    lines: files.reduce((sum, f) => sum + f.lines, 0),
    errorFiles: errorFiles.length,
    errorFilePercent: files.length ? (100 * errorFiles.length) / files.length : 0,
    errorNodes: errorFiles.reduce((sum, f) => sum + f.errorNodes, 0),
    missingNodes: errorFiles.reduce((sum, f) => sum + f.missingNodes, 0),
    runSeconds: seconds,
    megabytesPerSecond: megabytes / median(seconds),
    bestMegabytesPerSecond: megabytes / Math.min(...seconds),
    /** One-minute load averages: other processes on the machine slow the timed runs down. */
    loadAverage: [loadBefore, os.loadavg()[0]],
    machine: { cpus: os.availableParallelism(), node: process.version, platform: process.platform },
    filesWithErrors: errorFiles,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const language = await loadDartLanguage(path.resolve(options.grammar));
  const files = readCorpus(options.corpus);
  if (files.length === 0) fail(`no .dart files under ${options.corpus}`);
  const report = buildReport(options, language, files);
  printTable(report);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(`grammar-errors: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
