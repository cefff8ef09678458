import { namedChildren, walk, type SyntaxNode } from '../dart/syntax';
import type { Binding, ClassInfo, FieldInfo, FunctionInfo, ParamInfo, TypeRef } from './scope';

/** Readers for the declarations that `FileScope` indexes: functions, parameters, fields, types. */

export const SIGNATURES = new Set([
  'function_signature',
  'getter_signature',
  'setter_signature',
  'constructor_signature',
  'constant_constructor_signature',
  'factory_constructor_signature',
]);

const TYPE_PARTS = new Set(['type_identifier', 'type_arguments', 'nullable_type', 'void_type']);

export function describeFunction(
  signature: SyntaxNode,
  cls: ClassInfo | undefined,
): FunctionInfo | undefined {
  const parts = namedChildren(signature);
  const names = parts.filter((c) => c.type === 'identifier');
  if (names.length === 0) return undefined;
  const isConstructor = signature.type.includes('constructor');
  const kind: FunctionInfo['kind'] = isConstructor
    ? 'constructor'
    : signature.type === 'getter_signature'
      ? 'getter'
      : signature.type === 'setter_signature'
        ? 'setter'
        : cls
          ? 'method'
          : 'function';
  const name = isConstructor ? names.map((n) => n.text).join('.') : names[0].text;
  const fn: FunctionInfo = { name, kind, signature, params: [], owner: cls };
  fn.returnType = isConstructor ? undefined : typeOf(parts);
  fn.body = bodyAfter(signature);
  const list = parts.find((c) => c.type === 'formal_parameter_list');
  fn.params = list ? readParams(list, fn) : [];
  return fn;
}

export function bodyAfter(signature: SyntaxNode): SyntaxNode | undefined {
  let next = signature.nextNamedSibling;
  if (!next && signature.parent?.type === 'method_signature')
    next = signature.parent.nextNamedSibling;
  return next?.type === 'function_body' ? next : undefined;
}

export function signatureBefore(body: SyntaxNode): SyntaxNode | undefined {
  const previous = body.previousNamedSibling;
  if (!previous) return undefined;
  if (SIGNATURES.has(previous.type)) return previous;
  if (previous.type === 'method_signature' || previous.type === 'declaration') {
    return namedChildren(previous).find((c) => SIGNATURES.has(c.type));
  }
  return undefined;
}

export function readParams(list: SyntaxNode, fn: FunctionInfo): ParamInfo[] {
  const params: ParamInfo[] = [];
  let position = 0;
  const add = (parameter: SyntaxNode, named: boolean) => {
    const holder =
      namedChildren(parameter).find((c) => c.type === 'constructor_param') ?? parameter;
    const ids = namedChildren(holder).filter((c) => c.type === 'identifier');
    const nameNode = ids[ids.length - 1];
    if (!nameNode) return;
    params.push({
      name: nameNode.text,
      nameNode,
      position: named ? -1 : position++,
      named,
      initializesField: holder.type === 'constructor_param',
      type: typeOf(namedChildren(parameter)),
      fn,
    });
  };
  for (const child of namedChildren(list)) {
    if (child.type === 'formal_parameter') add(child, false);
    if (child.type !== 'optional_formal_parameters') continue;
    const named = child.text.trimStart().startsWith('{');
    for (const inner of namedChildren(child))
      if (inner.type === 'formal_parameter') add(inner, named);
  }
  return params;
}

/** Variables of a `local_variable_declaration`, including `var a = 1, b = 2`. */
export function localVariables(statement: SyntaxNode): FieldInfo[] {
  const definition = namedChildren(statement).find(
    (c) => c.type === 'initialized_variable_definition',
  );
  if (!definition) return [];
  const parts = namedChildren(definition);
  const type = typeOf(parts);
  const result: FieldInfo[] = [];
  const first = parts.find((c) => c.type === 'identifier');
  if (first) {
    const initializer = parts
      .slice(parts.indexOf(first) + 1)
      .filter((c) => c.type !== 'initialized_identifier');
    result.push({ name: first.text, nameNode: first, type, initializer });
  }
  for (const more of parts.filter((c) => c.type === 'initialized_identifier')) {
    const field = fieldOfItem(more, type);
    if (field) result.push(field);
  }
  return result;
}

