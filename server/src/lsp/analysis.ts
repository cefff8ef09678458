import type { Connection, Diagnostic } from 'vscode-languageserver';
import {
  rulesAffectedBy,
  type AnalyzeOptions,
  type Engine,
  type FileKind,
  type FileResult,
} from '../engine';
import type { WorkspaceFile } from '../engine/workspace';
import { diagnosticsOf } from './diagnostics';
import type { Logger } from './log';
import { collectGarbage } from './memory';
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
  /** Options for the next `analyze` of a file, set by `analyzeAffected` for one call. */
  private readonly nextRunOptions = new Map<string, AnalyzeOptions>();
  /** The diagnostics last sent for each file that has some. */
  private readonly lastSent = new Map<string, Diagnostic[]>();
  /** The value of `sequence` when each file's stored result was computed. */
  private readonly stamps = new Map<string, number>();
  /** The number of analyses so far, which shows whether a local result is newer than a worker's. */
  private sequence = 0;
  private releaseTimer?: NodeJS.Timeout;
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
      const options = this.nextRunOptions.get(filePath);
      result = this.tooLargeInEditor(file) ?? this.engine.analyzeFile(filePath, options);
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
    this.stamps.set(filePath, ++this.sequence);
    if (version === null) this.scheduleRelease();
    const extra = this.extraDiagnostics?.(filePath) ?? [];
    this.publish(filePath, [...extra, ...diagnosticsOf(result, this.uris)], version);
    this.onChange?.();
  }

  /** Returns the current analysis count, to pass to `accept` for work that starts now. */
  stamp(): number {
    return this.sequence;
  }

  /**
   * Stores and publishes a result that a scan worker computed from the disk text. It is
   * dropped when the file is open in the editor, is gone, or was analysed here after `stamp`
   * (for example as a dependant of an edited document), since the local result is newer.
   */
  accept(result: FileResult, stamp: number): void {
    const filePath = result.path;
    const workspace = this.engine.workspace;
    if (!this.enabled || !workspace.has(filePath) || workspace.isOpen(filePath)) return;
    if ((this.stamps.get(filePath) ?? -1) > stamp) return;
    this.results.set(filePath, { version: null, result });
    this.stamps.set(filePath, stamp);
    const extra = this.extraDiagnostics?.(filePath) ?? [];
    this.publish(filePath, [...extra, ...diagnosticsOf(result, this.uris)], null);
    this.onChange?.();
  }

  /**
   * Drops the parsed forms of closed files in projects with no open document. Cross-file
   * rules of an open document keep its project's files; other projects are parsed again
   * only when one of their files changes or opens.
   */
  releaseIdleProjects(): void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    const workspace = this.engine.workspace;
    const released = workspace.releaseIdleProjects();
    if (released === 0) return;
    collectGarbage();
    const loaded = workspace.loadedFileCount();
    this.logger.debug(`Released ${released} parsed closed file(s); ${loaded} file(s) stay loaded`);
  }

  /** Releases once analyses of closed files pause, so a burst of them parses each file once. */
  private scheduleRelease(): void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(() => this.releaseIdleProjects(), RELEASE_DELAY_MS);
    this.releaseTimer.unref();
  }

  /**
   * Analyses a file whose own text did not change after files of `changedKinds` changed in its
   * project. Only the rules such a change can affect run again; the others' findings come from
   * the stored result. Without a stored result of the current editor version, all rules run.
   */
  analyzeAffected(filePath: string, changedKinds: FileKind[]): void {
    const stored = this.results.get(filePath);
    const file = this.engine.workspace.file(filePath);
    const version = file?.isOpenInEditor ? file.version : null;
    if (file && stored && stored.version === version) {
      const ruleIds = rulesAffectedBy(this.engine.ruleList(), file.kind, changedKinds);
      this.nextRunOptions.set(filePath, { partial: { ruleIds, previous: stored.result } });
    }
    try {
      this.analyze(filePath);
    } finally {
      this.nextRunOptions.delete(filePath);
    }
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
      `Skipped: the file has ${bytes} bytes, more than the limit of ${this.maxFileBytes}, so ` +
      'its findings are not reported; raise the phiGuard.maxFileBytes setting to analyse it.';
    return {
      path: file.path,
      findings: [],
      notices: [{ path: file.path, code: 'too-large', severity: 'warning', message }],
    };
  }

  /**
   * Re-sends an edited document's diagnostics moved through its changes, for the new version,
   * so that they stay on their code while the analysis of that version waits for a typing
   * pause. Does nothing for a file without diagnostics.
   */
  showMoved(filePath: string, changes: RangeChange[], version: number): void {
    const lastSent = this.lastSent.get(filePath);
    if (!this.enabled || !lastSent) return;
    const uri = this.uris.uriOf(filePath);
    this.publish(filePath, moveDiagnostics(lastSent, changes, uri), version);
  }

  /** Forgets a file's result and removes its diagnostics from the client. */
  clear(filePath: string): void {
    this.results.delete(filePath);
    this.stamps.delete(filePath);
    if (this.published.has(filePath)) this.publish(filePath, [], null);
    this.onChange?.();
  }

  clearAll(): void {
    for (const filePath of [...this.published]) this.publish(filePath, [], null);
    this.results.clear();
    this.stamps.clear();
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
      this.lastSent.set(filePath, diagnostics);
    } else {
      this.published.delete(filePath);
      this.lastSent.delete(filePath);
    }
    const uri = this.uris.uriOf(filePath);
    const params = { uri, diagnostics, version: version ?? undefined };
    this.connection.sendDiagnostics(params).catch((error: unknown) => {
      this.logger.error(`Publishing diagnostics for ${filePath} failed`, error);
    });
  }
}

const SLICE_MS = 25;

/** How long analyses of closed files must pause before their parsed forms are released. */
const RELEASE_DELAY_MS = 2000;

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
