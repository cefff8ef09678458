import { Parser } from 'web-tree-sitter';
import { defaultConfig, type EngineConfig } from './config';
import { defaultDartGrammarPath, loadDartLanguage, type GrammarStatus } from './parsers/dart-grammar';
import { TOO_DEEP } from './parsers/xml';
import { MAX_ELEMENT_DEPTH } from './parsers/xml-depth';
import type { Rule, RuleContext, ReportInput } from './rule-api';
import { suppressesUnderPolicy } from './suppression-policy';
import {
  assessSuppressions,
  INVALID_SUPPRESSION_ID,
  type AssessedSuppression,
} from './suppression-check';
import { reusedParts, takeReused, type PartialRun } from './partial-run';
import { crashedRuleOf, ruleCrashNotice } from './rule-failure';
import { parseSuppressionComments, type Suppression, type SuppressionComments } from './suppressions';
import type { Finding, FileNotice, Range } from './types';
import { Workspace, type DartParserHost, type WorkspaceFile } from './workspace';

export interface EngineOptions {
  rules: Rule[];
  /** A Dart grammar wasm to use instead of the bundled one. */
  dartGrammarPath?: string;
  /** The analysis date; defaults to now. */
  today?: Date;
  /** Settings for a file; defaults to the built-in configuration. */
  configFor?: (filePath: string) => EngineConfig;
}

export interface FileResult {
  path: string;
  findings: Finding[];
  notices: FileNotice[];
  /** The file's suppression comments with their status; absent when the file was not analysed. */
  suppressions?: AssessedSuppression[];
}

export interface AnalyzeOptions {
  /**
   * Runs only some rules and takes the other rules' findings and notices from an earlier result
   * of the same file. The engine runs all rules when it computed that earlier result itself for
   * a different text. It trusts a result from elsewhere (a cache) to match the text.
   */
  partial?: PartialRun;
}

/**
 * The analysis engine: loads the Dart grammar, keeps the workspace and runs the rules. It has no
 * knowledge of LSP, VS Code or the terminal.
 */
export class Engine implements DartParserHost {
  parser: Parser | undefined;
  readonly workspace: Workspace;
  private readonly rules: Rule[];
  private readonly configFor: (filePath: string) => EngineConfig;
  /** The text each result was computed from, so a partial run can check it is unchanged. */
  private readonly resultTexts = new WeakMap<object, string>();
  /** Results that depend on the analysis date (`today`). */
  private readonly datedResults = new WeakSet<object>();

  private constructor(
    readonly grammar: GrammarStatus,
    options: EngineOptions,
    parser: Parser | undefined,
  ) {
    this.parser = parser;
    this.rules = options.rules;
    this.today = options.today ?? new Date();
    const fallback = defaultConfig();
    this.configFor = options.configFor ?? (() => fallback);
    // Without a config source, the workspace's own limit (`setMaxFileBytes`) stays in force.
    const configFor = options.configFor;
    this.workspace = new Workspace(this, {
      maxFileBytes: fallback.maxFileBytes,
      maxFileBytesFor: configFor && ((filePath) => configFor(filePath).maxFileBytes),
    });
  }

  today: Date;

  /**
   * Creates the engine. A broken grammar does not throw: the failure is kept in `grammar` and
   * reported on each Dart file.
   */
  static async create(options: EngineOptions): Promise<Engine> {
    const grammarPath = options.dartGrammarPath ?? defaultDartGrammarPath();
    try {
      const language = await loadDartLanguage(grammarPath);
      const parser = new Parser();
      parser.setLanguage(language);
      const status = { ok: true, grammarPath, abiVersion: language.abiVersion };
      return new Engine(status, options, parser);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return new Engine({ ok: false, grammarPath, error: message }, options, undefined);
    }
  }

  ruleList(): Rule[] {
    return this.rules;
  }

  /**
   * Returns whether a result depends on the analysis date: a rule read `today`, or the file
   * has suppression comments, whose expiry and policy checks use the date. For a partial run
   * this covers the rules that ran and, when the engine computed it, the earlier result.
   */
  resultUsesDate(result: FileResult): boolean {
    return this.datedResults.has(result);
  }

