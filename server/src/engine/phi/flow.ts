import type { EngineConfig } from '../config';
import type { DartFile } from '../dart/model';
import { readStringLiteral } from '../dart/strings';
import { namedChildren, type CallSite, type SyntaxNode } from '../dart/syntax';
import { phiClassMatch } from './classes';
import { classifyName, type PhiKind, type PhiMatch } from './classifier';
import { evaluateChain, type ChainValue } from './chain';
import { MUTATORS } from './knowledge';
import { fastCallSites, visitTypes } from '../dart/traverse';
import { FileScope, type Binding, type FieldInfo, type ParamInfo, type TypeRef } from './scope';

const callSiteMemo = new WeakMap<DartFile, CallSite[]>();

/**
 * The same list as `callSites(dart.root)`, computed once per parsed file and faster; rules share
 * the list, so they must not change it.
 */
export function dartCallSites(dart: DartFile): CallSite[] {
  let calls = callSiteMemo.get(dart);
  if (!calls) {
    calls = fastCallSites(dart.root);
    callSiteMemo.set(dart, calls);
  }
  return calls;
}

/** A stretch of the file, as UTF-16 offsets. */
export interface Span {
  startIndex: number;
  endIndex: number;
}

/** One place on the way from a PHI source to the expression asked about. */
export interface PhiStep {
  startIndex: number;
  endIndex: number;
  /** One short sentence for related information, naming identifiers only, never values. */
  label: string;
}

/** Why a value is PHI: what kind, the vocabulary term or class, and the path from the source. */
export interface PhiTrace {
  kind: PhiKind;
  term: string;
  /** steps[0] is the source; the last step is nearest to the expression asked about. */
  steps: PhiStep[];
}

const MAX_STEPS = 8;

/** Methods whose callback receives the receiver's elements or, for `then`, its result. */
const ELEMENT_CALLBACKS = new Set([
  'forEach',
  'map',
  'where',
  'firstWhere',
  'lastWhere',
  'singleWhere',
  'expand',
  'fold',
  'reduce',
  'then',
  'listen',
  'sort',
  'any',
  'every',
  'removeWhere',
  'retainWhere',
  'takeWhile',
  'skipWhile',
]);

/** Parameter names that hold a whole record rather than one field of it. */
const PAYLOAD_NAMES = new Set(['data', 'body', 'payload', 'json', 'map', 'record', 'values', 'fields', 'details']);

/** Composite expressions whose value is built from their operands. */
const PASS_THROUGH = new Set([
  'parenthesized_expression',
  'conditional_expression',
  'if_null_expression',
  'await_expression',
  'type_cast_expression',
  'spread_element',
  'if_element',
  'for_element',
  'throw_expression',
]);

/** Operators whose result is a boolean or a number: a fact about PHI, not PHI. */
const FACT_EXPRESSIONS = new Set([
  'equality_expression',
  'relational_expression',
  'logical_and_expression',
  'logical_or_expression',
  'type_test_expression',
  'multiplicative_expression',
  'bitwise_and_expression',
  'bitwise_or_expression',
  'bitwise_xor_expression',
  'shift_expression',
  'function_expression',
  'lambda_expression',
]);

/**
 * The intra-file PHI data flow of one Dart file. Values flow through local variables,
 * parameters (from callers in the same file), fields (initialisers, constructors,
 * assignments), return values, interpolation, `+`, collection literals, cascades and
 * serialisation. Results are memoised per declaration, so asking about many expressions of one
 * file costs little more than one pass.
 */
export class PhiFlow {
  private fileScope?: FileScope;
  private readonly bindingMemo = new Map<number, PhiTrace | null>();
  private readonly active = new Set<number>();
  private calls?: Map<string, CallSite[]>;
  private assignmentIndex?: Map<string, Assignment[]>;

  constructor(
    readonly dart: DartFile,
    readonly config: EngineConfig,
  ) {}

