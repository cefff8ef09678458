import type { Language, Tree as ParsedTree, TreeCursor } from 'web-tree-sitter';

/**
 * A plain JavaScript copy of a tree-sitter syntax tree, made in one cursor walk right after a
 * parse.
 *
 * web-tree-sitter answers every question about a node (its type, parent, siblings, end) with a
 * call into WebAssembly and a new wrapper object. The rules ask millions of such questions per
 * workspace, and the wrappers they keep cost about 270 bytes each, since each carries its own
 * element store. On a generated app of 50,000 Dart lines the engine kept 415,000 of them, more
 * than two thirds of its heap (measured with a heap snapshot under Node 20). Here every node
 * is one object made once, its questions are property reads, and the WebAssembly tree can be
 * freed as soon as the copy exists.
 *
 * The class keeps the names and meaning of the web-tree-sitter `Node` members that the engine
 * uses, so code reads the same with either. `test/unit/syntax-tree.test.ts` checks the copy
 * against tree-sitter node by node.
 */

const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;

const NO_NODES: readonly SyntaxNode[] = Object.freeze([]);

/** Ids are unique across trees, as tree-sitter's are, so nodes of two files never compare equal. */
let nextId = 1;

export class SyntaxTree {
  readonly rootNode: SyntaxNode;
  /** Every node of each type, in document order (pre-order), for subtree searches by id range. */
  private readonly byType = new Map<string, SyntaxNode[]>();

  private constructor(
    /** The text that was parsed; node texts are slices of it. */
    readonly text: string,
    cursor: TreeCursor,
    language: Language,
  ) {
    this.rootNode = copyNodes(this, cursor, new NodeKinds(language));
  }

  /** Copies a parsed tree. The caller still owns `parsed` and may delete it afterwards. */
  static copy(parsed: ParsedTree, text: string): SyntaxTree {
    const cursor = parsed.walk();
    try {
      return new SyntaxTree(text, cursor, parsed.language);
    } finally {
      cursor.delete();
    }
  }

  /** @internal Records a node for `descendantsOfType`. Nodes arrive in pre-order. */
  register(node: SyntaxNode): void {
    const list = this.byType.get(node.type);
    if (list) list.push(node);
    else this.byType.set(node.type, [node]);
  }

  /** Nodes of one type with ids in `[first, last]`, in document order. */
  nodesOfType(type: string, first: number, last: number): SyntaxNode[] {
    const list = this.byType.get(type);
    if (!list) return [];
    const found: SyntaxNode[] = [];
    for (let i = firstWithIdAtLeast(list, first); i < list.length && list[i].id <= last; i++) {
      found.push(list[i]);
    }
    return found;
  }
}

export class SyntaxNode {
  children: readonly SyntaxNode[] = NO_NODES;
  /** Id of the last node of this subtree in pre-order, so the subtree is `[id, lastId]`. */
  lastId: number;
  flags: number;
  private named?: readonly SyntaxNode[];

  constructor(
    readonly tree: SyntaxTree,
    readonly parent: SyntaxNode | null,
    /** Position among the parent's children. */
    readonly index: number,
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    /** The field name of this node in its parent, such as `name` or `body`. */
    readonly field: string | null,
    flags: number,
  ) {
    this.id = nextId++;
    this.lastId = this.id;
    this.flags = flags;
  }

  readonly id: number;

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  /** True when this node is, or contains, an ERROR or MISSING node. */
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  get namedChildren(): readonly SyntaxNode[] {
    if (!this.named) this.named = namedOf(this.children);
    return this.named;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    return this.parent?.children[this.index + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    return this.parent?.children[this.index - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? NO_NODES;
    for (let i = this.index + 1; i < siblings.length; i++) {
      if (siblings[i].isNamed) return siblings[i];
    }
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? NO_NODES;
    for (let i = this.index - 1; i >= 0; i--) {
      if (siblings[i].isNamed) return siblings[i];
    }
    return null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    return this.children.find((c) => c.field === field) ?? null;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === field);
  }

  /** Lists this node, if its type matches, and its descendants of the types in document order. */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    if (typeof types === 'string') return this.tree.nodesOfType(types, this.id, this.lastId);
    if (types.length === 1) return this.tree.nodesOfType(types[0], this.id, this.lastId);
    const unique = [...new Set(types)];
    const found = unique.flatMap((type) => this.tree.nodesOfType(type, this.id, this.lastId));
    return found.sort((a, b) => a.id - b.id);
  }

