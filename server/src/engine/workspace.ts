import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Edit, Parser, Tree } from 'web-tree-sitter';
import { DartFile } from './dart/model';
import { classifyFile } from './file-kind';
import { tokenize, type Tokens } from './parsers/clike';
import { parseGradle, type GradleScript } from './parsers/gradle';
import { PlistDocument } from './parsers/plist';
import { XmlDocument } from './parsers/xml';
import { YamlFile } from './parsers/yaml';
import { SourceText } from './text';
import type { FileKind, FileNotice } from './types';

/** Parses Dart for the workspace; the engine supplies it once the grammar has loaded. */
export interface DartParserHost {
  /** Undefined when the grammar failed to load. */
  parser: Parser | undefined;
}

export interface WorkspaceOptions {
  maxFileBytes: number;
  /** The size limit for one file, from the config that applies to it; else `maxFileBytes`. */
  maxFileBytesFor?: (filePath: string) => number;
}

/**
 * One file as the engine reads it: its text (from the editor when open, else from disk), its
 * kind, and its parsed forms, each built on first use and kept until the text changes.
 */
export class WorkspaceFile {
  private cache = new Map<string, unknown>();
  private sourceText?: SourceText;
  /** Set when the file could not be read or is skipped; the text is then empty. */
  notice?: FileNotice;
  /** Set when the file was read but is not valid UTF-8. Unlike `notice`, it skips nothing. */
  encodingNotice?: FileNotice;
  kind: FileKind;

  constructor(
    readonly path: string,
    private readonly host: DartParserHost,
    private readonly options: WorkspaceOptions,
    private text?: string,
    readonly version = 0,
    /** Tree of the previous version, for incremental re-parsing of an edited Dart file. */
    private previousTree?: Tree,
  ) {
    this.kind = classifyFile(path, text ?? undefined);
    if (this.kind === 'android-xml' && text === undefined) this.kind = classifyFile(path, this.source.text);
  }

  get source(): SourceText {
    if (!this.sourceText) this.sourceText = new SourceText(this.text ?? this.readFromDisk());
    return this.sourceText;
  }

  get isOpenInEditor(): boolean {
    return this.text !== undefined;
  }

  private readFromDisk(): string {
    try {
      const stat = statSync(this.path);
      if (!stat.isFile()) {
        // A FIFO would block the read forever and a device such as /dev/zero never ends.
        this.notice = {
          path: this.path,
          code: 'not-a-file',
          severity: 'warning',
          message: 'Skipped: the path is not a regular file (a folder, pipe or device).',
        };
        return '';
      }
      const size = stat.size;
      const limit = this.options.maxFileBytesFor?.(this.path) ?? this.options.maxFileBytes;
      if (size > limit) {
        this.notice = {
          path: this.path,
          code: 'too-large',
          severity: 'warning',
          message:
            `Skipped: the file has ${size} bytes, more than the limit of ${limit}, so its ` +
            'findings are not reported; raise max_file_bytes in phi_guard.yaml to analyse it.',
        };
        return '';
      }
      const bytes = readFileSync(this.path);
      if (bytes.includes(0)) {
        this.notice = {
          path: this.path,
          code: 'binary',
          severity: 'warning',
          message:
            'Skipped: the file contains NUL bytes, so it is read as binary and its findings ' +
            'are not reported; remove the NUL bytes if it is source code.',
        };
        return '';
      }
      if (!isUtf8(bytes)) {
        this.encodingNotice = {
          path: this.path,
          code: 'invalid-utf8',
          severity: 'info',
          message:
            'The file has bytes that are not valid UTF-8. They were read as U+FFFD and the ' +
            'rest was analysed; save the file as UTF-8, as Dart and the platform tools expect.',
        };
      }
      return bytes.toString('utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      this.notice = {
        path: this.path,
        code: 'unreadable',
        severity: 'error',
        message: `Could not read the file (${code}); check that it exists and is readable.`,
      };
      return '';
    }
  }

  private memo<T>(key: string, build: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }

