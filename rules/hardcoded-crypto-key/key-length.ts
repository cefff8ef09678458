import type { DartFile } from '../../server/src/engine/dart/model';
import {
  callSites,
  namedChildren,
  type CallSite,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import { valueSource } from '../../server/src/engine/dart/values';

/** Calls that turn a string into the bytes of its UTF-8 (or ASCII) encoding. */
const UTF8_ENCODERS = new Set(['utf8.encode', 'ascii.encode']);
const BASE64_DECODERS = new Set(['base64.decode', 'base64Decode', 'base64Url.decode']);

/**
 * Returns the length in bytes of the constant key that `call` builds, or undefined when the
 * file does not show it. `symbol` is the constructor without import prefix (`Key.fromUtf8`,
 * `SecretKey`). The fix keeps this length, so the cipher keeps its variant (AES-128 or AES-256).
 */
export function keyLength(file: DartFile, call: CallSite, symbol: string): number | undefined {
  const argument = call.args.positional[0];
  if (symbol === 'Key.allZerosOfLength') return integerValue(argument?.nodes[0]?.text);
  const source = valueSource(file, argument);
  if (source.kind === 'zeros' || (source.kind === 'literal' && source.text === undefined)) {
    return source.node.type === 'list_literal' ? listLength(source.node) : undefined;
  }
  if (source.kind !== 'literal' || source.text === undefined) return undefined;
  const encoding = stringEncoding(symbol, argument?.nodes ?? []);
  return encoding ? encodedLength(source.text, encoding) : undefined;
}

type Encoding = 'utf8' | 'base64' | 'hex';

/** Finds how a key constructor reads a string: by its name or by the encoder inside it. */
function stringEncoding(symbol: string, nodes: SyntaxNode[]): Encoding | undefined {
  if (symbol === 'Key.fromUtf8') return 'utf8';
  if (symbol === 'Key.fromBase64') return 'base64';
  if (symbol === 'Key.fromBase16') return 'hex';
  const argument = nodes[0]?.parent;
  const inner = argument ? callSites(argument).map((c) => c.callee.join('.')) : [];
  if (inner.some((name) => UTF8_ENCODERS.has(name))) return 'utf8';
  if (inner.some((name) => BASE64_DECODERS.has(name))) return 'base64';
  return undefined;
}

function encodedLength(text: string, encoding: Encoding): number | undefined {
  if (encoding === 'utf8') return Buffer.byteLength(text, 'utf8');
  if (encoding === 'hex') return text.length % 2 === 0 ? text.length / 2 : undefined;
  return Buffer.from(text, 'base64').length;
}

function listLength(node: SyntaxNode): number {
  const skipped = new Set(['const_builtin', 'comment', 'type_arguments']);
  return namedChildren(node).filter((child) => !skipped.has(child.type)).length;
}

function integerValue(text: string | undefined): number | undefined {
  if (!text || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}
