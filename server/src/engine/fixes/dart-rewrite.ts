import type { DartFile } from '../dart/model';
import type { CallSite, SyntaxNode } from '../dart/syntax';
import type { Range, TextEdit } from '../types';

const BODY_TYPES = new Set(['function_body', 'function_expression_body']);
const SELECTOR_PARTS = new Set([
  'selector',
  'unconditional_assignable_selector',
  'conditional_assignable_selector',
  'argument_part',
  'arguments',
]);

/**
 * True when `await` is allowed at `node`: the nearest enclosing function body, closures
 * included, is marked `async` or `async*`.
 */
export function inAsyncBody(node: SyntaxNode): boolean {
  for (let at: SyntaxNode | null = node.parent; at; at = at.parent) {
    if (BODY_TYPES.has(at.type)) return at.children.some((child) => child?.type === 'async');
  }
  return false;
}

/**
 * Finds the node whose children are the call's primary and selectors. tree-sitter-dart does not
 * nest postfix expressions, so `prefs.getString(k)` is a run of siblings inside, for example, an
 * `await_expression` or an `initialized_variable_definition`.
 */
export function callContainer(call: CallSite): SyntaxNode | undefined {
  let at: SyntaxNode | null = call.nameNode.parent;
  while (at && SELECTOR_PARTS.has(at.type)) at = at.parent;
  return at ?? undefined;
}

/** True when the call is the whole operand of an `await`: `await prefs.getString(k)`. */
export function isAwaited(call: CallSite): boolean {
  const container = callContainer(call);
  if (container?.type !== 'await_expression') return false;
  const operand = container.children[1];
  return operand?.startIndex === call.startIndex && container.endIndex === call.endIndex;
}

/** True when selectors follow the call in the same chain: `prefs.getString(k)!.length`. */
export function hasTrailingSelector(call: CallSite): boolean {
  const container = callContainer(call);
  return (container?.children ?? []).some(
    (child) => child?.type === 'selector' && child.startIndex >= call.endIndex,
  );
}

/**
 * True when the call's result is discarded: the call, awaited or not, is a whole expression
 * statement (`await prefs.setString(k, v);`).
 */
export function isStatementCall(call: CallSite): boolean {
  if (hasTrailingSelector(call)) return false;
  let at = callContainer(call);
  if (at?.type === 'await_expression') {
    if (!isAwaited(call)) return false;
    const parent = at.parent;
    at = (parent?.type === 'unary_expression' ? parent.parent : parent) ?? undefined;
  }
  if (at?.type !== 'expression_statement') return false;
  const parts = at.namedChildren.filter((child) => child !== null);
  return parts.length <= 1 || parts[0]?.startIndex === call.startIndex;
}

/** Returns the range of the call, from its primary to the closing parenthesis. */
export function callRange(file: DartFile, call: CallSite): Range {
  return file.source.rangeOf(call.startIndex, call.endIndex);
}

/** Returns the source text of a run of argument nodes. */
export function nodesText(file: DartFile, nodes: SyntaxNode[]): string {
  return file.text.slice(nodes[0].startIndex, nodes[nodes.length - 1].endIndex);
}

/** Returns the range of a run of argument nodes. */
export function nodesRange(file: DartFile, nodes: SyntaxNode[]): Range {
  return file.source.rangeOf(nodes[0].startIndex, nodes[nodes.length - 1].endIndex);
}

/** Writes `value` as a single-quoted Dart string literal, escaping `\`, `'` and `$`. */
export function dartStringLiteral(value: string): string {
  const escaped = value.replace(/[\\'$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
  return `'${escaped}'`;
}

/**
 * Inserts a named argument before the call's `)`. In an argument list that ends with a comma
 * and spans lines, the argument goes on its own line with the indentation of the last one.
 */
export function appendNamedArgument(file: DartFile, call: CallSite, argument: string): TextEdit {
  const open = call.args.node.startIndex + 1;
  const close = call.args.node.endIndex - 1;
  const trimmed = file.text.slice(open, close).trimEnd();
  const at = open + trimmed.length;
  let newText: string;
  if (trimmed === '') newText = argument;
  else if (!trimmed.endsWith(',')) newText = `, ${argument}`;
  else if (!trimmed.includes('\n')) newText = ` ${argument},`;
  else newText = `${lineBreakBefore(file, at)}${indentOfLastArgument(file, call)}${argument},`;
  return { range: file.source.rangeOf(at, at), newText };
}

function lineBreakBefore(file: DartFile, offset: number): string {
  const newline = file.text.lastIndexOf('\n', offset);
  return newline > 0 && file.text[newline - 1] === '\r' ? '\r\n' : '\n';
}

function indentOfLastArgument(file: DartFile, call: CallSite): string {
  const named = [...call.args.named.values()].map((arg) => arg.node.startIndex);
  const positional = call.args.positional.map((arg) => arg.nodes[0]?.startIndex ?? 0);
  const last = Math.max(...named, ...positional);
  const lineStart = file.text.lastIndexOf('\n', last - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(lineStart, last))![0];
}