export function fieldsOfList(list: SyntaxNode, type: TypeRef | undefined): FieldInfo[] {
  const fields: FieldInfo[] = [];
  for (const item of namedChildren(list)) {
    const field = fieldOfItem(item, type);
    if (field) fields.push(field);
  }
  return fields;
}

export function fieldOfItem(item: SyntaxNode, type: TypeRef | undefined): FieldInfo | undefined {
  const parts = namedChildren(item);
  const nameNode = parts[0];
  if (nameNode?.type !== 'identifier') return undefined;
  return { name: nameNode.text, nameNode, type, initializer: parts.slice(1) };
}

/** Reads the declared type among a declaration's parts: `List<Patient>` gives List of Patient. */
export function typeOf(parts: SyntaxNode[]): TypeRef | undefined {
  const typeNode = parts.find((c) => c.type === 'type_identifier');
  if (!typeNode) return undefined;
  const next = typeNode.nextNamedSibling;
  const args = next?.type === 'type_arguments' ? namedChildren(next).map((c) => c.text) : [];
  return { name: typeNode.text, args };
}

export function typeBefore(list: SyntaxNode): TypeRef | undefined {
  const parts: SyntaxNode[] = [];
  for (
    let prev = list.previousNamedSibling;
    prev && TYPE_PARTS.has(prev.type);
    prev = prev.previousNamedSibling
  ) {
    parts.unshift(prev);
  }
  return typeOf(parts);
}

export function classNameNode(node: SyntaxNode): SyntaxNode | undefined {
  return node.childForFieldName('name') ?? namedChildren(node).find((c) => c.type === 'identifier');
}

/** Annotation names written before a class or member: `@phi`, `@PHI()`, `@Entity()`. */
export function annotationsOf(node: SyntaxNode): string[] {
  const names: string[] = [];
  const readName = (annotation: SyntaxNode) => {
    const id = namedChildren(annotation).find(
      (c) => c.type === 'identifier' || c.type === 'scoped_identifier',
    );
    if (id) names.push(id.text.split('.').pop() ?? id.text);
  };
  for (const child of namedChildren(node)) {
    if (child.type === 'annotation' || child.type === 'marker_annotation') readName(child);
  }
  for (let prev = node.previousNamedSibling; prev; prev = prev.previousNamedSibling) {
    if (prev.type !== 'annotation' && prev.type !== 'marker_annotation') break;
    readName(prev);
  }
  return names;
}

export function findDescendant(root: SyntaxNode, type: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  walk(root, (node) => {
    if (found) return false;
    if (node.type === type && node.id !== root.id) found = node;
    return undefined;
  });
  return found;
}

/** Resolves the loop variable of a `for` statement: a declared local or the name before `in`. */
export function resolveInFor(node: SyntaxNode, name: string): Binding | undefined {
  const parts = namedChildren(node).find((c) => c.type === 'for_loop_parts');
  if (!parts) return undefined;
  const children = namedChildren(parts);
  const declaration = children.find((c) => c.type === 'local_variable_declaration');
  if (declaration) {
    const variable = localVariables(declaration).find((v) => v.name === name);
    return variable ? { kind: 'variable', field: variable, scope: node, local: true } : undefined;
  }
  // Each read of `children` builds a new list, so the `in` keyword is looked up once.
  const inKeyword = parts.children.find((c) => c?.type === 'in');
  const inStart = inKeyword?.startIndex ?? 0;
  const nameNode = children.find((c) => c.type === 'identifier' && c.startIndex < inStart);
  if (!inKeyword || !nameNode || nameNode.text !== name) return undefined;
  const iterable = children.filter((c) => c.startIndex > inStart);
  return { kind: 'loop', nameNode, iterable, type: typeOf(children) };
}
