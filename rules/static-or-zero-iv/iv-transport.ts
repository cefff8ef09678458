import type { DartFile } from '../../server/src/engine/dart/model';
import {
  bindingInitializedAt,
  encryptionsUsingIv,
  type EncryptAes,
} from '../../server/src/engine/dart/crypto';
import type { SymbolUse } from '../../server/src/engine/dart/symbols';
import type { CallSite, SyntaxNode } from '../../server/src/engine/dart/syntax';
import { usesOf, type Binding } from '../../server/src/engine/dart/values';
import { callContainer } from '../../server/src/engine/fixes/dart-rewrite';
import type { TextEdit } from '../../server/src/engine/types';

const DECRYPT_METHODS = new Set(['decrypt', 'decrypt64', 'decryptBytes']);

/** The route by which a random IV reaches the reader of the ciphertext. */
export type IvTransport =
  /** The IV is shared or used to decrypt, so a random IV would break decryption. */
  | { kind: 'blocked' }
  /** The code already stores the IV: it uses the IV variable for more than `iv:`. */
  | { kind: 'stored' }
  /** The fix prepends the IV to each returned ciphertext: `'${iv.base64}:${...}'`. */
  | { kind: 'prepended'; edits: TextEdit[] }
  /** The fix cannot see where the ciphertext goes, so the IV must be stored by hand. */
  | { kind: 'unseen' };

/**
 * Decides how the IV built by `use` can travel with its ciphertext once it is random. Only an IV
 * created for one message qualifies: written inline in the encrypt call or held in a local
 * variable. A field or top-level IV is shared by every message, and an IV passed to a decrypt
 * call must come from the stored data, so both are blocked.
 */
export function ivTransport(
  file: DartFile,
  use: SymbolUse,
  calls: CallSite[],
  aes: EncryptAes[],
): IvTransport {
  if (calls.some((call) => isDecryptWithIvAt(call, use.names.startIndex))) {
    return { kind: 'blocked' };
  }
  const binding = bindingInitializedAt(file, use.names.startIndex);
  if (binding && binding.scope !== 'local') return { kind: 'blocked' };
  const names = binding ? usesOf(binding) : [];
  if (names.some((name) => isDecryptIv(name))) return { kind: 'blocked' };
  const encryptions = encryptionsUsingIv(file, use.names.startIndex, calls, aes);
  if (encryptions.length === 0) return { kind: 'unseen' };
  if (!binding) return { kind: 'unseen' };
  if (names.some((name) => !isIvArgument(name))) return { kind: 'stored' };
  const edits = encryptions.map((encryption) => prependedReturn(file, encryption.call, binding));
  if (edits.some((edit) => edit === undefined)) return { kind: 'unseen' };
  return { kind: 'prepended', edits: edits as TextEdit[] };
}

function isDecryptWithIvAt(call: CallSite, start: number): boolean {
  const method = call.callee[call.callee.length - 1];
  return DECRYPT_METHODS.has(method) && call.args.named.get('iv')?.expr.startIndex === start;
}

/** True when `name` is the `iv:` argument of a decrypt call. */
function isDecryptIv(name: SyntaxNode): boolean {
  const call = ivArgumentCall(name);
  const method = call ? methodBefore(call) : undefined;
  return method !== undefined && DECRYPT_METHODS.has(method);
}

function isIvArgument(name: SyntaxNode): boolean {
  return ivArgumentCall(name) !== undefined;
}

/** Returns the `arguments` node when `name` is exactly the value of an `iv:` argument. */
function ivArgumentCall(name: SyntaxNode): SyntaxNode | undefined {
  const named = name.parent;
  if (named?.type !== 'named_argument' || named.lastNamedChild?.id !== name.id) return undefined;
  const label = named.namedChildren[0]?.namedChildren[0];
  if (label?.text !== 'iv') return undefined;
  return named.parent?.type === 'arguments' ? named.parent : undefined;
}

/** Returns the method name written before an argument list: `decrypt64` in `e.decrypt64(...)`. */
function methodBefore(argumentsNode: SyntaxNode): string | undefined {
  const selector = argumentsNode.parent?.parent;
  const previous = selector?.previousNamedSibling;
  const name = previous?.namedChildren[0]?.namedChildren[0];
  if (name?.type === 'identifier') return name.text;
  return previous?.type === 'identifier' ? previous.text : undefined;
}

/**
 * Rewrites `return e.encrypt(x, iv: iv).base64;` (or the same after `=>`) so the returned text
 * is `'<IV base64>:<ciphertext base64>'`. Base64 never contains `:`, so a reader can split the
 * text. Returns undefined when the ciphertext goes anywhere else.
 */
function prependedReturn(file: DartFile, call: CallSite, iv: Binding): TextEdit | undefined {
  const container = callContainer(call);
  if (container?.type !== 'return_statement' && container?.type !== 'function_body') {
    return undefined;
  }
  const after = container.namedChildren.filter(
    (child) => child && child.startIndex >= call.endIndex,
  );
  if (after.length !== 1 || after[0]?.text.replace(/\s/g, '') !== '.base64') return undefined;
  const end = after[0].endIndex;
  const ciphertext = file.text.slice(call.startIndex, end);
  return {
    range: file.source.rangeOf(call.startIndex, end),
    newText: `'\${${iv.name}.base64}:\${${ciphertext}}'`,
  };
}
