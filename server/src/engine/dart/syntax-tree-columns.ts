import type { Language, Tree as ParsedTree, TreeCursor } from 'web-tree-sitter';

export const NAMED = 1;
export const MISSING = 2;
export const HAS_ERROR = 4;

/** tree-sitter's symbol for ERROR nodes, which has no entry in the type table. */
const ERROR_SYMBOL = 65535;

/**
 * The nodes of one syntax tree as columns of typed arrays, indexed by pre-order position. At
 * about 37 bytes a node they take about a quarter of the memory of a JavaScript object a node.
 */
export interface Columns {
  count: number;
  typeIds: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  parents: Int32Array;
  /** Position of each node among its parent's children. */
  positions: Int32Array;
  /** Offset of each node's first child in `children`, and the number of children. */
  firstChildAt: Int32Array;
  childCounts: Int32Array;
  /** Children of every node, each node's children side by side. */
  children: Int32Array;
  /** Pre-order position of the last node of each subtree. */
  lastDescendants: Int32Array;
  fieldIds: Uint16Array;
  flags: Uint8Array;
}

/** Type names and named flags of a grammar, by type id, read once per language. */
export class NodeKinds {
  private static readonly byLanguage = new WeakMap<Language, NodeKinds>();
  private readonly names: Array<string | undefined> = [];
  private readonly named: boolean[] = [];

  private constructor(readonly language: Language) {}

  static of(language: Language): NodeKinds {
    let kinds = NodeKinds.byLanguage.get(language);
    if (!kinds) {
      kinds = new NodeKinds(language);
      NodeKinds.byLanguage.set(language, kinds);
    }
    return kinds;
  }

  typeName(typeId: number): string {
    let name = this.names[typeId];
    if (name === undefined) {
      name = typeId === ERROR_SYMBOL ? 'ERROR' : (this.language.types[typeId] ?? 'ERROR');
      this.names[typeId] = name;
      this.named[typeId] = name === 'ERROR' || this.language.nodeTypeIsNamed(typeId);
    }
    return name;
  }

  isNamed(typeId: number): boolean {
    this.typeName(typeId);
    return this.named[typeId];
  }

  fieldName(fieldId: number): string | null {
    return fieldId === 0 ? null : (this.language.fields[fieldId] ?? null);
  }
}

/** A typed array that doubles when full. `done` returns a copy of the used length. */
class Growing<T extends Int32Array | Uint16Array | Uint8Array> {
  length = 0;

  constructor(
    private items: T,
    private readonly make: (size: number) => T,
  ) {}

  push(value: number): number {
    if (this.length === this.items.length) {
      const bigger = this.make(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length] = value;
    return this.length++;
  }

  get(index: number): number {
    return this.items[index];
  }

  set(index: number, value: number): void {
    this.items[index] = value;
  }

  done(): T {
    return this.items.slice(0, this.length) as T;
  }
}

const ints = (size: number) => new Int32Array(size);

/**
 * Copies a parsed tree in one cursor walk. Each child's id waits on a stack until its parent
 * ends, and then the parent's children move to `children` side by side.
 */
export function readColumns(parsed: ParsedTree, kinds: NodeKinds): Columns {
  const cursor = parsed.walk();
  try {
    return walkCursor(cursor, kinds, Math.max(64, parsed.rootNode.endIndex >> 2));
  } finally {
    cursor.delete();
  }
}

function walkCursor(cursor: TreeCursor, kinds: NodeKinds, estimate: number): Columns {
  const typeIds = new Growing(new Uint16Array(estimate), (n) => new Uint16Array(n));
  const starts = new Growing(ints(estimate), ints);
  const ends = new Growing(ints(estimate), ints);
  const parents = new Growing(ints(estimate), ints);
  const positions = new Growing(ints(estimate), ints);
  const firstChildAt = new Growing(ints(estimate), ints);
  const childCounts = new Growing(ints(estimate), ints);
  const lastDescendants = new Growing(ints(estimate), ints);
  const fieldIds = new Growing(new Uint16Array(estimate), (n) => new Uint16Array(n));
  const flags = new Growing(new Uint8Array(estimate), (n) => new Uint8Array(n));
  const children = new Growing(ints(estimate), ints);
  const waiting = new Growing(ints(256), ints);
  /** Offset in `waiting` of the first child of each open node, by depth. */
  const openedAt: number[] = [];

  const enter = (parent: number, position: number): number => {
    const typeId = cursor.nodeTypeId;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // Only an empty node can be one the parser inserted, so the others skip that call.
    const missing = start === end && cursor.nodeIsMissing;
    let flag = kinds.isNamed(typeId) ? NAMED : 0;
    if (missing) flag |= MISSING;
    if (missing || typeId === ERROR_SYMBOL) flag |= HAS_ERROR;
    const node = typeIds.push(typeId);
    starts.push(start);
    ends.push(end);
    parents.push(parent);
    positions.push(position);
    firstChildAt.push(0);
    childCounts.push(0);
    lastDescendants.push(node);
    fieldIds.push(parent < 0 ? 0 : cursor.currentFieldId);
    flags.push(flag);
    if (parent >= 0) waiting.push(node);
    openedAt.push(waiting.length);
    return node;
  };

  const close = (node: number): void => {
    const from = openedAt.pop()!;
    const count = waiting.length - from;
    firstChildAt.set(node, children.length);
    childCounts.set(node, count);
    for (let i = from; i < waiting.length; i++) children.push(waiting.get(i));
    waiting.length = from;
    lastDescendants.set(node, typeIds.length - 1);
    const parent = parents.get(node);
    if (parent >= 0 && flags.get(node) & HAS_ERROR) flags.set(parent, flags.get(parent) | HAS_ERROR);
  };

  let current = enter(-1, 0);
  for (;;) {
    if (cursor.gotoFirstChild()) {
      current = enter(current, 0);
      continue;
    }
    for (;;) {
      close(current);
      const parent = parents.get(current);
      if (parent >= 0 && cursor.gotoNextSibling()) {
        current = enter(parent, positions.get(current) + 1);
        break;
      }
      if (parent < 0 || !cursor.gotoParent()) {
        return {
          count: typeIds.length,
          typeIds: typeIds.done(),
          starts: starts.done(),
          ends: ends.done(),
          parents: parents.done(),
          positions: positions.done(),
          firstChildAt: firstChildAt.done(),
          childCounts: childCounts.done(),
          children: children.done(),
          lastDescendants: lastDescendants.done(),
          fieldIds: fieldIds.done(),
          flags: flags.done(),
        };
      }
      current = parent;
    }
  }
}
