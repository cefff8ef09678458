import type { EngineConfig } from '../config';
import type { DartFile } from '../dart/model';
import { readStringLiteral } from '../dart/strings';
import { namedChildren, type CallSite, type SyntaxNode } from '../dart/syntax';
import { phiClassMatch } from './classes';
import {
  assignedRun,
  assignmentsIn,
  collectionRuns,
  indexAssignments,
  operandRuns,
  runFrom,
  runsOf,
  valueRun,
  type Assignment,
} from './runs';
import { extend, nameLabel, sourceTrace, type PhiTrace } from './trace';
import { classifyName, type PhiMatch } from './classifier';
import { evaluateChain, returnTrace, type ChainValue } from './chain';
import { isAmbiguousTerm, usedAsQueryFragment } from './ambiguous';
import {
  FileScope,
  type Binding,
  type FieldInfo,
  type FunctionInfo,
  type ParamInfo,
  type TypeRef,
} from './scope';
import { fileCallSites } from '../dart/file-calls';

/** The file's call sites, shared with the other rules; see `fileCallSites`. */
export const dartCallSites = fileCallSites;

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
const PAYLOAD_NAMES = new Set([
  'data',
  'body',
  'payload',
  'json',
  'map',
  'record',
  'values',
  'fields',
  'details',
]);

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

/** A `String condition` local or parameter that only ever fills in a query's filter part. */
function isQueryFilter(match: PhiMatch, nameNode: SyntaxNode, type: TypeRef | undefined): boolean {
  if (!isAmbiguousTerm(match.term) || (type && type.name !== 'String')) return false;
  return usedAsQueryFragment(nameNode);
}

