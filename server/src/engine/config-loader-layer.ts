/**
 * Reads one phi_guard.yaml into a layer of settings, checking every key and value. A layer holds
 * only what the file sets; `config-loader.ts` stacks the layers of includes and presets.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { PhiHost, RuleLevel, RuleSetting, SuppressionPolicy } from './config';
import {
  checkDartName,
  checkGlob,
  checkHelperDirectory,
  checkHost,
  checkPin,
  checkVocabularyWord,
  unknownKeyMessage,
  unknownRuleMessage,
} from './config-loader-values';
import { YamlFile } from './parsers/yaml';
import type { SourceText } from './text';
import type { Range } from './types';

/** A problem in a config file, at the exact key or value at fault. */
export interface ConfigError {
  path: string;
  range: Range;
  message: string;
}

/**
 * The keys the loader accepts, by the path of the map that contains them. `*` stands for any rule
 * id and `[]` for an item of a list. The schema test compares this table with the JSON schema.
 */
export const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'include',
    'rules',
    'phi',
    'hosts',
    'auth',
    'exclude',
    'max_file_bytes',
    'helper_directory',
    'suppressions',
  ],
  'rules.*': ['severity', 'options'],
  phi: ['add', 'remove', 'classes', 'annotations'],
  hosts: ['phi', 'cleartext_allowed'],
  'hosts.phi[]': ['host', 'pins'],
  auth: ['require_mfa', 'role_checks', 'idle_timeout_minutes'],
  suppressions: ['require_reason', 'max_expiry_days', 'non_suppressible'],
};

export const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'off'];

export interface IncludeRef {
  /** As written: a preset name or a path relative to the including file. */
  target: string;
  range: Range;
}

/** The settings of one file; keys the file does not set are absent. */
export interface ConfigLayer {
  includes: IncludeRef[];
  rules: Record<string, RuleSetting>;
  phi: Partial<Record<'add' | 'remove' | 'classes' | 'annotations', string[]>>;
  hosts: { phi?: PhiHost[]; cleartextAllowed?: string[] };
  auth: { requireMfa?: boolean; roleChecks?: string[]; idleTimeoutMinutes?: number };
  exclude?: string[];
  maxFileBytes?: number;
  helperDirectory?: string;
  suppressions: Partial<SuppressionPolicy>;
}

export function emptyLayer(): ConfigLayer {
  return { includes: [], rules: {}, phi: {}, hosts: {}, auth: {}, suppressions: {} };
}

/** Parses and checks one config file. `ruleIds` are the ids that `rules:` may name. */
export function readLayer(
  filePath: string,
  source: SourceText,
  ruleIds: readonly string[],
): { layer: ConfigLayer; errors: ConfigError[] } {
  const reader = new LayerReader(filePath, source, ruleIds);
  reader.read();
  return { layer: reader.layer, errors: reader.errors };
}

type AnyPair = Pair<Node, Node | null>;

class LayerReader {
  readonly layer = emptyLayer();
  readonly errors: ConfigError[] = [];
  private readonly yaml: YamlFile;

  constructor(
    private readonly filePath: string,
    private readonly source: SourceText,
    private readonly ruleIds: readonly string[],
  ) {
    this.yaml = new YamlFile(source);
  }

  read(): void {
    for (const error of this.yaml.errors) {
      // The range carries the position, so the parser's "at line L, column C:" is dropped.
      const reason = error.message.replace(/ at line \d+, column \d+:?$/, '');
      this.errors.push({
        path: this.filePath,
        range: error.range,
        message: `Invalid YAML: ${reason}; fix the syntax.`,
      });
    }
    if (this.yaml.errors.length > 0) return;
    const root = this.yaml.document.contents;
    if (root === null || (isScalar(root) && root.value === null)) return;
    if (!isMap(root)) {
      this.fail(root, 'phi_guard.yaml must be a mapping of keys such as rules: and phi:.');
      return;
    }
    for (const pair of this.pairs(root, '')) this.readTopLevel(pair);
  }

  private readTopLevel(pair: AnyPair): void {
    const key = keyOf(pair);
    const value = pair.value;
    const layer = this.layer;
    if (key === 'include') this.readIncludes(pair);
    else if (key === 'rules') this.readRules(pair);
    else if (key === 'phi') this.readPhi(pair);
    else if (key === 'hosts') this.readHosts(pair);
    else if (key === 'auth') this.readAuth(pair);
    else if (key === 'suppressions') this.readSuppressions(pair);
    else if (key === 'exclude') layer.exclude = this.stringList(pair, checkGlob);
    else if (key === 'max_file_bytes') layer.maxFileBytes = this.positiveInteger(pair, 'bytes');
    else if (key === 'helper_directory') {
      const folder = this.string(pair);
      if (folder !== undefined && !this.check(value, checkHelperDirectory(folder))) {
        layer.helperDirectory = folder.replace(/\/+$/, '');
      }
    }
  }

