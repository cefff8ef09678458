import {
  exprOf,
  namedChildren,
  segmentsOf,
  type Arguments,
  type Segment,
  type SyntaxNode,
} from '../dart/syntax';
import { classifyName, nameWords } from './classifier';
import type { PhiFlow } from './flow';
import { extend, nameLabel, sourceTrace, type PhiTrace, type Span } from './trace';
import {
  ACTION_PREFIXES,
  ENCODER_METHODS,
  ENCODERS,
  FACT_METHODS,
  FACT_PROPERTIES,
  HASHES,
  HEALTH_READS,
  PRESENTATION_TYPES,
  SANITIZERS,
  SERIALIZERS,
  STORAGE_READS,
} from './knowledge';
import type { TypeRef } from './scope';

/** The analysis result for a value: its PHI trace and, when known, its static type. */
export interface ChainValue {
  trace?: PhiTrace;
  type?: TypeRef;
}

/**
 * Evaluates a primary and its selectors (`p.mrn`, `r.toJson()`, `m['dob']`, `Patient.fromJson(j)`)
 * one segment at a time, keeping the trace and the static type of the value so far.
 */
export function evaluateChain(flow: PhiFlow, nodes: SyntaxNode[]): ChainValue {
  const expr = exprOf(nodes);
  if (!expr) return {};
  const segments = segmentsOf(expr);
  let value: ChainValue = {};
  let index = 0;
  const first = segments[0];
  if (!first) return {};
  if (first.kind === 'name') {
    const next = segments[1];
    if (next?.kind === 'call') {
      value = callValue(flow, first, next.args, undefined, nodes);
      index = 2;
    } else if (isRoleConstant(flow, first, next)) {
      // `Role.patient` picks a kind of user: a choice in the UI, not a patient's data.
      index = 2;
    } else {
      value = identifierValue(flow, first.node, first.name);
      index = 1;
    }
  } else {
    value = { trace: flow.ofPrimary(first.node) };
    index = 1;
  }
  for (; index < segments.length; index++) {
    const segment = segments[index];
    const next = segments[index + 1];
    if (segment.kind === 'name' && next?.kind === 'call') {
      const previous = segments[index - 1];
      const receiverName = previous?.kind === 'name' ? previous.name : undefined;
      value = callValue(flow, { ...segment, receiverName }, next.args, value, nodes);
      index++;
    } else if (segment.kind === 'name') {
      value = propertyValue(flow, segment, value, nodes);
    } else if (segment.kind === 'other') {
      value = indexValue(flow, segment.node, value);
    }
  }
  return value;
}

function identifierValue(flow: PhiFlow, node: SyntaxNode, name: string): ChainValue {
  if (name === 'this') {
    const cls = flow.scope.enclosingClass(node);
    return { type: cls ? { name: cls.name, args: [] } : undefined };
  }
  const binding = flow.scope.resolve(node, name);
  if (!binding) {
    const match = classifyName(name, flow.config);
    return { trace: match ? sourceTrace(match, node, nameLabel(name, match)) : undefined };
  }
  switch (binding.kind) {
    case 'variable':
    case 'field': {
      const type = binding.field.type ?? inferredType(flow, binding.field.initializer);
      if (type && PRESENTATION_TYPES.has(type.name)) return { type };
      return { trace: flow.ofBinding(binding), type };
    }
    case 'param':
      return { trace: flow.ofBinding(binding), type: binding.param.type };
    case 'loop':
      return { trace: flow.ofBinding(binding), type: binding.type };
    case 'class':
      return { type: { name, args: [] } };
    default:
      return {};
  }
}

/** Last words of enum names whose constants name kinds of users. */
const ENUM_NAME_WORDS = new Set(['role', 'roles', 'type', 'kind', 'account', 'audience', 'user']);

/** Vocabulary words that, as an enum constant, name a kind of user rather than health data. */
const ROLE_TERMS = new Set(['patient', 'patients']);

