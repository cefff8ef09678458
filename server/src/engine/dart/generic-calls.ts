import { exprOf, namedChildren, type CallSite, type SyntaxNode } from './syntax';
import { visitTypes } from './traverse';

const RELATIONAL = new Set(['relational_expression']);

/**
 * tree-sitter-dart parses a generic call with one positional argument, `Hive.openBox<Note>('n')`,
 * as two comparisons: `(Hive.openBox < Note) > ('n')`. With two or more arguments the call is
 * parsed correctly. This module turns the misparsed shape back into a call site.
 */
export interface GenericCallSite extends CallSite {
  /** The type arguments as written, for example ['Note']. */
  typeArguments: string[];
  /** The outer comparison node that stands for the whole call. */
  node: SyntaxNode;
}

export function misparsedGenericCalls(root: SyntaxNode): GenericCallSite[] {
  const calls: GenericCallSite[] = [];
  visitTypes(root, RELATIONAL, (node) => {
    const call = asGenericCall(node);
    if (call) calls.push(call);
  });
  return calls;
}

function asGenericCall(outer: SyntaxNode): GenericCallSite | undefined {
  const [inner, closing, argument] = namedChildren(outer);
  if (inner?.type !== 'relational_expression' || argument?.type !== 'parenthesized_expression') {
    return undefined;
  }
  if (closing?.text !== '>') return undefined;
  const parts = namedChildren(inner);
  const operator = parts.findIndex((p) => p.type === 'relational_operator');
  if (operator < 1 || parts[operator].text !== '<') return undefined;
  const chain = unwrapAwait(parts.slice(0, operator));
  const typeNode = parts[operator + 1];
  const names = chain
    .flatMap((n) => (n.type === 'identifier' ? [n] : n.descendantsOfType('identifier')))
    .filter((n): n is SyntaxNode => n !== null);
  const nameNode = names[names.length - 1];
  const value = exprOf(namedChildren(argument));
  if (!nameNode || !typeNode || !value || chain.length < 2) return undefined;
  return {
    callee: names.map((n) => n.text),
    args: { node: argument, positional: [value], named: new Map() },
    startIndex: chain[0].startIndex,
    endIndex: outer.endIndex,
    nameNode,
    receiver: [],
    typeArguments: [typeNode.text],
    node: outer,
  };
}

/** `await Hive.openBox` is parsed as unary_expression > await_expression > chain. */
function unwrapAwait(nodes: SyntaxNode[]): SyntaxNode[] {
  if (nodes.length !== 1) return nodes;
  const node = nodes[0];
  if (node.type === 'unary_expression' || node.type === 'await_expression') {
    return unwrapAwait(namedChildren(node).filter((c) => c.type !== 'await'));
  }
  return nodes;
}
