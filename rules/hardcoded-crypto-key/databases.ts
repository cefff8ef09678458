import type { DartFile } from '../../server/src/engine/dart/model';
import type { Expr } from '../../server/src/engine/dart/syntax';
import { findSymbolUses, importsAny } from '../../server/src/engine/dart/symbols';
import { valueSource } from '../../server/src/engine/dart/values';
import { writtenName } from '../../server/src/engine/dart/crypto';
import { contextNames } from '../../server/src/engine/dart/usage-context';
import { ENVIRONMENT_REASON, placeAtValue, type KeyFinding } from './keys';

/** Constructors and functions that open a SQLCipher database with a `password:` argument. */
const PASSWORD_APIS: Array<{ libraries: string[]; symbols: string[] }> = [
  { libraries: ['sqflite_sqlcipher'], symbols: ['openDatabase', 'openReadOnlyDatabase'] },
  {
    libraries: ['encrypted_drift'],
    symbols: ['EncryptedExecutor', 'EncryptedExecutor.inDatabaseFolder'],
  },
];

/** Packages through which `PRAGMA key` statements reach SQLite. */
const SQL_PACKAGES = [
  'drift',
  'sqlite3',
  'sqflite',
  'sqflite_sqlcipher',
  'sqflite_common_ffi',
  'sqlcipher_flutter_libs',
  'encrypted_drift',
];

/**
 * SQLCipher passwords written in the source: `openDatabase(path, password: 'x')` of
 * sqflite_sqlcipher, `EncryptedExecutor(password: 'x')` of encrypted_drift, and
 * `PRAGMA key = '...'` statements (drift or sqlite3 with SQLCipher).
 * The literal `'null'` is a real four-character password. `''` turns encryption off, which
 * phi-in-unencrypted-database reports instead.
 */
export function databaseFindings(file: DartFile): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const { libraries, symbols } of PASSWORD_APIS) {
    for (const use of findSymbolUses(file, libraries, symbols)) {
      const password = use.call?.args.named.get('password')?.expr;
      const finding = passwordFinding(file, writtenName(file, use), password);
      const passwordCall = use.library === 'sqflite_sqlcipher' ? use.call : undefined;
      if (finding) found.push({ ...finding, passwordCall });
    }
  }
  found.push(...pragmaKeys(file));
  return found;
}

function passwordFinding(
  file: DartFile,
  name: string,
  expr: Expr | undefined,
): KeyFinding | undefined {
  const source = valueSource(file, expr);
  if (!expr || source.kind === 'unknown' || source.kind === 'zeros') return undefined;
  const at = placeAtValue(expr, source, name);
  if (source.kind === 'environment') {
    const message = `The password of ${name} comes from fromEnvironment, compiled into the app.`;
    return { ...at, message, severity: 'warning', reason: ENVIRONMENT_REASON };
  }
  // An empty password turns SQLCipher off; phi-in-unencrypted-database reports that case.
  if (source.text === '') return undefined;
  return { ...at, message: `${name} gets a hard-coded password.` };
}

/** String literals holding `PRAGMA key = '...'` that are passed to execute or customStatement. */
function pragmaKeys(file: DartFile): KeyFinding[] {
  const found: KeyFinding[] = [];
  if (!importsAny(file, SQL_PACKAGES) || !/PRAGMA/i.test(file.text)) return found;
  for (const literal of file.root.descendantsOfType('string_literal')) {
    if (!literal || !/PRAGMA/i.test(literal.text)) continue;
    const text = file.stringValue(literal).constant;
    if (text === undefined || !/^\s*PRAGMA\s+(re)?key\s*=\s*(['"]).+\2/i.test(text)) continue;
    const call = contextNames(literal)[0];
    if (call?.kind !== 'call' || !PRAGMA_METHODS.has(call.name)) continue;
    const message = `${call.name} sets a hard-coded SQLCipher key with PRAGMA key.`;
    found.push({ start: literal.startIndex, end: literal.endIndex, message, related: [] });
  }
  return found;
}

const PRAGMA_METHODS = new Set(['execute', 'customStatement', 'rawQuery']);
