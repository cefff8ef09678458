/** Command-line options of `phi-guard`, parsed without a dependency because there are few. */
export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  format: OutputFormat;
  output?: string;
  config?: string;
  dartGrammar?: string;
  today?: Date;
  showSuppressed: boolean;
  color: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const HELP = `Usage: phi-guard [options] [paths...]

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
  --no-color                 Plain text output.
  -h, --help                 Show this help.
  -v, --version              Show the version.

Exit status: 0 no error-level findings, 1 error-level findings,
2 invalid usage, an unreadable config, or analysis that could not run.`;

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    paths: [],
    format: 'text',
    showSuppressed: false,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json' && format !== 'sarif') {
          throw new UsageError(`Invalid --format "${format}": use text, json or sarif.`);
        }
        options.format = format;
        break;
      }
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
  return options;
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

function parseDate(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError(`Invalid --today "${text}": use the form YYYY-MM-DD.`);
  }
  return new Date(`${text}T00:00:00Z`);
}
