import { readStringLiteral } from '../../server/src/engine/dart/strings';
import { namedChildren, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import { bindingDeclaredBy, usesOf } from '../../server/src/engine/dart/values';

/** Header names whose value is a public nonce that only has to differ between requests. */
const NONCE_HEADERS = new Set(['sec-websocket-key']);

/**
 * True when the variable declared at `nameNode` only ever becomes the value of a WebSocket
 * handshake header (`headers.add('Sec-WebSocket-Key', key)` or `{'Sec-WebSocket-Key': key}`).
 * RFC 6455 sends that nonce in clear text and uses it only to prove the server read the
 * request, so a predictable value weakens nothing even though the variable is named `key`.
 */
export function onlyHandshakeNonce(nameNode: SyntaxNode): boolean {
  const binding = bindingDeclaredBy(nameNode);
  if (!binding) return false;
  const uses = usesOf(binding);
  return uses.length > 0 && uses.every(isNonceHeaderValue);
}

function isNonceHeaderValue(use: SyntaxNode): boolean {
  for (let node = use.parent; node; node = node.parent) {
    if (node.type === 'arguments') return headerName(namedChildren(node)[0]);
    if (node.type === 'pair') return headerName(namedChildren(node)[0]);
    if (node.type.endsWith('_statement') || node.type === 'function_body') return false;
  }
  return false;
}

function headerName(node: SyntaxNode | undefined): boolean {
  const literal = node?.type === 'string_literal' ? node : node?.namedChildren[0];
  if (!literal || literal.type !== 'string_literal') return false;
  const value = readStringLiteral(literal).constant;
  return value !== undefined && NONCE_HEADERS.has(value.toLowerCase());
}
