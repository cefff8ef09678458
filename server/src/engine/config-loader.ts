/**
 * Finds and loads `phi_guard.yaml`, the team configuration, for the CLI and the language server.
 *
 * The nearest `phi_guard.yaml` in a file's folder or above it applies to the file. Like Dart's
 * `analysis_options.yaml`, a config may `include:` a built-in preset or another file, and its own
 * keys then override what it includes. See `docs/configuration.md` for every key.
 *
 * A config with any error is never applied in part: `load` returns the errors together with the
 * built-in defaults (or the last good config the caller passes in). A partial config could drop
 * a `rules:` entry or a preset and so turn findings off without anyone noticing. The defaults
 * run every rule at its own severity, so a broken file can only show more findings, not fewer.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { defaultConfig, type EngineConfig } from './config';
import { readLayer, type ConfigError, type IncludeRef } from './config-loader-layer';
import { applyLayer, presetLayer, presetOf, type KnownRule } from './config-loader-merge';
import { GLOB_OPTIONS } from './config-loader-values';
import { SourceText } from './text';
import { normalizePath } from './workspace';

export type { ConfigError } from './config-loader-layer';
export { ALLOWED_KEYS, RULE_LEVELS } from './config-loader-layer';
export type { KnownRule, PresetName } from './config-loader-merge';

export const CONFIG_FILE_NAME = 'phi_guard.yaml';

export interface LoadedConfig {
  /** The config file in force, or undefined when no file applies and the defaults do. */
  path?: string;
  /** The merged settings; the fallback when `errors` is not empty. */
  config: EngineConfig;
  errors: ConfigError[];
  /** Every file read to build it (the config and its includes), for file watching. */
  files: string[];
}

export interface ConfigLoaderOptions {
  /** Rules that `rules:` and `non_suppressible:` may name, and that presets set. */
  rules: readonly KnownRule[];
  /** Reads a file's text; throws when it cannot. The language server passes editor text. */
  readText?: (filePath: string) => string;
  fileExists?: (filePath: string) => boolean;
  /** A config file that applies to every file instead of the nearest one (`--config`). */
  configPath?: string;
  /**
   * When a config that loaded cleanly later has errors, fall back to its last good version
   * instead of the defaults. Suits an editor, where a file is briefly invalid while typed.
   */
  keepLastGood?: boolean;
}

interface Built {
  /** The text of every file read, or null for a file that could not be read. */
  texts: Map<string, string | null>;
  config: EngineConfig;
  errors: ConfigError[];
}

/** Loads configs and keeps each result until the text of one of its files changes. */
export class ConfigLoader {
  private readonly readText: (filePath: string) => string;
  private readonly fileExists: (filePath: string) => boolean;
  private readonly ruleIds: string[];
  private readonly defaults = defaultConfig();
  private lookups = new Map<string, string | undefined>();
  private built = new Map<string, Built>();
  private lastGood = new Map<string, EngineConfig>();
  private matchers = new WeakMap<EngineConfig, (relativePath: string) => boolean>();

  constructor(private readonly options: ConfigLoaderOptions) {
    this.readText = options.readText ?? ((p) => readFileSync(p, 'utf8'));
    this.fileExists = options.fileExists ?? isFile;
    this.ruleIds = options.rules.map((rule) => rule.id);
  }