/**
 * `E.patient` where `E` is an enum of this file or a type named like an enum of user kinds
 * (`Role`, `UserType`) that no local declaration shadows. Only constants that name a kind of
 * person are cleared: `FormStep.diagnosis` still says the screen deals with a diagnosis.
 */
function isRoleConstant(flow: PhiFlow, first: Segment, next: Segment | undefined): boolean {
  if (first.kind !== 'name' || next?.kind !== 'name' || !/^[A-Z]/.test(first.name)) return false;
  const term = classifyName(next.name, flow.config)?.term;
  if (!term || !ROLE_TERMS.has(term)) return false;
  const binding = flow.scope.resolve(first.node, first.name);
  if (binding && binding.kind !== 'class') return false;
  if (declaresEnum(flow, first.name)) return true;
  if (binding) return false;
  const words = nameWords(first.name);
  return ENUM_NAME_WORDS.has(words[words.length - 1] ?? '');
}

const enumNames = new WeakMap<object, Set<string>>();

function declaresEnum(flow: PhiFlow, name: string): boolean {
  let names = enumNames.get(flow.dart);
  if (!names) {
    names = new Set();
    for (const node of flow.dart.root.namedChildren) {
      if (node?.type !== 'enum_declaration') continue;
      const id = node.namedChildren.find((child) => child?.type === 'identifier');
      if (id) names.add(id.text);
    }
    enumNames.set(flow.dart, names);
  }
  return names.has(name);
}

function inferredType(flow: PhiFlow, initializer: SyntaxNode[]): TypeRef | undefined {
  const first = initializer[0];
  if (!first || first.type !== 'identifier') return undefined;
  const name = first.text;
  if (!/^[A-Z]/.test(name)) return undefined;
  const binding = flow.scope.resolve(first, name);
  if (binding && binding.kind !== 'class') return undefined;
  return { name, args: [] };
}

function propertyValue(
  flow: PhiFlow,
  segment: Extract<Segment, { kind: 'name' }>,
  receiver: ChainValue,
  nodes: SyntaxNode[],
): ChainValue {
  const { name, node } = segment;
  if (FACT_PROPERTIES.has(name) || isBooleanName(name)) return {};
  const span = spanTo(nodes, node);
  const match = classifyName(name, flow.config);
  const cls = receiver.type ? flow.scope.classes.get(receiver.type.name) : undefined;
  const field = cls?.fields.get(name);
  if (field?.type?.name === 'bool') return {};
  const phiClass = receiver.type ? flow.phiClass(receiver.type.name) : undefined;
  // `patient.email` is health data as a field of a patient record, not a bare identifier.
  const healthReceiver = phiClass || (receiver.trace?.kind === 'phi' && !receiver.trace.identifier);
  if (match && !(match.identifier && healthReceiver)) {
    return { trace: sourceTrace(match, span, nameLabel(name, match)), type: field?.type };
  }
  const classLabel = `Field \`${name}\` of PHI class \`${receiver.type?.name}\`.`;
  // An id or a status of a patient record addresses the record; it is not the patient's data.
  if ((phiClass || receiver.trace?.kind === 'phi') && isOpaqueFieldName(name)) return {};
  if (receiver.trace) {
    // A property of a secret object (`credential.user.uid`) is not itself the secret.
    if (receiver.trace.kind === 'secret' && !phiClass) return { type: field?.type };
    const trace = phiClass
      ? { ...extend(receiver.trace, span, classLabel), term: name }
      : receiver.trace;
    return { trace, type: field?.type };
  }
  if (phiClass) {
    return { trace: sourceTrace(phiClass, span, `Source: ${classLabel}`), type: field?.type };
  }
  if (field) return { trace: flow.ofBinding({ kind: 'field', field }), type: field.type };
  return {};
}

interface CalledName {
  name: string;
  node: SyntaxNode;
  /** The name right before the called one: `sha256` in `sha256.convert(x)`. */
  receiverName?: string;
}

