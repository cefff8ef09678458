/** Built-in presets and the stacking of config layers onto a base configuration. */
import type { EngineConfig, RuleLevel } from './config';
import type { ConfigLayer } from './config-loader-layer';
import { emptyLayer } from './config-loader-layer';
import type { Severity } from './types';

/** The facts about a rule that the loader uses: its id and its default severity. */
export interface KnownRule {
  id: string;
  defaultSeverity: Severity;
}

export type PresetName = 'recommended' | 'strict';

const PRESET_TARGETS: Record<string, PresetName> = {
  recommended: 'recommended',
  strict: 'strict',
  'package:phi_guard/recommended.yaml': 'recommended',
  'package:phi_guard/strict.yaml': 'strict',
};

/**
 * Returns the preset an `include:` value names, `unknown` for another `package:` URI (only this
 * package's presets exist, because the tool never resolves Dart packages), or undefined for a
 * file path.
 */
export function presetOf(target: string): PresetName | 'unknown' | undefined {
  if (target in PRESET_TARGETS) return PRESET_TARGETS[target];
  return target.startsWith('package:') ? 'unknown' : undefined;
}

const STRICTER: Record<Severity, Severity> = { info: 'warning', warning: 'error', error: 'error' };

/** `recommended` keeps each rule's default severity; `strict` raises info and warning by one. */
export function presetLayer(name: PresetName, rules: readonly KnownRule[]): ConfigLayer {
  const layer = emptyLayer();
  for (const rule of rules) {
    const severity: RuleLevel =
      name === 'strict' ? STRICTER[rule.defaultSeverity] : rule.defaultSeverity;
    layer.rules[rule.id] = { severity };
  }
  return layer;
}

/**
 * Applies what a layer sets on top of `config`. Scalars and lists replace the earlier value.
 * The sections (`phi`, `hosts`, `auth`, `suppressions`) merge key by key, and a rule's
 * severity and options merge per rule, so a file can change a preset's severity alone.
 */
export function applyLayer(config: EngineConfig, layer: ConfigLayer): void {
  for (const [id, setting] of Object.entries(layer.rules)) {
    const base = config.rules[id] ?? {};
    const merged = { ...base };
    if (setting.severity !== undefined) merged.severity = setting.severity;
    if (setting.options !== undefined) merged.options = { ...base.options, ...setting.options };
    config.rules[id] = merged;
  }
  assignDefined(config.phi, layer.phi);
  assignDefined(config.hosts, layer.hosts);
  assignDefined(config.auth, layer.auth);
  assignDefined(config.suppressions, layer.suppressions);
  if (layer.exclude !== undefined) config.exclude = [...layer.exclude];
  if (layer.maxFileBytes !== undefined) config.maxFileBytes = layer.maxFileBytes;
  if (layer.helperDirectory !== undefined) config.helperDirectory = layer.helperDirectory;
}

function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
