/** Command-line options of `phi-guard`, parsed without a dependency because there are few. */
export type OutputFormat = 'text' | 'json' | 'sarif';
export type EvidenceFormat = 'html' | 'markdown';

export interface CliOptions {
  /** `report` writes the evidence report; `scan` is the default. */
  command: 'scan' | 'report';
  paths: string[];
  format: OutputFormat;
  evidenceFormat: EvidenceFormat;
  listSuppressions: boolean;
  /** Apply the safe fixes to the files, then report what remains (`--fix`). */
  fix: boolean;
  /** A baseline to compare with (`--baseline`). */
  baseline?: string;
  /** The file to record the current findings in (`--write-baseline`). */
  writeBaseline?: string;
  maxWarnings?: number;
  output?: string;
  config?: string;
  dartGrammar?: string;
  today?: Date;
  showSuppressed: boolean;
  /** Reuse and store results in the result cache (`--cache` or `--cache-dir`). */
  cache: boolean;
  /** The cache folder (`--cache-dir`). The default is `.phi-guard-cache` in the scanned folder. */
  cacheDir?: string;
  /** Print the cache statistics on standard error (`--verbose`). */
  verbose: boolean;
  color: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const HELP = `Usage: phi-guard [options] [paths...]
       phi-guard report [--format html|markdown] [--output FILE] [options] [paths...]

Scans Flutter apps (Dart, AndroidManifest.xml, network security config, Info.plist,
entitlements, Gradle and pubspec files) for HIPAA-relevant security problems.
Paths default to the current folder.

Options:
  --format text|json|sarif   Output format (default: text). SARIF is version 2.1.0.
  --output FILE              Write the report to FILE instead of standard output.
  --config FILE              Use this phi_guard.yaml instead of the nearest one.
  --dart-grammar FILE        Load this tree-sitter-dart wasm instead of the bundled one.
  --today YYYY-MM-DD         Analysis date for expiry checks (default: today).
  --show-suppressed          List suppressed findings in text output too.
  --fix                      Apply the safe quick fixes to the files under the scanned paths
                             (creating helper files where a fix needs one), list each applied
                             fix on standard error, then report the findings that remain.
  --list-suppressions        List every phi-guard-ignore comment with its status (text, json).
  --baseline FILE            Report only findings that FILE does not record, and list the
                             recorded findings that are gone as fixed since the baseline.
  --write-baseline FILE      Record the current findings in FILE and report nothing else.
  --max-warnings N           Exit with status 1 when more than N warnings remain.
  --cache                    Reuse results of unchanged files from .phi-guard-cache in the
                             scanned folder (the current folder for several paths).
  --cache-dir DIR            Like --cache, with the cache kept in DIR.
  --no-cache                 Analyse every file and neither read nor write the result cache
                             (the default).
  --verbose                  Print how many files came from the cache on standard error.
  --no-color                 Plain text output.
  -h, --help                 Show this help.
  -v, --version              Show the version.

\`phi-guard report\` writes an evidence report for auditors: findings grouped by HIPAA
45 CFR 164.312 safeguard and OWASP MASVS control, the suppressions, the config in force and
the scanned git commit. HTML (the default) is one self-contained page. To scan a folder named
"report", pass it as ./report.

Exit status: 0 no error-level findings, 1 error-level findings (or more warnings than
--max-warnings), 2 invalid usage, an unreadable or invalid config or baseline, or analysis
that could not run. \`report\`, --list-suppressions and --write-baseline exit 0 unless 2 applies.`;

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    command: argv[0] === 'report' ? 'report' : 'scan',
    paths: [],
    format: 'text',
    evidenceFormat: 'html',
    listSuppressions: false,
    fix: false,
    showSuppressed: false,
    cache: false,
    verbose: false,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    help: false,
    version: false,
  };
  let format: string | undefined;
  for (let i = options.command === 'report' ? 1 : 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--format':
        format = value();
        break;
      case '--output':
      case '-o':
        options.output = value();
        break;
      case '--config':
        options.config = value();
        break;
      case '--dart-grammar':
        options.dartGrammar = value();
        break;
      case '--today':
        options.today = parseDate(value());
        break;
      case '--show-suppressed':
        options.showSuppressed = true;
        break;
      case '--fix':
        options.fix = true;
        break;
      case '--list-suppressions':
        options.listSuppressions = true;
        break;
      case '--baseline':
        options.baseline = value();
        break;
      case '--write-baseline':
        options.writeBaseline = value();
        break;
      case '--max-warnings':
        options.maxWarnings = parseCount(value());
        break;
      case '--cache':
        options.cache = true;
        break;
      case '--cache-dir':
        options.cacheDir = value();
        options.cache = true;
        break;
      case '--no-cache':
        options.cache = false;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--no-color':
        options.color = false;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--version':
      case '-v':
        options.version = true;
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`Unknown option ${flag}; see --help.`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  applyFormat(options, format);
  checkCombinations(options);
  return options;
}

function applyFormat(options: CliOptions, format: string | undefined): void {
  if (format === undefined) return;
  if (options.command === 'report') {
    if (format !== 'html' && format !== 'markdown') {
      throw new UsageError(`Invalid --format "${format}" for report: use html or markdown.`);
    }
    options.evidenceFormat = format;
  } else {
    if (format !== 'text' && format !== 'json' && format !== 'sarif') {
      throw new UsageError(`Invalid --format "${format}": use text, json or sarif.`);
    }
    options.format = format;
  }
}

function checkCombinations(options: CliOptions): void {
  const scanOnly = [
    options.baseline !== undefined && '--baseline',
    options.writeBaseline !== undefined && '--write-baseline',
    options.maxWarnings !== undefined && '--max-warnings',
    options.listSuppressions && '--list-suppressions',
    options.fix && '--fix',
  ].filter(Boolean);
  if (options.command === 'report' && scanOnly.length > 0) {
    throw new UsageError(`${scanOnly.join(', ')} cannot be used with report.`);
  }
  if (options.baseline !== undefined && options.writeBaseline !== undefined) {
    throw new UsageError('Use --baseline or --write-baseline, not both.');
  }
  if (options.listSuppressions && options.format === 'sarif') {
    throw new UsageError(
      '--list-suppressions writes text or json; SARIF results carry suppressions.',
    );
  }
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`Invalid --max-warnings "${text}": use a whole number, 0 or more.`);
  }
  return Number(text);
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

function parseDate(text: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  // The round trip rejects dates such as 2026-02-30, which Date would roll over to March.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`Invalid --today "${text}": use a real date in the form YYYY-MM-DD.`);
  }
  return date;
}