function callValue(
  flow: PhiFlow,
  called: CalledName,
  args: Arguments,
  receiver: ChainValue | undefined,
  nodes: SyntaxNode[],
): ChainValue {
  const { name, node, receiverName } = called;
  const span = spanTo(nodes, args.node);
  if (HEALTH_READS.has(name)) {
    const label = `Source: health records returned by ${name}().`;
    return { trace: sourceTrace({ kind: 'phi', term: 'health data' }, span, label) };
  }
  if (receiverName && HASHES.has(receiverName)) return {};
  if (SANITIZERS.has(name) || FACT_METHODS.has(name) || isBooleanName(name)) return {};
  const encoded = encoderValue(flow, name, receiverName, args, span);
  if (encoded) return encoded;
  const read = storageRead(flow, name, args, span);
  if (read) return read;
  if (!receiver) return functionValue(flow, node, name, args, span);
  return methodValue(flow, name, receiver, span);
}

function encoderValue(
  flow: PhiFlow,
  name: string,
  receiverName: string | undefined,
  args: Arguments,
  span: Span,
): ChainValue | undefined {
  const known = receiverName ? ENCODER_METHODS[receiverName]?.has(name) : ENCODERS.has(name);
  if (!known) return undefined;
  const all = [...args.positional, ...[...args.named.values()].map((n) => n.expr)];
  for (const arg of all) {
    const trace = flow.ofRun(arg.nodes);
    const callName = receiverName ? `${receiverName}.${name}` : name;
    if (trace) return { trace: extend(trace, span, `Encoded by ${callName}().`) };
  }
  return {};
}

function storageRead(
  flow: PhiFlow,
  name: string,
  args: Arguments,
  span: Span,
): ChainValue | undefined {
  if (!STORAGE_READS.has(name)) return undefined;
  const key = args.named.get('key')?.expr ?? args.positional[0];
  const keyText = key ? flow.constantString(key.nodes) : undefined;
  const match = keyText ? classifyName(keyText, flow.config) : undefined;
  if (!match) return undefined;
  return { trace: sourceTrace(match, span, `Source: value read from storage key '${keyText}'.`) };
}

function functionValue(
  flow: PhiFlow,
  node: SyntaxNode,
  name: string,
  args: Arguments,
  span: Span,
): ChainValue {
  const binding = flow.scope.resolve(node, name);
  if (binding?.kind === 'function') {
    const trace = returnTrace(flow, binding.fn.body);
    const type = binding.fn.returnType;
    return { trace: trace ? extend(trace, span, `Returned by ${name}().`) : undefined, type };
  }
  if (binding?.kind === 'class' || (!binding && /^[A-Z]/.test(name))) {
    const cls = flow.phiClass(name);
    const label = `Source: instance of PHI class \`${name}\`.`;
    return { trace: cls ? sourceTrace(cls, span, label) : undefined, type: { name, args: [] } };
  }
  return { trace: namedResult(flow, name, span) };
}

function methodValue(flow: PhiFlow, name: string, receiver: ChainValue, span: Span): ChainValue {
  const type = receiver.type;
  const cls = type ? flow.scope.classes.get(type.name) : undefined;
  const member = cls?.members.get(name);
  if (
    type &&
    /^[A-Z]/.test(type.name) &&
    !receiver.trace &&
    isConstructorName(flow, type.name, name)
  ) {
    const phi = flow.phiClass(type.name);
    const label = `Source: instance of PHI class \`${type.name}\`.`;
    return { trace: phi ? sourceTrace(phi, span, label) : undefined, type };
  }
  if (receiver.trace) {
    const label = SERIALIZERS.has(name) ? `Serialized by ${name}().` : undefined;
    const trace = label ? extend(receiver.trace, span, label) : receiver.trace;
    return { trace, type: member?.returnType };
  }
  const phi = type ? flow.phiClass(type.name) : undefined;
  if (phi && SERIALIZERS.has(name)) {
    return { trace: sourceTrace(phi, span, `Source: ${name}() of PHI class \`${type!.name}\`.`) };
  }
  if (member) {
    const trace = returnTrace(flow, member.body);
    return {
      trace: trace ? extend(trace, span, `Returned by ${name}().`) : undefined,
      type: member.returnType,
    };
  }
  return { trace: namedResult(flow, name, span) };
}

