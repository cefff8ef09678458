import type { DartFile } from '../../server/src/engine/dart/model';
import type { SyntaxNode } from '../../server/src/engine/dart/syntax';
import { findSymbolUses } from '../../server/src/engine/dart/symbols';
import {
  CRYPTOGRAPHY,
  HASHES,
  POINTYCASTLE,
  registryCipher,
} from '../../server/src/engine/dart/crypto';

/**
 * Encrypt-then-MAC: a class or top-level function that builds an HMAC next to its cipher is
 * taken to authenticate the ciphertext. The rule cannot check that the MAC covers the IV and
 * the ciphertext and is verified before decrypting, and the README states that limit.
 */

/** Start offsets of the classes and top-level functions that create an HMAC. */
export function macRanges(file: DartFile): Set<number> {
  const scopes = new Set<number>();
  const uses = [
    ...findSymbolUses(file, HASHES, ['Hmac']),
    ...findSymbolUses(file, POINTYCASTLE, ['HMac']),
    ...findSymbolUses(file, CRYPTOGRAPHY, ['Hmac', 'Hmac.sha256', 'Hmac.sha384', 'Hmac.sha512']),
  ];
  for (const use of uses) {
    if (use.call) scopes.add(enclosingUnit(use.nameNode)?.startIndex ?? -1);
  }
  for (const use of findSymbolUses(file, POINTYCASTLE, ['Mac'])) {
    const spec = use.call ? registryCipher(file, use.call) : undefined;
    if (spec?.name.endsWith('/HMAC')) scopes.add(enclosingUnit(use.nameNode)?.startIndex ?? -1);
  }
  return scopes;
}

/** Whether the class or top-level function around `node` creates an HMAC. */
export function inMacScope(node: SyntaxNode, scopes: Set<number>): boolean {
  const unit = enclosingUnit(node);
  return unit !== undefined && scopes.has(unit.startIndex);
}

/** The class, or the body of the top-level function, that contains a node. */
function enclosingUnit(node: SyntaxNode): SyntaxNode | undefined {
  let topLevel: SyntaxNode | undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition' || current.type === 'mixin_declaration') return current;
    if (current.parent?.type === 'program') topLevel = current;
  }
  return topLevel;
}
