/**
 * Analyses files through the result cache. A file whose entry matches is read and hashed but
 * not parsed. A file of which only some read files changed runs only the rules reading them.
 * Any other file runs in full, and every result that another run would repeat is stored.
 */
import * as path from 'node:path';
import { rulesAffectedBy, type Engine, type FileKind, type FileResult } from '../engine';
import type { EngineConfig } from '../engine/config';
import { Project, type WorkspaceFile } from '../engine/workspace';
import { INCOMPLETE_NOTICE_CODES, type FileNoticeCode } from '../engine/types';
import { ENTRY_FORMAT, sha256, type CacheEntry, type EntryKey, type ResultCache } from './cache';

export interface CacheStats {
  /** Results taken from the cache without analysis. */
  hit: number;
  /** Files analysed with every rule. */
  analysed: number;
  /** Files of which only the rules reading a changed file ran. */
  partial: number;
}

export class CachedAnalysis {
  readonly stats: CacheStats = { hit: 0, analysed: 0, partial: 0 };
  private readonly contentHashes = new Map<string, string>();
  private readonly projectHashes = new Map<string, string>();
  private readonly kindHashes = new Map<string, string>();
  private readonly configHashes = new WeakMap<EngineConfig, string>();
  private readonly date: string;
  private readonly base: string;

  constructor(
    private readonly engine: Engine,
    private readonly cache: ResultCache,
    /** The folder that entry names are relative to, so a moved checkout still hits. */
    baseDir: string,
    private readonly runKey: string,
    private readonly configFor: (filePath: string) => EngineConfig,
  ) {
    this.date = engine.today.toISOString().slice(0, 10);
    this.base = baseDir.split(path.sep).join('/');
  }

  analyze(filePath: string): FileResult {
    const file = this.engine.workspace.file(filePath);
    if (!file) return this.engine.analyzeFile(filePath);
    const root = this.engine.workspace.projectRootOf(file.path);
    const name = path.posix.relative(this.base, file.path);
    const key = this.keyOf(file, root);
    const reads = this.readHashes(file, root);
    const entry = this.cache.read(name);
    const reused = entry && this.matches(entry.key, key) ? entry : undefined;
    const changed = reused ? changedKinds(reused.reads, reads) : [];

    if (reused && changed.length === 0) {
      this.stats.hit++;
      return withPaths(reused.result, (p) => path.posix.join(root, p));
    }
    const result = reused ? this.rerun(file, root, reused, changed) : this.runAll(file);
    if (isReproducible(result)) {
      const usesDate = reused?.key.date !== undefined || this.engine.resultUsesDate(result);
      const stored = withPaths(result, (p) => path.posix.relative(root, p));
      const dated = { ...key, date: usesDate ? this.date : undefined };
      this.cache.write(name, { format: ENTRY_FORMAT, key: dated, reads, result: stored });
    }
    return result;
  }

  /**
   * Runs the rules that read a changed kind and takes the others' results from the entry. The
   * entry stores read hashes only for the kinds in `meta.reads`, so that list decides alone.
   */
  private rerun(
    file: WorkspaceFile,
    root: string,
    entry: CacheEntry,
    changed: FileKind[],
  ): FileResult {
    const rules = this.engine.ruleList();
    const ruleIds = rulesAffectedBy(rules, file.kind, changed, { sameKindMargin: false });
    const previous = withPaths(entry.result, (p) => path.posix.join(root, p));
    this.stats.partial++;
    return this.engine.analyzeFile(file.path, { partial: { ruleIds, previous } });
  }

  private runAll(file: WorkspaceFile): FileResult {
    this.stats.analysed++;
    return this.engine.analyzeFile(file.path);
  }

  /** Compares keys. The date counts only when the stored result depends on it. */
  private matches(stored: EntryKey, current: EntryKey): boolean {
    return (
      stored.run === current.run &&
      stored.config === current.config &&
      stored.content === current.content &&
      stored.project === current.project &&
      (stored.date === undefined || stored.date === this.date)
    );
  }

