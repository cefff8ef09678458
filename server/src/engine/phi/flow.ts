import type { EngineConfig } from '../config';
import type { DartFile } from '../dart/model';
import { readStringLiteral } from '../dart/strings';
import { callSites, namedChildren, walk, type CallSite, type SyntaxNode } from '../dart/syntax';
import { phiClassMatch } from './classes';
import { classifyName, type PhiKind, type PhiMatch } from './classifier';
import { evaluateChain, type ChainValue } from './chain';
import { MUTATORS } from './knowledge';
import { FileScope, type Binding, type FieldInfo, type ParamInfo, type TypeRef } from './scope';

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
  readonly scope: FileScope;
  private readonly bindingMemo = new Map<number, PhiTrace | null>();
  private readonly active = new Set<number>();
  private calls?: Map<string, CallSite[]>;

  constructor(
    readonly dart: DartFile,
    readonly config: EngineConfig,
  ) {
    this.scope = new FileScope(dart);
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
    for (const run of assignmentsTo(scope, field.name, false)) {
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
    for (const run of assignmentsTo(owner.node, field.name, true)) {
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
    for (const call of this.callersOf(param)) {
      const argument = param.named
        ? call.args.named.get(param.name)?.expr
        : call.args.positional[param.position];
      const trace = argument ? this.ofRun(argument.nodes) : undefined;
      if (trace) return extend(trace, param.nameNode, label);
    }
    return undefined;
  }

  /** `patients.forEach((p) => ...)`: the closure's parameter is an element of the receiver. */
  private ofClosureReceiver(param: ParamInfo): PhiTrace | undefined {
    const closure = param.fn.signature;
    const argument = closure.parent;
    const argsNode = argument?.parent;
    if (argument?.type !== 'argument' || argsNode?.type !== 'arguments') return undefined;
    const call = this.allCalls().find((c) => c.args.node.id === argsNode.id);
    if (!call || call.receiver.length === 0 && call.callee.length < 2) return undefined;
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

  /** Calls in this file whose called name is `name`. */
  callsNamed(name: string): CallSite[] {
    if (!this.calls) {
      this.calls = new Map();
      for (const call of callSites(this.dart.root)) {
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

/**
 * Value runs assigned to `name` inside `scope`: `name = v`, `name += v`, `this.name = v` when
 * `members` is set, field initialisers `name = v` and mutations such as `name.add(v)`.
 */
function assignmentsTo(scope: SyntaxNode, name: string, members: boolean): SyntaxNode[][] {
  const runs: SyntaxNode[][] = [];
  walk(scope, (node) => {
    if (node.type === 'assignment_expression') {
      const target = namedChildren(node).find((c) => c.type === 'assignable_expression');
      if (target && assignsName(target, name, members)) runs.push(assignedRun(node));
    } else if (node.type === 'field_initializer' && members) {
      const parts = namedChildren(node);
      if (parts[0]?.text === name) runs.push(parts.slice(1));
    } else if (node.type === 'expression_statement') {
      runs.push(...mutationsOf(node, name));
    }
  });
  return runs;
}

function assignsName(target: SyntaxNode, name: string, members: boolean): boolean {
  const text = target.text.replace(/\s+/g, '');
  if (text === name) return true;
  if (members && text === `this.${name}`) return true;
  return text.startsWith(`${name}[`);
}

function mutationsOf(statement: SyntaxNode, name: string): SyntaxNode[][] {
  const parts = namedChildren(statement);
  if (parts[0]?.type !== 'identifier' || parts[0].text !== name) return [];
  const method = parts[1]?.descendantsOfType('identifier')[0]?.text;
  if (!method || !MUTATORS.has(method)) return [];
  const args = parts[2]?.descendantsOfType('arguments')[0];
  return args ? namedChildren(args).map(valueRun) : [];
}
