import type { Connection } from 'vscode-languageserver';
import type { EngineConfig } from '../engine';
import {
  DEFAULT_SETTINGS,
  isRuleId,
  RULE_LEVELS,
  SETTINGS_SECTION,
  type PhiGuardSettings,
  type RuleLevelSetting,
  type TraceSetting,
} from '../../../shared/protocol';
import type { Logger } from './log';

const MIN_FILE_BYTES = 1024;

/**
 * The `phiGuard.*` settings in force, pulled with `workspace/configuration` when the client
 * supports it and otherwise taken from `didChangeConfiguration` pushes.
 */
export class SettingsStore {
  current: PhiGuardSettings = DEFAULT_SETTINGS;
  /** Team configs with the overrides applied, rebuilt after each settings change. */
  private merged = new WeakMap<EngineConfig, EngineConfig>();

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly canPull: boolean,
  ) {}

  /** Reads the settings again; `pushed` is the payload of a `didChangeConfiguration`. */
  async refresh(pushed?: unknown): Promise<void> {
    let raw: unknown = undefined;
    if (this.canPull) {
      try {
        raw = await this.connection.workspace.getConfiguration(SETTINGS_SECTION);
      } catch (error) {
        this.logger.error('Reading the phiGuard settings failed; keeping the previous ones', error);
        return;
      }
    } else if (pushed && typeof pushed === 'object') {
      raw = (pushed as Record<string, unknown>)[SETTINGS_SECTION];
    }
    this.current = sanitizeSettings(raw);
    this.merged = new WeakMap();
    this.logger.info(`Settings: ${JSON.stringify(this.current)}`);
  }

  /**
   * Applies the `phiGuard.rules` severity overrides to a file's team configuration (from
   * phi_guard.yaml). A rule the team made non-suppressible cannot be turned off this way.
   */
  withOverrides(base: EngineConfig): EngineConfig {
    let merged = this.merged.get(base);
    if (!merged) {
      merged = applyOverrides(base, this.current.rules);
      this.merged.set(base, merged);
    }
    return merged;
  }
}

/** Settings with every invalid or missing value replaced by its default. */
export function sanitizeSettings(raw: unknown): PhiGuardSettings {
  const value = isObject(raw) ? raw : {};
  const trace = isObject(value.trace) ? value.trace.server : undefined;
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    rules: sanitizeRuleLevels(value.rules),
    maxFileBytes: sanitizeFileBytes(value.maxFileBytes),
    trace: { server: isTrace(trace) ? trace : DEFAULT_SETTINGS.trace.server },
  };
}

function sanitizeRuleLevels(raw: unknown): Record<string, RuleLevelSetting> {
  const levels: Record<string, RuleLevelSetting> = {};
  if (!isObject(raw)) return levels;
  for (const [id, level] of Object.entries(raw)) {
    if (isRuleId(id) && RULE_LEVELS.includes(level as RuleLevelSetting)) {
      levels[id] = level as RuleLevelSetting;
    }
  }
  return levels;
}

function sanitizeFileBytes(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return DEFAULT_SETTINGS.maxFileBytes;
  return Math.max(MIN_FILE_BYTES, Math.floor(raw));
}

function isTrace(value: unknown): value is TraceSetting {
  return value === 'off' || value === 'messages' || value === 'verbose';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `base` with the `phiGuard.rules` severity levels applied. Scan workers call it too. */
export function applyOverrides(
  base: EngineConfig,
  levels: Record<string, RuleLevelSetting>,
): EngineConfig {
  if (Object.keys(levels).length === 0) return base;
  const rules = { ...base.rules };
  const locked = base.suppressions?.nonSuppressible ?? [];
  for (const [id, level] of Object.entries(levels)) {
    if (level === 'off' && locked.includes(id)) continue;
    rules[id] = { ...rules[id], severity: level };
  }
  return { ...base, rules };
}
