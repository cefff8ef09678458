/**
 * The interface between the engine and the rules under `rules/`. A rule imports only this module
 * (and the engine's parser and model modules it re-exports), never the language server or the CLI.
 */
import type { EngineConfig } from './config';
import type { Project, WorkspaceFile } from './workspace';
import type { FileKind, Fix, Range, RelatedInformation, Severity } from './types';

export type { EngineConfig, Project, WorkspaceFile };
export type { FileKind, Fix, Range, RelatedInformation, Severity };

export type RuleCategory =
  | 'data-at-rest'
  | 'side-channels'
  | 'transport'
  | 'cryptography'
  | 'identity-and-access'
  | 'platform-and-build';

export interface RuleMeta {
  /** Public id: the diagnostic code, the SARIF ruleId and the key in phi_guard.yaml. */
  id: string;
  /** One sentence, sentence case, ending with a period. */
  summary: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** Kinds of file the rule reports on. */
  fileKinds: FileKind[];
  /**
   * Kinds of other files whose content changes this rule's result (for rules that span files);
   * the language server re-runs the rule when one of them changes.
   */
  reads?: FileKind[];
  /** Paragraphs of 45 CFR 164.312 that the rule serves, such as `(e)(1)`. */
  hipaa: string[];
  /** OWASP MASVS v2 controls, such as `MASVS-NETWORK-1`. */
  masvs: string[];
  cwe: number[];
  /** 1 for the rules of the first release. */
  wave: 1 | 2;
  /** The strongest fix the rule offers: `safe` fixes may join fix-all, `unsafe` ones never do. */
  fix: 'safe' | 'unsafe' | 'none';
}

export interface ReportInput {
  range: Range;
  /** One sentence naming the thing at fault, ending with a period. */
  message: string;
  /** Overrides the rule's default severity, for example a warning when a value is not certain. */
  severity?: Severity;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

export interface RuleContext {
  readonly file: WorkspaceFile;
  readonly project: Project;
  readonly config: EngineConfig;
  /** The analysis date, for expiry checks; tests set it. */
  readonly today: Date;
  report(finding: ReportInput): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
