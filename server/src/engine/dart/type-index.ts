import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';

/**
 * A per-tree index of the node types that rules search for most. One native walk over a parsed
 * file collects them, and every later search for those types, over the whole file or a subtree,
 * filters that list instead of walking the tree again.
 *
 * web-tree-sitter's `descendantsOfType` walks every node below its root, anonymous ones included,
 * whatever it matches. On a generated 5,000-line file each whole-file search cost about 9 ms, and
 * one analysis ran eight of them (measured with `bench/profile-rules.ts` under Node 20 on the
 * shared 2-core development machine).
 */

/**
 * Types found by the single walk. Searches for any other type, or for `ERROR`, which the native
 * search matches by a special symbol, go to tree-sitter directly.
 */
const INDEXED_TYPES = [
  'identifier',
  'type_identifier',
  'identifier_dollar_escaped',
  'selector',
  'new_expression',
  'const_object_expression',
  'cascade_section',
  'argument',
  'named_argument',
  'string_literal',
  'relational_expression',
  'assignment_expression',
  'field_initializer',
  'expression_statement',
  'return_statement',
  'annotation',
  'import_specification',
  'import_or_export',
  'part_directive',
  'part_of_directive',
  'library_name',
  'uri',
  'class_definition',
  'function_expression',
  'function_signature',
  'getter_signature',
  'setter_signature',
  'constructor_signature',
  'constant_constructor_signature',
  'factory_constructor_signature',
];

const INDEXED = new Set(INDEXED_TYPES);

/** Nodes of the indexed types in document order (pre-order), with their types read once. */
interface TypeIndex {
  rootId: number;
  nodes: SyntaxNode[];
  types: string[];
}

const indexes = new WeakMap<Tree, TypeIndex>();

function indexOf(tree: Tree): TypeIndex {
  let index = indexes.get(tree);
  if (!index) {
    const root = tree.rootNode;
    const nodes = root
      .descendantsOfType(INDEXED_TYPES)
      .filter((node): node is SyntaxNode => node !== null);
    index = { rootId: root.id, nodes, types: nodes.map((node) => node.type) };
    indexes.set(tree, index);
  }
  return index;
}

/**
 * Lists `root` and its descendants whose type is in `types`, in document order, exactly as
 * `root.descendantsOfType(types)` does. Returns undefined when a type is not indexed or `root`
 * is empty, and the caller must then search natively.
 */
export function indexedDescendants(
  root: SyntaxNode,
  types: readonly string[],
): SyntaxNode[] | undefined {
  if (!types.every((type) => INDEXED.has(type))) return undefined;
  const requested = new Set(types);
  const index = indexOf(root.tree);
  const found: SyntaxNode[] = [];
  if (root.id === index.rootId) {
    for (let i = 0; i < index.nodes.length; i++) {
      if (requested.has(index.types[i])) found.push(index.nodes[i]);
    }
    return found;
  }
  const start = root.startIndex;
  const end = root.endIndex;
  if (start === end) return undefined;
  for (let i = firstStartingAt(index.nodes, start); i < index.nodes.length; i++) {
    const node = index.nodes[i];
    if (node.startIndex > end) break;
    if (!requested.has(index.types[i]) || node.endIndex > end) continue;
    if (onBoundary(node, start, end) && !isWithin(node, root)) continue;
    found.push(node);
  }
  return found;
}

/** Finds the first node that starts at or after `offset`, by binary search. */
function firstStartingAt(nodes: SyntaxNode[], offset: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodes[middle].startIndex < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Checks whether a node inside the range of the search root may still lie outside its subtree.
 * It may be an ancestor with the same range, or an empty (missing) node right before or after.
 */
function onBoundary(node: SyntaxNode, start: number, end: number): boolean {
  const sameRange = node.startIndex === start && node.endIndex === end;
  const empty = node.startIndex === node.endIndex;
  return sameRange || (empty && (node.startIndex === start || node.startIndex === end));
}

function isWithin(node: SyntaxNode, root: SyntaxNode): boolean {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.id === root.id) return true;
    if (current.startIndex < root.startIndex || current.endIndex > root.endIndex) return false;
  }
  return false;
}