  /** Returns the Dart model, or undefined when this is not Dart or the grammar is unavailable. */
  dart(): DartFile | undefined {
    if (this.kind !== 'dart') return undefined;
    return this.memo('dart', () => {
      const parser = this.host.parser;
      if (!parser) return undefined;
      const text = this.source.text;
      const deadline = Date.now() + parseBudgetMs(text.length);
      // Error recovery on some mangled inputs takes minutes; past the budget the parse stops.
      const tree = parser.parse(text, this.previousTree ?? null, {
        progressCallback: () => Date.now() > deadline,
      });
      this.previousTree?.delete();
      this.previousTree = undefined;
      if (!tree) {
        this.notice = {
          path: this.path,
          code: 'parse-timeout',
          severity: 'error',
          message:
            `Not analysed: parsing stopped after ${parseBudgetMs(text.length)} ms, far longer than ` +
            'a Dart file of this size needs; check the file for corrupted or generated content.',
        };
        return undefined;
      }
      return new DartFile(this.path, this.source, tree, this.isOpenInEditor);
    });
  }

  /**
   * Hands the current Dart tree to the next version for incremental parsing. The caller owns it
   * afterwards, so `dispose` no longer deletes it. A version that was never parsed passes on the
   * tree it inherited, which already carries the earlier edits.
   */
  takeTree(): Tree | undefined {
    const dart = this.cache.get('dart') as DartFile | undefined;
    if (dart) {
      this.cache.delete('dart');
      return dart.tree;
    }
    const inherited = this.previousTree;
    this.previousTree = undefined;
    return inherited;
  }

  xml(): XmlDocument {
    return this.memo('xml', () => new XmlDocument(this.source));
  }

  plist(): PlistDocument {
    return this.memo('plist', () => new PlistDocument(this.xml()));
  }

  yaml(): YamlFile {
    return this.memo('yaml', () => new YamlFile(this.source));
  }

  gradle(): GradleScript {
    return this.memo('gradle', () => parseGradle(this.source.text));
  }

  /** Tokens of a Kotlin, Java or Swift file, without comments. */
  tokens(): Tokens {
    return this.memo('tokens', () => tokenize(this.source.text));
  }

  dispose(): void {
    const dart = this.cache.get('dart') as DartFile | undefined;
    dart?.tree?.delete();
    this.previousTree?.delete();
    this.previousTree = undefined;
    this.cache.clear();
  }
}

/**
 * The files of one Flutter app or package: everything below the folder of its pubspec.yaml
 * that no nearer pubspec.yaml claims. Rules that span files look only inside their project,
 * so two apps in one workspace never see each other's evidence.
 */
export class Project {
  constructor(
    readonly root: string,
    private readonly workspace: Workspace,
  ) {}

  files(kind?: FileKind | FileKind[]): WorkspaceFile[] {
    const kinds = kind === undefined ? undefined : Array.isArray(kind) ? kind : [kind];
    return this.workspace
      .pathsInProject(this.root)
      .map((p) => this.workspace.file(p))
      .filter((f): f is WorkspaceFile => f !== undefined && (!kinds || kinds.includes(f.kind)));
  }

  get(filePath: string): WorkspaceFile | undefined {
    return this.workspace.file(filePath);
  }

  relative(filePath: string): string {
    return path.posix.relative(this.root, filePath);
  }

  /** Returns the parsed pubspec.yaml of the project, if it has one. */
  pubspec(): WorkspaceFile | undefined {
    return this.workspace.file(path.posix.join(this.root, 'pubspec.yaml'));
  }

  /** Returns whether pubspec.yaml lists a package under dependencies or dev_dependencies. */
  dependsOn(packageName: string): boolean {
    const pubspec = this.pubspec();
    if (!pubspec || pubspec.kind !== 'pubspec') return false;
    const yaml = pubspec.yaml();
    return ['dependencies', 'dev_dependencies'].some((section) =>
      yaml.pair([section, packageName]),
    );
  }

