import type { Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { discoverFiles, type Engine } from '../engine';
import type { PhiGuardSettings, ScanWorkspaceResult } from '../../../shared/protocol';
import { runInSlices, type Analyzer } from './analysis';
import type { Logger } from './log';
import {
  scanWorkerCount,
  scanWorkerEntry,
  ScanWorkerPool,
  type PoolCallbacks,
  type ProjectJob,
} from './scan-worker-pool';
import type { OpenDocument, ScanWorkerSetup } from './scan-worker-protocol';
import { isConfigFile } from './team-config';

/** Settings from the session that scan workers need to build engines like the server's. */
export interface ScanWorkerSource {
  dartGrammarPath?: string;
  settings: () => PhiGuardSettings;
}

/** Counts analysed files across the steps of one scan and reports progress. */
interface ScanRun {
  generation: number;
  total: number;
  done: number;
  progress: WorkDoneProgressReporter;
  /** When progress was last sent, from `performance.now()`. */
  reportedAt: number;
}

const PROGRESS_INTERVAL_MS = 100;
const MISSING_WORKER_SCRIPT =
  'scan-worker.js was not found next to the server script, so the workspace is scanned on the ' +
  'main thread. Rebuild or reinstall PHI Guard.';

/**
 * Analyses every file below the workspace folders, each folder a scan root of its own. Closed
 * files go to worker threads one project at a time, so the editor's requests and edits do not
 * queue behind the scan, while open documents are analysed on the main thread. Without workers
 * (none configured, or one failed) the rest of the scan runs on the main thread in slices. A
 * new scan cancels the one still running, so a settings change does not wait for an old scan.
 */
export class WorkspaceScanner {
  private generation = 0;
  private roots: string[] = [];
  private workerSource?: ScanWorkerSource;
  private pool?: ScanWorkerPool;
  running = false;

  constructor(
    private readonly connection: Connection,
    private readonly engine: Engine,
    private readonly analyzer: Analyzer,
    private readonly logger: Logger,
    private readonly isOpen: (filePath: string) => boolean,
  ) {}

  /** Returns whether a path lies in one of the workspace folders. */
  contains(filePath: string): boolean {
    return this.roots.some((root) => filePath === root || filePath.startsWith(root + '/'));
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.engine.workspace.setScanRoots(roots);
  }

  /** Lets later scans run in worker threads. */
  useWorkers(source: ScanWorkerSource): void {
    this.workerSource = source;
  }

  async scan(): Promise<ScanWorkspaceResult> {
    this.stopWorkers();
    const generation = ++this.generation;
    const started = performance.now();
    this.running = true;
    const progress = await this.beginProgress();
    try {
      const files = this.syncPaths();
      const run: ScanRun = { generation, total: files.length, done: 0, progress, reportedAt: 0 };
      const open = files.filter((p) => this.isOpen(p));
      const closed = files.filter((p) => !this.isOpen(p));
      await this.scanOnMainThread(open, run);
      if (!this.isCancelled(run)) await this.scanClosed(closed, run);
      const durationMs = Math.round(performance.now() - started);
      const findings = this.analyzer.totals().findings;
      if (!this.isCancelled(run)) {
        this.logger.info(`Scanned ${run.done} files in ${durationMs} ms`);
        this.analyzer.releaseIdleProjects();
      }
      return { files: run.done, findings, durationMs };
    } finally {
      progress.done();
      if (generation === this.generation) this.running = false;
    }
  }

  /** Stops the workers of a running scan at shutdown, so the scan ends early. */
  dispose(): void {
    this.generation++;
    this.stopWorkers();
  }

  private isCancelled(run: ScanRun): boolean {
    return run.generation !== this.generation;
  }

  private async scanOnMainThread(paths: string[], run: ScanRun): Promise<void> {
    const start = run.done;
    await runInSlices(paths, (p) => this.analyzer.analyze(p), {
      isCancelled: () => this.isCancelled(run),
      onProgress: (count) => this.reportProgress(run, start + count),
    });
  }

  private async scanClosed(paths: string[], run: ScanRun): Promise<void> {
    const entry = scanWorkerEntry();
    const workers = scanWorkerCount();
    // Without the grammar every Dart file gets one notice, which needs no worker.
    const useful = this.engine.grammar.ok && workers > 0 && paths.length > 0;
    if (!this.workerSource || !entry || !useful) {
      if (this.workerSource && !entry) this.logger.error(MISSING_WORKER_SCRIPT);
      await this.scanOnMainThread(paths, run);
      return;
    }
    const jobs = this.projectJobs(paths);
    const used = Math.min(workers, jobs.length);
    this.logger.info(`Scanning ${jobs.length} project(s) in ${used} worker thread(s)`);
    const setup = this.workerSetup(this.workerSource);
    const pool = new ScanWorkerPool(entry, setup, jobs, this.callbacks(run));
    this.pool = pool;
    const outcome = await pool.run(workers);
    if (this.pool === pool) this.pool = undefined;
    if (outcome.status !== 'failed' || this.isCancelled(run)) return;
    this.logger.error(
      `A scan worker failed, so the other ${outcome.unfinished.length} files are analysed on ` +
        'the main thread',
      outcome.error,
    );
    await this.scanOnMainThread(outcome.unfinished, run);
  }

  private callbacks(run: ScanRun): PoolCallbacks {
    return {
      prepare: (job) => ({
        request: { type: 'project', ...job, open: this.openDocumentsFor(job.root) },
        stamp: this.analyzer.stamp(),
      }),
      onResult: (result, stamp) => {
        this.analyzer.accept(result, stamp);
        this.reportProgress(run, run.done + 1);
      },
      onLog: (level, message) => {
        if (level === 'error') this.logger.error(message);
        else this.logger.debug(message);
      },
    };
  }

  /** Records the count and sends it at most every 100 ms, since workers report per file. */
  private reportProgress(run: ScanRun, done: number): void {
    run.done = done;
    const now = performance.now();
    if (now - run.reportedAt < PROGRESS_INTERVAL_MS && done < run.total) return;
    run.reportedAt = now;
    run.progress.report(percent(done, run.total), `${done}/${run.total} files`);
  }

  /** Groups paths by project, in the order of their first path. */
  private projectJobs(paths: string[]): ProjectJob[] {
    const byRoot = new Map<string, string[]>();
    for (const filePath of paths) {
      const root = this.engine.workspace.projectRootOf(filePath);
      const list = byRoot.get(root);
      if (list) list.push(filePath);
      else byRoot.set(root, [filePath]);
    }
    return [...byRoot].map(([root, list]) => ({ root, paths: list }));
  }

  private workerSetup(source: ScanWorkerSource): ScanWorkerSetup {
    return {
      dartGrammarPath: source.dartGrammarPath,
      today: this.engine.today.getTime(),
      scanRoots: this.roots,
      paths: this.engine.workspace.allPaths(),
      ruleLevels: source.settings().rules,
    };
  }

  /**
   * Returns the open documents a worker needs for a project: those of the project, whose
   * editor text rules read in place of the disk, and every open phi_guard.yaml.
   */
  private openDocumentsFor(root: string): OpenDocument[] {
    const workspace = this.engine.workspace;
    return workspace
      .openDocuments()
      .filter((doc) => isConfigFile(doc.path) || workspace.projectRootOf(doc.path) === root);
  }

  private stopWorkers(): void {
    this.pool?.cancel();
    this.pool = undefined;
  }

  /** Makes the engine's path list match the disk; files that vanished lose their diagnostics. */
  private syncPaths(): string[] {
    // NOTE: discovery reads folders synchronously; a very large tree blocks for that time.
    const discovery = discoverFiles(this.roots);
    for (const error of discovery.errors) {
      this.logger.warn(`Could not list ${error.path}: ${error.message}`);
    }
    const found = new Set(discovery.files);
    for (const known of this.engine.workspace.allPaths()) {
      if (found.has(known) || this.isOpen(known)) continue;
      this.engine.workspace.removePath(known);
      this.analyzer.clear(known);
    }
    for (const stale of this.analyzer.analysedPaths()) {
      if (!this.engine.workspace.has(stale)) this.analyzer.clear(stale);
    }
    for (const file of discovery.files) {
      // Re-adding an open file would throw away its syntax tree for nothing.
      if (!this.isOpen(file)) this.engine.workspace.addPath(file);
    }
    return this.engine.workspace.allPaths();
  }

  private async beginProgress(): Promise<WorkDoneProgressReporter> {
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    const reporter = progress ?? nullReporter();
    reporter.begin('PHI Guard', 0, 'Scanning the workspace', false);
    return reporter;
  }
}

function percent(done: number, total: number): number {
  return total === 0 ? 100 : Math.floor((done / total) * 100);
}

function nullReporter(): WorkDoneProgressReporter {
  const ignore = () => undefined;
  return { begin: ignore, report: ignore, done: ignore };
}
