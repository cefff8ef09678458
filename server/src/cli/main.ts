import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../rules';
import { ConfigLoader, discoverFiles, Engine, formatConfigError } from '../engine';
import type { Discovery } from '../engine/discover';
import type { FileNotice, Finding } from '../engine/types';
import { HELP, parseArgs, UsageError, type CliOptions } from './args';
import { toJson } from './json';
import { activeFindings, type ScanReport } from './report';
import { toSarif } from './sarif';
import { toText } from './text';
import packageJson from '../../../package.json';

/** Runs `phi-guard` and returns its exit status. */
export async function run(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`phi-guard: ${error.message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  const loader = new ConfigLoader({
    rules: allRules.map((rule) => rule.meta),
    configPath: options.config,
  });
  const roots = options.paths.map((p) => path.resolve(p));
  const discovery = discoverFiles(roots, { isExcluded: (file) => loader.isExcluded(file) });
  // A broken phi_guard.yaml stops the scan, because its rule settings would not be in force.
  const configErrors = loader.errorsFor(discovery.files);
  for (const error of configErrors) {
    process.stderr.write(`phi-guard: ${formatConfigError(error)}\n`);
  }
  if (configErrors.length > 0) return 2;
  const report = await scan(options, roots, discovery, loader);
  writeReport(report, options);
  if (!report.complete) return 2;
  return activeFindings(report).some((f) => f.severity === 'error') ? 1 : 0;
}

async function scan(
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
  const progress = createProgress(discovery.files.length);
  discovery.files.forEach((file, index) => {
    const result = engine.analyzeFile(file);
    findings.push(...result.findings);
    notices.push(...result.notices);
    progress(index + 1);
  });
  progress(discovery.files.length, true);

  return {
    toolVersion: packageJson.version,
    baseDir: baseDirOf(roots),
    rules: allRules,
    findings,
    notices,
    filesScanned: discovery.files.length,
    complete: engine.grammar.ok && discovery.errors.length === 0,
    errors,
  };
}

/** The folder that output paths are relative to: the single folder scanned, else the cwd. */
function baseDirOf(roots: string[]): string {
  if (roots.length === 1) {
    const only = roots[0];
    return discoverIsDirectory(only) ? only : path.dirname(only);
  }
  return process.cwd();
}

function discoverIsDirectory(p: string): boolean {
  try {
    return require('node:fs').statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A progress line on stderr for long scans, only when stderr is a terminal. */
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

function writeReport(report: ScanReport, options: CliOptions): void {
  for (const notice of report.notices) {
    if (options.format === 'text') {
      const where = path.relative(process.cwd(), notice.path) || notice.path;
      process.stderr.write(`phi-guard: ${notice.severity}: ${where}: ${notice.message}\n`);
    }
  }
  let output: string;
  if (options.format === 'json') output = toJson(report);
  else if (options.format === 'sarif') output = JSON.stringify(toSarif(report), null, 2) + '\n';
  else output = toText(report, { color: options.color && !options.output, showSuppressed: options.showSuppressed });
  if (options.output) writeFileSync(options.output, output);
  else process.stdout.write(output);
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`phi-guard: internal error: ${message}\nPlease report this.\n`);
      process.exitCode = 2;
    },
  );
}
