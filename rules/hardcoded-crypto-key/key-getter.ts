import type { DartFile } from '../../server/src/engine/dart/model';
import {
  descendantsOfType,
  type CallSite,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import { inAsyncBody } from '../../server/src/engine/fixes/dart-rewrite';
import {
  bindingDeclaredBy,
  findBinding,
  usesOf,
  type Binding,
} from '../../server/src/engine/dart/values';
import type { TextEdit } from '../../server/src/engine/types';

/** Nodes that may precede the declarator list of a top-level variable in the same statement. */
const TOP_LEVEL_PREFIX = new Set([
  'final_builtin',
  'const_builtin',
  'type_identifier',
  'type_arguments',
  'nullable_type',
  '.',
  '?',
]);
const DECLARATORS = new Set(['static_final_declaration', 'initialized_identifier']);

/** The text of a variable declaration statement and its facts. */
interface Declaration {
  start: number;
  end: number;
  isStatic: boolean;
  isFinal: boolean;
}

/**
 * Turns `final _key = Key.fromUtf8('...');` into `Future<Key> get _key async => <expression>;`
 * and every use of `_key` into `await _key`. Only a private top-level or field `final` qualifies,
 * because other libraries cannot name it, and only when every use sits in an async function.
 * Returns undefined when the call is not such an initializer.
 */
export function getterRewrite(
  file: DartFile,
  call: CallSite,
  className: string,
  expression: string,
): TextEdit[] | undefined {
  const declarator = initializedDeclarator(call);
  const nameNode = declarator?.namedChildren.find((child) => child?.type === 'identifier');
  const binding = nameNode ? bindingDeclaredBy(nameNode) : undefined;
  const declaration = declarator ? declarationOf(declarator) : undefined;
  if (!binding || !declaration?.isFinal || !isPrivateAndTracked(file, binding)) return undefined;
  const uses = usesOf(binding);
  if (!uses.every((use) => inAsyncBody(use) && use.parent?.type !== 'template_substitution')) {
    return undefined;
  }
  const modifier = declaration.isStatic ? 'static ' : '';
  const getter = `${modifier}Future<${className}> get ${binding.name} async => ${expression};`;
  return [
    { range: file.source.rangeOf(declaration.start, declaration.end), newText: getter },
    ...uses.map((use) => awaitedUse(file, use)),
  ];
}

/**
 * Deletes the private constant that held the key material, such as `const _raw = '...';` in
 * `Key.fromBase64(_raw)`, when the replaced call was its only use. Otherwise the secret would
 * stay in the source.
 */
export function unusedKeyConstant(file: DartFile, call: CallSite): TextEdit[] {
  const nodes = call.args.positional[0]?.nodes ?? [];
  if (nodes.length !== 1 || nodes[0].type !== 'identifier') return [];
  const binding = findBinding(nodes[0]);
  if (!binding || binding.scope === 'local' || binding.scope === 'parameter') return [];
  if (!isPrivateAndTracked(file, binding)) return [];
  const uses = usesOf(binding);
  if (uses.some((use) => use.startIndex < call.startIndex || use.endIndex > call.endIndex)) {
    return [];
  }
  const declaration = declarationOf(binding.nameNode.parent!);
  if (!declaration) return [];
  const lineEnd = file.text.indexOf('\n', declaration.end);
  const end = lineEnd === -1 ? declaration.end : lineEnd + 1;
  const start = file.text.lastIndexOf('\n', declaration.start - 1) + 1;
  return [{ range: file.source.rangeOf(start, end), newText: '' }];
}

/** Finds the declarator whose whole initializer is `call`. */
function initializedDeclarator(call: CallSite): SyntaxNode | undefined {
  for (let at: SyntaxNode | null = call.nameNode.parent; at; at = at.parent) {
    if (!DECLARATORS.has(at.type)) continue;
    const last = at.lastChild;
    return last?.endIndex === call.endIndex ? at : undefined;
  }
  return undefined;
}

/**
 * True when the name is private to the library and every occurrence of it in the file is a use
 * that {@link usesOf} lists, so no `this._key` or named argument would be left unchanged.
 * A library with `part` files is left alone, because its other parts may use the name.
 */
function isPrivateAndTracked(file: DartFile, binding: Binding): boolean {
  if (!binding.name.startsWith('_') || binding.reassigned) return false;
  if (descendantsOfType(file.root, ['part_directive', 'part_of_directive']).length > 0) {
    return false;
  }
  const occurrences = descendantsOfType(file.root, 'identifier').filter(
    (node) => node.text === binding.name,
  );
  return occurrences.length === usesOf(binding).length + 1;
}

/** Finds the statement of a single-variable declaration, from its first modifier to `;`. */
function declarationOf(declarator: SyntaxNode): Declaration | undefined {
  const list = declarator.parent;
  if (!list || list.namedChildren.length !== 1) return undefined;
  const holder = list.parent;
  if (holder?.type === 'declaration') {
    const next = holder.nextSibling;
    const end = next?.type === ';' ? next.endIndex : holder.endIndex;
    return { start: holder.startIndex, end, ...modifiers(holder.children) };
  }
  if (holder?.type !== 'program') return undefined;
  const prefix: SyntaxNode[] = [];
  let at = list.previousSibling;
  while (at && TOP_LEVEL_PREFIX.has(at.type)) {
    prefix.unshift(at);
    at = at.previousSibling;
  }
  const next = list.nextSibling;
  if (next?.type !== ';') return undefined;
  const start = prefix[0]?.startIndex ?? list.startIndex;
  return { start, end: next.endIndex, ...modifiers(prefix) };
}

function modifiers(
  nodes: ReadonlyArray<SyntaxNode | null>,
): { isStatic: boolean; isFinal: boolean } {
  const types = nodes.map((node) => node?.type);
  return { isStatic: types.includes('static'), isFinal: types.includes('final_builtin') };
}

/** Writes `await _key`, bracketed when selectors or a cascade follow the name. */
function awaitedUse(file: DartFile, use: SyntaxNode): TextEdit {
  const next = use.nextSibling;
  const chained = next?.type === 'selector' || next?.type === 'cascade_section';
  const text = chained ? `(await ${use.text})` : `await ${use.text}`;
  return { range: file.source.rangeOf(use.startIndex, use.endIndex), newText: text };
}
