/**
 * Names and shapes that the VS Code client and the language server both use: custom LSP
 * messages, the `phiGuard.*` settings and the server's start options. Plain data only, so that
 * esbuild can inline this module into either bundle without pulling in the other side.
 */

/** The settings section of every `phiGuard.*` setting. */
export const SETTINGS_SECTION = 'phiGuard';

/** A rule's severity as a setting; `off` turns the rule off. */
export type RuleLevelSetting = 'error' | 'warning' | 'info' | 'off';

export const RULE_LEVELS: readonly RuleLevelSetting[] = ['error', 'warning', 'info', 'off'];

export type TraceSetting = 'off' | 'messages' | 'verbose';

/** The `phiGuard` settings section as the server reads it through `workspace/configuration`. */
export interface PhiGuardSettings {
  /** Analyse files at all; when false the server publishes nothing. */
  enable: boolean;
  /** Severity overrides by rule id. */
  rules: Record<string, RuleLevelSetting>;
  /** Files larger than this many bytes are skipped with one notice. */
  maxFileBytes: number;
  trace: { server: TraceSetting };
}

export const DEFAULT_SETTINGS: PhiGuardSettings = {
  enable: true,
  rules: {},
  maxFileBytes: 2 * 1024 * 1024,
  trace: { server: 'off' },
};

/** The `initializationOptions` the server accepts. */
export interface ServerInitializationOptions {
  /** A Dart grammar wasm to load instead of the bundled one (also `PHI_GUARD_DART_GRAMMAR`). */
  dartGrammarPath?: string;
}

/** The environment variable that overrides the Dart grammar path. */
export const DART_GRAMMAR_ENV = 'PHI_GUARD_DART_GRAMMAR';

/** Request from client to server: analyse every file of the workspace folders again. */
export const SCAN_WORKSPACE_REQUEST = 'phiGuard/scanWorkspace';

export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  durationMs: number;
}

/** Notification from server to client whenever the analysis state or the totals change. */
export const STATUS_NOTIFICATION = 'phiGuard/status';

export type ServerState = 'starting' | 'scanning' | 'ready' | 'disabled';

export interface StatusParams {
  state: ServerState;
  /** Files that have been analysed since the last scan started. */
  files: number;
  /** Findings shown, without suppressed ones. */
  findings: number;
  /** Files that have a file-level notice (unreadable, partly parsed, grammar missing). */
  fileNotices: number;
  /** Whether the Dart grammar loaded. */
  dartGrammarOk: boolean;
  /** Why the Dart grammar did not load, naming the grammar file. */
  dartGrammarError?: string;
}

/** Client command ids, contributed in package.json. */
export const Commands = {
  restartServer: 'phiGuard.restartServer',
  scanWorkspace: 'phiGuard.scanWorkspace',
  showOutput: 'phiGuard.showOutput',
  showRuleDocumentation: 'phiGuard.showRuleDocumentation',
} as const;

/**
 * Client capability (under `experimental`) saying that the client turns code action edits whose
 * text contains snippet placeholders into snippet edits, as VS Code's API allows.
 */
export const SNIPPET_EDIT_CAPABILITY = 'phiGuardSnippetTextEdit';

/** The code action kind that applies every safe fix of a file. */
export const FIX_ALL_KIND = 'source.fixAll.phi-guard';

/** Rule ids are kebab-case; anything else is rejected before it becomes a path. */
export function isRuleId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value);
}