  /** Returns the smallest node here that spans `[start, end]`, as tree-sitter's method does. */
  descendantForIndex(start: number, end = start): SyntaxNode {
    return descendantSpanning(this, start, end, false);
  }

  /** Returns the smallest named node here that spans `[start, end]`. */
  namedDescendantForIndex(start: number, end = start): SyntaxNode {
    return descendantSpanning(this, start, end, true);
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

/** Returns the named nodes of a list: the list itself when all are named, else an exact copy. */
function namedOf(nodes: readonly SyntaxNode[]): readonly SyntaxNode[] {
  const named: SyntaxNode[] = [];
  for (const node of nodes) if (node.isNamed) named.push(node);
  if (named.length === nodes.length) return nodes;
  return named.length === 0 ? NO_NODES : named.slice();
}

function firstWithIdAtLeast(nodes: SyntaxNode[], id: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodes[middle].id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Type names and whether each is named, read from the grammar once per type id. */
class NodeKinds {
  private readonly names = new Map<number, { type: string; named: boolean }>();

  constructor(private readonly language: Language) {}

  of(typeId: number): { type: string; named: boolean } {
    let kind = this.names.get(typeId);
    if (!kind) {
      const type = this.language.types[typeId];
      // tree-sitter's ERROR symbol has no entry in the type table.
      kind = type ? { type, named: this.language.nodeTypeIsNamed(typeId) } : ERROR_KIND;
      this.names.set(typeId, kind);
    }
    return kind;
  }
}

const ERROR_KIND = { type: 'ERROR', named: true };

/** Walks the cursor from the root in pre-order and builds the copy. */
function copyNodes(tree: SyntaxTree, cursor: TreeCursor, kinds: NodeKinds): SyntaxNode {
  const root = nodeAt(tree, cursor, kinds, null, 0);
  let current = root;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      current = adopt(current, nodeAt(tree, cursor, kinds, current, 0));
      continue;
    }
    for (;;) {
      close(current);
      const parent = current.parent;
      if (parent && cursor.gotoNextSibling()) {
        current = adopt(parent, nodeAt(tree, cursor, kinds, parent, current.index + 1));
        break;
      }
      if (!parent || !cursor.gotoParent()) return root;
      current = parent;
    }
  }
}

function nodeAt(
  tree: SyntaxTree,
  cursor: TreeCursor,
  kinds: NodeKinds,
  parent: SyntaxNode | null,
  index: number,
): SyntaxNode {
  const kind = kinds.of(cursor.nodeTypeId);
  const start = cursor.startIndex;
  const end = cursor.endIndex;
  // Only an empty node can be one the parser inserted, so the other nodes skip that call.
  const missing = start === end && cursor.nodeIsMissing;
  let flags = kind.named ? NAMED : 0;
  if (missing) flags |= MISSING;
  if (missing || kind.type === 'ERROR') flags |= HAS_ERROR;
  const field = parent ? cursor.currentFieldName : null;
  const node = new SyntaxNode(tree, parent, index, kind.type, start, end, field, flags);
  tree.register(node);
  return node;
}

function adopt(parent: SyntaxNode, child: SyntaxNode): SyntaxNode {
  if (parent.children === NO_NODES) parent.children = [child];
  else (parent.children as SyntaxNode[]).push(child);
  return child;
}

/**
 * Ends a subtree: its last id is the newest one, and an error inside marks the parent. The list
 * of children is copied at its exact length, because V8 gives an array grown by `push` 16 or
 * more spare slots. The exact copies took the heap of a 50,000-line app from 149 to 135 MB.
 */
function close(node: SyntaxNode): void {
  const children = node.children;
  if (children.length > 0) {
    node.children = children.slice();
    node.lastId = children[children.length - 1].lastId;
  }
  if (node.parent && node.flags & HAS_ERROR) node.parent.flags |= HAS_ERROR;
}
