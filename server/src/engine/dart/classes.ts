import type { DartFile } from './model';
import { descendantsOfType, namedChildren, type SyntaxNode } from './syntax';

/** A method of a Dart class: its name and its body (undefined for abstract members). */
export interface DartMethod {
  name: string;
  nameNode: SyntaxNode;
  signature: SyntaxNode;
  body?: SyntaxNode;
}

/** A class declaration with the parts the rules read: names, supertype, members. */
export interface DartClass {
  name: string;
  nameNode: SyntaxNode;
  node: SyntaxNode;
  /** The class after `extends`, such as `State` or `StatelessWidget`. */
  superclass?: string;
  /** Type arguments of the superclass, such as `PatientScreen` in `State<PatientScreen>`. */
  superTypeArguments: string[];
  annotations: SyntaxNode[];
  methods: Map<string, DartMethod>;
  /** Field name to the type names of its declaration, such as `results` to `List, LabResult`. */
  fields: Map<string, string[]>;
}

/** Lists the classes declared at the top level of a file, once per parsed version. */
export function classesIn(dart: DartFile): DartClass[] {
  let classes = cache.get(dart);
  if (!classes) {
    classes = namedChildren(dart.root)
      .filter((node) => node.type === 'class_definition')
      .map(readClass)
      .filter((c): c is DartClass => c !== undefined);
    cache.set(dart, classes);
  }
  return classes;
}

const cache = new WeakMap<DartFile, DartClass[]>();

function readClass(node: SyntaxNode): DartClass | undefined {
  const nameNode =
    node.childForFieldName('name') ?? namedChildren(node).find((c) => c.type === 'identifier');
  if (!nameNode) return undefined;
  const superclassNode = namedChildren(node).find((c) => c.type === 'superclass');
  const superType = superclassNode
    ? namedChildren(superclassNode).find((c) => c.type === 'type_identifier')
    : undefined;
  const typeArguments = superType?.nextNamedSibling?.type === 'type_arguments'
    ? namedChildren(superType.nextNamedSibling).filter((c) => c.type === 'type_identifier')
    : [];
  const body = namedChildren(node).find((c) => c.type === 'class_body');
  return {
    name: nameNode.text,
    nameNode,
    node,
    superclass: superType?.text,
    superTypeArguments: typeArguments.map((t) => t.text),
    annotations: namedChildren(node).filter((c) => c.type === 'annotation'),
    methods: body ? readMethods(body) : new Map(),
    fields: body ? readFields(body) : new Map(),
  };
}

/**
 * Pairs each member signature with the `function_body` that follows it; the grammar keeps the
 * two as siblings inside the class body.
 */
function readMethods(body: SyntaxNode): Map<string, DartMethod> {
  const methods = new Map<string, DartMethod>();
  for (const member of namedChildren(body)) {
    if (member.type !== 'method_signature' && member.type !== 'declaration') continue;
    const signature = descendantsOfType(member, [
      'function_signature',
      'getter_signature',
      'setter_signature',
    ])[0];
    const nameNode = signature?.childForFieldName('name')
      ?? (signature ? namedChildren(signature).find((c) => c.type === 'identifier') : undefined);
    if (!signature || !nameNode) continue;
    const next = member.nextNamedSibling;
    const bodyNode = next?.type === 'function_body' ? next : undefined;
    methods.set(nameNode.text, { name: nameNode.text, nameNode, signature, body: bodyNode });
  }
  return methods;
}

/** Nodes whose first identifier is a declared field name. */
const FIELD_HOLDERS = new Set(['initialized_identifier', 'static_final_declaration']);

function readFields(body: SyntaxNode): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const member of namedChildren(body)) {
    if (member.type !== 'declaration') continue;
    const list = namedChildren(member).find((c) =>
      ['initialized_identifier_list', 'static_final_declaration_list'].includes(c.type),
    );
    if (!list) continue;
    const types = namedChildren(member)
      .filter((c) => c !== list)
      .flatMap((c) => descendantsOfType(c, 'type_identifier'))
      .map((t) => t.text);
    for (const id of descendantsOfType(list, 'identifier')) {
      const holder = id.parent;
      if (!holder || !FIELD_HOLDERS.has(holder.type)) continue;
      if (holder.namedChildren[0]?.id === id.id) fields.set(id.text, types);
    }
  }
  return fields;
}

/** Finds the class whose declaration contains the offset. */
export function enclosingClass(classes: DartClass[], offset: number): DartClass | undefined {
  return classes.find((c) => c.node.startIndex <= offset && offset < c.node.endIndex);
}

/** The method of a class whose signature or body contains the offset. */
export function enclosingMethod(owner: DartClass, offset: number): DartMethod | undefined {
  for (const method of owner.methods.values()) {
    const start = method.signature.startIndex;
    const end = method.body?.endIndex ?? method.signature.endIndex;
    if (start <= offset && offset < end) return method;
  }
  return undefined;
}

/** The top-level function (its name and body) that contains the offset. */
export function enclosingTopLevelFunction(
  root: SyntaxNode,
  offset: number,
): { name: string; body: SyntaxNode } | undefined {
  for (const child of namedChildren(root)) {
    if (child.type !== 'function_body') continue;
    if (offset < child.startIndex || offset >= child.endIndex) continue;
    const signature = child.previousNamedSibling;
    const name = signature?.type === 'function_signature'
      ? signature.childForFieldName('name')
      : undefined;
    return { name: name?.text ?? '', body: child };
  }
  return undefined;
}
