/** Runs the engine over the discovered files; shared by every mode of the CLI. */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../rules';
import { Engine, type ConfigLoader } from '../engine';
import type { Discovery } from '../engine/discover';
import {
  INCOMPLETE_NOTICE_CODES,
  SKIPPED_NOTICE_CODES,
  type FileNotice,
  type Finding,
} from '../engine/types';
import type { CliOptions } from './args';
import { CACHE_DIR_NAME, ResultCache, runKey } from './cache';
import { CachedAnalysis } from './cached-analysis';
import type { ListedSuppression, ScanReport } from './report';
import packageJson from '../../../package.json';

export async function scan(
  options: CliOptions,
  roots: string[],
  discovery: Discovery,
  loader: ConfigLoader,
): Promise<ScanReport> {
  const engine = await Engine.create({
    rules: allRules,
    dartGrammarPath: options.dartGrammar,
    today: options.today,
    configFor: (file) => loader.configFor(file),
  });
  const errors: string[] = [];
  if (!engine.grammar.ok) {
    errors.push(`Dart analysis unavailable: ${engine.grammar.error}`);
    process.stderr.write(`phi-guard: error: ${engine.grammar.error}\n`);
    process.stderr.write('phi-guard: Dart files are not analysed; other files are.\n');
  }
  for (const failure of discovery.errors) {
    errors.push(`Cannot read ${failure.path}: ${failure.message}`);
    process.stderr.write(`phi-guard: cannot read ${failure.path}: ${failure.message}\n`);
  }
  engine.workspace.setScanRoots(roots);
  for (const file of discovery.files) engine.workspace.addPath(file);

  const findings: Finding[] = [];
  const notices: FileNotice[] = [];
  const suppressions: ListedSuppression[] = [];
  const progress = createProgress(discovery.files.length);
  const cached = cachedAnalysis(options, roots, engine, loader);
  discovery.files.forEach((file, index) => {
    const result = cached ? cached.analyze(file) : engine.analyzeFile(file);
    findings.push(...result.findings);
    notices.push(...result.notices);
    for (const entry of result.suppressions ?? []) suppressions.push({ ...entry, path: result.path });
    progress(index + 1);
  });
  progress(discovery.files.length, true);
  if (cached && options.verbose) {
    const { hit, analysed, partial } = cached.stats;
    const counts = `${hit} hit, ${analysed} analysed, ${partial} partly analysed`;
    process.stderr.write(`phi-guard: cache: ${counts}\n`);
  }

  const skipped = notices.filter((n) => n.code && SKIPPED_NOTICE_CODES.includes(n.code)).length;
  return {
    toolVersion: packageJson.version,
    baseDir: baseDirOf(roots),
    rules: allRules,
    findings,
    notices,
    filesScanned: discovery.files.length - skipped,
    filesSkipped: skipped,
    complete:
      engine.grammar.ok &&
      discovery.errors.length === 0 &&
      !notices.some((notice) => notice.code && INCOMPLETE_NOTICE_CODES.includes(notice.code)),
    errors,
    suppressions,
  };
}

/** Creates the cache-backed analysis, or returns undefined under `--no-cache`. */
function cachedAnalysis(
  options: CliOptions,
  roots: string[],
  engine: Engine,
  loader: ConfigLoader,
): CachedAnalysis | undefined {
  if (!options.cache) return undefined;
  const baseDir = baseDirOf(roots);
  const dir = path.resolve(options.cacheDir ?? path.join(baseDir, CACHE_DIR_NAME));
  const cache = new ResultCache(dir, (message) => process.stderr.write(`phi-guard: ${message}\n`));
  const key = runKey(packageJson.version, allRules, engine.grammar.grammarPath);
  return new CachedAnalysis(engine, cache, baseDir, key, (file) => loader.configFor(file));
}

/** Returns the folder that output paths are relative to: the single folder scanned, else the cwd. */
export function baseDirOf(roots: string[]): string {
  if (roots.length === 1) {
    const only = roots[0];
    return discoverIsDirectory(only) ? only : path.dirname(only);
  }
  return process.cwd();
}

function discoverIsDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Creates a progress line on stderr for long scans, only when stderr is a terminal. */
function createProgress(total: number): (done: number, finished?: boolean) => void {
  if (!process.stderr.isTTY || total < 50) return () => undefined;
  const started = Date.now();
  let lastDraw = 0;
  return (done, finished) => {
    const now = Date.now();
    if (finished) {
      if (lastDraw > 0) process.stderr.write('\r\u001b[K');
      return;
    }
    if (now - started < 1000 || now - lastDraw < 100) return;
    lastDraw = now;
    process.stderr.write(`\rphi-guard: scanned ${done}/${total} files`);
  };
}
