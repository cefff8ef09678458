/**
 * Runs every benchmark and prints one table: keystroke latency through the server, workspace
 * scan throughput against the parse and read floors, and the server on a large workspace.
 * Writes the figures with the machine to bench/results/<time>.json.
 *
 * Usage: npm run bench -- [--edits N] [--runs N] [--lines N] [--corpus DIR]
 *                        [--only latency|scan|server]
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { writeWorkspace } from './generate';
import { measureLatency, type LatencyResult } from './latency';
import { measureServerOnWorkspace } from './memory';
import { measureScan, scanRows, type ScanResult } from './scan';
import { machine } from './stats';

const ROOT = path.resolve(__dirname, '..');
const TARGET_P95_MS = 10;
const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 300;

interface Options {
  edits: number;
  runs: number;
  lines: number;
  corpus?: string;
  only?: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { edits: 200, runs: 3, lines: 500_000 };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    if (argv[i] === '--edits') options.edits = Number(next());
    else if (argv[i] === '--runs') options.runs = Number(next());
    else if (argv[i] === '--lines') options.lines = Number(next());
    else if (argv[i] === '--corpus') options.corpus = next();
    else if (argv[i] === '--only') options.only = next();
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!options.corpus && existsSync('/work/corpus')) options.corpus = '/work/corpus';
  return options;
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? 'n/a' : n.toFixed(digits));
const against = (value: number | undefined, target: number) =>
  value === undefined ? 'n/a' : `${(value / target).toFixed(2)}x target ${target}`;

async function latencySection(options: Options): Promise<LatencyResult[]> {
  const results: LatencyResult[] = [];
  console.log('\n## Keystroke latency (didChange to publishDiagnostics, ms)\n');
  console.log('First: the first diagnostics for the version (moved or analysed).');
  console.log('Analysed: the diagnostics the engine computed for that version.\n');
  console.log('| lines | edits | open | diagnostics | p50 | p95 | p99 | max | p95 vs target |');
  console.log('|---:|---:|---:|---|---:|---:|---:|---:|---|');
  for (const lines of [1000, 5000, 20000]) {
    const r = await measureLatency(lines, options.edits);
    results.push(r);
    for (const [label, p] of [['first', r], ['analysed', r.analysed]] as const) {
      const vs = lines === 5000 ? against(p.p95, TARGET_P95_MS) : '';
      console.log(
        `| ${lines} | ${r.edits} | ${fmt(r.openMs)} | ${label} | ${fmt(p.p50)} | ` +
          `${fmt(p.p95)} | ${fmt(p.p99)} | ${fmt(p.max)} | ${vs} |`,
      );
    }
  }
  return results;
}

function corpusApps(corpus: string): string[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(corpus, entry.name));
}

async function scanSection(options: Options, generated: string): Promise<ScanResult[]> {
  const results: ScanResult[] = [];
  if (options.corpus && existsSync(options.corpus)) {
    results.push(await measureScan('corpus', corpusApps(options.corpus), options.runs));
  } else {
    console.log('\nNo corpus found (/work/corpus or --corpus DIR): scanning generated code only.');
  }
  results.push(await measureScan('generated', [generated], Math.min(options.runs, 1)));
  console.log('\n## Workspace scan (median ms)\n');
  console.log('| set | step | ms | throughput |\n|---|---|---:|---|');
  for (const r of results) for (const row of scanRows(r)) console.log(row);
  for (const r of results) {
    console.log(
      `${r.label}: ${r.files} files, ${r.megabytes.toFixed(1)} MB, ${r.dartLines} Dart lines; ` +
        `analysis / parse = ${r.ratio.toFixed(2)} (${against(r.ratio, TARGET_RATIO)})`,
    );
  }
  return results;
}

async function serverSection(generated: string) {
  const r = await measureServerOnWorkspace(generated);
  console.log('\n## Server on the generated workspace\n');
  console.log(`first diagnostics after start: ${fmt(r.firstDiagnosticsMs, 0)} ms`);
  console.log(`scan finished after start: ${fmt(r.scanDoneMs, 0)} ms`);
  console.log(`peak RSS: ${fmt(r.peakRssMb, 0)} MB (${against(r.peakRssMb, TARGET_RSS_MB)})`);
  const during = r.editDuringScan;
  if (during) {
    console.log(
      `edits during the scan (${during.edits}): p50 ${fmt(during.p50)} ms, ` +
        `p95 ${fmt(during.p95)} ms, max ${fmt(during.max)} ms`,
    );
  }
  return r;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(path.join(ROOT, 'dist/server.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const info = machine();
  console.log(`# PHI Guard benchmarks\n\n${JSON.stringify(info)}`);
  const want = (name: string) => !options.only || options.only === name;
  const generated = mkdtempSync(path.join(tmpdir(), 'phi-guard-workspace-'));
  const results: Record<string, unknown> = { machine: info, command: process.argv.slice(2) };
  try {
    if (want('scan') || want('server')) {
      const summary = writeWorkspace(generated, options.lines);
      const { apps, files, dartLines } = summary;
      console.log(`generated ${apps} apps, ${files} files, ${dartLines} Dart lines`);
      results.generated = summary;
    }
    if (want('latency')) results.latency = await latencySection(options);
    if (want('scan')) results.scan = await scanSection(options, generated);
    if (want('server')) results.server = await serverSection(generated);
  } finally {
    rmSync(generated, { recursive: true, force: true });
  }
  const out = path.join(ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
});
