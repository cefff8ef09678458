import type { RemoteConsole } from 'vscode-languageserver';

/**
 * The server's log, written to the client through `window/logMessage`. Callers pass ids, paths,
 * counts and timings only: never source text or finding messages, which can quote PHI.
 */
export class Logger {
  constructor(private readonly console: RemoteConsole) {}

  error(message: string, error?: unknown): void {
    this.console.error(error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  warn(message: string): void {
    this.console.warn(message);
  }

  info(message: string): void {
    this.console.info(message);
  }

  /** Per-document and per-file events; the client shows them at its debug level. */
  debug(message: string): void {
    this.console.log(message);
  }
}

/** Formats an error as its name, message and first stack frames, without the data it held. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1, 4)
    .map((line) => line.trim());
  return [`${error.name}: ${error.message}`, ...frames].join(' | ');
}
