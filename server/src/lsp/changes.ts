import { existsSync } from 'node:fs';
import { classifyFile, type Engine, type FileKind } from '../engine';
import { isCandidatePath } from '../engine/file-kind';
import { runInSlices, type Analyzer } from './analysis';
import { dependantsOf } from './dependants';
import type { Logger } from './log';
import { isConfigFile } from './team-config';

/** How long typing has to pause before an edited document is analysed again. */
const DEBOUNCE_MS = 80;

/**
 * A file whose last analysis took less than this is analysed right after each edit: waiting
 * for a pause would only add latency, since there is little work to save by merging edits.
 */
const CHEAP_ANALYSIS_MS = 50;

/**
 * How long typing has to pause before the files that depend on an edited document follow. A
 * rule that reads every Dart file of a project makes each edit touch the whole project.
 */
const DEPENDANTS_DELAY_MS = 300;

/**
 * Files under `res/xml/` whose kind comes from their root element: an edit can turn one kind
 * into another, so a change of one counts as a change of all three.
 */
const RESOURCE_XML_KINDS: readonly FileKind[] = [
  'android-xml',
  'network-security-config',
  'backup-rules',
];

/**
 * The change a queued dependant must follow: the kinds of the files whose text changed, so that
 * only the rules reading them run again, or `all` when files appeared or disappeared.
 */
type DependantChange = Set<FileKind> | 'all';

/**
 * Turns edits, closes and file-system events into analysis: the changed file first, then the
 * files of its project that rules read it for. Files open in the editor follow their editor
 * text, so disk events for them (a save among them) are ignored until they are closed.
 */
