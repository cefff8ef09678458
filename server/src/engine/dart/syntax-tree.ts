import type { Tree as ParsedTree } from 'web-tree-sitter';
import {
  HAS_ERROR,
  MISSING,
  NAMED,
  NodeKinds,
  readColumns,
  type Columns,
} from './syntax-tree-columns';

/**
 * A JavaScript copy of a tree-sitter syntax tree, made in one cursor walk right after a parse.
 *
 * web-tree-sitter answers every question about a node (its type, parent, siblings, end) with a
 * call into WebAssembly and a new wrapper object. The rules ask such questions of most nodes of
 * every file, and the wrappers they keep cost about 270 bytes each, since each carries its own
 * element store. On a generated app of 50,000 Dart lines the engine kept 415,000 of them, more
 * than two thirds of its heap (measured with a heap snapshot under Node 20). The copy keeps
 * the nodes in typed arrays (`syntax-tree-columns.ts`), a node is a small view made on access,
 * and the WebAssembly tree can be freed as soon as the copy exists. That app's heap went from
 * 162 MB to 54 MB, plus 17 MB of typed arrays.
 *
 * The class keeps the names and meaning of the web-tree-sitter `Node` members that the engine
 * uses, so code reads the same with either. `test/unit/syntax-tree.test.ts` checks the copy
 * against tree-sitter node by node.
 */

/** Ids are unique across trees, as tree-sitter's are, so nodes of two files never compare equal. */
let nextBaseId = 1;

export class SyntaxTree {
  readonly rootNode: SyntaxNode;
  /** Id of the root. A node's id is this plus its pre-order position. */
  readonly baseId: number;
  /** @internal */
  readonly columns: Columns;
  /** @internal */
  readonly kinds: NodeKinds;
  /** Pre-order positions of the nodes of each type, for subtree searches by position range. */
  private readonly byType = new Map<string, Int32Array>();

  private constructor(
    /** The text that was parsed. Node texts are slices of it. */
    readonly text: string,
    parsed: ParsedTree,
  ) {
    this.kinds = NodeKinds.of(parsed.language);
    this.columns = readColumns(parsed, this.kinds);
    this.baseId = nextBaseId;
    nextBaseId += this.columns.count;
    this.indexTypes();
    this.rootNode = new SyntaxNode(this, 0);
  }

  /** Copies a parsed tree. The caller still owns `parsed` and may delete it afterwards. */
  static copy(parsed: ParsedTree, text: string): SyntaxTree {
    return new SyntaxTree(text, parsed);
  }

  /** Returns the nodes of one type at pre-order positions `first` to `last`, in document order. */
  nodesOfType(type: string, first: number, last: number): SyntaxNode[] {
    const list = this.byType.get(type);
    if (!list) return [];
    const found: SyntaxNode[] = [];
    for (let i = firstAtLeast(list, first); i < list.length && list[i] <= last; i++) {
      found.push(new SyntaxNode(this, list[i]));
    }
    return found;
  }

  /** Sorts positions by type name in one counting pass, keeping pre-order within a type. */
  private indexTypes(): void {
    const { count, typeIds } = this.columns;
    const counts = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const name = this.kinds.typeName(typeIds[i]);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const filled = new Map<string, number>();
    for (const [name, total] of counts) {
      this.byType.set(name, new Int32Array(total));
      filled.set(name, 0);
    }
    for (let i = 0; i < count; i++) {
      const name = this.kinds.typeName(typeIds[i]);
      const at = filled.get(name)!;
      this.byType.get(name)![at] = i;
      filled.set(name, at + 1);
    }
  }
}

/**
 * One node: a view of the tree's columns at a pre-order position. Views are made on each
 * access and compare by `id`, as web-tree-sitter's wrappers do.
 */
export class SyntaxNode {
  constructor(
    readonly tree: SyntaxTree,
    /** Pre-order position in the tree. */
    readonly at: number,
  ) {}

  get id(): number {
    return this.tree.baseId + this.at;
  }

  get type(): string {
    return this.tree.kinds.typeName(this.tree.columns.typeIds[this.at]);
  }

  get startIndex(): number {
    return this.tree.columns.starts[this.at];
  }