  /**
   * Runs every rule that applies to the file, or the rules of `options.partial`. Suppressed
   * findings are kept, marked.
   */
  analyzeFile(filePath: string, options: AnalyzeOptions = {}): FileResult {
    const file = this.workspace.file(filePath);
    if (!file) return { path: filePath, findings: [], notices: [] };
    // The config loader checks phi_guard.yaml and reports its errors; no rule reads it.
    if (file.kind === 'phi-guard-config') return { path: file.path, findings: [], notices: [] };
    const notices: FileNotice[] = [];
    const findings: Finding[] = [];
    const source = file.source;
    if (file.notice) return { path: file.path, findings, notices: [file.notice] };
    if (file.encodingNotice) notices.push(file.encodingNotice);

    const unavailable = this.checkParse(file, notices);
    if (unavailable) return { path: file.path, findings, notices };

    const config = this.configFor(file.path);
    const partial = this.usablePartial(file, options.partial);
    const ruleReadDate = this.runRules(file, config, partial, findings, notices);
    const reusedDate = partial !== undefined && this.datedResults.has(partial.previous);
    const usesDate = ruleReadDate || reusedDate;
    const comments = parseSuppressionComments(source);
    const suppressions = this.assessSuppressions(file, comments, config);
    // Only a comment with no problem hides findings: an invalid or expired one must not.
    const usable = suppressions
      .filter((entry) => entry.status === 'active' && entry.suppression)
      .map((entry) => entry.suppression!);
    applySuppressions(findings, usable, file, this.today, config);
    this.reportSuppressionProblems(file, suppressions, config, findings);
    sortFindings(findings);
    const result = { path: file.path, findings: dedupe(findings), notices, suppressions };
    this.resultTexts.set(result, source.text);
    if (usesDate || suppressions.length > 0) this.datedResults.add(result);
    return result;
  }

  /**
   * Runs the rules that apply to the file, except that a partial run takes the earlier findings
   * and notices of the rules it skips. Returns whether a rule read the analysis date.
   */
  private runRules(
    file: WorkspaceFile,
    config: EngineConfig,
    partial: PartialRun | undefined,
    findings: Finding[],
    notices: FileNotice[],
  ): boolean {
    const project = this.workspace.project(file.path);
    const reused = partial && reusedParts(partial.previous, crashedRuleOf);
    const today = this.today;
    let readDate = false;
    for (const rule of this.rules) {
      if (!rule.meta.fileKinds.includes(file.kind)) continue;
      const setting = config.rules[rule.meta.id]?.severity;
      if (setting === 'off') continue;
      if (partial && reused && !partial.ruleIds.has(rule.meta.id)) {
        takeReused(reused, rule.meta.id, findings, notices);
        continue;
      }
      const context: RuleContext = {
        file,
        project,
        config,
        get today() {
          readDate = true;
          return today;
        },
        report: (input: ReportInput) => findings.push(this.toFinding(rule, file, input, setting)),
      };
      try {
        const source = file.source;
        if (rule.meta.id === THROWING_RULE) throw new Error(`hook: ${source.text.slice(0, 120)}`);
        rule.check(context);
      } catch (error) {
        notices.push(ruleCrashNotice(file.path, rule.meta.id, error));
      }
    }
    return readDate;
  }

  /**
   * Returns the partial run when its earlier result comes from running the rules and is not
   * known to be of another text.
   */
  private usablePartial(file: WorkspaceFile, partial?: PartialRun): PartialRun | undefined {
    if (!partial || partial.previous.suppressions === undefined) return undefined;
    const text = this.resultTexts.get(partial.previous);
    return text === undefined || text === file.source.text ? partial : undefined;
  }

  private assessSuppressions(
    file: WorkspaceFile,
    comments: SuppressionComments,
    config: EngineConfig,
  ): AssessedSuppression[] {
    if (comments.suppressions.length === 0 && comments.malformed.length === 0) return [];
    return assessSuppressions(file.source, comments, {
      knownRuleIds: this.rules.map((rule) => rule.meta.id),
      policy: config.suppressions ?? defaultConfig().suppressions,
      today: this.today,
    });
  }

  /**
   * Reports each problem of the file's suppression comments as an `invalid-suppression` finding.
   * It runs after suppressions apply, so no comment can hide these findings.
   */
  private reportSuppressionProblems(
    file: WorkspaceFile,
    assessed: AssessedSuppression[],
    config: EngineConfig,
    findings: Finding[],
  ): void {
    const rule = this.rules.find((r) => r.meta.id === INVALID_SUPPRESSION_ID);
    const setting = config.rules[INVALID_SUPPRESSION_ID]?.severity;
    if (!rule || setting === 'off' || !rule.meta.fileKinds.includes(file.kind)) return;
    for (const problem of assessed.flatMap((entry) => entry.problems)) {
      findings.push(this.toFinding(rule, file, problem, setting));
    }
  }

  private toFinding(
    rule: Rule,
    file: WorkspaceFile,
    input: ReportInput,
    setting: string | undefined,
  ): Finding {
    const severity = setting && setting !== 'off' ? (setting as Finding['severity']) : undefined;
    return {
      ruleId: rule.meta.id,
      severity: severity ?? input.severity ?? rule.meta.defaultSeverity,
      message: input.message,
      path: file.path,
      range: input.range,
      related: input.related ?? [],
      fixes: input.fixes ?? [],
    };
  }

