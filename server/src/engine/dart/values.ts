import type { DartFile } from './model';
import {
  descendantsOfType,
  exprOf,
  namedChildren,
  readArguments,
  segmentsOf,
  type Expr,
  type Segment,
  type SyntaxNode,
} from './syntax';

/**
 * Follows a name to the declaration that gives it a value, inside one file: local variables,
 * parameters, fields and top-level variables. Crypto rules use it to learn whether an IV, key or
 * password is a constant written in the source. It is deliberately shallow: no calls are
 * followed and a name that is assigned again anywhere in its scope has no known value.
 */

export type BindingScope = 'local' | 'parameter' | 'field' | 'top-level';

export interface Binding {
  name: string;
  nameNode: SyntaxNode;
  /** The initializer; undefined for parameters and variables declared without one. */
  init?: Expr;
  scope: BindingScope;
  /** The node whose subtree contains every use of the name. */
  scopeNode: SyntaxNode;
  /** True when an assignment other than the initializer gives the name a value. */
  reassigned: boolean;
}

const DECLARATOR_TYPES = new Set([
  'initialized_variable_definition',
  'static_final_declaration',
  'initialized_identifier',
]);

/** Parents whose identifier child is a member name, a label or an import combinator name. */
const NON_PRIMARY_PARENTS = new Set([
  'unconditional_assignable_selector',
  'conditional_assignable_selector',
  'cascade_selector',
  'label',
  'combinator',
]);

/** True when `node` is the first name of an expression rather than a member after a dot. */
export function isPrimaryName(node: SyntaxNode): boolean {
  if (node.type !== 'identifier') return false;
  const parent = node.parent;
  if (!parent || NON_PRIMARY_PARENTS.has(parent.type)) return false;
  if (DECLARATOR_TYPES.has(parent.type) && parent.namedChildren.find(isNameChild)?.id === node.id) {
    return false;
  }
  return parent.type !== 'formal_parameter' && parent.type !== 'function_signature';
}

function isNameChild(child: SyntaxNode | null): boolean {
  return child?.type === 'identifier';
}

/** Finds the declaration that a name used at `use` refers to, searching outward. */
export function findBinding(use: SyntaxNode): Binding | undefined {
  const name = use.text;
  for (let scope = use.parent; scope; scope = scope.parent) {
    const found = bindingIn(scope, name, use.startIndex);
    if (found) return { ...found, reassigned: isReassigned(found.scopeNode, name, found.nameNode) };
  }
  return undefined;
}

type RawBinding = Omit<Binding, 'reassigned'>;

function bindingIn(scope: SyntaxNode, name: string, before: number): RawBinding | undefined {
  switch (scope.type) {
    case 'block':
      return localIn(scope, name, before);
    case 'function_body':
    case 'function_expression':
      return parameterOf(scope, name);
    case 'class_body':
      return declaredIn(scope, name, 'field');
    case 'program':
      return declaredIn(scope, name, 'top-level');
    default:
      return undefined;
  }
}

function localIn(block: SyntaxNode, name: string, before: number): RawBinding | undefined {
  for (const statement of namedChildren(block)) {
    if (statement.startIndex >= before) break;
    if (statement.type !== 'local_variable_declaration') continue;
    const found = declaratorNamed(statement, name);
    if (found) return { ...found, scope: 'local', scopeNode: block };
  }
  return undefined;
}

function parameterOf(node: SyntaxNode, name: string): RawBinding | undefined {
  const list = parameterList(node);
  if (!list) return undefined;
  const nameNode = descendantsOfType(list, 'identifier').find((id) => id.text === name);
  if (!nameNode) return undefined;
  return { name, nameNode, scope: 'parameter', scopeNode: node };
}

function parameterList(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'function_expression') {
    return namedChildren(node).find((c) => c.type === 'formal_parameter_list');
  }
  const signature = node.previousNamedSibling;
  if (!signature) return undefined;
  if (signature.type === 'function_signature') {
    return namedChildren(signature).find((c) => c.type === 'formal_parameter_list');
  }
  if (signature.type === 'method_signature') {
    const inner = namedChildren(signature)[0];
    return inner ? namedChildren(inner).find((c) => c.type === 'formal_parameter_list') : undefined;
  }
  return undefined;
}

function declaredIn(
  container: SyntaxNode,
  name: string,
  scope: 'field' | 'top-level',
): RawBinding | undefined {
  for (const child of namedChildren(container)) {
    const isList = child.type.endsWith('declaration_list') || child.type === 'declaration';
    if (!isList) continue;
    const found = declaratorNamed(child, name);
    if (found) return { ...found, scope, scopeNode: container };
  }
  return undefined;
}

