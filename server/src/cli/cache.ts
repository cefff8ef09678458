/**
 * The CLI's persistent result cache: one JSON entry per analysed file under
 * `.phi-guard-cache/` (or `--cache-dir`), keyed by content hashes. Entries contain findings with
 * their fixes, notices and suppression comments, never whole file texts. Fix edits contain
 * the code they insert or replace, as in any report that lists fixes.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import type { Rule } from '../engine/rule-api';
import type { FileResult } from '../engine';

/** The default cache folder name, created under the scanned folder. */
export const CACHE_DIR_NAME = '.phi-guard-cache';

/** Bumped when the entry layout changes, so older entries are ignored. */
export const ENTRY_FORMAT = 1;

/** The inputs an entry's result was computed from. Every field must match for a hit. */
export interface EntryKey {
  /** Tool version, build, rule metadata and Dart grammar. */
  run: string;
  /** The effective config for the file. */
  config: string;
  /** The file's kind, skip notice and text. */
  content: string;
  /** The project's root, file list and pubspec.yaml. */
  project: string;
  /** The analysis date (YYYY-MM-DD), present only when the result depends on it. */
  date?: string;
}

export interface CacheEntry {
  format: number;
  key: EntryKey;
  /** Hash of the project's files of each kind that the file's rules read. */
  reads: Record<string, string>;
  /** The result, with every path relative to the project root. */
  result: FileResult;
}

export function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Reads and writes cache entries. A missing, unreadable or corrupt entry counts as a miss.
 * When the folder cannot be written, the scan goes on without storing and prints one warning.
 */
export class ResultCache {
  private writable = true;
  private folderReady = false;
  private readonly entries: string;

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.entries = path.join(dir, `v${ENTRY_FORMAT}`);
  }

  /** Returns the entry stored for a file (named by its path relative to the scan base). */
  read(name: string): CacheEntry | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.entryPath(name), 'utf8'));
    } catch {
      return undefined;
    }
    return isEntry(parsed) ? parsed : undefined;
  }

  /** Stores an entry with a temp file and a rename, so readers never see half an entry. */
  write(name: string, entry: CacheEntry): void {
    if (!this.writable) return;
    const target = this.entryPath(name);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      this.ensureFolder();
      writeFileSync(temp, JSON.stringify(entry));
      renameSync(temp, target);
    } catch (error) {
      this.writable = false;
      removeQuietly(temp);
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      this.warn(`cannot write the cache in ${this.dir} (${code}); results are not stored.`);
    }
  }

  private ensureFolder(): void {
    if (this.folderReady) return;
    makeFolders(this.entries);
    // The folder ignores itself, so a cache inside a repository never shows up in git status.
    const ignore = path.join(this.dir, '.gitignore');
    try {
      statSync(ignore);
    } catch {
      writeFileSync(ignore, '# Created by phi-guard: the result cache is local.\n*\n');
    }
    this.folderReady = true;
  }

  // NOTE: entries of deleted or renamed files are never pruned. The folder grows with every
  // path ever scanned until it is deleted.
  private entryPath(name: string): string {
    return path.join(this.entries, `${sha256(name).slice(0, 40)}.json`);
  }
}

/**
 * Creates a folder and its missing parents one level at a time. Node's recursive `mkdirSync`
 * loops forever below some virtual file systems (a path under /proc), and a cache folder
 * given on the command line must fail with an error there instead.
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(folder); !existsSync(at); at = path.dirname(at)) {
    if (path.dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const level of missing) mkdirSync(level);
}

function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<CacheEntry>;
  const result = entry.result as Partial<FileResult> | undefined;
  return (
    entry.format === ENTRY_FORMAT &&
    typeof entry.key === 'object' &&
    entry.key !== null &&
    typeof entry.reads === 'object' &&
    entry.reads !== null &&
    typeof result === 'object' &&
    result !== null &&
    Array.isArray(result.findings) &&
    Array.isArray(result.notices)
  );
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Nothing to clean up: the temp file was not created.
  }
}

/**
 * Returns the hash of everything that decides results apart from the files and the config:
 * the tool version, the build (the bundle, or the source files when run from source), the
 * rule metadata and the Dart grammar file.
 */
export function runKey(toolVersion: string, rules: readonly Rule[], grammarPath: string): string {
  const metadata = JSON.stringify(rules.map((rule) => rule.meta));
  return sha256(toolVersion, buildFingerprint(), metadata, fileHash(grammarPath));
}

function fileHash(file: string): string {
  try {
    return sha256(readFileSync(file));
  } catch {
    return 'missing';
  }
}

/**
 * Identifies the running code. The bundled CLI is one file, so its hash covers every rule.
 * From source, the sizes and modification times of the engine and rule files stand in for it.
 * Tests set PHI_GUARD_TEST_BUILD_ID to pin it while other source files are being edited.
 */
function buildFingerprint(): string {
  const pinned = process.env.PHI_GUARD_TEST_BUILD_ID;
  if (pinned) return pinned;
  if (__filename.endsWith('.js')) return fileHash(__filename);
  const repository = path.resolve(__dirname, '../../..');
  const stamps: string[] = [];
  for (const folder of ['rules', 'server/src/engine']) {
    collectStamps(path.join(repository, folder), stamps);
  }
  return sha256(...stamps);
}

function collectStamps(folder: string, stamps: string[]): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'fix-fixtures') collectStamps(full, stamps);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      const stat = statSync(full);
      stamps.push(`${full}:${stat.size}:${stat.mtimeMs}`);
    }
  }
}