  private readIncludes(pair: AnyPair): void {
    const value = pair.value;
    const items = isSeq(value) ? (value.items as Node[]) : [value];
    if (isSeq(value) && items.length === 0) return;
    for (const item of items) {
      if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') {
        this.layer.includes.push({ target: item.value.trim(), range: this.rangeOf(item, pair) });
      } else {
        const message = 'include must be a preset name (recommended, strict) or a file path.';
        this.fail(item ?? pair.key, message);
      }
    }
  }

  private readRules(pair: AnyPair): void {
    const map = this.map(pair);
    if (!map) return;
    for (const entry of this.pairs(map, 'rules', false)) {
      const id = keyOf(entry);
      if (!this.ruleIds.includes(id)) {
        this.fail(entry.key, unknownRuleMessage(id, this.ruleIds));
        continue;
      }
      const setting = this.ruleSetting(entry);
      if (setting) this.layer.rules[id] = setting;
    }
  }

  private ruleSetting(entry: AnyPair): RuleSetting | undefined {
    const value = entry.value;
    if (isMap(value)) {
      const setting: RuleSetting = {};
      for (const field of this.pairs(value, 'rules.*')) {
        if (keyOf(field) === 'severity') setting.severity = this.level(field);
        else setting.options = this.optionsOf(field);
      }
      return setting;
    }
    const level = this.level(entry);
    return level === undefined ? undefined : { severity: level };
  }

  private level(pair: AnyPair): RuleLevel | undefined {
    const value = pair.value;
    if (isScalar(value) && RULE_LEVELS.includes(value.value as RuleLevel)) {
      return value.value as RuleLevel;
    }
    const shown = isScalar(value) && value.value !== null ? ` "${String(value.value)}"` : '';
    const message = `Invalid severity${shown} for ${keyOf(pair)}; use error, warning, info or off.`;
    this.fail(this.valueOrKey(pair), message);
    return undefined;
  }

  private optionsOf(pair: AnyPair): Record<string, unknown> | undefined {
    if (!isMap(pair.value)) {
      this.fail(this.valueOrKey(pair), 'options must be a mapping of option names to values.');
      return undefined;
    }
    return pair.value.toJSON() as Record<string, unknown>;
  }

  private readPhi(pair: AnyPair): void {
    const map = this.map(pair);
    if (!map) return;
    for (const entry of this.pairs(map, 'phi')) {
      const key = keyOf(entry) as 'add' | 'remove' | 'classes' | 'annotations';
      const check =
        key === 'classes'
          ? (name: string) => checkDartName(name, 'class')
          : key === 'annotations'
            ? (name: string) => checkDartName(name, 'annotation')
            : checkVocabularyWord;
      const list = this.stringList(entry, check);
      if (list) this.layer.phi[key] = list;
    }
  }

  private readHosts(pair: AnyPair): void {
    const map = this.map(pair);
    if (!map) return;
    for (const entry of this.pairs(map, 'hosts')) {
      if (keyOf(entry) === 'cleartext_allowed') {
        const check = (host: string) => checkHost(host, 'cleartext_allowed');
        this.layer.hosts.cleartextAllowed = this.stringList(entry, check);
      } else {
        this.layer.hosts.phi = this.phiHosts(entry);
      }
    }
  }

  private phiHosts(pair: AnyPair): PhiHost[] | undefined {
    if (!isSeq(pair.value)) {
      this.fail(this.valueOrKey(pair), 'hosts.phi must be a list of entries with host: and pins:.');
      return undefined;
    }
    const hosts: PhiHost[] = [];
    for (const item of pair.value.items as Node[]) {
      const host = this.phiHost(item, pair);
      if (host) hosts.push(host);
    }
    return hosts;
  }

  private phiHost(item: Node, parent: AnyPair): PhiHost | undefined {
    if (!isMap(item)) {
      this.fail(item ?? parent.key, 'Each hosts.phi entry must be a mapping with host: and pins:.');
      return undefined;
    }
    const entry: Partial<PhiHost> = { pins: [] };
    for (const field of this.pairs(item, 'hosts.phi[]')) {
      if (keyOf(field) === 'host') {
        const host = this.string(field);
        if (host !== undefined && !this.check(field.value, checkHost(host, 'phi'))) {
          entry.host = host;
        }
      } else {
        entry.pins = this.stringList(field, checkPin);
      }
    }
    if (!item.items.some((field) => isScalar(field.key) && field.key.value === 'host')) {
      this.fail(item, 'A hosts.phi entry has no host:; add the host name, as in api.example.com.');
    }
    return entry.host !== undefined && entry.pins ? (entry as PhiHost) : undefined;
  }

  private readAuth(pair: AnyPair): void {
    const map = this.map(pair);
    if (!map) return;
    const auth = this.layer.auth;
    for (const entry of this.pairs(map, 'auth')) {
      const key = keyOf(entry);
      if (key === 'require_mfa') auth.requireMfa = this.boolean(entry);
      else if (key === 'idle_timeout_minutes') {
        auth.idleTimeoutMinutes = this.positiveInteger(entry, 'minutes');
      } else auth.roleChecks = this.stringList(entry, (n) => checkDartName(n, 'function'));
    }
  }

  private readSuppressions(pair: AnyPair): void {
    const map = this.map(pair);
    if (!map) return;
    const policy = this.layer.suppressions;
    for (const entry of this.pairs(map, 'suppressions')) {
      const key = keyOf(entry);
      if (key === 'require_reason') policy.requireReason = this.boolean(entry);
      else if (key === 'max_expiry_days') {
        policy.maxExpiryDays = this.positiveInteger(entry, 'days');
      } else {
        const check = (id: string) =>
          this.ruleIds.includes(id) ? undefined : unknownRuleMessage(id, this.ruleIds);
        policy.nonSuppressible = this.stringList(entry, check);
      }
    }
  }

  /**
   * Returns the pairs of a map whose keys are allowed at `where`, and reports unknown and
   * repeated keys. With `checkNames` false only repeats are reported, because the caller
   * checks rule ids itself.
   */
  private pairs(map: YAMLMap, where: string, checkNames = true): AnyPair[] {
    const allowed = ALLOWED_KEYS[where] ?? [];
    const seen = new Set<string>();
    const result: AnyPair[] = [];
    for (const pair of map.items as AnyPair[]) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
        this.fail(pair.key ?? map, 'Keys in phi_guard.yaml must be plain names.');
        continue;
      }
      const key = pair.key.value;
      if (seen.has(key)) {
        this.fail(pair.key, `Duplicate key ${key}; keep only one.`);
        continue;
      }
      seen.add(key);
      if (checkNames && !allowed.includes(key)) {
        this.fail(pair.key, unknownKeyMessage(key, where, allowed));
        continue;
      }
      result.push(pair);
    }
    return result;
  }

  /** Returns the section's map; a section left empty (`auth:` and nothing below) sets nothing. */
  private map(pair: AnyPair): YAMLMap | undefined {
    if (isMap(pair.value)) return pair.value;
    if (isScalar(pair.value) && pair.value.value === null) return undefined;
    this.fail(this.valueOrKey(pair), `${keyOf(pair)} must be a mapping of keys to values.`);
    return undefined;
  }

  private stringList(
    pair: AnyPair,
    check: (item: string) => string | undefined,
  ): string[] | undefined {
    const value = pair.value;
    const key = keyOf(pair);
    if (!isSeq(value)) {
      const empty = isScalar(value) && value.value === null;
      const message = empty
        ? `${key} has no value; write [] for an empty list or remove the key.`
        : `${key} must be a list, such as [a, b] or "- a" lines.`;
      this.fail(this.valueOrKey(pair), message);
      return undefined;
    }
    const items: string[] = [];
    for (const item of value.items as Node[]) {
      if (!isScalar(item) || typeof item.value !== 'string') {
        this.fail(item ?? value, `Each item of ${key} must be a string; quote it if needed.`);
      } else if (!this.check(item, check(item.value))) {
        items.push(item.value);
      }
    }
    return items;
  }

  private string(pair: AnyPair): string | undefined {
    const value = pair.value;
    if (isScalar(value) && typeof value.value === 'string') return value.value;
    this.fail(this.valueOrKey(pair), `${keyOf(pair)} must be a string.`);
    return undefined;
  }

  private boolean(pair: AnyPair): boolean | undefined {
    const value = pair.value;
    if (isScalar(value) && typeof value.value === 'boolean') return value.value;
    this.fail(this.valueOrKey(pair), `${keyOf(pair)} must be true or false.`);
    return undefined;
  }

  private positiveInteger(pair: AnyPair, unit: string): number | undefined {
    const value = pair.value;
    if (isScalar(value) && Number.isSafeInteger(value.value) && (value.value as number) >= 1) {
      return value.value as number;
    }
    const message = `${keyOf(pair)} must be a whole number of ${unit}, 1 or more.`;
    this.fail(this.valueOrKey(pair), message);
    return undefined;
  }

  /** Records `message` at `node` when there is one; returns whether it did. */
  private check(node: Node | null | undefined, message: string | undefined): boolean {
    if (message === undefined) return false;
    this.fail(node, message);
    return true;
  }

  private fail(node: Node | null | undefined, message: string): void {
    const range = node?.range
      ? this.source.rangeOf(node.range[0], node.range[1])
      : this.source.rangeOf(0, 0);
    this.errors.push({ path: this.filePath, range, message });
  }

  /** Returns the value node, or the key when the value is missing (`key:` and nothing after). */
  private valueOrKey(pair: AnyPair): Node {
    const value = pair.value;
    const empty = !value || (isScalar(value) && value.value === null);
    return empty ? pair.key : value;
  }

  private rangeOf(node: Node, fallback: AnyPair): Range {
    const target = node.range ? node : fallback.key;
    const [start, end] = target.range ?? [0, 0];
    return this.source.rangeOf(start, end);
  }
}

function keyOf(pair: AnyPair): string {
  return String((pair.key as { value?: unknown }).value);
}