  /** Declarations of the file, indexed on first use so that files without sinks stay cheap. */
  get scope(): FileScope {
    this.fileScope ??= new FileScope(this.dart);
    return this.fileScope;
  }

  /** The PHI trace of the expression made of `nodes` (a primary and its selectors), if any. */
  ofRun(nodes: SyntaxNode[]): PhiTrace | undefined {
    return this.valueOfRun(nodes).trace;
  }

  /** The PHI trace of a single expression node (a string literal, `a + b`, a list...). */
  ofNode(node: SyntaxNode): PhiTrace | undefined {
    if (node.type === 'argument' || node.type === 'named_argument' || node.type === 'pair') {
      return this.ofRun(valueRun(node));
    }
    if (node.nextNamedSibling?.type === 'selector' || node.nextNamedSibling?.type === 'cascade_section') {
      return this.ofRun(runFrom(node));
    }
    return this.valueOfRun([node]).trace;
  }

  /** Whether instances of the class named `name` are PHI. */
  phiClass(name: string): PhiMatch | undefined {
    return phiClassMatch(name, this.scope, this.config);
  }

  /** Value and static type of a run; the chain module walks selectors through `this`. */
  valueOfRun(nodes: SyntaxNode[]): ChainValue {
    const base = nodes.filter((n) => n.type !== 'cascade_section');
    const value = base.length === 1 && base[0].type !== 'identifier'
      ? { trace: this.ofSingle(base[0]), type: undefined }
      : evaluateChain(this, base);
    if (value.trace) return value;
    const cascaded = this.ofCascades(nodes.filter((n) => n.type === 'cascade_section'));
    return cascaded ? { ...value, trace: cascaded } : value;
  }

  private ofSingle(node: SyntaxNode): PhiTrace | undefined {
    if (node.type === 'string_literal') return this.ofString(node);
    if (node.type === 'additive_expression') {
      return this.union(node, 'Concatenated into a string.', runsOf(node));
    }
    if (node.type === 'list_literal' || node.type === 'set_or_map_literal') {
      return this.union(node, 'Put into a collection literal.', collectionRuns(node));
    }
    if (node.type === 'unary_expression') {
      const inner = namedChildren(node).find((c) => c.type === 'await_expression');
      return inner ? this.ofSingle(inner) : undefined;
    }
    if (node.type === 'assignment_expression') return this.ofRun(assignedRun(node));
    if (node.type === 'conditional_expression') return this.union(node, undefined, runsOf(node).slice(1));
    if (PASS_THROUGH.has(node.type)) return this.union(node, undefined, operandRuns(node));
    if (FACT_EXPRESSIONS.has(node.type)) return undefined;
    if (node.type === 'identifier' || node.type === 'identifier_dollar_escaped') {
      return evaluateChain(this, [node]).trace;
    }
    return undefined;
  }

  private ofString(node: SyntaxNode): PhiTrace | undefined {
    const substitutions = namedChildren(node).filter((c) => c.type === 'template_substitution');
    return this.union(node, 'Interpolated into a string.', substitutions.map(namedChildren));
  }

  private ofCascades(sections: SyntaxNode[]): PhiTrace | undefined {
    for (const section of sections) {
      for (const args of section.descendantsOfType('arguments')) {
        if (!args || args.parent?.parent?.id !== section.id) continue;
        for (const argument of namedChildren(args)) {
          const trace = this.ofRun(valueRun(argument));
          if (trace) return extend(trace, section, 'Written into the object through a cascade.');
        }
      }
    }
    return undefined;
  }

  /** The first PHI operand among `runs`, with a step at `node` when `label` is given. */
  union(node: SyntaxNode, label: string | undefined, runs: SyntaxNode[][]): PhiTrace | undefined {
    for (const run of runs) {
      if (run.length === 0) continue;
      const trace = this.ofRun(run);
      if (trace) return label ? extend(trace, node, label) : trace;
    }
    return undefined;
  }

