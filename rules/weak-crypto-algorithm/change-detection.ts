import type { DartFile } from '../../server/src/engine/dart/model';
import {
  descendantsOfType,
  namedChildren,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import { contextNames, type ContextName } from '../../server/src/engine/dart/usage-context';
import { bindingDeclaredBy, usesOf } from '../../server/src/engine/dart/values';

/** Name words marking a digest that only detects whether downloaded content changed. */
export const CHANGE_WORDS = ['changed', 'unchanged', 'modified', 'stale', 'outdated', 'refresh'];

const WRITE_CALL = /^(set|put|write|save|store)/;
const READ_CALL = /^(get|read|load)/;

/**
 * True when the digest that starts at `node` is stored under a key (`setString(prefHash,
 * digest)`) that the same file reads back and compares (`getString(prefHash) == fresh`): the
 * digest detects that downloaded content changed, so a collision costs at most a stale cache.
 */
export function storedForComparison(file: DartFile, node: SyntaxNode): boolean {
  const keys = storageKeys(node);
  if (keys.size === 0) return false;
  return descendantsOfType(file.root, 'identifier').some(
    (id) => keys.has(id.text) && readThenCompared(id),
  );
}

/** Identifiers passed next to the digest to a storage write, through one variable. */
function storageKeys(node: SyntaxNode): Set<string> {
  const keys = new Set<string>();
  const visit = (contexts: ContextName[]) => {
    const write = contexts.find((c) => c.kind === 'call' && WRITE_CALL.test(c.name));
    const key = write ? namedChildren(write.node)[0] : undefined;
    if (!key || key.type !== 'argument' || descendantsOfType(key, 'arguments').length > 0) return;
    const names = descendantsOfType(key, 'identifier');
    if (names.length > 0) keys.add(names[names.length - 1].text);
  };
  const contexts = contextNames(node);
  visit(contexts);
  const variable = contexts.find((c) => c.kind === 'variable');
  const binding = variable ? bindingDeclaredBy(variable.node) : undefined;
  for (const use of binding ? usesOf(binding) : []) visit(contextNames(use));
  return keys;
}

/** `key` is the first argument of a read whose value meets `==` or `!=`, directly or later. */
function readThenCompared(key: SyntaxNode): boolean {
  const contexts = contextNames(key);
  const read = contexts[0];
  if (read?.kind !== 'call' || !READ_CALL.test(read.name)) return false;
  if (namedChildren(read.node)[0]?.text !== key.text) return false;
  if (insideEquality(read.node)) return true;
  const variable = contexts.find((c) => c.kind === 'variable');
  const binding = variable ? bindingDeclaredBy(variable.node) : undefined;
  return binding ? usesOf(binding).some(insideEquality) : false;
}

function insideEquality(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.type === 'equality_expression') return true;
    if (up.type.endsWith('_statement') || up.type === 'function_body') return false;
  }
  return false;
}
