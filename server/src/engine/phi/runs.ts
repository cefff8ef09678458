import { namedChildren, type SyntaxNode } from '../dart/syntax';
import { visitTypes } from '../dart/traverse';
import { MUTATORS } from './knowledge';

/** Collects the primary `node` and the selectors and cascade sections after it. */
export function runFrom(node: SyntaxNode): SyntaxNode[] {
  const run = [node];
  for (let next = node.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type !== 'selector' && next.type !== 'cascade_section') break;
    run.push(next);
  }
  return run;
}

/** Returns the value nodes of an argument, named argument or map entry, after any label or key. */
export function valueRun(container: SyntaxNode): SyntaxNode[] {
  const parts = namedChildren(container).filter((c) => c.type !== 'comment');
  if (container.type === 'named_argument') return parts.filter((c) => c.type !== 'label');
  if (container.type !== 'pair') return parts;
  const colon = container.children.find((c) => c?.type === ':');
  return colon ? parts.filter((c) => c.startIndex >= colon.endIndex) : parts.slice(1);
}

/** Operand runs of a node's named children: each primary with the selectors that follow it. */
export function runsOf(node: SyntaxNode): SyntaxNode[][] {
  const runs: SyntaxNode[][] = [];
  for (const child of namedChildren(node)) {
    if (child.type === 'comment') continue;
    if ((child.type === 'selector' || child.type === 'cascade_section') && runs.length > 0) {
      runs[runs.length - 1].push(child);
    } else {
      runs.push([child]);
    }
  }
  return runs;
}

export function operandRuns(node: SyntaxNode): SyntaxNode[][] {
  return runsOf(node).filter(
    (run) => run[0].type !== 'type_cast' && run[0].type !== 'type_arguments',
  );
}

export function collectionRuns(node: SyntaxNode): SyntaxNode[][] {
  const runs: SyntaxNode[][] = [];
  for (const run of runsOf(node)) {
    if (run[0].type === 'type_arguments') continue;
    if (run[0].type === 'pair') runs.push(valueRun(run[0]));
    else runs.push(run);
  }
  return runs;
}

export function assignedRun(node: SyntaxNode): SyntaxNode[] {
  return namedChildren(node).filter((c) => c.type !== 'assignable_expression');
}

const ASSIGNING_TYPES = new Set([
  'assignment_expression',
  'field_initializer',
  'expression_statement',
]);

/** A write to a name somewhere in the file, found by one walk and filtered by scope later. */
export interface Assignment {
  /** The assigned name: `x` for `x = v`, `this.x = v`, `x[k] = v`, `x.add(v)` and `: x = v`. */
  name: string;
  /** Whether the target was written with `this.` or as a constructor field initializer. */
  member: boolean;
  run: SyntaxNode[];
  startIndex: number;
}

/**
 * Indexes every assignment, field initializer and mutation call (`x.add(v)`, `buffer.write(v)`)
 * of the file by the assigned name.
 */
export function indexAssignments(root: SyntaxNode): Map<string, Assignment[]> {
  const index = new Map<string, Assignment[]>();
  const add = (entry: Assignment) => {
    const list = index.get(entry.name) ?? [];
    list.push(entry);
    index.set(entry.name, list);
  };
  visitTypes(root, ASSIGNING_TYPES, (node) => {
    if (node.type === 'assignment_expression') {
      const target = namedChildren(node).find((c) => c.type === 'assignable_expression');
      const name = target ? assignedName(target) : undefined;
      if (name) add({ ...name, run: assignedRun(node), startIndex: node.startIndex });
    } else if (node.type === 'field_initializer') {
      const parts = namedChildren(node);
      if (parts[0])
        add({
          name: parts[0].text,
          member: true,
          run: parts.slice(1),
          startIndex: node.startIndex,
        });
    } else {
      for (const run of mutations(node))
        add({ ...run, member: false, startIndex: node.startIndex });
    }
  });
  return index;
}

/** Value runs assigned to `name` inside `scope`; `members` also accepts `this.name = v`. */
export function assignmentsIn(
  index: Map<string, Assignment[]>,
  scope: SyntaxNode,
  name: string,
  members: boolean,
): SyntaxNode[][] {
  const entries = index.get(name) ?? [];
  return entries
    .filter(
      (e) =>
        (members || !e.member) && e.startIndex >= scope.startIndex && e.startIndex < scope.endIndex,
    )
    .map((e) => e.run);
}

function assignedName(target: SyntaxNode): { name: string; member: boolean } | undefined {
  const parts = namedChildren(target);
  const first = parts[0];
  if (!first) return undefined;
  if (first.type === 'this') {
    const id = parts[1]?.descendantsOfType('identifier')[0];
    return id ? { name: id.text, member: true } : undefined;
  }
  if (first.type !== 'identifier') return undefined;
  const rest = parts.slice(1);
  if (rest.length === 0) return { name: first.text, member: false };
  const indexed = rest.length === 1 && rest[0].descendantsOfType('index_selector').length > 0;
  return indexed ? { name: first.text, member: false } : undefined;
}

function mutations(statement: SyntaxNode): Array<{ name: string; run: SyntaxNode[] }> {
  const parts = namedChildren(statement);
  if (parts[0]?.type !== 'identifier') return [];
  const method = parts[1]?.descendantsOfType('identifier')[0]?.text;
  if (!method || !MUTATORS.has(method)) return [];
  const args = parts[2]?.descendantsOfType('arguments')[0];
  return args
    ? namedChildren(args).map((arg) => ({ name: parts[0].text, run: valueRun(arg) }))
    : [];
}
