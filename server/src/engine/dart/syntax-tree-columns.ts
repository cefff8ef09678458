import type { Language, Tree as ParsedTree, TreeCursor } from 'web-tree-sitter';

export const NAMED = 1;
export const MISSING = 2;
export const HAS_ERROR = 4;

/** tree-sitter's symbol for ERROR nodes, which has no entry in the type table. */
const ERROR_SYMBOL = 65535;

/**
 * The nodes of one syntax tree as columns of typed arrays, indexed by pre-order position. At
 * about 37 bytes a node, they take about a quarter of what one JavaScript object per node took
 * with its child lists (about 170 bytes).
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
const shorts = (size: number) => new Uint16Array(size);

/**
 * Copies a parsed tree in one cursor walk. Each child's id waits on a stack until its parent
 * ends, and then the parent's children move to `children` side by side.
 */
export function readColumns(parsed: ParsedTree, kinds: NodeKinds): Columns {
  const cursor = parsed.walk();
  try {
    const writer = new ColumnWriter(cursor, kinds, Math.max(64, parsed.rootNode.endIndex >> 2));
    let current = writer.enter(-1, 0);
    for (;;) {
      if (cursor.gotoFirstChild()) {
        current = writer.enter(current, 0);
        continue;
      }
      for (;;) {
        writer.close(current);
        const parent = writer.parents.get(current);
        if (parent >= 0 && cursor.gotoNextSibling()) {
          current = writer.enter(parent, writer.positions.get(current) + 1);
          break;
        }
        if (parent < 0 || !cursor.gotoParent()) return writer.finish();
        current = parent;
      }
    }
  } finally {
    cursor.delete();
  }
}

class ColumnWriter {
  private readonly typeIds: Growing<Uint16Array>;
  private readonly starts: Growing<Int32Array>;
  private readonly ends: Growing<Int32Array>;
  readonly parents: Growing<Int32Array>;
  readonly positions: Growing<Int32Array>;
  private readonly firstChildAt: Growing<Int32Array>;
  private readonly childCounts: Growing<Int32Array>;
  private readonly lastDescendants: Growing<Int32Array>;
  private readonly fieldIds: Growing<Uint16Array>;
  private readonly flags: Growing<Uint8Array>;
  private readonly children: Growing<Int32Array>;
  private readonly waiting = new Growing(ints(256), ints);
  /** Offset in `waiting` of the first child of each open node, by depth. */
  private readonly openedAt: number[] = [];

  constructor(
    private readonly cursor: TreeCursor,
    private readonly kinds: NodeKinds,
    estimate: number,
  ) {
    this.typeIds = new Growing(shorts(estimate), shorts);
    this.starts = new Growing(ints(estimate), ints);
    this.ends = new Growing(ints(estimate), ints);
    this.parents = new Growing(ints(estimate), ints);
    this.positions = new Growing(ints(estimate), ints);
    this.firstChildAt = new Growing(ints(estimate), ints);
    this.childCounts = new Growing(ints(estimate), ints);
    this.lastDescendants = new Growing(ints(estimate), ints);
    this.fieldIds = new Growing(shorts(estimate), shorts);
    this.flags = new Growing(new Uint8Array(estimate), (n) => new Uint8Array(n));
    this.children = new Growing(ints(estimate), ints);
  }

  /** Records the cursor's node as a child of `parent` and returns its pre-order position. */
  enter(parent: number, position: number): number {
    const cursor = this.cursor;
    const typeId = cursor.nodeTypeId;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // Only an empty node can be one the parser inserted, so the others skip that call.
    const missing = start === end && cursor.nodeIsMissing;
    let flag = this.kinds.isNamed(typeId) ? NAMED : 0;
    if (missing) flag |= MISSING;
    if (missing || typeId === ERROR_SYMBOL) flag |= HAS_ERROR;
    const node = this.typeIds.push(typeId);
    this.starts.push(start);
    this.ends.push(end);
    this.parents.push(parent);
    this.positions.push(position);
    this.firstChildAt.push(0);
    this.childCounts.push(0);
    this.lastDescendants.push(node);
    this.fieldIds.push(parent < 0 ? 0 : cursor.currentFieldId);
    this.flags.push(flag);
    if (parent >= 0) this.waiting.push(node);
    this.openedAt.push(this.waiting.length);
    return node;
  }

  /** Ends a node's subtree: stores its children and passes an error inside to the parent. */
  close(node: number): void {
    const from = this.openedAt.pop()!;
    const waiting = this.waiting;
    this.firstChildAt.set(node, this.children.length);
    this.childCounts.set(node, waiting.length - from);
    for (let i = from; i < waiting.length; i++) this.children.push(waiting.get(i));
    waiting.length = from;
    this.lastDescendants.set(node, this.typeIds.length - 1);
    const parent = this.parents.get(node);
    if (parent >= 0 && this.flags.get(node) & HAS_ERROR) {
      this.flags.set(parent, this.flags.get(parent) | HAS_ERROR);
    }
  }

  finish(): Columns {
    return {
      count: this.typeIds.length,
      typeIds: this.typeIds.done(),
      starts: this.starts.done(),
      ends: this.ends.done(),
      parents: this.parents.done(),
      positions: this.positions.done(),
      firstChildAt: this.firstChildAt.done(),
      childCounts: this.childCounts.done(),
      children: this.children.done(),
      lastDescendants: this.lastDescendants.done(),
      fieldIds: this.fieldIds.done(),
      flags: this.flags.done(),
    };
  }
}
