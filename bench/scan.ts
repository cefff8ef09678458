/**
 * Workspace scan throughput: how long the engine takes to analyse every file, beside the time to
 * only read the same files (the I/O floor) and to only parse them with the same parsers (the
 * parse floor). The headline figure is analysis time divided by parse time.
 *
 * Usage: npx tsx bench/scan.ts [--runs N] [--json FILE] DIR...
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Parser } from 'web-tree-sitter';
import { allRules } from '../rules';
import { discoverFiles, Engine } from '../server/src/engine';
import { classifyFile } from '../server/src/engine/file-kind';
import { defaultDartGrammarPath, loadDartLanguage } from '../server/src/engine/parsers/dart-grammar';
import { PlistDocument } from '../server/src/engine/parsers/plist';
import { XmlDocument } from '../server/src/engine/parsers/xml';
import { YamlFile } from '../server/src/engine/parsers/yaml';
import { parseGradle } from '../server/src/engine/parsers/gradle';
import { SourceText } from '../server/src/engine/text';

interface Options {
  runs: number;
  json?: string;
  dirs: string[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 3, dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else if (argv[i] === '--json') options.json = argv[++i];
    else options.dirs.push(argv[i]);
  }
  if (options.dirs.length === 0) throw new Error('usage: npx tsx bench/scan.ts [--runs N] [--json FILE] DIR...');
  return options;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeIt(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function readAll(files: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of files) texts.set(file, readFileSync(file, 'utf8'));
  return texts;
}

/** Parses every file with the parser its kind uses, and nothing else. */
function parseAll(files: string[], parser: Parser): void {
  for (const file of files) {
    const source = new SourceText(readFileSync(file, 'utf8'));
    const kind = classifyFile(file, source.text);
    if (kind === 'dart') parser.parse(source.text)?.delete();
    else if (kind === 'plist' || kind === 'entitlements') void new PlistDocument(new XmlDocument(source));
    else if (kind === 'pubspec' || kind === 'pubspec-lock' || kind === 'phi-guard-config') void new YamlFile(source);
    else if (kind === 'gradle') parseGradle(source.text);
    else if (kind !== 'kotlin' && kind !== 'java' && kind !== 'swift' && kind !== 'other') void new XmlDocument(source);
  }
}

async function analyzeAll(files: string[], roots: string[]): Promise<number> {
  const engine = await Engine.create({ rules: allRules });
  engine.workspace.setScanRoots(roots);
  const ms = timeIt(() => {
    for (const file of files) engine.workspace.addPath(file);
    for (const file of files) engine.analyzeFile(file);
  });
  // Frees the syntax trees: they live in the shared WASM heap, and keeping those of every run
  // exhausted it (tree-sitter printed "Aborted()" and parsing failed in later runs).
  for (const file of files) engine.workspace.removePath(file);
  return ms;
}

export interface ScanResult {
  label: string;
  files: number;
  megabytes: number;
  dartLines: number;
  runs: number;
  readMs: number;
  parseMs: number;
  analyzeMs: number;
  /** Analysis time over parse time: the headline, target at most 1.5. */
  ratio: number;
}

/** Measures the read floor, the parse floor and the analysis of every file under `dirs`. */
export async function measureScan(
  label: string,
  dirs: string[],
  runs: number,
): Promise<ScanResult> {
  const roots = dirs.map((d) => path.resolve(d));
  const files = discoverFiles(roots).files;
  const texts = readAll(files);
  const bytes = [...texts.values()].reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  const dartLines = [...texts.entries()]
    .filter(([f]) => f.endsWith('.dart'))
    .reduce((sum, [, t]) => sum + t.split('\n').length, 0);
  texts.clear();
  const language = await loadDartLanguage(defaultDartGrammarPath());
  const parser = new Parser();
  parser.setLanguage(language);
  parseAll(files, parser);
  const read: number[] = [];
  const parse: number[] = [];
  const analyze: number[] = [];
  for (let run = 0; run < runs; run++) {
    read.push(timeIt(() => readAll(files)));
    parse.push(timeIt(() => parseAll(files, parser)));
    analyze.push(await analyzeAll(files, roots));
  }
  const [readMs, parseMs, analyzeMs] = [median(read), median(parse), median(analyze)];
  const megabytes = bytes / 1e6;
  const ratio = analyzeMs / parseMs;
  return { label, files: files.length, megabytes, dartLines, runs, readMs, parseMs, analyzeMs, ratio };
}

/** Markdown rows for one scan result. */
export function scanRows(r: ScanResult): string[] {
  const rate = (ms: number) =>
    `${((r.files / ms) * 1000).toFixed(0)} files/s, ${((r.megabytes / ms) * 1000).toFixed(2)} MB/s`;
  return [
    `| ${r.label} | read (I/O floor) | ${r.readMs.toFixed(0)} | ${rate(r.readMs)} |`,
    `| ${r.label} | parse (parse floor) | ${r.parseMs.toFixed(0)} | ${rate(r.parseMs)} |`,
    `| ${r.label} | analyse | ${r.analyzeMs.toFixed(0)} | ${rate(r.analyzeMs)} |`,
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const result = await measureScan(options.dirs.join(' '), options.dirs, options.runs);
  console.log(
    `files ${result.files}, ${result.megabytes.toFixed(1)} MB, ${result.dartLines} Dart lines, ` +
      `median of ${options.runs} runs`,
  );
  console.log('| set | step | ms | throughput |\n|---|---|---:|---|');
  for (const row of scanRows(result)) console.log(row);
  console.log(`analysis / parse = ${result.ratio.toFixed(2)}`);
  const machineInfo = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version };
  if (options.json) writeFileSync(options.json, JSON.stringify({ machine: machineInfo, ...result }, null, 2) + '\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  });
}
