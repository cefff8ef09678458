import { SyntaxNode, SyntaxTree } from './syntax-tree';

export { SyntaxNode, SyntaxTree };

/**
 * Helpers over the tree-sitter-dart syntax tree.
 *
 * The grammar does not nest postfix expressions: `a.b(c).d` is a run of sibling nodes, a primary
 * (`identifier "a"`) followed by `selector` nodes (`.b`, `(c)`, `.d`), inside whatever contains
 * the expression (an `argument`, an `expression_statement`, an `initialized_variable_definition`
 * after the variable's name, ...). `Expr` and `chainAt` turn such runs into something a rule can
 * read.
 */

/** The node's named children, in a new array that the caller may change. */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren;
}

/** The node's children, in a new array that the caller may change. */
export function children(node: SyntaxNode): SyntaxNode[] {
  return node.children;
}

/** Visits every node below `root` (root included) in document order; return false to skip a subtree. */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (visit(node) === false) continue;
    // Each read of `children` builds a new list, so it is read once per node.
    const childNodes = node.children;
    for (let i = childNodes.length - 1; i >= 0; i--) pending.push(childNodes[i]);
  }
}

/** `root` and its descendants of the given types, in document order. */
export function descendantsOfType(root: SyntaxNode, types: string | string[]): SyntaxNode[] {
  return root.descendantsOfType(types);
}

export function ancestors(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let current = node.parent; current; current = current.parent) list.push(current);
  return list;
}

export function closestAncestor(
  node: SyntaxNode,
  types: string | string[],
): SyntaxNode | undefined {
  const wanted = typeof types === 'string' ? [types] : types;
  for (let current = node.parent; current; current = current.parent) {
    if (wanted.includes(current.type)) return current;
  }
  return undefined;
}

/** A flattened postfix expression: a primary node followed by zero or more `selector` nodes. */
export interface Expr {
  nodes: SyntaxNode[];
  startIndex: number;
  endIndex: number;
}

export function exprOf(nodes: SyntaxNode[]): Expr | undefined {
  if (nodes.length === 0) return undefined;
  return { nodes, startIndex: nodes[0].startIndex, endIndex: nodes[nodes.length - 1].endIndex };
}

export function exprText(expr: Expr, source: string): string {
  return source.slice(expr.startIndex, expr.endIndex);
}

/**
 * Returns the expression inside an argument container. For an `argument` that is all its named
 * children, and for a `named_argument` everything after the `label`. Comments are left out.
 */
export function valueExpr(container: SyntaxNode): Expr | undefined {
  const parts = namedChildren(container).filter(
    (child) => child.type !== 'label' && child.type !== 'comment',
  );
  return exprOf(parts);
}

/** If `node` is the primary of a run of selectors, the whole run; otherwise just the node. */
export function chainFrom(node: SyntaxNode): Expr {
  const nodes = [node];
  for (let next = node.nextNamedSibling; next && next.type === 'selector'; next = next.nextNamedSibling) {
    nodes.push(next);
  }
  return exprOf(nodes)!;
}

/** One step of a chain: a name (`a`, `.b`, `?.b`) or an argument list (`(...)`). */
export type Segment =
  | { kind: 'name'; name: string; node: SyntaxNode }
  | { kind: 'call'; args: Arguments; node: SyntaxNode }
  | { kind: 'other'; node: SyntaxNode };

export interface Arguments {
  node: SyntaxNode;
  positional: Expr[];
  named: Map<string, { expr: Expr; node: SyntaxNode }>;
}

export function readArguments(argumentsNode: SyntaxNode): Arguments {
  const positional: Expr[] = [];
  const named = new Map<string, { expr: Expr; node: SyntaxNode }>();
  for (const child of namedChildren(argumentsNode)) {
    if (child.type === 'argument') {
      const expr = valueExpr(child);
      if (expr) positional.push(expr);
    } else if (child.type === 'named_argument') {
      const label = child.namedChildren.find((c) => c?.type === 'label');
      const name = label?.namedChildren[0]?.text;
      const expr = valueExpr(child);
      if (name && expr) named.set(name, { expr, node: child });
    }
  }
  return { node: argumentsNode, positional, named };
}

export function segmentsOf(expr: Expr): Segment[] {
  const segments: Segment[] = [];
  for (const node of expr.nodes) segments.push(...segmentsOfNode(node));
  return segments;
}

