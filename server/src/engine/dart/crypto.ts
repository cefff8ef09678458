import type { RelatedInformation } from '../types';
import type { DartFile } from './model';
import { findSymbolUses, namesReferTo, type SymbolUse } from './symbols';
import {
  leadingNames,
  namedChildren,
  segmentsOf,
  type CallSite,
  type Expr,
  type SyntaxNode,
} from './syntax';
import { bindingDeclaredBy, findBinding, usesOf, valueSource, type Binding } from './values';

/**
 * Knowledge of Dart crypto packages shared by the crypto rules: the AES modes of `encrypt` and
 * the Encrypter that ties an IV to a cipher, pointycastle's registry names, and the symbols of
 * `package:cryptography` and `package:crypto` that matter.
 */

export const ENCRYPT = ['encrypt'];
export const POINTYCASTLE = ['pointycastle'];
export const CRYPTOGRAPHY = ['cryptography'];
export const HASHES = ['crypto'];

/** AESMode values of `package:encrypt`. */
const AES_MODES = ['cbc', 'cfb64', 'ctr', 'ecb', 'ofb64Gctr', 'ofb64', 'sic', 'gcm'] as const;

export type EncryptAesMode = (typeof AES_MODES)[number];

/** Readable names for messages. */
export const MODE_LABELS: Record<EncryptAesMode, string> = {
  cbc: 'CBC',
  cfb64: 'CFB-64',
  ctr: 'CTR',
  ecb: 'ECB',
  ofb64Gctr: 'OFB-64/GCTR',
  ofb64: 'OFB-64',
  sic: 'SIC (CTR)',
  gcm: 'GCM',
};

/** One `AES(key, mode: ...)` of `package:encrypt`. */
export interface EncryptAes {
  use: SymbolUse;
  call: CallSite;
  /** Undefined when the mode is an expression the rule cannot follow. */
  mode?: EncryptAesMode;
  /** True when the call passes no `mode`, so the package default `AESMode.sic` applies. */
  defaultMode: boolean;
  /** The `mode:` argument, when there is one. */
  modeNode?: SyntaxNode;
}

/** Finds every `AES(...)` construction of `package:encrypt` in the file. */
export function encryptAesCalls(file: DartFile): EncryptAes[] {
  const found: EncryptAes[] = [];
  for (const use of findSymbolUses(file, ENCRYPT, ['AES'])) {
    if (!use.call) continue;
    const modeArg = use.call.args.named.get('mode');
    const mode = modeArg ? resolveAesMode(file, modeArg.expr) : 'sic';
    found.push({ use, call: use.call, mode, defaultMode: !modeArg, modeNode: modeArg?.node });
  }
  return found;
}

/** Reads `AESMode.cbc`, `enc.AESMode.cbc` or a name whose initializer is one of them. */
export function resolveAesMode(file: DartFile, expr: Expr, depth = 0): EncryptAesMode | undefined {
  const names = leadingNames(segmentsOf(expr));
  const last = names[names.length - 1] as EncryptAesMode;
  if (AES_MODES.includes(last) && namesReferTo(file, names, ENCRYPT, `AESMode.${last}`)) {
    return last;
  }
  if (expr.nodes.length !== 1 || expr.nodes[0].type !== 'identifier' || depth > 3) return undefined;
  const binding = findBinding(expr.nodes[0]);
  if (!binding?.init || binding.reassigned) return undefined;
  return resolveAesMode(file, binding.init, depth + 1);
}

/** Names of Encrypter methods that encrypt. */
export const ENCRYPT_METHODS = new Set(['encrypt', 'encryptBytes', 'encrypt64']);

/**
 * Finds the `AES(...)` behind an `encrypter.encrypt(...)` call, either written in the same chain
 * (`Encrypter(AES(k)).encrypt(...)`) or in the initializer of the receiver variable or field.
 */
export function aesOfEncryptCall(
  file: DartFile,
  call: CallSite,
  aesCalls: EncryptAes[],
): EncryptAes | undefined {
  const inline = call.receiver.find((s) => s.kind === 'call');
  if (inline && inline.kind === 'call') {
    return aesFromEncrypterArgs(file, inline.args.positional[0], aesCalls);
  }
  const receiver = receiverName(call.nameNode);
  if (!receiver) return undefined;
  const binding = findBinding(receiver);
  if (!binding?.init) return undefined;
  const segments = segmentsOf(binding.init);
  const encrypterCall = segments.find((s) => s.kind === 'call');
  if (!encrypterCall || encrypterCall.kind !== 'call') return undefined;
  const names = leadingNames(segments);
  if (!namesReferTo(file, names, ENCRYPT, 'Encrypter')) return undefined;
  return aesFromEncrypterArgs(file, encrypterCall.args.positional[0], aesCalls);
}

function aesFromEncrypterArgs(
  file: DartFile,
  algorithm: Expr | undefined,
  aesCalls: EncryptAes[],
): EncryptAes | undefined {
  if (!algorithm) return undefined;
  const direct = aesCalls.find((a) => a.use.names.startIndex === algorithm.startIndex);
  if (direct) return direct;
  const first = algorithm.nodes[0];
  if (algorithm.nodes.length !== 1 || first.type !== 'identifier') return undefined;
  const binding = findBinding(first);
  if (!binding?.init) return undefined;
  return aesCalls.find((a) => a.use.names.startIndex === binding.init!.startIndex);
}

