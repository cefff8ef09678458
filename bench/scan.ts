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
  return timeIt(() => {
    for (const file of files) engine.workspace.addPath(file);
    for (const file of files) engine.analyzeFile(file);
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const roots = options.dirs.map((d) => path.resolve(d));
  const files = discoverFiles(roots).files;
  const texts = readAll(files);
  const bytes = [...texts.values()].reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  const dartLines = [...texts.entries()]
    .filter(([f]) => f.endsWith('.dart'))
    .reduce((sum, [, t]) => sum + t.split('\n').length, 0);
  const language = await loadDartLanguage(defaultDartGrammarPath());
  const parser = new Parser();
  parser.setLanguage(language);

  parseAll(files, parser);
  const read: number[] = [];
  const parse: number[] = [];
  const analyze: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    read.push(timeIt(() => readAll(files)));
    parse.push(timeIt(() => parseAll(files, parser)));
    analyze.push(await analyzeAll(files, roots));
  }
  const result = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    files: files.length,
    megabytes: bytes / 1e6,
    dartLines,
    runs: options.runs,
    readMs: median(read),
    parseMs: median(parse),
    analyzeMs: median(analyze),
    ratio: median(analyze) / median(parse),
  };
  const rate = (ms: number) => `${((files.length / ms) * 1000).toFixed(0)} files/s, ${((bytes / 1e6 / ms) * 1000).toFixed(2)} MB/s`;
  console.log(`files ${result.files}, ${result.megabytes.toFixed(1)} MB, ${dartLines} Dart lines, median of ${options.runs} runs`);
  console.log(`| step | ms | throughput |\n|---|---:|---|`);
  console.log(`| read (I/O floor) | ${result.readMs.toFixed(0)} | ${rate(result.readMs)} |`);
  console.log(`| parse (parse floor) | ${result.parseMs.toFixed(0)} | ${rate(result.parseMs)} |`);
  console.log(`| analyse | ${result.analyzeMs.toFixed(0)} | ${rate(result.analyzeMs)} |`);
  console.log(`analysis / parse = ${result.ratio.toFixed(2)}`);
  if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
});
