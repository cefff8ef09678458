/**
 * Checks suppression comments against the rule catalogue and the `suppressions:` policy of
 * phi_guard.yaml. The engine reports each problem as a finding of `invalid-suppression`, and the
 * CLI lists every comment with its status, so that hidden findings stay accountable.
 */
import type { SuppressionPolicy } from './config';
import { closestMatch } from './config-loader-values';
import { isExpired, type Suppression, type SuppressionComments } from './suppressions';
import type { SourceText } from './text';
import type { Range } from './types';

/** The pseudo-rule whose findings are problems with suppression comments. */
export const INVALID_SUPPRESSION_ID = 'invalid-suppression';

/**
 * `active`: the comment hides the findings it names. `expired`: its date has passed.
 * `invalid`: it cannot apply (no reason, unknown or non-suppressible rule, malformed, or
 * outside the expiry policy).
 */
export type SuppressionStatus = 'active' | 'expired' | 'invalid';

export interface SuppressionProblem {
  range: Range;
  message: string;
}

export interface AssessedSuppression {
  /** The parsed comment; undefined when the comment is malformed. */
  suppression?: Suppression;
  /** The comment from its marker to the end of the line. */
  range: Range;
  status: SuppressionStatus;
  problems: SuppressionProblem[];
}

export interface AssessOptions {
  knownRuleIds: readonly string[];
  policy: SuppressionPolicy;
  today: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SYNTAX_HINT = 'write phi-guard-ignore <rule-id>: <reason>';

/** Returns every suppression comment of a file in line order, with its status and problems. */
export function assessSuppressions(
  source: SourceText,
  comments: SuppressionComments,
  options: AssessOptions,
): AssessedSuppression[] {
  const assessed: AssessedSuppression[] = comments.malformed.map((m) => ({
    range: m.range,
    status: 'invalid',
    problems: [{ range: m.range, message: `Suppression comment does not parse; ${SYNTAX_HINT}.` }],
  }));
  for (const suppression of comments.suppressions) {
    assessed.push(assessOne(source, suppression, options));
  }
  return assessed.sort((a, b) => a.range.start.line - b.range.start.line);
}

function assessOne(
  source: SourceText,
  suppression: Suppression,
  options: AssessOptions,
): AssessedSuppression {
  const problems = [
    ...ruleProblems(source, suppression, options),
    ...reasonProblems(suppression, options.policy),
    ...policyExpiryProblems(source, suppression, options),
  ];
  const expired = expiredProblem(source, suppression, options.today);
  let status: SuppressionStatus = 'active';
  if (problems.length > 0) status = 'invalid';
  else if (expired) status = 'expired';
  if (expired) problems.push(expired);
  return { suppression, range: suppression.range, status, problems };
}

function ruleProblems(
  source: SourceText,
  suppression: Suppression,
  options: AssessOptions,
): SuppressionProblem[] {
  const problems: SuppressionProblem[] = [];
  for (const id of suppression.ruleIds) {
    const range = rangeOfWord(source, suppression.range, id);
    if (id === INVALID_SUPPRESSION_ID) {
      problems.push({ range, message: `Rule ${id} cannot be suppressed by a comment.` });
    } else if (!options.knownRuleIds.includes(id)) {
      const closest = closestMatch(id, options.knownRuleIds);
      const hint = closest ? `; did you mean ${closest}?` : '.';
      problems.push({ range, message: `Suppression names unknown rule ${id}${hint}` });
    } else if (options.policy.nonSuppressible.includes(id)) {
      const message = `Rule ${id} is non-suppressible under phi_guard.yaml, so the finding stays.`;
      problems.push({ range, message });
    }
  }
  return problems;
}

function reasonProblems(suppression: Suppression, policy: SuppressionPolicy): SuppressionProblem[] {
  const ids = suppression.ruleIds.join(', ');
  if (hasMalformedExpiry(suppression)) {
    const message = 'Suppression expiry is not in the form [expires YYYY-MM-DD].';
    return [{ range: suppression.range, message }];
  }
  if (suppression.reason === '' && policy.requireReason) {
    const message = `Suppression of ${ids} gives no reason after a colon, so it does not apply.`;
    return [{ range: markerRange(suppression), message }];
  }
  return [];
}

/** Detects an `[expires …]` that the parser could not read, which ends up in the reason. */
function hasMalformedExpiry(suppression: Suppression): boolean {
  return /\[expires\b/.test(suppression.reason);
}

/** Returns the range of the `phi-guard-ignore` or `phi-guard-ignore-file` marker. */
function markerRange(suppression: Suppression): Range {
  const length = suppression.fileLevel ? 'phi-guard-ignore-file'.length : 'phi-guard-ignore'.length;
  const { start } = suppression.range;
  return { start, end: { line: start.line, character: start.character + length } };
}

function policyExpiryProblems(
  source: SourceText,
  suppression: Suppression,
  options: AssessOptions,
): SuppressionProblem[] {
  const { expires } = suppression;
  if (expires && !isCalendarDate(expires)) {
    const range = rangeOfWord(source, suppression.range, expires);
    return [{ range, message: `Suppression expiry ${expires} is not a valid calendar date.` }];
  }
  const maxDays = options.policy.maxExpiryDays;
  if (maxDays === undefined || hasMalformedExpiry(suppression)) return [];
  if (!expires) {
    const ids = suppression.ruleIds.join(', ');
    const message = `Suppression of ${ids} needs an expiry within ${maxDays} days.`;
    return [{ range: suppression.range, message }];
  }
  const latest = new Date(options.today.getTime() + maxDays * DAY_MS).toISOString().slice(0, 10);
  if (expires <= latest) return [];
  const range = rangeOfWord(source, suppression.range, expires);
  const message = `Suppression expiry ${expires} is later than the ${maxDays} days allowed.`;
  return [{ range, message }];
}

function expiredProblem(
  source: SourceText,
  suppression: Suppression,
  today: Date,
): SuppressionProblem | undefined {
  const { expires } = suppression;
  if (!expires || !isExpired(expires, today)) return undefined;
  const ids = suppression.ruleIds.join(', ');
  return {
    range: rangeOfWord(source, suppression.range, expires),
    message: `Suppression of ${ids} expired on ${expires}, so the finding shows again.`,
  };
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Finds `word` inside the comment; returns the whole comment when it is not there. */
function rangeOfWord(source: SourceText, comment: Range, word: string): Range {
  const start = source.offsetAt(comment.start);
  const text = source.text.slice(start, source.offsetAt(comment.end));
  const pattern = new RegExp(`(?<![a-z0-9-])${word.replace(/[-]/g, '\\-')}(?![a-z0-9-])`);
  const match = pattern.exec(text.slice('phi-guard-ignore'.length));
  if (!match) return comment;
  const at = start + 'phi-guard-ignore'.length + match.index;
  return source.rangeOf(at, at + word.length);
}
