import type { SyntaxNode } from './syntax';

/**
 * Calls `visit` for each node of `root`'s subtree (root included) whose type is in `types`, in
 * document order. The syntax tree keeps every node of a type in one list, so this reads only
 * the matching nodes.
 */
export function visitTypes(
  root: SyntaxNode,
  types: ReadonlySet<string>,
  visit: (node: SyntaxNode) => void,
): void {
  for (const node of root.descendantsOfType([...types])) visit(node);
}