function declaratorNamed(
  container: SyntaxNode,
  name: string,
): { name: string; nameNode: SyntaxNode; init?: Expr } | undefined {
  for (const declarator of descendantsOfType(container, [...DECLARATOR_TYPES])) {
    const kids = namedChildren(declarator);
    const nameIndex = kids.findIndex((k) => k.type === 'identifier');
    if (nameIndex < 0 || kids[nameIndex].text !== name) continue;
    const init = exprOf(kids.slice(nameIndex + 1).filter((k) => k.type !== 'comment'));
    return { name, nameNode: kids[nameIndex], init };
  }
  return undefined;
}

function isReassigned(scopeNode: SyntaxNode, name: string, declaration: SyntaxNode): boolean {
  return descendantsOfType(scopeNode, 'assignable_expression').some((target) => {
    const first = namedChildren(target)[0];
    const own = first?.type === 'identifier' && first.text === name;
    const viaThis = first?.type === 'this' && target.text.replace(/\s/g, '') === `this.${name}`;
    return (own || viaThis) && first.id !== declaration.id;
  });
}

/** Returns the binding that a declarator's name node introduces. */
export function bindingDeclaredBy(nameNode: SyntaxNode): Binding | undefined {
  const declarator = nameNode.parent;
  if (!declarator || !DECLARATOR_TYPES.has(declarator.type)) return undefined;
  const found = declaratorNamed(declarator, nameNode.text);
  if (!found || found.nameNode.id !== nameNode.id) return undefined;
  for (let up = declarator.parent; up; up = up.parent) {
    const scope = scopeOfContainer(up.type);
    if (!scope) continue;
    const reassigned = isReassigned(up, nameNode.text, nameNode);
    return { ...found, scope, scopeNode: up, reassigned };
  }
  return undefined;
}

function scopeOfContainer(type: string): BindingScope | undefined {
  if (type === 'block') return 'local';
  if (type === 'class_body') return 'field';
  return type === 'program' ? 'top-level' : undefined;
}

/** Lists every use of a binding's name in its scope, as the primary name of an expression. */
export function usesOf(binding: Binding): SyntaxNode[] {
  return descendantsOfType(binding.scopeNode, 'identifier').filter(
    (node) =>
      node.text === binding.name &&
      node.id !== binding.nameNode.id &&
      node.startIndex >= (binding.scope === 'local' ? binding.nameNode.endIndex : 0) &&
      isPrimaryName(node),
  );
}

/** The origin of a value, as far as one file shows it. */
export type ValueSource =
  | { kind: 'zeros'; node: SyntaxNode; via: Binding[] }
  | { kind: 'literal'; node: SyntaxNode; text?: string; via: Binding[] }
  | { kind: 'environment'; node: SyntaxNode; via: Binding[] }
  | { kind: 'unknown' };

const UNKNOWN: ValueSource = { kind: 'unknown' };

/** Calls that turn their only argument into bytes without adding anything unpredictable. */
const TRANSPARENT_CALLS = new Set([
  'Uint8List.fromList',
  'utf8.encode',
  'ascii.encode',
  'latin1.encode',
  'base64.decode',
  'base64Url.decode',
  'base64Decode',
  'hex.decode',
  'Int8List.fromList',
  'List.from',
  'List.of',
  'Key.fromUtf8',
  'Key.fromBase64',
  'Key.fromBase16',
  'Key',
  'IV',
  'IV.fromUtf8',
  'IV.fromBase64',
  'IV.fromBase16',
  'Nonce',
  'SecretKey',
  'SecretKeyData',
  'KeyParameter',
]);

const ENVIRONMENT_CALLS = new Set(['String.fromEnvironment', 'int.fromEnvironment']);

/**
 * Classifies an expression that yields bytes or a string: all zeros, a literal written in the
 * source, a compile-time environment value, or unknown. Names are followed to their initializer
 * when they are never assigned again.
 */
export function valueSource(file: DartFile, expr: Expr | undefined, depth = 0): ValueSource {
  if (!expr || depth > 6) return UNKNOWN;
  const nodes = expr.nodes.filter((n) => n.type !== 'comment');
  if (nodes.length === 1) return singleNodeSource(file, nodes[0], depth);
  const segments = segmentsOf(exprOf(nodes)!);
  return chainSource(file, segments, nodes[0], depth);
}