/** Backstop for deeply nested expressions: past this depth a value is treated as unknown. */
const MAX_NODE_DEPTH = 200;

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
  /** Nodes being traced now; re-entering one would recurse without end. */
  private readonly activeNodes = new Set<number>();
  private nodeDepth = 0;
  private calls?: Map<string, CallSite[]>;
  private assignmentIndex?: Map<string, Assignment[]>;
  private callsByArguments?: Map<number, CallSite>;

  constructor(
    readonly dart: DartFile,
    readonly config: EngineConfig,
  ) {}

  /** Declarations of the file, indexed on first use so that files without sinks stay cheap. */
  get scope(): FileScope {
    this.fileScope ??= new FileScope(this.dart);
    return this.fileScope;
  }

  /** Traces the expression made of `nodes` (a primary and its selectors) back to PHI, if any. */
  ofRun(nodes: SyntaxNode[]): PhiTrace | undefined {
    return this.valueOfRun(nodes).trace;
  }

  /** Traces a single expression node (a string literal, `a + b`, a list) back to PHI, if any. */
  ofNode(node: SyntaxNode): PhiTrace | undefined {
    return this.guarded(node.id * 2, () => {
      if (node.type === 'argument' || node.type === 'named_argument' || node.type === 'pair') {
        return this.ofRun(valueRun(node));
      }
      if (
        node.nextNamedSibling?.type === 'selector' ||
        node.nextNamedSibling?.type === 'cascade_section'
      ) {
        return this.ofRun(runFrom(node));
      }
      return this.valueOfRun([node]).trace;
    });
  }

  /**
   * Traces `node` alone, ignoring the selectors after it: the primary of a chain whose first
   * part is not a name (`{1: 'a'}[v]`, `(() => x)()`), which the chain walks itself.
   */
  ofPrimary(node: SyntaxNode): PhiTrace | undefined {
    return this.guarded(node.id * 2 + 1, () => this.ofSingle(node));
  }

  /** Runs `trace` unless the same node and mode (`key`) is being traced or nesting is deep. */
  private guarded(key: number, trace: () => PhiTrace | undefined): PhiTrace | undefined {
    if (this.activeNodes.has(key) || this.nodeDepth >= MAX_NODE_DEPTH) return undefined;
    this.activeNodes.add(key);
    this.nodeDepth++;
    try {
      return trace();
    } finally {
      this.nodeDepth--;
      this.activeNodes.delete(key);
    }
  }

  /** Classifies the class named `name`: a match when its instances are PHI. */
  phiClass(name: string): PhiMatch | undefined {
    return phiClassMatch(name, this.scope, this.config);
  }

  /** Value and static type of a run; the chain module walks selectors through `this`. */
  valueOfRun(nodes: SyntaxNode[]): ChainValue {
    if (this.nodeDepth >= MAX_NODE_DEPTH) return {};
    this.nodeDepth++;
    try {
      return this.computeRun(nodes);
    } finally {
      this.nodeDepth--;
    }
  }

  private computeRun(nodes: SyntaxNode[]): ChainValue {
    const base = nodes.filter((n) => n.type !== 'cascade_section');
    const value =
      base.length === 1 && base[0].type !== 'identifier'
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
    if (node.type === 'conditional_expression')
      return this.union(node, undefined, runsOf(node).slice(1));
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

  /** Returns the trace of the first PHI operand among `runs`, adding a step when `label` is set. */
  union(node: SyntaxNode, label: string | undefined, runs: SyntaxNode[][]): PhiTrace | undefined {
    for (const run of runs) {
      if (run.length === 0) continue;
      const trace = this.ofRun(run);
      if (trace) return label ? extend(trace, node, label) : trace;
    }
    return undefined;
  }

  /** Traces the value of a declaration, memoised per declaration. */
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
        return trace
          ? extend(trace, binding.nameNode, `Element bound to \`${binding.nameNode.text}\`.`)
          : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A source named by the vocabulary or typed as a PHI class, before any data flow. */
  declaredSource(
    name: string,
    nameNode: SyntaxNode,
    type: TypeRef | undefined,
  ): PhiTrace | undefined {
    if (type?.name === 'bool') return undefined;
    const byName = classifyName(name, this.config);
    if (byName && !isQueryFilter(byName, nameNode, type)) {
      return sourceTrace(byName, nameNode, nameLabel(name, byName));
    }
    for (const typeName of type ? [type.name, ...type.args] : []) {
      const cls = this.phiClass(typeName);
      if (cls)
        return sourceTrace(cls, nameNode, `Source: \`${name}\` has PHI type \`${typeName}\`.`);
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
    if (cls)
      return sourceTrace(
        cls,
        field.nameNode,
        `Source: \`${field.name}\` is a field of PHI class \`${cls.term}\`.`,
      );
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
      return trace
        ? extend(trace, param.nameNode, `Element bound to \`${param.name}\`.`)
        : undefined;
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
   * `updatePatient(int id, Map data)` is the patient's record for every caller.
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
    const call = this.callWithArguments(argsNode);
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

  /** Traces the values that a function of this file returns, such as a `toJson` map. */
  ofReturn(fn: FunctionInfo): PhiTrace | undefined {
    return returnTrace(this, fn.body);
  }

  /** Finds the call whose argument list is `argsNode`. */
  callWithArguments(argsNode: SyntaxNode): CallSite | undefined {
    if (!this.callsByArguments) {
      this.callsByArguments = new Map();
      for (const call of dartCallSites(this.dart))
        this.callsByArguments.set(call.args.node.id, call);
    }
    return this.callsByArguments.get(argsNode.id);
  }

  /** Constant string value of a literal or of a `const` declared in this file. */
  constantString(nodes: SyntaxNode[]): string | undefined {
    if (nodes.length !== 1) return undefined;
    const node = nodes[0];
    if (node.type === 'string_literal') return readStringLiteral(node).constant;
    if (node.type !== 'identifier') return undefined;
    const binding = this.scope.resolve(node, node.text);
    const field =
      binding?.kind === 'variable' || binding?.kind === 'field' ? binding.field : undefined;
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