  /** The version of a package that pubspec.lock resolved, if there is a lock file. */
  lockedVersion(packageName: string): string | undefined {
    const lock = this.workspace.file(path.posix.join(this.root, 'pubspec.lock'));
    if (!lock) return undefined;
    const version = lock.yaml().pair(['packages', packageName, 'version'])?.value;
    const value = (version as { value?: unknown } | null | undefined)?.value;
    return value === undefined ? undefined : String(value);
  }
}

/**
 * All files the engine has seen: paths found on disk and documents open in an editor, whose text
 * wins over the disk. It keeps parsed forms until a file changes.
 */
export class Workspace {
  private paths = new Set<string>();
  private files = new Map<string, WorkspaceFile>();
  private openTexts = new Map<string, { text: string; version: number }>();
  private projectRoots?: string[];
  /** Paths grouped by project root, valid while `projectPathsFor` is the current root list. */
  private projectPaths?: Map<string, string[]>;
  private projectPathsFor?: string[];
  /** Folders the user asked to analyse (workspace folders, CLI arguments), deepest first. */
  private scanRoots: string[] = [];

  constructor(
    private readonly host: DartParserHost,
    private readonly options: WorkspaceOptions,
  ) {}

  /** Changes the size limit; files read from disk are read again under the new limit. */
  setMaxFileBytes(bytes: number): void {
    if (this.options.maxFileBytes === bytes) return;
    this.options.maxFileBytes = bytes;
    for (const [normalized, file] of this.files) {
      if (!file.isOpenInEditor) this.invalidate(normalized);
    }
  }

  setScanRoots(roots: string[]): void {
    this.scanRoots = roots.map(normalizePath).sort((a, b) => b.length - a.length);
    this.projectRoots = undefined;
  }

  /** Records a path that exists on disk; its content is read when first needed. */
  addPath(filePath: string): void {
    const normalized = normalizePath(filePath);
    if (!this.paths.has(normalized)) {
      this.paths.add(normalized);
      this.projectRoots = undefined;
    }
    this.invalidate(normalized);
  }

  removePath(filePath: string): void {
    const normalized = normalizePath(filePath);
    this.paths.delete(normalized);
    this.projectRoots = undefined;
    if (!this.openTexts.has(normalized)) this.invalidate(normalized);
  }

  /**
   * Sets the editor's text of a file, which takes precedence over the disk until `close`.
   * `edits` describe, in order, how the previous editor text became `text` (UTF-16 indices and
   * columns). With them a Dart file is re-parsed incrementally, and without them from scratch.
   */
  open(filePath: string, text: string, version: number, edits?: Edit[]): void {
    const normalized = normalizePath(filePath);
    const previous = this.files.get(normalized);
    const oldTree = previous?.isOpenInEditor && edits ? previous.takeTree() : undefined;
    if (oldTree && edits) for (const edit of edits) oldTree.edit(edit);
    this.openTexts.set(normalized, { text, version });
    if (!this.paths.has(normalized)) {
      this.paths.add(normalized);
      this.projectRoots = undefined;
    }
    this.files.delete(normalized);
    this.files.set(normalized, this.createFile(normalized, oldTree));
    if (previous) previous.dispose();
  }

  close(filePath: string, existsOnDisk: boolean): void {
    const normalized = normalizePath(filePath);
    this.openTexts.delete(normalized);
    if (!existsOnDisk) this.removePath(normalized);
    else this.invalidate(normalized);
  }

  has(filePath: string): boolean {
    return this.paths.has(normalizePath(filePath));
  }

  isOpen(filePath: string): boolean {
    return this.openTexts.has(normalizePath(filePath));
  }

  /** Paths of the documents open in the editor, with their editor text and version. */
  openDocuments(): Array<{ path: string; text: string; version: number }> {
    return [...this.openTexts].map(([p, open]) => ({ path: p, ...open }));
  }

  /** Returns how many files currently keep their text and parsed forms in memory. */
  loadedFileCount(): number {
    return this.files.size;
  }