/** Returns the identifier just before a called member name: `e` in `e.encrypt(...)`. */
export function receiverName(nameNode: SyntaxNode): SyntaxNode | undefined {
  let part: SyntaxNode | null = nameNode;
  if (part.parent?.type.endsWith('assignable_selector')) part = part.parent.parent;
  const previous = part?.previousNamedSibling;
  if (!previous) return undefined;
  if (previous.type === 'identifier') return previous;
  if (previous.type !== 'selector') return undefined;
  const inner = namedChildren(previous)[0];
  return inner ? namedChildren(inner).find((c) => c.type === 'identifier') : undefined;
}

/** An Encrypter call that passes `iv:` and the `AES(...)` it runs, when known. */
export interface IvUse {
  call: CallSite;
  aes?: EncryptAes;
}

/**
 * Finds the encrypt calls that receive the IV built by the expression starting at `ivStart`,
 * directly as the `iv:` argument or through the variable or field that the expression
 * initializes.
 */
export function encryptionsUsingIv(
  file: DartFile,
  ivStart: number,
  calls: CallSite[],
  aesCalls: EncryptAes[],
): IvUse[] {
  const direct = calls.filter((c) => ivArgument(c)?.startIndex === ivStart);
  if (direct.length > 0) return direct.map((call) => ivUse(file, call, aesCalls));
  const binding = bindingInitializedAt(file, ivStart);
  if (!binding) return [];
  const names = new Set(usesOf(binding).map((n) => n.startIndex));
  return calls
    .filter((c) => {
      const arg = ivArgument(c);
      return arg !== undefined && arg.nodes.length === 1 && names.has(arg.startIndex);
    })
    .map((call) => ivUse(file, call, aesCalls));
}

function ivUse(file: DartFile, call: CallSite, aesCalls: EncryptAes[]): IvUse {
  return { call, aes: aesOfEncryptCall(file, call, aesCalls) };
}

/** Returns the `iv:` argument of an Encrypter encrypt call. */
export function ivArgument(call: CallSite): Expr | undefined {
  const method = call.callee[call.callee.length - 1];
  if (!ENCRYPT_METHODS.has(method)) return undefined;
  return call.args.named.get('iv')?.expr;
}

/** Finds the variable or field whose initializer starts at `start`. */
export function bindingInitializedAt(file: DartFile, start: number): Binding | undefined {
  let node: SyntaxNode | null = file.root.descendantForIndex(start);
  for (; node; node = node.parent) {
    if (!DECLARATORS.has(node.type)) continue;
    const name = namedChildren(node).find((c) => c.type === 'identifier');
    if (name?.nextNamedSibling?.startIndex !== start) return undefined;
    return bindingDeclaredBy(name);
  }
  return undefined;
}

const DECLARATORS = new Set([
  'initialized_variable_definition',
  'static_final_declaration',
  'initialized_identifier',
]);

/**
 * Compares two pub versions by major, minor and patch; a pre-release sorts before its release.
 * Returns undefined when either version cannot be read.
 */
export function compareVersions(a: string, b: string): number | undefined {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)(-[^+]*)?/.exec(v.trim());
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return undefined;
  for (let i = 1; i <= 3; i++) {
    const diff = Number(left[i]) - Number(right[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  if (left[4] && !right[4]) return -1;
  if (!left[4] && right[4]) return 1;
  return 0;
}

/**
 * Returns the names of a symbol use as written, prefix included, such as `enc.IV.fromLength` or
 * `Random`, without a leading `new` or `const` and without line breaks or spaces around dots.
 */
export function writtenName(file: DartFile, use: SymbolUse): string {
  const text = file.text.slice(use.names.startIndex, use.names.endIndex);
  return text
    .replace(/^(new|const)\s+/, '')
    .replace(/\s*\.\s*/g, '.')
    .replace(/\s+/g, ' ');
}

/** Related information as offsets in the same file, turned into ranges when reported. */
export interface OffsetNote {
  start: number;
  end: number;
  message: string;
}

export function toRelated(file: DartFile, notes: OffsetNote[]): RelatedInformation[] {
  return notes.map((note) => ({
    path: file.path,
    range: file.source.rangeOf(note.start, note.end),
    message: note.message,
  }));
}

/** Notes that point at each variable a value was followed through. */
export function viaNotes(via: Binding[]): OffsetNote[] {
  return via.map((binding) => ({
    start: binding.nameNode.startIndex,
    end: binding.nameNode.endIndex,
    message: `The value comes from the declaration of ${binding.name}.`,
  }));
}

/** Pointycastle engines of ciphers that are broken or have 64-bit blocks. */
export const WEAK_ENGINES = ['DESedeEngine', 'DESEngine', 'BlowfishEngine', 'RC4Engine'];

/** A pointycastle registry name such as `AES/CBC/PKCS7`, split into its parts. */
export interface RegistryName {
  name: string;
  algorithm: string;
  mode?: string;
  padding?: string;
}

/** Reads the registry name passed to `BlockCipher('AES/CBC')` and similar factories. */
export function registryCipher(file: DartFile, call: CallSite): RegistryName | undefined {
  const source = valueSource(file, call.args.positional[0]);
  if (source.kind !== 'literal' || source.text === undefined) return undefined;
  const [algorithm, mode, padding] = source.text.split('/');
  return { name: source.text, algorithm, mode, padding };
}

/** Constructors whose argument becomes a key, IV or nonce. */
export const KEY_MATERIAL_SYMBOLS: Array<{ libraries: string[]; symbols: string[] }> = [
  { libraries: ENCRYPT, symbols: ['IV', 'Key'] },
  { libraries: CRYPTOGRAPHY, symbols: ['Nonce', 'SecretKey', 'SecretKeyData', 'SecretBox'] },
  { libraries: POINTYCASTLE, symbols: ['KeyParameter', 'ParametersWithIV', 'AEADParameters'] },
];
