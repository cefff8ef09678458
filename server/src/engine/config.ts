import type { Severity } from './types';

export type RuleLevel = Severity | 'off';

export interface RuleSetting {
  severity?: RuleLevel;
  options?: Record<string, unknown>;
}

/** Governance of suppression comments, set by `suppressions:` in phi_guard.yaml. */
export interface SuppressionPolicy {
  /** Whether a suppression without a reason is ignored. */
  requireReason: boolean;
  /** The latest `[expires …]` date allowed, in days after the analysis date; unset: no limit. */
  maxExpiryDays?: number;
  /** Rule ids whose findings no suppression comment can hide. */
  nonSuppressible: string[];
}

export interface PhiHost {
  host: string;
  /** SPKI SHA-256 pins, base64. */
  pins: string[];
}

/** The settings in force for one file, after presets, includes and defaults are merged. */
export interface EngineConfig {
  rules: Record<string, RuleSetting>;
  phi: {
    /** Extra names that mark a value as PHI or as a secret. */
    add: string[];
    /** Names to drop from the built-in vocabulary. */
    remove: string[];
    /** Class names whose instances are PHI. */
    classes: string[];
    /** Annotation names that mark a class or field as PHI. */
    annotations: string[];
  };
  hosts: {
    phi: PhiHost[];
    /** Hosts allowed over cleartext, such as loopback and the Android emulator host. */
    cleartextAllowed: string[];
  };
  auth: {
    requireMfa: boolean;
    /** Function or method names that count as a role check in a route guard. */
    roleChecks: string[];
    idleTimeoutMinutes: number;
  };
  exclude: string[];
  /** Files larger than this are skipped with one notice. */
  maxFileBytes: number;
  /** Where generated helper code goes, relative to the project root. */
  helperDirectory: string;
  suppressions: SuppressionPolicy;
}

export const DEFAULT_CLEARTEXT_ALLOWED = ['localhost', '127.0.0.1', '10.0.2.2', '[::1]', '0.0.0.0'];

export function defaultConfig(): EngineConfig {
  return {
    rules: {},
    phi: {
      add: [],
      remove: [],
      classes: [],
      annotations: ['phi', 'PHI', 'Phi', 'ProtectedHealthInformation'],
    },
    hosts: { phi: [], cleartextAllowed: [...DEFAULT_CLEARTEXT_ALLOWED] },
    auth: { requireMfa: true, roleChecks: [], idleTimeoutMinutes: 15 },
    exclude: [],
    maxFileBytes: 2 * 1024 * 1024,
    helperDirectory: 'lib/security',
    suppressions: { requireReason: true, nonSuppressible: [] },
  };
}
