import type { DartFile } from './model';
import { children, exprOf, namedChildren, type Expr, type SyntaxNode } from './syntax';
import { UNKNOWN_PART } from './urls';
import { findBinding } from './values';

/**
 * Lists the values a string expression can have, as far as one file shows: literals (adjacent ones
 * joined), interpolations, `+` concatenation, `cond ? a : b`, parentheses, and names of
 * variables that are never assigned again. Unknown parts become `UNKNOWN_PART`, so a caller can
 * still read the scheme of `'http://$host'`. Returns undefined when nothing is known.
 */
export function possibleStrings(
  file: DartFile,
  expr: Expr | undefined,
  depth = 0,
): string[] | undefined {
  if (!expr || depth > 6) return undefined;
  const nodes = expr.nodes.filter((node) => node.type !== 'comment');
  if (nodes.length !== 1) return undefined;
  return possibleStringsOfNode(file, nodes[0], depth);
}

/** At most this many alternatives are kept, so nested conditionals cannot explode. */
const MAX_ALTERNATIVES = 8;

export function possibleStringsOfNode(
  file: DartFile,
  node: SyntaxNode,
  depth = 0,
): string[] | undefined {
  if (depth > 6) return undefined;
  switch (node.type) {
    case 'string_literal':
      return literalValues(file, node, depth);
    case 'parenthesized_expression':
      return possibleStrings(file, exprOf(namedChildren(node)), depth + 1);
    case 'conditional_expression':
      return branchValues(file, node, depth);
    case 'additive_expression':
      return concatenationValues(file, node, depth);
    case 'identifier':
    case 'identifier_dollar_escaped':
      return nameValues(file, node, depth);
    default:
      return undefined;
  }
}

function literalValues(file: DartFile, node: SyntaxNode, depth: number): string[] {
  let values = [''];
  for (const part of file.stringValue(node).parts) {
    const options =
      part.kind === 'text'
        ? [part.value]
        : (possibleStringsOfNode(file, part.node, depth + 1) ?? [UNKNOWN_PART]);
    values = product(values, options);
  }
  return values;
}

function branchValues(file: DartFile, node: SyntaxNode, depth: number): string[] | undefined {
  const branches = conditionalBranches(node);
  if (!branches) return undefined;
  const whenTrue = possibleStrings(file, branches.whenTrue, depth + 1);
  const whenFalse = possibleStrings(file, branches.whenFalse, depth + 1);
  if (!whenTrue || !whenFalse) return undefined;
  return [...new Set([...whenTrue, ...whenFalse])].slice(0, MAX_ALTERNATIVES);
}

function concatenationValues(
  file: DartFile,
  node: SyntaxNode,
  depth: number,
): string[] | undefined {
  const operands = splitAt(node, ['+']);
  if (!operands || operands.length < 2) return undefined;
  let values = [''];
  for (const operand of operands) {
    values = product(values, possibleStrings(file, operand, depth + 1) ?? [UNKNOWN_PART]);
  }
  return values;
}

function nameValues(file: DartFile, node: SyntaxNode, depth: number): string[] | undefined {
  const binding = findBinding(node);
  if (!binding || binding.reassigned || !binding.init) return undefined;
  return possibleStrings(file, binding.init, depth + 1);
}

function product(prefixes: string[], suffixes: string[]): string[] {
  const joined: string[] = [];
  for (const prefix of prefixes) {
    for (const suffix of suffixes) joined.push(prefix + suffix);
  }
  return joined.slice(0, MAX_ALTERNATIVES);
}

export interface ConditionalBranches {
  condition: Expr;
  whenTrue: Expr;
  whenFalse: Expr;
}

/** Splits `condition ? whenTrue : whenFalse` into its three parts. */
export function conditionalBranches(node: SyntaxNode): ConditionalBranches | undefined {
  if (node.type !== 'conditional_expression') return undefined;
  const parts = splitAt(node, ['?', ':']);
  if (!parts || parts.length !== 3) return undefined;
  return { condition: parts[0], whenTrue: parts[1], whenFalse: parts[2] };
}

/**
 * Splits a node's children at anonymous operator tokens. The grammar keeps postfix chains flat,
 * so one operand can be several named siblings (`a.b ? x : y` has `a` and `.b` before `?`).
 */
function splitAt(node: SyntaxNode, tokens: string[]): Expr[] | undefined {
  const groups: SyntaxNode[][] = [[]];
  for (const child of children(node)) {
    const isToken =
      tokens.includes(child.type) ||
      (child.type === 'additive_operator' && tokens.includes(child.text));
    if (isToken) groups.push([]);
    else if (child.isNamed && child.type !== 'comment') groups[groups.length - 1].push(child);
  }
  const exprs = groups.map((group) => exprOf(group));
  return exprs.every((e) => e !== undefined) ? (exprs as Expr[]) : undefined;
}
