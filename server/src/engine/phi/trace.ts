import type { PhiKind, PhiMatch } from './classifier';

/** A stretch of the file, as UTF-16 offsets. */
export interface Span {
  startIndex: number;
  endIndex: number;
}

/** One place on the way from a PHI source to the expression asked about. */
export interface PhiStep {
  startIndex: number;
  endIndex: number;
  /** One short sentence for related information, naming identifiers only, never values. */
  label: string;
}

/** Why a value is PHI: what kind, the vocabulary term or class, and the path from the source. */
export interface PhiTrace {
  kind: PhiKind;
  term: string;
  /** Set when the source is a personal identifier (an e-mail, a name), see `PhiMatch`. */
  identifier?: boolean;
  /** Steps from the source (first) to the step nearest the expression asked about (last). */
  steps: PhiStep[];
}

const MAX_STEPS = 8;

export function sourceTrace(match: PhiMatch, node: Span, label: string): PhiTrace {
  const trace: PhiTrace = {
    kind: match.kind,
    term: match.term,
    steps: [{ startIndex: node.startIndex, endIndex: node.endIndex, label }],
  };
  if (match.identifier) trace.identifier = true;
  return trace;
}

export function nameLabel(name: string, match: PhiMatch): string {
  const what = match.kind === 'phi' ? 'PHI' : 'a secret';
  return `Source: \`${name}\` is ${what} by its name ('${match.term}').`;
}

/** Adds a step, dropping it when it repeats the previous place or the path is long enough. */
export function extend(trace: PhiTrace, node: Span, label: string): PhiTrace {
  const last = trace.steps[trace.steps.length - 1];
  if (last && last.startIndex === node.startIndex && last.endIndex === node.endIndex) return trace;
  if (trace.steps.length >= MAX_STEPS) return trace;
  const step = { startIndex: node.startIndex, endIndex: node.endIndex, label };
  return { ...trace, steps: [...trace.steps, step] };
}
