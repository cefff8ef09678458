import type { DartFile } from '../../server/src/engine/dart/model';
import { callSites, type Expr } from '../../server/src/engine/dart/syntax';
import { findSymbolUses } from '../../server/src/engine/dart/symbols';
import { valueSource } from '../../server/src/engine/dart/values';
import { viaNotes, writtenName } from '../../server/src/engine/dart/crypto';
import { ENVIRONMENT_WHY, type KeyFinding } from './keys';

const SQLCIPHER = ['sqflite_sqlcipher'];

/**
 * SQLCipher passwords written in the source: `openDatabase(path, password: 'x')` of
 * sqflite_sqlcipher, and `PRAGMA key = '...'` statements (drift or sqlite3 with SQLCipher).
 * The literal `'null'` is a real four-character password. `''` turns encryption off, which
 * phi-in-unencrypted-database reports instead.
 */
export function databaseFindings(file: DartFile): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const use of findSymbolUses(file, SQLCIPHER, ['openDatabase', 'openReadOnlyDatabase'])) {
    const password = use.call?.args.named.get('password')?.expr;
    const finding = passwordFinding(file, writtenName(file, use), password);
    if (finding) found.push(finding);
  }
  found.push(...pragmaKeys(file));
  return found;
}

function passwordFinding(file: DartFile, name: string, expr: Expr | undefined): KeyFinding | undefined {
  const source = valueSource(file, expr);
  if (!expr || source.kind === 'unknown' || source.kind === 'zeros') return undefined;
  const at = { start: expr.startIndex, end: expr.endIndex, related: viaNotes(source.via) };
  if (source.kind === 'environment') {
    const message = `The password of ${name} comes from fromEnvironment, compiled into the app.`;
    return { ...at, message, severity: 'warning', why: ENVIRONMENT_WHY };
  }
  // An empty password turns SQLCipher off; phi-in-unencrypted-database reports that case.
  if (source.text === '') return undefined;
  return { ...at, message: `${name} gets a hard-coded password.` };
}

function pragmaKeys(file: DartFile): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const call of callSites(file.root)) {
    const method = call.callee[call.callee.length - 1];
    if (method !== 'execute' && method !== 'customStatement') continue;
    const statement = call.args.positional[0];
    const source = valueSource(file, statement);
    if (!statement || source.kind !== 'literal' || source.text === undefined) continue;
    if (!/^\s*PRAGMA\s+(re)?key\s*=\s*(['"]).+\2/i.test(source.text)) continue;
    const message = `${method} sets a hard-coded SQLCipher key with PRAGMA key.`;
    found.push({ start: statement.startIndex, end: statement.endIndex, message, related: viaNotes(source.via) });
  }
  return found;
}