  private keyOf(file: WorkspaceFile, root: string): EntryKey {
    return {
      run: this.runKey,
      config: this.configHash(this.configFor(file.path)),
      content: this.contentHash(file),
      project: this.projectHash(root),
    };
  }

  private configHash(config: EngineConfig): string {
    let hash = this.configHashes.get(config);
    if (hash === undefined) {
      hash = sha256(stableJson(config));
      this.configHashes.set(config, hash);
    }
    return hash;
  }

  /** Hashes what the engine reads of a file: kind, notices and text. Nothing is parsed. */
  private contentHash(file: WorkspaceFile): string {
    let hash = this.contentHashes.get(file.path);
    if (hash === undefined) {
      const text = file.source.text;
      const notice = file.notice ? `${file.notice.code}:${file.notice.message}` : '';
      // Invalid bytes and a written U+FFFD decode to the same text, but only one gets a notice.
      hash = sha256(file.kind, notice, file.encodingNotice?.code ?? '', text);
      this.contentHashes.set(file.path, hash);
    }
    return hash;
  }

  /**
   * Hashes the project's root, its file list and its pubspec.yaml. A file that appears or
   * disappears, or a pubspec.yaml edit, can change any rule's result (a fix creates a helper
   * file only when it is missing and adds the dependencies pubspec.yaml lacks).
   */
  private projectHash(root: string): string {
    let hash = this.projectHashes.get(root);
    if (hash === undefined) {
      const paths = this.engine.workspace.pathsInProject(root).sort();
      const relative = paths.map((p) => path.posix.relative(root, p)).join('\n');
      const pubspec = new Project(root, this.engine.workspace).pubspec();
      const pubspecHash = pubspec ? this.contentHash(pubspec) : 'none';
      hash = sha256(path.posix.relative(this.base, root), relative, pubspecHash);
      this.projectHashes.set(root, hash);
    }
    return hash;
  }

  /** Hashes, per kind that a rule on this file reads, the project's files of that kind. */
  private readHashes(file: WorkspaceFile, root: string): Record<string, string> {
    const hashes: Record<string, string> = {};
    for (const kind of readKinds(this.engine, file.kind)) {
      const memo = `${root}\0${kind}`;
      let hash = this.kindHashes.get(memo);
      if (hash === undefined) {
        const files = new Project(root, this.engine.workspace).files(kind);
        const parts = files.map((f) => {
          return `${path.posix.relative(root, f.path)}:${this.contentHash(f)}`;
        });
        hash = sha256(...parts.sort());
        this.kindHashes.set(memo, hash);
      }
      hashes[kind] = hash;
    }
    return hashes;
  }
}

function readKinds(engine: Engine, fileKind: FileKind): FileKind[] {
  const kinds = new Set<FileKind>();
  for (const { meta } of engine.ruleList()) {
    if (meta.fileKinds.includes(fileKind)) meta.reads?.forEach((kind) => kinds.add(kind));
  }
  return [...kinds].sort();
}

function changedKinds(stored: Record<string, string>, current: Record<string, string>): FileKind[] {
  const kinds = new Set([...Object.keys(stored), ...Object.keys(current)]);
  return [...kinds].filter((kind) => stored[kind] !== current[kind]) as FileKind[];
}

/**
 * Results with a notice that another run may not repeat (an unreadable file, a parse time-out,
 * a missing grammar, a rule that threw) are not stored, so the next run tries again.
 */
function isReproducible(result: FileResult): boolean {
  const incomplete = (code?: FileNoticeCode) =>
    code !== undefined && INCOMPLETE_NOTICE_CODES.includes(code);
  return !result.notices.some((notice) => incomplete(notice.code));
}

/** Returns a deep copy of a result with every `path` property passed through `convert`. */
function withPaths<T>(value: T, convert: (p: string) => string): T {
  return JSON.parse(JSON.stringify(value), (key, item: unknown) =>
    key === 'path' && typeof item === 'string' ? convert(item) : item,
  ) as T;
}

/** JSON with object keys sorted, so equal configs hash equally whatever their key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    const record = item as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) sorted[key] = record[key];
    return sorted;
  });
}