  get endIndex(): number {
    return this.tree.columns.ends[this.at];
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  /** The field name of this node in its parent, such as `name` or `body`. */
  get field(): string | null {
    return this.tree.kinds.fieldName(this.tree.columns.fieldIds[this.at]);
  }

  get isNamed(): boolean {
    return (this.tree.columns.flags[this.at] & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.tree.columns.flags[this.at] & MISSING) !== 0;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  /** True when this node is, or contains, an ERROR or MISSING node. */
  get hasError(): boolean {
    return (this.tree.columns.flags[this.at] & HAS_ERROR) !== 0;
  }

  get parent(): SyntaxNode | null {
    const parent = this.tree.columns.parents[this.at];
    return parent < 0 ? null : new SyntaxNode(this.tree, parent);
  }

  get childCount(): number {
    return this.tree.columns.childCounts[this.at];
  }

  /** The children, in a new array on each read. */
  get children(): SyntaxNode[] {
    const count = this.childCount;
    const found: SyntaxNode[] = [];
    for (let i = 0; i < count; i++) found.push(this.childAt(i));
    return found;
  }

  /** The named children, in a new array on each read. */
  get namedChildren(): SyntaxNode[] {
    const count = this.childCount;
    const found: SyntaxNode[] = [];
    for (let i = 0; i < count; i++) {
      const child = this.childAt(i);
      if (child.isNamed) found.push(child);
    }
    return found;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return index >= 0 && index < this.childCount ? this.childAt(index) : null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.child(0);
  }

  get lastChild(): SyntaxNode | null {
    return this.child(this.childCount - 1);
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChild(0);
  }

  get lastNamedChild(): SyntaxNode | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    return this.sibling(1, false);
  }

  get previousSibling(): SyntaxNode | null {
    return this.sibling(-1, false);
  }

  get nextNamedSibling(): SyntaxNode | null {
    return this.sibling(1, true);
  }

  get previousNamedSibling(): SyntaxNode | null {
    return this.sibling(-1, true);
  }

  childForFieldName(field: string): SyntaxNode | null {
    return this.children.find((c) => c.field === field) ?? null;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === field);
  }

  /** Lists this node, if its type matches, and its descendants of the types in document order. */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const last = this.tree.columns.lastDescendants[this.at];
    if (typeof types === 'string') return this.tree.nodesOfType(types, this.at, last);
    if (types.length === 1) return this.tree.nodesOfType(types[0], this.at, last);
    const unique = [...new Set(types)];
    const found = unique.flatMap((type) => this.tree.nodesOfType(type, this.at, last));
    return found.sort((a, b) => a.at - b.at);
  }

  /** Returns the smallest node here that spans `[start, end]`, as tree-sitter's method does. */
  descendantForIndex(start: number, end = start): SyntaxNode {
    return descendantSpanning(this, start, end, false);
  }

  /** Returns the smallest named node here that spans `[start, end]`. */
  namedDescendantForIndex(start: number, end = start): SyntaxNode {
    return descendantSpanning(this, start, end, true);
  }

  /** @internal Returns the child at a position among this node's children. */
  childAt(position: number): SyntaxNode {
    const columns = this.tree.columns;
    return new SyntaxNode(this.tree, columns.children[columns.firstChildAt[this.at] + position]);
  }

  /** Steps through the parent's children from this node, by `step`, to the first match. */
  private sibling(step: 1 | -1, namedOnly: boolean): SyntaxNode | null {
    const parent = this.parent;
    if (!parent) return null;
    const count = parent.childCount;
    for (let i = this.tree.columns.positions[this.at] + step; i >= 0 && i < count; i += step) {
      const sibling = parent.childAt(i);
      if (!namedOnly || sibling.isNamed) return sibling;
    }
    return null;
  }
}

/**
 * Follows tree-sitter's descent: the first child that reaches `end`, ends after `start` and
 * starts at or before `start`, until none does.
 */
function descendantSpanning(
  root: SyntaxNode,
  start: number,
  end: number,
  namedOnly: boolean,
): SyntaxNode {
  let found = root;
  for (let node: SyntaxNode | undefined = root; node; ) {
    const next: SyntaxNode | undefined = node.children.find(
      (child) => child.endIndex >= end && child.endIndex > start,
    );
    if (!next || next.startIndex > start) break;
    node = next;
    if (!namedOnly || node.isNamed) found = node;
  }
  return found;
}

function firstAtLeast(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
