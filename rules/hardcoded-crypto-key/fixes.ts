import type { DartFile } from '../../server/src/engine/dart/model';
import type { CallSite, SyntaxNode } from '../../server/src/engine/dart/syntax';
import { addImport } from '../../server/src/engine/fixes/dart-imports';
import {
  callRange,
  dartStringLiteral,
  inAsyncBody,
  nodesText,
} from '../../server/src/engine/fixes/dart-rewrite';
import { vaultChanges } from '../../server/src/engine/fixes/vault';
import { valueSource } from '../../server/src/engine/dart/values';
import { nameWords } from '../../server/src/engine/phi/classifier';
import type { RuleContext } from '../../server/src/engine/rule-api';
import type { Fix, TextEdit } from '../../server/src/engine/types';
import { getterRewrite, unusedKeyConstant } from './key-getter';
import { keyLength } from './key-length';

export const VAULT_KEY_TITLE = 'Replace the key with a random key from PhiVault';

/** A key constructor call that the fix can replace, with its symbol and its name as written. */
export interface KeyCall {
  call: CallSite;
  /** The constructor without import prefix: `Key.fromUtf8`, `SecretKey`. */
  symbol: string;
  /** The constructor as written, prefix included: `enc.Key.fromUtf8`. */
  written: string;
  library: 'encrypt' | 'cryptography';
}

const DECLARATORS = new Set([
  'initialized_variable_definition',
  'static_final_declaration',
  'initialized_identifier',
]);
const FUNCTION_TYPES = new Set(['function_signature', 'method_signature', 'getter_signature']);

/**
 * Builds the fix that replaces a constant key with random bytes that PhiVault creates once and
 * keeps in secure storage. Inside an async function the call is replaced where it is. A private
 * top-level or field `final` becomes an async getter when every use can await it. Returns
 * undefined otherwise, and when the file does not show the key's length. `names` maps the text
 * of a key argument to the secret name given to it, so equal constants in a file share a secret.
 */
export function vaultKeyFix(
  context: RuleContext,
  file: DartFile,
  key: KeyCall,
  names: Map<string, string>,
): Fix | undefined {
  const length = keyLength(file, key.call, key.symbol);
  if (length === undefined || length === 0) return undefined;
  const name = sharedSecretName(file, key, names);
  const expression = keyExpression(key, name, length);
  const placement = inAsyncBody(key.call.nameNode)
    ? [{ range: callRange(file, key.call), newText: expression }]
    : getterRewrite(file, key.call, classOf(key), expression);
  if (!placement) return undefined;
  const vault = vaultChanges(context.project, context.config.helperDirectory, file);
  if (!vault) return undefined;
  const edits = [...placement, ...unusedKeyConstant(file, key.call)];
  edits.push(...importEdits(file, key, vault.importEdit));
  return {
    title: VAULT_KEY_TITLE,
    safe: false,
    changes: [{ kind: 'edit', path: file.path, edits }, ...vault.changes],
  };
}

/** Returns the class the key constructor builds, as written: `enc.Key`, `SecretKey`. */
function classOf(key: KeyCall): string {
  const prefix = key.written.slice(0, key.written.length - key.symbol.length);
  return `${prefix}${key.symbol.split('.')[0]}`;
}

/**
 * Writes the replacement key. package:encrypt's `Key` takes a `Uint8List`, while cryptography's
 * `SecretKey` and `SecretKeyData` take a `List<int>`. The length is stated unless it is the
 * helper's default of 32 bytes.
 */
function keyExpression(key: KeyCall, name: string, length: number): string {
  const lengthArgument = length === 32 ? '' : `, length: ${length}`;
  const bytes = `await PhiVault.secretBytes(${dartStringLiteral(name)}${lengthArgument})`;
  if (key.library === 'encrypt') return `${classOf(key)}(Uint8List.fromList(${bytes}))`;
  return `${classOf(key)}(${bytes})`;
}

/**
 * Lists the helper import and, for package:encrypt, `dart:typed_data`. Two imports that go to
 * the same place become one insertion, `dart:` first, since two insertions at one point would
 * count as overlapping edits.
 */
function importEdits(file: DartFile, key: KeyCall, vaultImport: TextEdit | undefined): TextEdit[] {
  const typedData =
    key.library === 'encrypt' && !file.importsLibrary('dart:typed_data')
      ? addImport(file, 'dart:typed_data')
      : undefined;
  if (!typedData || !vaultImport) return [typedData ?? vaultImport].filter((e) => e !== undefined);
  const samePlace =
    typedData.range.start.line === vaultImport.range.start.line &&
    typedData.range.start.character === vaultImport.range.start.character;
  if (!samePlace) return [typedData, vaultImport];
  return [{ range: vaultImport.range, newText: typedData.newText + vaultImport.newText }];
}

function sharedSecretName(file: DartFile, key: KeyCall, names: Map<string, string>): string {
  const material = keyMaterial(file, key);
  const known = names.get(material);
  if (known) return known;
  const name = secretName(key.call);
  names.set(material, name);
  return name;
}

/**
 * Identifies the constant behind a key: the constructor and the literal that the argument
 * comes from, so two keys built from different variables of the same name stay apart.
 */
function keyMaterial(file: DartFile, key: KeyCall): string {
  const argument = key.call.args.positional[0];
  if (!argument) return key.symbol;
  const source = valueSource(file, argument);
  const text = 'node' in source ? source.node.text : nodesText(file, argument.nodes);
  return `${key.symbol}(${text})`;
}

/**
 * Names the secret after the variable that stores the key, preceded by its class or function
 * for a field or local, else after the enclosing function. Secure storage keeps the secret
 * under this name.
 */
function secretName(call: CallSite): string {
  let variable: string | undefined;
  const owners: string[] = [];
  for (let at: SyntaxNode | null = call.nameNode.parent; at; at = at.parent) {
    if (!variable && DECLARATORS.has(at.type)) variable = declaredName(at);
    if (at.type === 'class_definition') owners.unshift(declaredName(at) ?? '');
    const signature = functionSignatureOf(at);
    if (signature && owners.length === 0) owners.push(signature);
  }
  const words = [...owners, variable ?? 'key'].flatMap(nameWords);
  return words.length > 0 ? words.join('_') : 'key';
}

function declaredName(declarator: SyntaxNode): string | undefined {
  return declarator.namedChildren.find((child) => child?.type === 'identifier')?.text;
}

/** Returns the name of the function whose body `node` is, if it is one. */
function functionSignatureOf(node: SyntaxNode): string | undefined {
  if (node.type !== 'function_body') return undefined;
  let signature = node.previousNamedSibling;
  if (signature?.type === 'method_signature') signature = signature.namedChildren[0] ?? null;
  if (!signature || !FUNCTION_TYPES.has(signature.type)) return undefined;
  return signature.namedChildren.find((child) => child?.type === 'identifier')?.text;
}