  /** Returns the config file for a file: the fixed one, else the nearest up to the root. */
  findConfigFile(filePath: string): string | undefined {
    if (this.options.configPath) return normalizePath(path.resolve(this.options.configPath));
    let folder = path.posix.dirname(normalizePath(path.resolve(filePath)));
    const visited: string[] = [];
    let found: string | undefined;
    for (;;) {
      if (this.lookups.has(folder)) {
        found = this.lookups.get(folder);
        break;
      }
      visited.push(folder);
      const candidate = path.posix.join(folder, CONFIG_FILE_NAME);
      if (this.fileExists(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.posix.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    for (const seen of visited) this.lookups.set(seen, found);
    return found;
  }

  /** Loads the config that applies to a file, or returns the defaults when none applies. */
  forFile(filePath: string, lastGood?: EngineConfig): LoadedConfig {
    const configPath = this.findConfigFile(filePath);
    if (!configPath) return { config: this.defaults, errors: [], files: [] };
    return this.load(configPath, lastGood);
  }

  /** Returns the settings for a file, in the shape `EngineOptions.configFor` takes. */
  configFor(filePath: string): EngineConfig {
    return this.forFile(filePath).config;
  }

  /**
   * Loads one config file with its includes. With errors, `config` is `lastGood` when given
   * (or remembered, with `keepLastGood`), else the defaults.
   */
  load(configPath: string, lastGood?: EngineConfig): LoadedConfig {
    const key = normalizePath(path.resolve(configPath));
    let built = this.built.get(key);
    if (!built || this.changed(built)) {
      built = this.build(key);
      this.built.set(key, built);
    }
    const files = [...built.texts.keys()];
    if (built.errors.length === 0) {
      this.lastGood.set(key, built.config);
      return { path: key, config: built.config, errors: [], files };
    }
    const remembered = this.options.keepLastGood ? this.lastGood.get(key) : undefined;
    const fallback = lastGood ?? remembered ?? this.defaults;
    return { path: key, config: fallback, errors: built.errors, files };
  }

  /**
   * Returns whether a file matches an `exclude:` glob of its config. Globs are relative to the
   * folder of the config file in force, even when they come from an included file.
   */
  isExcluded(filePath: string): boolean {
    const loaded = this.forFile(filePath);
    if (!loaded.path || loaded.config.exclude.length === 0) return false;
    const relative = path.posix.relative(
      path.posix.dirname(loaded.path),
      normalizePath(path.resolve(filePath)),
    );
    if (relative.startsWith('../')) return false;
    return this.matcherFor(loaded.config)(relative);
  }

  /** Loads every config that applies to one of `filePaths` and returns each error once. */
  errorsFor(filePaths: string[]): ConfigError[] {
    const configPaths = new Set<string>();
    if (this.options.configPath) configPaths.add(this.findConfigFile('.') as string);
    for (const filePath of filePaths) {
      const found = this.findConfigFile(filePath);
      if (found) configPaths.add(found);
    }
    const seen = new Set<string>();
    const errors: ConfigError[] = [];
    for (const configPath of [...configPaths].sort()) {
      for (const error of this.load(configPath).errors) {
        const id = `${error.path}:${JSON.stringify(error.range)}:${error.message}`;
        if (!seen.has(id)) errors.push(error);
        seen.add(id);
      }
    }
    return errors;
  }

  /** Drops the remembered locations of config files, after one is created or deleted. */
  forgetLocations(): void {
    this.lookups.clear();
  }

  private matcherFor(config: EngineConfig): (relativePath: string) => boolean {
    let matcher = this.matchers.get(config);
    if (!matcher) {
      matcher = picomatch(config.exclude, GLOB_OPTIONS);
      this.matchers.set(config, matcher);
    }
    return matcher;
  }

  private changed(built: Built): boolean {
    for (const [filePath, text] of built.texts) {
      if (this.tryRead(filePath) !== text) return true;
    }
    return false;
  }

  private tryRead(filePath: string): string | null {
    try {
      return this.readText(filePath);
    } catch {
      return null;
    }
  }

  private build(configPath: string): Built {
    const built: Built = { texts: new Map(), config: defaultConfig(), errors: [] };
    const text = this.read(configPath, built);
    if (typeof text === 'string') this.applyFile(configPath, text, [configPath], built);
    else {
      built.errors.push({
        path: configPath,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message:
          `Cannot read the config file (${text.code}); ` +
          'check that it exists and is readable.',
      });
    }
    return built;
  }

  private read(filePath: string, built: Built): string | { code: string } {
    try {
      const text = this.readText(filePath);
      built.texts.set(filePath, text);
      return text;
    } catch (error) {
      built.texts.set(filePath, null);
      return { code: (error as NodeJS.ErrnoException).code ?? 'error' };
    }
  }

  /** Applies a file's includes in order, then the file's own keys. */
  private applyFile(filePath: string, text: string, stack: string[], built: Built): void {
    const { layer, errors } = readLayer(filePath, new SourceText(text), this.ruleIds);
    built.errors.push(...errors);
    for (const include of layer.includes) this.applyInclude(include, filePath, stack, built);
    applyLayer(built.config, layer);
  }

  private applyInclude(include: IncludeRef, from: string, stack: string[], built: Built): void {
    const fail = (message: string) => {
      built.errors.push({ path: from, range: include.range, message });
    };
    const preset = presetOf(include.target);
    if (preset === 'unknown') {
      fail(
        `Unknown preset ${include.target}; use package:phi_guard/recommended.yaml ` +
          'or package:phi_guard/strict.yaml.',
      );
      return;
    }
    if (preset) {
      applyLayer(built.config, presetLayer(preset, this.options.rules));
      return;
    }
    const target = normalizePath(path.resolve(path.dirname(from), include.target));
    if (stack.includes(target)) {
      const chain = [...stack.slice(stack.indexOf(target)), target].map((p) => path.basename(p));
      fail(`Include cycle ${chain.join(' -> ')}; remove one of these includes.`);
      return;
    }
    const text = this.read(target, built);
    if (typeof text !== 'string') {
      fail(
        `Cannot read the included file ${include.target} (${text.code}); ` +
          'the path is relative to this file.',
      );
      return;
    }
    this.applyFile(target, text, [...stack, target], built);
  }
}

/** Formats an error as `file:line:col: message`, 1-based, as compilers print them. */
export function formatConfigError(error: ConfigError, baseDir = process.cwd()): string {
  const relative = path.relative(baseDir, error.path);
  const shown = relative && !relative.startsWith('..') ? relative : error.path;
  const { line, character } = error.range.start;
  return `${shown}:${line + 1}:${character + 1}: ${error.message}`;
}

function isFile(filePath: string): boolean {
  try {
    return statSync(filePath).isFile();
  } catch {
    return false;
  }
}