function singleNodeSource(file: DartFile, node: SyntaxNode, depth: number): ValueSource {
  switch (node.type) {
    case 'string_literal': {
      const text = file.stringValue(node).constant;
      return text === undefined ? UNKNOWN : { kind: 'literal', node, text, via: [] };
    }
    case 'list_literal':
      return listSource(node);
    case 'parenthesized_expression':
      return valueSource(file, exprOf(namedChildren(node)), depth + 1);
    case 'identifier':
      return followName(file, node, depth);
    case 'new_expression':
    case 'const_object_expression':
      return chainSource(file, segmentsOf(exprOf([node])!), node, depth);
    case 'postfix_expression':
      return valueSource(file, exprOf(namedChildren(node)), depth + 1);
    case 'constructor_invocation':
      return chainSource(file, constructorSegments(node), node, depth);
    default:
      return UNKNOWN;
  }
}

/** Segments of `List<int>.filled(12, 0)`, which the grammar parses as a constructor_invocation. */
function constructorSegments(node: SyntaxNode): Segment[] {
  const segments: Segment[] = [];
  for (const child of namedChildren(node)) {
    if (child.type === 'type_identifier' || child.type === 'identifier') {
      segments.push({ kind: 'name', name: child.text, node: child });
    } else if (child.type === 'arguments') {
      segments.push({ kind: 'call', args: readArguments(child), node: child });
    }
  }
  return segments;
}

function listSource(node: SyntaxNode): ValueSource {
  const items = namedChildren(node).filter(
    (c) => c.type !== 'const_builtin' && c.type !== 'comment',
  );
  const elements = items.filter((c) => c.type !== 'type_arguments');
  const numeric = elements.every((c) => /integer_literal$/.test(c.type));
  if (!numeric || elements.length === 0) return UNKNOWN;
  const zeros = elements.every((c) => Number(c.text) === 0);
  return zeros ? { kind: 'zeros', node, via: [] } : { kind: 'literal', node, via: [] };
}

function followName(file: DartFile, node: SyntaxNode, depth: number): ValueSource {
  const binding = findBinding(node);
  if (!binding || binding.reassigned || !binding.init) return UNKNOWN;
  const source = valueSource(file, binding.init, depth + 1);
  if (source.kind === 'unknown') return source;
  return { ...source, via: [binding, ...source.via] };
}

function chainSource(
  file: DartFile,
  segments: Segment[],
  first: SyntaxNode,
  depth: number,
): ValueSource {
  const written = leadingNameCount(segments);
  const names = withoutPrefix(file, segments.slice(0, written));
  const call = segments[written];
  const codeUnits = segments.length === 2 && isName(segments[1], 'codeUnits');
  if (first.type === 'string_literal' && codeUnits) {
    return singleNodeSource(file, first, depth);
  }
  if (!call || call.kind !== 'call' || segments.length !== written + 1) return UNKNOWN;
  const joined = names.join('.');
  const args = call.args;
  if (ENVIRONMENT_CALLS.has(joined)) return { kind: 'environment', node: first, via: [] };
  if (joined === 'Uint8List' && args.positional.length === 1) {
    return { kind: 'zeros', node: first, via: [] };
  }
  if (/^(IV|Key)\.allZerosOfLength$/.test(joined)) return { kind: 'zeros', node: first, via: [] };
  if (/^(List|List<int>|Uint8List)\.filled$/.test(joined) && args.positional.length >= 2) {
    const fill = args.positional[1];
    const zero = fill.nodes.length === 1 && Number(fill.nodes[0].text) === 0;
    return { kind: zero ? 'zeros' : 'literal', node: first, via: [] };
  }
  if (TRANSPARENT_CALLS.has(joined) && args.positional.length >= 1) {
    return valueSource(file, args.positional[0], depth + 1);
  }
  return UNKNOWN;
}

function isName(segment: Segment | undefined, name: string): boolean {
  return segment?.kind === 'name' && segment.name === name;
}

function leadingNameCount(segments: Segment[]): number {
  const index = segments.findIndex((segment) => segment.kind !== 'name');
  return index < 0 ? segments.length : index;
}

/** Dotted names without an import prefix: `enc.IV.fromUtf8` gives IV, fromUtf8. */
function withoutPrefix(file: DartFile, segments: Segment[]): string[] {
  const names = segments.map((s) => (s as { name: string }).name);
  return file.splitPrefix(names).names;
}
