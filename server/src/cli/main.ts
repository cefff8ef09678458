import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../rules';
import { ConfigLoader, discoverFiles, formatConfigError } from '../engine';
import { HELP, parseArgs, UsageError, type CliOptions } from './args';
import {
  applyBaseline,
  BaselineError,
  baselineMismatch,
  readBaseline,
  recordBaseline,
  type BaselineFile,
} from './baseline';
import { evidenceReport } from './evidence';
import { applySafeFixes, describeFixes } from './fix';
import { toJson } from './json';
import { activeFindings, countBySeverity, plural, type ScanReport } from './report';
import { OutputError, writeOutputFile } from './output';
import { toSarif } from './sarif';
import { baseDirOf, scan } from './scan';
import { suppressionListJson, suppressionListText } from './suppression-list';
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
  const missing = options.paths.filter((p) => !existsSync(p));
  for (const p of missing) {
    process.stderr.write(`phi-guard: ${p} does not exist; give a folder or file to scan.\n`);
  }
  if (missing.length > 0) return 2;
  const discovery = discoverFiles(roots, { isExcluded: (file) => loader.isExcluded(file) });
  // A broken phi_guard.yaml stops the scan, because its rule settings would not be in force.
  const configErrors = loader.errorsFor(discovery.files);
  for (const error of configErrors) {
    process.stderr.write(`phi-guard: ${formatConfigError(error)}\n`);
  }
  if (configErrors.length > 0) {
    // CI steps that upload the report still get a file that explains why the scan did not run.
    if (options.format !== 'text') writeReport(emptyReport(roots, configErrors.map((e) => formatConfigError(e))), options);
    return 2;
  }

  const baseline = loadBaseline(options);
  if (baseline === null) return 2;
  let report = await scan(options, roots, discovery, loader);
  let files = discovery.files;
  if (options.fix) {
    ({ report, files } = await fixAndRescan({ report, files }, options, roots, loader));
  }
  return finish(report, options, { roots, files, loader, baseline });
}

/** Rounds of `--fix`: a fix left out because it overlapped another can apply in the next. */
const MAX_FIX_ROUNDS = 3;

/** Applies safe fixes and scans again, until no fix applies or the rounds run out. */
async function fixAndRescan(
  first: { report: ScanReport; files: string[] },
  options: CliOptions,
  roots: string[],
  loader: ConfigLoader,
): Promise<{ report: ScanReport; files: string[] }> {
  let { report, files } = first;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const applied = applySafeFixes(report.findings, roots);
    for (const line of describeFixes(applied, report.baseDir)) process.stderr.write(`${line}\n`);
    if (applied.applied.length === 0) break;
    const discovery = discoverFiles(roots, { isExcluded: (file) => loader.isExcluded(file) });
    files = discovery.files;
    report = await scan(options, roots, discovery, loader);
  }
  return { report, files };
}

/** Reads the `--baseline` file; returns null after printing the error when it is unusable. */
function loadBaseline(options: CliOptions): BaselineFile | undefined | null {
  if (options.baseline === undefined) return undefined;
  try {
    return readBaseline(options.baseline);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    process.stderr.write(`phi-guard: ${error.message}\n`);
    return null;
  }
}

interface ScanContext {
  roots: string[];
  files: string[];
  loader: ConfigLoader;
  baseline?: BaselineFile;
}

/** Writes the output of the selected mode and returns the exit status. */
function finish(report: ScanReport, options: CliOptions, context: ScanContext): number {
  if (options.command === 'report') {
    const { roots, files, loader } = context;
    const evidence = { format: options.evidenceFormat, roots, files, loader, today: options.today };
    emit(evidenceReport(report, evidence), options);
    return report.complete ? 0 : 2;
  }
  if (options.listSuppressions) {
    const json = options.format === 'json';
    emit(json ? suppressionListJson(report) : suppressionListText(report), options);
    return report.complete ? 0 : 2;
  }
  if (options.writeBaseline !== undefined) return recordBaseline(report, options.writeBaseline);
  if (context.baseline && options.baseline) {
    const mismatch = baselineMismatch(context.baseline, report.baseDir, options.baseline);
    if (mismatch) {
      process.stderr.write(`phi-guard: ${mismatch}\n`);
      return 2;
    }
    applyBaseline(report, context.baseline, options.baseline);
  }
  writeReport(report, options);
  return exitStatus(report, options);
}

function exitStatus(report: ScanReport, options: CliOptions): number {
  if (!report.complete) return 2;
  const counts = countBySeverity(activeFindings(report));
  if (counts.error > 0) return 1;
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    process.stderr.write(
      `phi-guard: ${plural(counts.warning, 'warning')}, more than --max-warnings ${options.maxWarnings}.\n`,
    );
    return 1;
  }
  return 0;
}

/** Builds the report of a scan that did not run, carrying only the reasons. */
function emptyReport(roots: string[], errors: string[]): ScanReport {
  return {
    toolVersion: packageJson.version,
    baseDir: baseDirOf(roots),
    rules: allRules,
    findings: [],
    notices: [],
    filesScanned: 0,
    filesSkipped: 0,
    complete: false,
    errors,
    suppressions: [],
  };
}

function writeReport(report: ScanReport, options: CliOptions): void {
  for (const notice of report.notices) {
    if (options.format === 'text') {
      const file = path.relative(process.cwd(), notice.path) || notice.path;
      const position = notice.range ? `:${notice.range.start.line + 1}:${notice.range.start.character + 1}` : '';
      const where = `${file}${position}`;
      process.stderr.write(`phi-guard: ${notice.severity}: ${where}: ${notice.message}\n`);
    }
  }
  let output: string;
  if (options.format === 'json') output = toJson(report);
  else if (options.format === 'sarif') output = JSON.stringify(toSarif(report), null, 2) + '\n';
  else output = toText(report, { color: options.color && !options.output, showSuppressed: options.showSuppressed });
  emit(output, options);
}

function emit(output: string, options: CliOptions): void {
  if (options.output) writeOutputFile(options.output, output);
  else process.stdout.write(output);
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof OutputError) {
        process.stderr.write(`phi-guard: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`phi-guard: internal error: ${message}\nPlease report this.\n`);
      process.exitCode = 2;
    },
  );
}