/** `Patient.fromJson(json)` and `Patient.fromMap(m)` build an instance of the class. */
function isConstructorName(flow: PhiFlow, typeName: string, name: string): boolean {
  const cls = flow.scope.classes.get(typeName);
  if (cls) return cls.constructors.some((c) => c.name === `${typeName}.${name}`);
  return name.startsWith('from') || name === 'parse' || name === 'create';
}

/** `getIdToken()`, `loadPatient()`: a call whose name says it returns a secret or PHI. */
function namedResult(flow: PhiFlow, name: string, span: Span): PhiTrace | undefined {
  const words = nameWords(name);
  if (ACTION_PREFIXES.has(words[0] ?? '')) return undefined;
  const match = classifyName(name, flow.config);
  return match
    ? sourceTrace(match, span, `Source: result of ${name}() (by its name, '${match.term}').`)
    : undefined;
}

export function returnTrace(flow: PhiFlow, body: SyntaxNode | undefined): PhiTrace | undefined {
  if (!body) return undefined;
  const parts = namedChildren(body);
  if (body.children.some((c) => c?.type === '=>')) {
    return flow.ofRun(parts.filter((c) => c.type !== 'comment'));
  }
  for (const statement of body.descendantsOfType('return_statement')) {
    if (!statement || insideClosure(statement, body)) continue;
    const trace = flow.ofRun(namedChildren(statement));
    if (trace) return trace;
  }
  return undefined;
}

function insideClosure(node: SyntaxNode, body: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== body.id; current = current.parent) {
    const type = current.type;
    if (type === 'function_expression' || type === 'local_function_declaration') return true;
  }
  return false;
}

function indexValue(flow: PhiFlow, node: SyntaxNode, receiver: ChainValue): ChainValue {
  const index = node.type === 'index_selector' ? node : node.descendantsOfType('index_selector')[0];
  if (!index) return receiver;
  const key = namedChildren(index);
  const keyText = flow.constantString(key);
  const match = keyText ? classifyName(keyText, flow.config) : undefined;
  if (!match) return { trace: receiver.trace };
  const kind = match.kind === 'phi' ? 'PHI' : 'a secret';
  return { trace: sourceTrace(match, index, `Source: entry '${keyText}' is ${kind} by its key.`) };
}

/**
 * Fields of a PHI record that identify or describe the record rather than the person: `id`,
 * `patientId`, `type`, `status`, `version`.
 */
function isOpaqueFieldName(name: string): boolean {
  if (RESOURCE_METADATA.has(name)) return true;
  const words = nameWords(name);
  return OPAQUE_FIELD_WORDS.has(words[words.length - 1] ?? '');
}

/**
 * Bookkeeping of a FHIR resource (`patient.meta.lastUpdated`): when and in which version the
 * server stored it, not facts about the patient.
 */
const RESOURCE_METADATA = new Set([
  'meta',
  'resourceType',
  'lastUpdated',
  'versionId',
  'implicitRules',
]);

const OPAQUE_FIELD_WORDS = new Set([
  'id',
  'ids',
  'uuid',
  'guid',
  'type',
  'kind',
  'status',
  'version',
  'index',
  'count',
]);

function isBooleanName(name: string): boolean {
  const words = nameWords(name);
  return words.length > 1 && ['is', 'has', 'can', 'should'].includes(words[0]);
}

/** Spans the run from its start to the end of `end`, for step ranges. */
function spanTo(nodes: SyntaxNode[], end: Span): Span {
  const start = nodes[0];
  if (!start || start.startIndex >= end.startIndex) return end;
  return { startIndex: start.startIndex, endIndex: end.endIndex };
}