  /**
   * Drops the text and parsed forms of every closed file whose project has no open document,
   * and returns how many files it dropped. They are read and parsed again when a rule next
   * needs them, so this trades memory for a re-parse.
   */
  releaseIdleProjects(): number {
    const busy = new Set([...this.openTexts.keys()].map((p) => this.projectRootOf(p)));
    let released = 0;
    for (const normalized of [...this.files.keys()]) {
      if (this.openTexts.has(normalized) || busy.has(this.projectRootOf(normalized))) continue;
      this.invalidate(normalized);
      released++;
    }
    return released;
  }

  allPaths(): string[] {
    return [...this.paths].sort();
  }

  file(filePath: string): WorkspaceFile | undefined {
    // Rules look files up by the normalized paths they were given, many times per analysis.
    const known = this.files.get(filePath);
    if (known && this.paths.has(filePath)) return known;
    const normalized = normalizePath(filePath);
    if (!this.paths.has(normalized)) return undefined;
    let file = this.files.get(normalized);
    if (!file) {
      file = this.createFile(normalized);
      this.files.set(normalized, file);
    }
    return file;
  }

  private createFile(normalized: string, oldTree?: Tree): WorkspaceFile {
    const open = this.openTexts.get(normalized);
    return new WorkspaceFile(
      normalized,
      this.host,
      this.options,
      open?.text,
      open?.version ?? 0,
      oldTree,
    );
  }

  private invalidate(normalized: string): void {
    const file = this.files.get(normalized);
    if (file) {
      file.dispose();
      this.files.delete(normalized);
    }
  }

  /** Folders that hold a pubspec.yaml, deepest first. */
  private roots(): string[] {
    if (!this.projectRoots) {
      this.projectRoots = [...this.paths]
        .filter((p) => p.endsWith('/pubspec.yaml'))
        .map((p) => p.slice(0, -'/pubspec.yaml'.length))
        .sort((a, b) => b.length - a.length);
    }
    return this.projectRoots;
  }

  /** Returns the root of a file's project: the nearest folder above it with a pubspec.yaml. */
  projectRootOf(filePath: string): string {
    const normalized = normalizePath(filePath);
    const root = this.roots().find((r) => normalized.startsWith(r + '/'));
    if (root) return root;
    const scanRoot = this.scanRoots.find((r) => normalized.startsWith(r + '/'));
    return scanRoot ?? commonFallbackRoot(normalized);
  }

  project(filePath: string): Project {
    return new Project(this.projectRootOf(filePath), this);
  }

  pathsInProject(root: string): string[] {
    // Cross-file rules list their project on every file they analyse. Grouping all paths once
    // per change of the path set keeps a workspace scan linear in its number of files.
    const roots = this.roots();
    if (!this.projectPaths || this.projectPathsFor !== roots) {
      this.projectPaths = new Map();
      for (const p of this.paths) {
        const owner = this.projectRootOf(p);
        const list = this.projectPaths.get(owner);
        if (list) list.push(p);
        else this.projectPaths.set(owner, [p]);
      }
      this.projectPathsFor = roots;
    }
    return [...(this.projectPaths.get(root) ?? [])];
  }
}

/**
 * Returns the time a Dart parse may take: 3 s plus 10 ms per thousand characters. Real files parse at
 * megabytes per second, so only pathological error recovery reaches it.
 */
export function parseBudgetMs(length: number): number {
  return 3000 + Math.ceil(length / 1000) * 10;
}

export function normalizePath(filePath: string): string {
  const forward = filePath.replace(/\\/g, '/');
  return path.posix.normalize(forward);
}

/**
 * Without any pubspec.yaml above a file, the project is the folder above its platform folder
 * (`android/`, `ios/`, `lib/`), or the file's own folder.
 */
function commonFallbackRoot(filePath: string): string {
  const match = /^(.*?)\/(android|ios|lib|macos|test)\//.exec(filePath);
  if (match) return match[1] || '/';
  return path.posix.dirname(filePath);
}
