import type { Severity } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import type { KeyCall } from './fixes';
import type { CallSite, Expr } from '../../server/src/engine/dart/syntax';
import {
  fileCalls,
  findSymbolUses,
  importsAny,
  type SymbolUse,
} from '../../server/src/engine/dart/symbols';
import { valueSource, type ValueSource } from '../../server/src/engine/dart/values';
import {
  CRYPTOGRAPHY,
  ENCRYPT,
  POINTYCASTLE,
  viaNotes,
  writtenName,
  type OffsetNote,
} from '../../server/src/engine/dart/crypto';

/** A finding of this rule before it is turned into ranges. */
export interface KeyFinding {
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  related: OffsetNote[];
  /** Replaces the rule's general explanation in the related information. */
  reason?: string;
  /** The key constructor call that a quick fix may replace. */
  keyCall?: KeyCall;
  /** The sqflite_sqlcipher open whose `password:` a quick fix may replace. */
  passwordCall?: CallSite;
}

/** The reason a `String.fromEnvironment` key is still a hard-coded key. */
export const ENVIRONMENT_REASON =
  'Values from --dart-define are compiled into the app binary, and the value is an empty ' +
  'string when the define is missing at build time.';

/** Hive's cipher takes the raw key; hive_ce is the maintained fork with the same API. */
const HIVE = ['hive', 'hive_ce', 'hive_flutter', 'hive_ce_flutter'];

const KEY_CONSTRUCTORS: Array<{ libraries: string[]; symbols: string[] }> = [
  { libraries: ENCRYPT, symbols: ['Key', 'Key.fromUtf8', 'Key.fromBase64', 'Key.fromBase16'] },
  { libraries: CRYPTOGRAPHY, symbols: ['SecretKey', 'SecretKeyData'] },
  { libraries: POINTYCASTLE, symbols: ['KeyParameter'] },
  { libraries: HIVE, symbols: ['HiveAesCipher'] },
];

/** Keys built from literals, all-zero bytes or compile-time environment values. */
export function keyFindings(file: DartFile): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const { libraries, symbols } of KEY_CONSTRUCTORS) {
    for (const use of findSymbolUses(file, libraries, symbols)) {
      if (!use.call) continue;
      const finding = constantKey(writtenName(file, use), use.call.args.positional[0], file);
      if (finding) found.push({ ...finding, keyCall: keyCallOf(file, use) });
    }
  }
  for (const use of findSymbolUses(file, ENCRYPT, ['Key.allZerosOfLength'])) {
    if (!use.call) continue;
    const message = `${writtenName(file, use)} creates an all-zero key that anyone can guess.`;
    const keyCall = keyCallOf(file, use);
    const start = use.names.startIndex;
    found.push({ start, end: use.call.endIndex, message, related: [], keyCall });
  }
  if (importsAny(file, CRYPTOGRAPHY)) found.push(...secretKeyFromBytes(file));
  found.push(...stringKeys(file));
  return found;
}

/** Describes a package:encrypt or cryptography key constructor call for the quick fix. */
function keyCallOf(file: DartFile, use: SymbolUse): KeyCall | undefined {
  if (!use.call) return undefined;
  const library = ENCRYPT.includes(use.library)
    ? 'encrypt'
    : CRYPTOGRAPHY.includes(use.library)
      ? 'cryptography'
      : undefined;
  if (!library) return undefined;
  return { call: use.call, symbol: use.symbol, written: writtenName(file, use), library };
}

/**
 * `AES('...')` and `Salsa20('...', iv)` of `encrypt` 1.x took the key as a plain string. Only a
 * written string (or a name for one) is checked here, because `AES(Key.fromUtf8(...))` is
 * reported at the `Key` call.
 */
function stringKeys(file: DartFile): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const use of findSymbolUses(file, ENCRYPT, ['AES', 'Salsa20'])) {
    const key = use.call?.args.positional[0];
    if (!key || key.nodes.length !== 1) continue;
    const source = valueSource(file, key);
    if (source.kind !== 'literal' || source.node.type !== 'string_literal') continue;
    const finding = constantKey(writtenName(file, use), key, file);
    if (finding) found.push(finding);
  }
  return found;
}

function secretKeyFromBytes(file: DartFile): KeyFinding[] {
  return fileCalls(file)
    .filter((call: CallSite) => call.callee[call.callee.length - 1] === 'newSecretKeyFromBytes')
    .flatMap((call: CallSite) => {
      const finding = constantKey('newSecretKeyFromBytes', call.args.positional[0], file);
      return finding ? [finding] : [];
    });
}

/** Reports `expr` when it is the key material of `name` and a constant. */
export function constantKey(
  name: string,
  expr: Expr | undefined,
  file: DartFile,
): KeyFinding | undefined {
  const source = valueSource(file, expr);
  if (!expr || source.kind === 'unknown') return undefined;
  return {
    ...placeAtValue(expr, source, name),
    message: constantMessage(name, source),
    severity: source.kind === 'environment' ? 'warning' : undefined,
    reason: source.kind === 'environment' ? ENVIRONMENT_REASON : undefined,
  };
}

/**
 * Places a finding where the constant is written: the initializer of the variable it came
 * from, with a note at the use, or the argument itself when it is written inline.
 */
export function placeAtValue(
  expr: Expr,
  source: Exclude<ValueSource, { kind: 'unknown' }>,
  name: string,
): { start: number; end: number; related: OffsetNote[] } {
  const origin = source.via[source.via.length - 1]?.init;
  if (!origin) return { start: expr.startIndex, end: expr.endIndex, related: [] };
  const use = { start: expr.startIndex, end: expr.endIndex, message: `${name} uses this value.` };
  const path = viaNotes(source.via.slice(0, -1));
  return { start: origin.startIndex, end: origin.endIndex, related: [use, ...path] };
}

function constantMessage(name: string, source: Exclude<ValueSource, { kind: 'unknown' }>): string {
  switch (source.kind) {
    case 'zeros':
      return `${name} gets an all-zero key that anyone can guess.`;
    case 'environment':
      return `${name} gets a key from fromEnvironment, which is compiled into the app.`;
    default:
      return `${name} gets a hard-coded key.`;
  }
}