function segmentsOfNode(node: SyntaxNode): Segment[] {
  switch (node.type) {
    case 'identifier':
    case 'type_identifier':
    case 'identifier_dollar_escaped':
      return [{ kind: 'name', name: node.text.replace(/^\$/, ''), node }];
    case 'this':
    case 'super':
      return [{ kind: 'name', name: node.type, node }];
    case 'selector':
    case 'unconditional_assignable_selector':
    case 'conditional_assignable_selector':
    case 'cascade_selector': {
      const inner = namedChildren(node);
      if (inner.length === 0) return [];
      return inner.flatMap((child) => segmentsOfNode(child));
    }
    case 'argument_part': {
      const args = node.namedChildren.find((c) => c?.type === 'arguments');
      return args ? [{ kind: 'call', args: readArguments(args), node: args }] : [];
    }
    case 'arguments':
      return [{ kind: 'call', args: readArguments(node), node }];
    case 'new_expression':
    case 'const_object_expression': {
      const parts: Segment[] = [];
      for (const child of namedChildren(node)) {
        if (child.type === 'const_builtin') continue;
        parts.push(...segmentsOfNode(child));
      }
      return parts;
    }
    case 'type_arguments':
      return [];
    default:
      return [{ kind: 'other', node }];
  }
}

/** Returns the dotted names before the first call, e.g. `enc.IV.fromLength(16)` gives enc, IV, fromLength. */
export function leadingNames(segments: Segment[]): string[] {
  const names: string[] = [];
  for (const segment of segments) {
    if (segment.kind !== 'name') break;
    names.push(segment.name);
  }
  return names;
}

/** A call anywhere in a file: the names that lead to it and its arguments. */
export interface CallSite {
  /** Names of the chain up to the called name, for example ['prefs', 'setString']. */
  callee: string[];
  args: Arguments;
  /** The chain that contains the call, from its primary to the argument list. */
  startIndex: number;
  endIndex: number;
  /** The node of the called name (the last entry of `callee`). */
  nameNode: SyntaxNode;
  /** Segments before the called name, for chains like `Foo().bar()`. */
  receiver: Segment[];
}

/** Call sites of whole files, by tree: many rules and helpers ask for them on each analysis. */
const wholeTreeCalls = new WeakMap<SyntaxTree, CallSite[]>();

/** Lists every call in the subtree, in document order, including nested and cascaded ones. */
export function callSites(root: SyntaxNode): CallSite[] {
  // A root without a parent is the whole file; its list is computed once per parsed tree.
  if (root.parent !== null) return collectCallSites(root);
  let calls = wholeTreeCalls.get(root.tree);
  if (!calls) {
    calls = collectCallSites(root);
    wholeTreeCalls.set(root.tree, calls);
  }
  return [...calls];
}

function collectCallSites(root: SyntaxNode): CallSite[] {
  const emitters: Array<{ start: number; end: number; order: number; calls: CallSite[] }> = [];
  const found = descendantsOfType(root, [
    'selector',
    'new_expression',
    'const_object_expression',
    'cascade_section',
  ]);
  for (const node of found) {
    if (node.type === 'selector') {
      const primary = node.previousNamedSibling;
      if (!primary || primary.type === 'selector' || primary.type === 'cascade_section') continue;
      emitters.push(emitter(primary, 0, callsInChain(chainFrom(primary))));
    } else if (node.type === 'cascade_section') {
      emitters.push(emitter(node, 2, callsInCascade(node)));
    } else {
      emitters.push(emitter(node, 1, callsInChain(exprOf([node])!)));
    }
  }
  // Pre-order: an enclosing node (same start, later end) before the nodes inside it.
  emitters.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
  return emitters.flatMap((e) => e.calls);
}

function emitter(node: SyntaxNode, order: number, calls: CallSite[]) {
  return { start: node.startIndex, end: node.endIndex, order, calls };
}

export function callsInChain(expr: Expr): CallSite[] {
  const segments = segmentsOf(expr);
  const calls: CallSite[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    const previous = segments[i - 1];
    if (segment.kind !== 'call' || previous.kind !== 'name') continue;
    let first = i - 1;
    while (first > 0 && segments[first - 1].kind === 'name') first--;
    const callee = segments.slice(first, i).map((s) => (s as { name: string }).name);
    calls.push({
      callee,
      args: segment.args,
      startIndex: expr.startIndex,
      endIndex: segment.node.endIndex,
      nameNode: previous.node,
      receiver: segments.slice(0, first),
    });
  }
  return calls;
}

function callsInCascade(section: SyntaxNode): CallSite[] {
  const parts = namedChildren(section);
  const segments = parts.flatMap((part) =>
    part.type === 'cascade_selector' || part.type === 'selector' || part.type === 'argument_part'
      ? segmentsOfNode(part)
      : [],
  );
  const calls: CallSite[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    const previous = segments[i - 1];
    if (segment.kind !== 'call' || previous.kind !== 'name') continue;
    calls.push({
      callee: ['..', previous.name],
      args: segment.args,
      startIndex: section.startIndex,
      endIndex: segment.node.endIndex,
      nameNode: previous.node,
      receiver: [],
    });
  }
  return calls;
}