  /** The trace of whatever `binding` holds, memoised per declaration. */
  ofBinding(binding: Binding): PhiTrace | undefined {
    const key = bindingKey(binding);
    if (key === undefined) return undefined;
    const cached = this.bindingMemo.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (this.active.has(key)) return undefined;
    this.active.add(key);
    try {
      const trace = this.computeBinding(binding);
      this.bindingMemo.set(key, trace ?? null);
      return trace;
    } finally {
      this.active.delete(key);
    }
  }

  private computeBinding(binding: Binding): PhiTrace | undefined {
    switch (binding.kind) {
      case 'variable':
        return this.ofVariable(binding.field, binding.scope);
      case 'field':
        return this.ofField(binding.field);
      case 'param':
        return this.ofParam(binding.param);
      case 'loop': {
        const trace = this.ofRun(binding.iterable);
        return trace ? extend(trace, binding.nameNode, `Element bound to \`${binding.nameNode.text}\`.`) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A source named by the vocabulary or typed as a PHI class, before any data flow. */
  declaredSource(name: string, nameNode: SyntaxNode, type: TypeRef | undefined): PhiTrace | undefined {
    if (type?.name === 'bool') return undefined;
    const byName = classifyName(name, this.config);
    if (byName) return sourceTrace(byName, nameNode, nameLabel(name, byName));
    for (const typeName of type ? [type.name, ...type.args] : []) {
      const cls = this.phiClass(typeName);
      if (cls) return sourceTrace(cls, nameNode, `Source: \`${name}\` has PHI type \`${typeName}\`.`);
    }
    return undefined;
  }

  private ofVariable(field: FieldInfo, scope: SyntaxNode): PhiTrace | undefined {
    const declared = this.declaredSource(field.name, field.nameNode, field.type);
    if (declared || field.type?.name === 'bool') return declared;
    const label = `Assigned to \`${field.name}\`.`;
    const initial = field.initializer.length > 0 ? this.ofRun(field.initializer) : undefined;
    if (initial) return extend(initial, field.nameNode, label);
    for (const run of assignmentsIn(this.assignments(), scope, field.name, false)) {
      const trace = this.ofRun(run);
      if (trace) return extend(trace, run[0], label);
    }
    return undefined;
  }

  private ofField(field: FieldInfo): PhiTrace | undefined {
    const declared = this.declaredSource(field.name, field.nameNode, field.type);
    if (declared || field.type?.name === 'bool') return declared;
    const owner = field.owner;
    const cls = owner ? this.phiClass(owner.name) : undefined;
    if (cls) return sourceTrace(cls, field.nameNode, `Source: \`${field.name}\` is a field of PHI class \`${cls.term}\`.`);
    const label = `Stored in field \`${field.name}\`.`;
    const initial = field.initializer.length > 0 ? this.ofRun(field.initializer) : undefined;
    if (initial) return extend(initial, field.nameNode, label);
    if (!owner) return undefined;
    for (const ctor of owner.constructors) {
      const param = ctor.params.find((p) => p.initializesField && p.name === field.name);
      const trace = param ? this.ofBinding({ kind: 'param', param }) : undefined;
      if (trace) return extend(trace, field.nameNode, label);
    }
    for (const run of assignmentsIn(this.assignments(), owner.node, field.name, true)) {
      const trace = this.ofRun(run);
      if (trace) return extend(trace, field.nameNode, label);
    }
    return undefined;
  }

  private ofParam(param: ParamInfo): PhiTrace | undefined {
    const declared = this.declaredSource(param.name, param.nameNode, param.type);
    if (declared || param.type?.name === 'bool') return declared;
    const label = `Passed as parameter \`${param.name}\`.`;
    if (param.fn.kind === 'closure') {
      const trace = this.ofClosureReceiver(param);
      return trace ? extend(trace, param.nameNode, `Element bound to \`${param.name}\`.`) : undefined;
    }
    const payload = this.payloadSource(param);
    if (payload) return payload;
    for (const call of this.callersOf(param)) {
      const argument = param.named
        ? call.args.named.get(param.name)?.expr
        : call.args.positional[param.position];
      const trace = argument ? this.ofRun(argument.nodes) : undefined;
      if (trace) return extend(trace, param.nameNode, label);
    }
    return undefined;
  }

  /**
   * The generic payload parameter of a function named for PHI: `data` in
   * `updatePatient(int id, Map data)` is the patient's record, whoever calls it.
   */
  private payloadSource(param: ParamInfo): PhiTrace | undefined {
    if (!PAYLOAD_NAMES.has(param.name) || !param.fn.name) return undefined;
    const match = classifyName(param.fn.name, this.config);
    if (match?.kind !== 'phi') return undefined;
    const label = `Source: \`${param.name}\` is the payload of ${param.fn.name}().`;
    return sourceTrace(match, param.nameNode, label);
  }

  /** `patients.forEach((p) => ...)`: the closure's parameter is an element of the receiver. */
  private ofClosureReceiver(param: ParamInfo): PhiTrace | undefined {
    const closure = param.fn.signature;
    const argument = closure.parent;
    const argsNode = argument?.parent;
    if (argument?.type !== 'argument' || argsNode?.type !== 'arguments') return undefined;
    const call = this.allCalls().find((c) => c.args.node.id === argsNode.id);
    const method = call?.callee[call.callee.length - 1];
    if (!call || !method || !ELEMENT_CALLBACKS.has(method)) return undefined;
    if (call.receiver.length === 0 && call.callee.length < 2) return undefined;
    const start = call.receiver[0]?.node ?? call.nameNode;
    const run = runFrom(start).filter((n) => n.endIndex <= call.nameNode.startIndex);
    return run.length > 0 ? this.ofRun(run) : undefined;
  }

  private callersOf(param: ParamInfo): CallSite[] {
    const fn = param.fn;
    const name = fn.kind === 'constructor' ? fn.name.split('.').pop()! : fn.name;
    const candidates = this.callsNamed(name);
    return candidates.filter((call) => {
      if (fn.kind === 'constructor') {
        const expected = fn.name.split('.');
        return call.callee.slice(-expected.length).join('.') === fn.name;
      }
      if (call.callee.length === 1) {
        const binding = this.scope.resolve(call.nameNode, name);
        return binding?.kind === 'function' && binding.fn === fn;
      }
      return fn.kind === 'method';
    });
  }

  private assignments(): Map<string, Assignment[]> {
    this.assignmentIndex ??= indexAssignments(this.dart.root);
    return this.assignmentIndex;
  }

  /** Calls in this file whose called name is `name`. */
  callsNamed(name: string): CallSite[] {
    if (!this.calls) {
      this.calls = new Map();
      for (const call of dartCallSites(this.dart)) {
        const last = call.callee[call.callee.length - 1];
        const list = this.calls.get(last) ?? [];
        list.push(call);
        this.calls.set(last, list);
      }
    }
    return this.calls.get(name) ?? [];
  }

  allCalls(): CallSite[] {
    this.callsNamed('');
    return [...this.calls!.values()].flat();
  }

  /** Constant string value of a literal or of a `const` declared in this file. */
  constantString(nodes: SyntaxNode[]): string | undefined {
    if (nodes.length !== 1) return undefined;
    const node = nodes[0];
    if (node.type === 'string_literal') return readStringLiteral(node).constant;
    if (node.type !== 'identifier') return undefined;
    const binding = this.scope.resolve(node, node.text);
    const field = binding?.kind === 'variable' || binding?.kind === 'field' ? binding.field : undefined;
    return field ? this.constantString(field.initializer) : undefined;
  }
}

function bindingKey(binding: Binding): number | undefined {
  switch (binding.kind) {
    case 'variable':
    case 'field':
      return binding.field.nameNode.id;
    case 'param':
      return binding.param.nameNode.id;
    case 'loop':
      return binding.nameNode.id;
    default:
      return undefined;
  }
}

export function sourceTrace(match: PhiMatch, node: Span, label: string): PhiTrace {
  return {
    kind: match.kind,
    term: match.term,
    steps: [{ startIndex: node.startIndex, endIndex: node.endIndex, label }],
  };
}

export function nameLabel(name: string, match: PhiMatch): string {
  const what = match.kind === 'phi' ? 'PHI' : 'a secret';
  return `Source: \`${name}\` is ${what} by its name ('${match.term}').`;
}

/** Adds a step, dropping it when it repeats the previous place or the path is long enough. */
export function extend(trace: PhiTrace, node: Span, label: string): PhiTrace {
  const last = trace.steps[trace.steps.length - 1];
  if (last && last.startIndex === node.startIndex && last.endIndex === node.endIndex) return trace;
  if (trace.steps.length >= MAX_STEPS) return trace;
  const step = { startIndex: node.startIndex, endIndex: node.endIndex, label };
  return { ...trace, steps: [...trace.steps, step] };
}

/** The primary `node` and the selectors and cascade sections after it. */
export function runFrom(node: SyntaxNode): SyntaxNode[] {
  const run = [node];
  for (let next = node.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type !== 'selector' && next.type !== 'cascade_section') break;
    run.push(next);
  }
  return run;
}

/** The value of an argument, named argument or map entry: everything after the label or key. */
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

function operandRuns(node: SyntaxNode): SyntaxNode[][] {
  return runsOf(node).filter((run) => run[0].type !== 'type_cast' && run[0].type !== 'type_arguments');
}

function collectionRuns(node: SyntaxNode): SyntaxNode[][] {
  const runs: SyntaxNode[][] = [];
  for (const run of runsOf(node)) {
    if (run[0].type === 'type_arguments') continue;
    if (run[0].type === 'pair') runs.push(valueRun(run[0]));
    else runs.push(run);
  }
  return runs;
}

function assignedRun(node: SyntaxNode): SyntaxNode[] {
  return namedChildren(node).filter((c) => c.type !== 'assignable_expression');
}

const ASSIGNING_TYPES = new Set(['assignment_expression', 'field_initializer', 'expression_statement']);

/** A write to a name somewhere in the file, found by one walk and filtered by scope later. */
interface Assignment {
  /** The assigned name: `x` for `x = v`, `this.x = v`, `x[k] = v`, `x.add(v)` and `: x = v`. */
  name: string;
  /** Whether the target was written with `this.` or as a constructor field initializer. */
  member: boolean;
  run: SyntaxNode[];
  startIndex: number;
}

/**
 * Every assignment, field initializer and mutation call (`x.add(v)`, `buffer.write(v)`) in the
 * file, grouped by the assigned name.
 */
function indexAssignments(root: SyntaxNode): Map<string, Assignment[]> {
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
      if (parts[0]) add({ name: parts[0].text, member: true, run: parts.slice(1), startIndex: node.startIndex });
    } else {
      for (const run of mutations(node)) add({ ...run, member: false, startIndex: node.startIndex });
    }
  });
  return index;
}

/** Value runs assigned to `name` inside `scope`; `members` also accepts `this.name = v`. */
function assignmentsIn(
  index: Map<string, Assignment[]>,
  scope: SyntaxNode,
  name: string,
  members: boolean,
): SyntaxNode[][] {
  const entries = index.get(name) ?? [];
  return entries
    .filter((e) => (members || !e.member) && e.startIndex >= scope.startIndex && e.startIndex < scope.endIndex)
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
  return args ? namedChildren(args).map((arg) => ({ name: parts[0].text, run: valueRun(arg) })) : [];
}
