import { existsSync } from 'node:fs';
import { classifyFile, type Engine } from '../engine';
import { isCandidatePath } from '../engine/file-kind';
import { runInSlices, type Analyzer } from './analysis';
import { dependantsOf } from './dependants';
import type { Logger } from './log';

/** How long typing has to pause before an edited document is analysed again. */
const DEBOUNCE_MS = 80;

/**
 * How long typing has to pause before the files that depend on an edited document follow. A
 * rule that reads every Dart file of a project makes each edit touch the whole project.
 */
const DEPENDANTS_DELAY_MS = 300;

/**
 * Turns edits, saves, closes and file-system events into analysis: the changed file first,
 * then the files of its project that rules read it for. Files open in the editor follow their
 * editor text, so disk events for them are ignored until they are closed.
 */
export class ChangeTracker {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Dependent files waiting for analysis, each once however often it was queued. */
  private readonly queued = new Set<string>();
  private queueTimer?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly engine: Engine,
    private readonly analyzer: Analyzer,
    private readonly logger: Logger,
    private readonly isOpen: (filePath: string) => boolean,
  ) {}

  /** Analyses an edited document once typing pauses, then the files that depend on it. */
  documentChanged(filePath: string, withDependants: boolean): void {
    clearTimeout(this.timers.get(filePath));
    const timer = setTimeout(() => {
      this.timers.delete(filePath);
      this.analyzer.analyze(filePath);
      if (withDependants) this.analyzeDependants([filePath], new Set(), DEPENDANTS_DELAY_MS);
    }, DEBOUNCE_MS);
    this.timers.set(filePath, timer);
  }

  /** Whether an analysis of the file is waiting for typing to pause. */
  isPending(filePath: string): boolean {
    return this.timers.has(filePath);
  }

  /** A closed document falls back to the disk; if the disk has no such file it disappears. */
  documentClosed(filePath: string): void {
    clearTimeout(this.timers.get(filePath));
    this.timers.delete(filePath);
    const exists = existsSync(filePath);
    const before = this.dependants([filePath]);
    this.engine.workspace.close(filePath, exists);
    if (exists) this.analyzer.analyze(filePath);
    else this.analyzer.clear(filePath);
    this.analyzeDependants([filePath], before);
  }

  /** A file was created or changed on disk. */
  diskChanged(filePath: string): void {
    if (this.isOpen(filePath) || !isCandidatePath(filePath)) return;
    const before = this.dependants([filePath]);
    this.engine.workspace.addPath(filePath);
    this.analyzer.analyze(filePath);
    this.analyzeDependants([filePath], before);
  }

  /**
   * A file or folder was deleted (or renamed away). Its diagnostics are cleared unless it is
   * open, because the editor's buffer still exists; closing it clears them then.
   */
  deleted(deletedPath: string): void {
    const gone = this.engine.workspace
      .allPaths()
      .filter((p) => p === deletedPath || p.startsWith(deletedPath + '/'))
      .filter((p) => !this.isOpen(p));
    if (gone.length === 0) return;
    const before = this.dependants(gone);
    for (const filePath of gone) {
      this.engine.workspace.removePath(filePath);
      this.analyzer.clear(filePath);
    }
    this.analyzeDependants(gone, before);
  }

  private dependants(paths: string[]): Set<string> {
    const found = new Set<string>();
    for (const filePath of paths) {
      if (!this.engine.workspace.has(filePath)) continue;
      const kind = this.engine.workspace.file(filePath)?.kind ?? classifyFile(filePath);
      for (const dependant of dependantsOf(this.engine, filePath, kind)) found.add(dependant);
    }
    return found;
  }

  /**
   * Queues the dependants of `paths` as they are now, plus `earlier` ones (computed before a
   * deletion or a project change moved files between projects).
   */
  private analyzeDependants(paths: string[], earlier = new Set<string>(), delayMs = 0): void {
    const targets = new Set([...earlier, ...this.dependants(paths)]);
    for (const filePath of paths) targets.delete(filePath);
    if (targets.size === 0) return;
    this.logger.debug(`Queued ${targets.size} dependent file(s) of ${paths.length} change(s)`);
    for (const target of targets) this.queued.add(target);
    clearTimeout(this.queueTimer);
    this.queueTimer = setTimeout(() => void this.drain(), delayMs);
  }

  /** Analyses the queued files in slices; files queued meanwhile join the same run. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queued.size > 0) {
        const batch = [...this.queued];
        this.queued.clear();
        const live = batch.filter((p) => this.engine.workspace.has(p));
        await runInSlices(live, (p) => this.analyzer.analyze(p));
      }
    } catch (error) {
      this.logger.error('Re-analysing dependent files failed', error);
    } finally {
      this.draining = false;
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    clearTimeout(this.queueTimer);
    this.queued.clear();
  }
}
