import type { Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { discoverFiles, type Engine } from '../engine';
import type { ScanWorkspaceResult } from '../../../shared/protocol';
import { runInSlices, type Analyzer } from './analysis';
import type { Logger } from './log';

/**
 * Analyses every file below the workspace folders, each folder a scan root of its own. A new
 * scan cancels the one still running at its next slice, so a settings change does not wait for
 * the rest of an old scan.
 */
export class WorkspaceScanner {
  private generation = 0;
  private roots: string[] = [];
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

  async scan(): Promise<ScanWorkspaceResult> {
    const generation = ++this.generation;
    const started = performance.now();
    this.running = true;
    const progress = await this.beginProgress();
    try {
      const files = this.syncPaths();
      const isCancelled = () => generation !== this.generation;
      const done = await runInSlices(files, (p) => this.analyzer.analyze(p), {
        isCancelled,
        onProgress: (count) => {
          progress.report(percent(count, files.length), `${count}/${files.length} files`);
        },
      });
      const durationMs = Math.round(performance.now() - started);
      const findings = this.analyzer.totals().findings;
      if (!isCancelled()) this.logger.info(`Scanned ${done} files in ${durationMs} ms`);
      return { files: done, findings, durationMs };
    } finally {
      progress.done();
      if (generation === this.generation) this.running = false;
    }
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