export class ChangeTracker {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** How long the last analysis of each edited document took, in ms. */
  private readonly costs = new Map<string, number>();
  /** Dependent files waiting for analysis, each once however often it was queued. */
  private readonly queued = new Map<string, DependantChange>();
  private queueTimer?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly engine: Engine,
    private readonly analyzer: Analyzer,
    private readonly logger: Logger,
    private readonly isOpen: (filePath: string) => boolean,
    /** Called when a phi_guard.yaml appeared or disappeared, before anything is re-analysed. */
    private readonly configFilesMoved: () => void,
    /** Whether a path lies in a workspace folder; other files are analysed only while open. */
    private readonly inWorkspace: (filePath: string) => boolean,
  ) {}

  /** Returns whether the next analysis of an edited document waits for a typing pause. */
  waitsForPause(filePath: string): boolean {
    const cost = this.costs.get(filePath);
    return cost === undefined || cost >= CHEAP_ANALYSIS_MS;
  }

  /** Analyses an edited document once typing pauses, then the files that depend on it. */
  documentChanged(filePath: string, withDependants: boolean): void {
    clearTimeout(this.timers.get(filePath));
    const delay = this.waitsForPause(filePath) ? DEBOUNCE_MS : 0;
    const timer = setTimeout(() => {
      this.timers.delete(filePath);
      // A document without an earlier result may be a file new to its project, which can
      // change any rule's result (a fix creates a helper file only when it is missing).
      const known = this.analyzer.result(filePath) !== undefined;
      const started = performance.now();
      this.analyzer.analyze(filePath);
      this.costs.set(filePath, performance.now() - started);
      if (withDependants) {
        const changed = known ? this.changedKinds([filePath]) : 'all';
        this.analyzeDependants([filePath], new Set(), DEPENDANTS_DELAY_MS, changed);
      }
    }, delay);
    this.timers.set(filePath, timer);
  }

  /**
   * Switches a closed document back to its disk text, or drops the file and its diagnostics
   * when it no longer exists on disk or lies outside the workspace folders.
   */
  documentClosed(filePath: string): void {
    clearTimeout(this.timers.get(filePath));
    this.timers.delete(filePath);
    this.costs.delete(filePath);
    const exists = existsSync(filePath) && this.inWorkspace(filePath);
    if (!exists && isConfigFile(filePath)) this.configFilesMoved();
    const before = this.dependants([filePath]);
    this.engine.workspace.close(filePath, exists);
    if (exists) this.analyzer.analyze(filePath);
    else this.analyzer.clear(filePath);
    // The disk text replaces the editor text. Only a file that is gone changes the project.
    const changed = exists ? this.changedKinds([filePath]) : 'all';
    this.analyzeDependants([filePath], before, 0, changed);
  }

  /** Reads a file that was created or changed on disk and analyses it. */
  diskChanged(filePath: string): void {
    if (this.isOpen(filePath) || !isCandidatePath(filePath)) return;
    if (isConfigFile(filePath) && !this.engine.workspace.has(filePath)) this.configFilesMoved();
    const before = this.dependants([filePath]);
    const existed = this.engine.workspace.has(filePath);
    this.engine.workspace.addPath(filePath);
    this.analyzer.analyze(filePath);
    const changed = existed ? this.changedKinds([filePath]) : 'all';
    this.analyzeDependants([filePath], before, 0, changed);
  }

  /**
   * Drops a deleted (or renamed) file, or every file below a deleted folder, and clears their
   * diagnostics. Files open in the editor keep theirs because the buffer still exists, and
   * closing such a file clears them.
   */
  deleted(deletedPath: string): void {
    const removed = this.engine.workspace
      .allPaths()
      .filter((p) => p === deletedPath || p.startsWith(deletedPath + '/'))
      .filter((p) => !this.isOpen(p));
    if (removed.length === 0) return;
    if (removed.some(isConfigFile)) this.configFilesMoved();
    const before = this.dependants(removed);
    for (const filePath of removed) {
      this.engine.workspace.removePath(filePath);
      this.analyzer.clear(filePath);
    }
    this.analyzeDependants(removed, before);
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

  /** Returns the kinds of the files at `paths`, counting the kinds an edit can switch between. */
  private changedKinds(paths: string[]): Set<FileKind> {
    const kinds = new Set<FileKind>();
    for (const filePath of paths) {
      const kind = this.engine.workspace.file(filePath)?.kind ?? classifyFile(filePath);
      const related = RESOURCE_XML_KINDS.includes(kind) ? RESOURCE_XML_KINDS : [kind];
      related.forEach((k) => kinds.add(k));
    }
    return kinds;
  }

  /**
   * Queues the dependants of `paths` as they are now, plus `earlier` ones (computed before a
   * deletion or a project change moved files between projects). `changed` is `all` unless only
   * the text of existing files changed.
   */
  private analyzeDependants(
    paths: string[],
    earlier = new Set<string>(),
    delayMs = 0,
    changed: DependantChange = 'all',
  ): void {
    const targets = new Set([...earlier, ...this.dependants(paths)]);
    for (const filePath of paths) targets.delete(filePath);
    if (targets.size === 0) return;
    this.logger.debug(`Queued ${targets.size} dependent file(s) of ${paths.length} change(s)`);
    for (const target of targets) {
      this.queued.set(target, mergeChanges(this.queued.get(target), changed));
    }
    clearTimeout(this.queueTimer);
    this.queueTimer = setTimeout(() => void this.drain(), delayMs);
  }

  /** Analyses the queued files in slices; files queued meanwhile join the same run. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queued.size > 0) {
        const batch = new Map(this.queued);
        this.queued.clear();
        const live = [...batch.keys()].filter((p) => this.engine.workspace.has(p));
        await runInSlices(live, (p) => this.analyzeDependant(p, batch.get(p)!));
      }
    } catch (error) {
      this.logger.error('Re-analysing dependent files failed', error);
    } finally {
      this.draining = false;
    }
  }

  /** Runs the rules a change can affect on a dependant, or all of them after `all`. */
  private analyzeDependant(filePath: string, changed: DependantChange): void {
    if (changed === 'all') this.analyzer.analyze(filePath);
    else this.analyzer.analyzeAffected(filePath, [...changed]);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    clearTimeout(this.queueTimer);
    this.queued.clear();
  }
}

/** Combines two pending changes of one dependant. `all` absorbs any set of kinds. */
function mergeChanges(
  queued: DependantChange | undefined,
  added: DependantChange,
): DependantChange {
  if (queued === undefined) return added === 'all' ? 'all' : new Set(added);
  if (queued === 'all' || added === 'all') return 'all';
  added.forEach((kind) => queued.add(kind));
  return queued;
}
