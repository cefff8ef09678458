import {
  callsInCascade,
  callsInChain,
  chainFrom,
  exprOf,
  type CallSite,
  type SyntaxNode,
} from './syntax';

/**
 * Tree traversals that read node types from a tree cursor and create a node object only where
 * one is needed. With web-tree-sitter every node object is marshalled out of WebAssembly, so a
 * walk that creates one per node costs more than parsing the file.
 */

/** Calls `visit` for each node below `root` (root included) whose type is in `types`. */
export function visitTypes(root: SyntaxNode, types: Set<string>, visit: (node: SyntaxNode) => void): void {
  const cursor = root.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend && types.has(cursor.nodeType)) visit(cursor.currentNode);
      if (descend && cursor.gotoFirstChild()) continue;
      if (cursor.currentDepth === 0) break;
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent() || cursor.currentDepth === 0) break;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
}

interface Trigger {
  startIndex: number;
  depth: number;
  /** At one node, `callSites` lists the chain's calls before the constructor call itself. */
  rank: number;
  calls: CallSite[];
}

/**
 * The same call sites as `callSites(root)` from the Dart syntax helpers, in the same order, found
 * without creating a node object for every node: a chain is recognised at its first `selector`,
 * whose previous named sibling is the chain's primary.
 */
export function fastCallSites(root: SyntaxNode): CallSite[] {
  const triggers: Trigger[] = [];
  const cursor = root.walk();
  // The type of the previous named sibling at each depth, to spot the first selector of a chain.
  const previousNamed: string[] = [];
  try {
    let descend = true;
    for (;;) {
      if (descend) visitNode(cursor, previousNamed, triggers);
      if (descend && cursor.gotoFirstChild()) {
        previousNamed[cursor.currentDepth] = '';
        continue;
      }
      if (cursor.currentDepth === 0) break;
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent() || cursor.currentDepth === 0) break;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
  triggers.sort((a, b) => a.startIndex - b.startIndex || a.depth - b.depth || a.rank - b.rank);
  return triggers.flatMap((t) => t.calls);
}

function visitNode(cursor: ReturnType<SyntaxNode['walk']>, previousNamed: string[], triggers: Trigger[]): void {
  const type = cursor.nodeType;
  const depth = cursor.currentDepth;
  const previous = previousNamed[depth] ?? '';
  if (cursor.nodeIsNamed) previousNamed[depth] = type;
  if (type === 'selector' && previous !== '' && previous !== 'selector' && previous !== 'cascade_section') {
    const start = cursor.currentNode.previousNamedSibling;
    if (start) triggers.push({ startIndex: start.startIndex, depth, rank: 0, calls: callsInChain(chainFrom(start)) });
  } else if (type === 'new_expression' || type === 'const_object_expression') {
    const node = cursor.currentNode;
    triggers.push({ startIndex: node.startIndex, depth, rank: 1, calls: callsInChain(exprOf([node])!) });
  } else if (type === 'cascade_section') {
    const node = cursor.currentNode;
    triggers.push({ startIndex: node.startIndex, depth, rank: 1, calls: callsInCascade(node) });
  }
}
