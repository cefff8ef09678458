import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Engine, FileResult } from '../engine';
import type { WorkspaceFile } from '../engine/workspace';
import { diagnosticsOf } from './diagnostics';
import type { Logger } from './log';
import { moveDiagnostics, type RangeChange } from './shift';
import type { UriMap } from './uri';

/** The result of one file and the editor version it was computed for (null: the disk text). */
export interface StoredResult {
  version: number | null;
  result: FileResult;
}

export interface Totals {
  files: number;
  findings: number;
  fileNotices: number;
}

/**
 * Runs the engine on single files and publishes their diagnostics. It remembers each result
 * for code actions and hover, and which files have diagnostics in the client, so that a file
 * whose problems are gone, or which is gone itself, gets an empty list.
 */
export class Analyzer {
  private readonly results = new Map<string, StoredResult>();
  private readonly published = new Set<string>();
  /** The diagnostics last sent for each file that has some. */
  private readonly shown = new Map<string, Diagnostic[]>();
  enabled = true;
  /** Editor texts larger than this are not analysed (`phiGuard.maxFileBytes`). */
  maxFileBytes = Number.POSITIVE_INFINITY;
  /** Called after a file's result changed or was dropped, for the status totals. */
  onChange?: () => void;
  /** Diagnostics that do not come from the engine, such as errors in phi_guard.yaml. */
  extraDiagnostics?: (filePath: string) => Diagnostic[];

  constructor(
    private readonly engine: Engine,
    private readonly connection: Connection,
    private readonly uris: UriMap,
    private readonly logger: Logger,
  ) {}

  /** Analyses a file with its current text and publishes the diagnostics. */
  analyze(filePath: string): void {
    if (!this.enabled) return;
    const file = this.engine.workspace.file(filePath);
    if (!file) {
      this.clear(filePath);
      return;
    }
    let result: FileResult;
    const started = performance.now();
    try {
      result = this.tooLargeInEditor(file) ?? this.engine.analyzeFile(filePath);
    } catch (error) {
      this.logger.error(`Analysis of ${filePath} failed`, error);
      return;
    }
    const version = file.isOpenInEditor ? file.version : null;
    if (version !== null) {
      const elapsed = (performance.now() - started).toFixed(1);
      this.logger.debug(`Analysed ${filePath} version ${version} in ${elapsed} ms`);
    }
    this.results.set(filePath, { version, result });
    const extra = this.extraDiagnostics?.(filePath) ?? [];
    this.publish(filePath, [...extra, ...diagnosticsOf(result, this.uris)], version);
    this.onChange?.();
  }

  /**
   * Returns a skip notice for an editor text over `maxFileBytes`. The engine applies the limit
   * only to text it reads from disk, and the editor may hold a file far larger than that.
   */
  private tooLargeInEditor(file: WorkspaceFile): FileResult | undefined {
    if (!file.isOpenInEditor) return undefined;
    const bytes = Buffer.byteLength(file.source.text, 'utf8');
    if (bytes <= this.maxFileBytes) return undefined;
    const message =
      `Skipped: the file has ${bytes} bytes, more than the limit of ${this.maxFileBytes}; ` +
      'raise the phiGuard.maxFileBytes setting to analyse it.';
    return {
      path: file.path,
      findings: [],
      notices: [{ path: file.path, severity: 'info', message }],
    };
  }

  /**
   * Re-sends an edited document's diagnostics moved through its changes, for the new version,
   * so that they stay on their code while the analysis of that version waits for a typing
   * pause. Does nothing for a file without diagnostics.
   */
  showMoved(filePath: string, changes: RangeChange[], version: number): void {
    const shown = this.shown.get(filePath);
    if (!this.enabled || !shown) return;
    const uri = this.uris.uriOf(filePath);
    this.publish(filePath, moveDiagnostics(shown, changes, uri), version);
  }

  /** Forgets a file's result and removes its diagnostics from the client. */
  clear(filePath: string): void {
    this.results.delete(filePath);
    if (this.published.has(filePath)) this.publish(filePath, [], null);
    this.onChange?.();
  }

  clearAll(): void {
    for (const filePath of [...this.published]) this.publish(filePath, [], null);
    this.results.clear();
  }

  result(filePath: string): StoredResult | undefined {
    return this.results.get(filePath);
  }

  analysedPaths(): string[] {
    return [...this.results.keys()];
  }

  totals(): Totals {
    let findings = 0;
    let fileNotices = 0;
    for (const { result } of this.results.values()) {
      findings += result.findings.filter((finding) => !finding.suppression).length;
      if (result.notices.length > 0) fileNotices++;
    }
    return { files: this.results.size, findings, fileNotices };
  }

  /**
   * Sends a file's diagnostics. An empty list goes out only when the client shows some for the
   * file or the file is open, so a scan of clean files sends nothing.
   */
  private publish(filePath: string, diagnostics: Diagnostic[], version: number | null): void {
    const wasPublished = this.published.has(filePath);
    if (diagnostics.length === 0 && !wasPublished && version === null) return;
    if (diagnostics.length > 0) {
      this.published.add(filePath);
      this.shown.set(filePath, diagnostics);
    } else {
      this.published.delete(filePath);
      this.shown.delete(filePath);
    }
    const uri = this.uris.uriOf(filePath);
    const params = { uri, diagnostics, version: version ?? undefined };
    this.connection.sendDiagnostics(params).catch((error: unknown) => {
      this.logger.error(`Publishing diagnostics for ${filePath} failed`, error);
    });
  }
}

const SLICE_MS = 25;

/**
 * Runs `work` on each path in slices of about 25 ms, yielding to the event loop between
 * slices so that requests and edits are served while many files are analysed.
 */
export async function runInSlices(
  paths: string[],
  work: (filePath: string) => void,
  options: { isCancelled?: () => boolean; onProgress?: (done: number) => void } = {},
): Promise<number> {
  let done = 0;
  while (done < paths.length) {
    if (options.isCancelled?.()) break;
    const sliceEnd = performance.now() + SLICE_MS;
    while (done < paths.length && performance.now() < sliceEnd) {
      work(paths[done]);
      done++;
    }
    options.onProgress?.(done);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return done;
}
