import type { DartFile } from '../../server/src/engine/dart/model';
import { readStringLiteral } from '../../server/src/engine/dart/strings';
import { callSites, type CallSite, type Expr } from '../../server/src/engine/dart/syntax';

/** sqflite's path constants and SQLite's special names for a database kept in memory. */
const MEMORY_PATH_NAMES = new Set(['inMemoryDatabasePath']);
const MEMORY_PATHS = new Set([':memory:', 'file::memory:']);

/**
 * True when the store that `call` opens lives only in memory and so never reaches the disk:
 * `openDatabase(inMemoryDatabasePath)`, `openDatabase(':memory:')`, `NativeDatabase.memory()`,
 * Hive boxes opened from `bytes:`, and Hive boxes of test code that sets Hive up itself.
 */
export function opensInMemory(call: CallSite, dart: DartFile): boolean {
  const names = call.callee;
  if (names.includes('NativeDatabase') && names.includes('memory')) return true;
  if (names.includes('Hive')) {
    return call.args.named.has('bytes') || (isTestFile(dart.path) && initialisesHive(dart));
  }
  const path = call.args.positional[0] ?? call.args.named.get('path')?.expr;
  return path !== undefined && isMemoryPath(path);
}

function isMemoryPath(path: Expr): boolean {
  if (path.nodes.length !== 1) return false;
  const node = path.nodes[0];
  if (node.type === 'identifier') return MEMORY_PATH_NAMES.has(node.text);
  if (node.type !== 'string_literal') return false;
  const value = readStringLiteral(node).constant;
  return value !== undefined && MEMORY_PATHS.has(value);
}

/** Test code runs on the developer's machine or CI, not in the shipped app. */
function isTestFile(path: string): boolean {
  const normal = path.replace(/\\/g, '/');
  return normal.includes('/test/') || normal.endsWith('_test.dart');
}

function initialisesHive(dart: DartFile): boolean {
  return callSites(dart.root).some((call) => {
    const names = call.callee;
    return names.includes('Hive') && names[names.length - 1] === 'init';
  });
}