  /** Returns true when the file cannot be analysed at all; adds the notices that explain why. */
  private checkParse(file: WorkspaceFile, notices: FileNotice[]): boolean {
    if (file.kind === 'dart') {
      if (!this.parser) {
        notices.push({
          path: file.path,
          code: 'grammar-unavailable',
          severity: 'error',
          message: `Dart security analysis unavailable: ${this.grammar.error ?? 'the Dart grammar did not load'}`,
        });
        return true;
      }
      const dart = file.dart();
      if (!dart && file.notice) {
        notices.push(file.notice);
        return true;
      }
      if (dart?.hasErrors) {
        notices.push({
          path: file.path,
          code: 'partially-parsed',
          severity: 'info',
          message:
            'Partially analysed: the Dart parser could not read part of this file, so findings ' +
            'inside the unreadable part may be missing.',
          range: file.source.rangeOf(dart.errorRanges[0].startIndex, dart.errorRanges[0].startIndex),
        });
      }
      return false;
    }
    if (isXmlKind(file.kind)) {
      const errors = file.kind === 'plist' || file.kind === 'entitlements' ? file.plist().errors : file.xml().errors;
      if (errors.length > 0) {
        notices.push({
          path: file.path,
          code: 'parse-error',
          severity: 'warning',
          message: xmlProblem(file.source.text, errors[0]),
          range: errors[0].range,
        });
      }
    }
    if (file.kind === 'pubspec' || file.kind === 'pubspec-lock') {
      const errors = file.yaml().errors;
      if (errors.length > 0) {
        notices.push({
          path: file.path,
          code: 'parse-error',
          severity: 'warning',
          message:
            `Malformed YAML at ${where(errors[0].range)} (${withoutFileText(errors[0].message)}); ` +
            'fix the file so it can be fully analysed.',
          range: errors[0].range,
        });
      }
    }
    return false;
  }
}

/**
 * A parser error without the file text it quotes: the XML parser quotes what it found (`but found
 * --> 'text' <--`), the YAML parser names aliases and tags and adds the source line. The range
 * of the notice already points at the place.
 */
export function withoutFileText(message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return first.replace(/\s*but found\b.*$/, '').replace(/: .*$/, '').trim();
}

function where(range: Range): string {
  return `line ${range.start.line + 1}, column ${range.start.character + 1}`;
}

/** Parser token names in XML errors, as the characters a person would look for. */
const XML_TOKENS: Record<string, string> = {
  OPEN: "'<'",
  CLOSE: "'>'",
  SLASH_OPEN: "'</'",
  SLASH_CLOSE: "'/>'",
  SLASH: "'/'",
  EQUALS: "'='",
  STRING: 'a quoted attribute value',
  Name: 'a name',
};

/** Describes malformed XML in plain words: an empty file, or what was expected where. */
function xmlProblem(text: string, error: { message: string; range: Range }): string {
  const withoutComments = text.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/<\?[\s\S]*?(\?>|$)/g, '');
  if (!/</.test(withoutComments)) {
    return 'The file has no XML element (it is empty or only comments); add the root element or delete the file.';
  }
  if (error.message.startsWith(TOO_DEEP)) {
    return (
      `XML elements are nested more than ${MAX_ELEMENT_DEPTH} levels deep at ` +
      `${where(error.range)}, so the file is not parsed and its findings are not reported; ` +
      'flatten that part of the file to have it analysed.'
    );
  }
  const detail = expectedTokens(error.message) ?? withoutFileText(error.message);
  return `Malformed XML at ${where(error.range)} (${detail}); fix the file so it can be fully analysed.`;
}

/**
 * Names what the XML parser expected, from its two message forms: one token ("token of type
 * --> CLOSE <--") or a list of alternatives ("Expecting: one of these ... [CLOSE] ... [SLASH_CLOSE]
 * ... but found: ''"). An empty "found" is the end of the file. What was found otherwise is
 * file text, so it is left out.
 */
function expectedTokens(message: string): string | undefined {
  const single = /token of type --> (\w+) <--/.exec(message)?.[1];
  const names = single ? [single] : [...message.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
  if (names.length === 0) return undefined;
  const expected = [...new Set(names.map((name) => XML_TOKENS[name] ?? name))].join(' or ');
  const atEnd = /but found: ''\s*$/.test(message);
  return atEnd ? `expected ${expected}, but the file ends` : `expected ${expected}`;
}

function isXmlKind(kind: string): boolean {
  return [
    'android-manifest',
    'network-security-config',
    'backup-rules',
    'android-xml',
    'plist',
    'entitlements',
  ].includes(kind);
}

/**
 * Test hook: the rule named by PHI_GUARD_TEST_THROW_RULE throws on every file with the start of
 * the file in its error, so tests can check that crash notices never repeat file text.
 */
const THROWING_RULE = process.env.PHI_GUARD_TEST_THROW_RULE;

function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  file: WorkspaceFile,
  today: Date,
  config: EngineConfig,
): void {
  if (findings.length === 0) return;
  const policy = config.suppressions ?? defaultConfig().suppressions;
  for (const finding of findings) {
    const line = finding.range.start.line;
    const match = suppressions.find((s) =>
      suppressesUnderPolicy(s, finding.ruleId, line, today, policy),
    );
    if (match) {
      finding.suppression = {
        reason: match.reason,
        expires: match.expires,
        location: { path: file.path, range: match.range },
      };
    }
  }
}

function sortFindings(findings: Finding[]): void {
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
