import type { DartFile } from '../../server/src/engine/dart/model';
import { callSites, type CallSite } from '../../server/src/engine/dart/syntax';
import { addImport, projectImportUri } from '../../server/src/engine/fixes/dart-imports';
import {
  callRange,
  hasTrailingSelector,
  inAsyncBody,
  isAwaited,
  isStatementCall,
  nodesRange,
  nodesText,
} from '../../server/src/engine/fixes/dart-rewrite';
import { addDependencies, FLUTTER_SECURE_STORAGE } from '../../server/src/engine/fixes/pubspec';
import { vaultChanges, vaultPath } from '../../server/src/engine/fixes/vault';
import { phiFlow } from '../../server/src/engine/phi';
import type { RuleContext } from '../../server/src/engine/rule-api';
import type { FileChange, Fix, TextEdit } from '../../server/src/engine/types';

export const ENCRYPT_TITLE = 'Encrypt the value with PhiVault and decrypt its reads';
export const SECURE_STORAGE_TITLE = 'Move the value and its reads to FlutterSecureStorage';

/** Stores whose `setString`/`getString` the fixes rewrite: the shared_preferences classes. */
const PREFERENCES = new Set([
  'SharedPreferences',
  'SharedPreferencesAsync',
  'SharedPreferencesWithCache',
]);
const SECURE_STORAGE_URI = 'package:flutter_secure_storage/flutter_secure_storage.dart';

/** A `setString` or `getString` of one preferences key, in some file of the project. */
interface KeyAccess {
  dart: DartFile;
  call: CallSite;
  keyText: string;
  write: boolean;
  /** True when the access already goes through PhiVault, as after an earlier fix. */
  encrypted: boolean;
}

const VAULT_CALLS = new Set(['PhiVault.encryptString', 'PhiVault.decryptOptionalString']);

/**
 * Builds the fixes of a `setString` of PHI into shared_preferences. Both rewrite every
 * `setString` and `getString` of the same constant key in the app, so no read meets a value in
 * the old form. Returns no fix for other stores and setters (their values are not strings), for
 * a key that is not a constant, or when some access of the key is outside an async function.
 */
export function keyValueFixes(
  context: RuleContext,
  dart: DartFile,
  call: CallSite,
  store: string,
): Fix[] {
  if (!PREFERENCES.has(store) || method(call) !== 'setString') return [];
  if (writesVaultRecord(dart, call)) return [];
  const key = constantKey(context, dart, call);
  if (key === undefined) return [];
  const accesses = keyAccesses(context, key);
  const found = (access: KeyAccess) =>
    access.dart.path === dart.path && access.call.startIndex === call.startIndex;
  if (!accesses.some(found)) return [];
  if (!accesses.every((access) => inAsyncBody(access.call.nameNode))) return [];
  const fixes = [encryptFix(context, dart, accesses), secureStorageFix(context, accesses)];
  return fixes.filter((fix): fix is Fix => fix !== undefined);
}

/** True when the written value already comes from `PhiVault.encryptString`. */
export function writesVaultRecord(dart: DartFile, call: CallSite): boolean {
  const value = call.args.positional[1].nodes;
  return callSites(value[0]).some((inner) => inner.callee.join('.') === 'PhiVault.encryptString');
}

/** Lists the argument ranges of the PhiVault calls in a file. */
function vaultArgumentRanges(dart: DartFile): Array<{ start: number; end: number }> {
  return callSites(dart.root)
    .filter((call) => VAULT_CALLS.has(call.callee.join('.')))
    .map((call) => ({ start: call.args.node.startIndex, end: call.args.node.endIndex }));
}

function method(call: CallSite): string {
  return call.callee[call.callee.length - 1];
}

function constantKey(context: RuleContext, dart: DartFile, call: CallSite): string | undefined {
  const key = call.args.positional[0];
  if (!key || key.nodes.length === 0) return undefined;
  return phiFlow(dart, context.config)?.constantString(key.nodes);
}

/** Lists the reads and writes of `key` in the app files that import shared_preferences. */
function keyAccesses(context: RuleContext, key: string): KeyAccess[] {
  return context.project.files('dart').flatMap((file) => {
    const dart = file.dart();
    return dart ? (accessesByKey(context, dart).get(key) ?? []) : [];
  });
}

/**
 * Index of each file's `setString`/`getString` calls by constant key, built once per parsed
 * file and settings, because every PHI write looks up its key's accesses in every file.
 */
const accessIndex = new WeakMap<DartFile, WeakMap<object, Map<string, KeyAccess[]>>>();

function accessesByKey(context: RuleContext, dart: DartFile): Map<string, KeyAccess[]> {
  let byConfig = accessIndex.get(dart);
  if (!byConfig) accessIndex.set(dart, (byConfig = new WeakMap()));
  let index = byConfig.get(context.config);
  if (!index) byConfig.set(context.config, (index = indexAccesses(context, dart)));
  return index;
}

function indexAccesses(context: RuleContext, dart: DartFile): Map<string, KeyAccess[]> {
  const index = new Map<string, KeyAccess[]>();
  if (!dart.importsLibrary('shared_preferences')) return index;
  const vaultRanges = vaultArgumentRanges(dart);
  for (const call of callSites(dart.root)) {
    const name = method(call);
    if (name !== 'setString' && name !== 'getString') continue;
    if (call.callee.length < 2 || call.callee[0] === '..') continue;
    const key = constantKey(context, dart, call);
    if (key === undefined) continue;
    const keyText = nodesText(dart, call.args.positional[0].nodes);
    const write = name === 'setString';
    const encrypted = write
      ? writesVaultRecord(dart, call)
      : vaultRanges.some((r) => r.start <= call.startIndex && call.endIndex <= r.end);
    const list = index.get(key) ?? [];
    list.push({ dart, call, keyText, write, encrypted });
    index.set(key, list);
  }
  return index;
}

/**
 * Encrypts each write with `PhiVault.encryptString` and decrypts each read with
 * `PhiVault.decryptOptionalString`, which also takes the pending read of SharedPreferencesAsync.
 */
function encryptFix(context: RuleContext, dart: DartFile, accesses: KeyAccess[]): Fix | undefined {
  const helperDirectory = context.config.helperDirectory;
  const vault = vaultChanges(context.project, helperDirectory, dart);
  if (!vault) return undefined;
  const helper = vaultPath(context.project, helperDirectory);
  const editsByFile = new Map<DartFile, TextEdit[]>();
  for (const access of accesses.filter((candidate) => !candidate.encrypted)) {
    const edits = editsFor(editsByFile, access.dart, () => {
      const uri = projectImportUri(context.project, access.dart.path, helper);
      return addImport(access.dart, uri);
    });
    edits.push(access.write ? encryptedWrite(access) : decryptingRead(access));
  }
  return {
    title: ENCRYPT_TITLE,
    safe: false,
    changes: [...fileEdits(editsByFile), ...vault.changes],
  };
}

function encryptedWrite({ dart, call, keyText }: KeyAccess): TextEdit {
  const value = call.args.positional[1].nodes;
  const encrypted = `await PhiVault.encryptString(${keyText}, ${nodesText(dart, value)})`;
  return { range: nodesRange(dart, value), newText: encrypted };
}

function decryptingRead({ dart, call, keyText }: KeyAccess): TextEdit {
  const read = dart.text.slice(call.startIndex, call.endIndex);
  const decrypted = `PhiVault.decryptOptionalString(${keyText}, ${read})`;
  return { range: callRange(dart, call), newText: awaitUnlessAwaited(call, decrypted) };
}

/**
 * Puts `await` before a replacement of a read that was not awaited, so the expression keeps its
 * `String?` type, and brackets it when selectors follow (`await` would take them in).
 */
function awaitUnlessAwaited(call: CallSite, replacement: string): string {
  if (isAwaited(call)) return replacement;
  const awaited = `await ${replacement}`;
  return hasTrailingSelector(call) ? `(${awaited})` : awaited;
}

/**
 * Replaces each write with `FlutterSecureStorage().write` and each read with `read`. Offered
 * only when every write is a statement of its own, because `write` returns `Future<void>`
 * where `SharedPreferences.setString` returns `Future<bool>`.
 */
function secureStorageFix(context: RuleContext, accesses: KeyAccess[]): Fix | undefined {
  if (accesses.some((access) => access.encrypted)) return undefined;
  if (!accesses.every((access) => !access.write || isStatementCall(access.call))) return undefined;
  const dependencies = addDependencies(context.project, [FLUTTER_SECURE_STORAGE]);
  if (!dependencies) return undefined;
  const editsByFile = new Map<DartFile, TextEdit[]>();
  for (const access of accesses) {
    const prefix = secureStoragePrefix(access.dart);
    const edits = editsFor(editsByFile, access.dart, () =>
      prefix === '' ? addImport(access.dart, SECURE_STORAGE_URI) : undefined,
    );
    edits.push(secureStorageAccess(access, prefix));
  }
  return {
    title: SECURE_STORAGE_TITLE,
    safe: false,
    changes: [...fileEdits(editsByFile), ...dependencies],
  };
}

function secureStorageAccess({ dart, call, keyText, write }: KeyAccess, prefix: string): TextEdit {
  const storage = `const ${prefix}FlutterSecureStorage()`;
  const range = callRange(dart, call);
  if (!write) {
    return { range, newText: awaitUnlessAwaited(call, `${storage}.read(key: ${keyText})`) };
  }
  const value = nodesText(dart, call.args.positional[1].nodes);
  return { range, newText: `${storage}.write(key: ${keyText}, value: ${value})` };
}

/** Returns `prefix.` of an existing prefixed import of flutter_secure_storage, else ''. */
function secureStoragePrefix(dart: DartFile): string {
  const prefixes = dart.prefixesOf('flutter_secure_storage');
  if (prefixes.length === 0 || prefixes.includes('')) return '';
  return `${prefixes[0]}.`;
}

/** Returns the edit list of a file, starting it with the file's import edit if one is needed. */
function editsFor(
  editsByFile: Map<DartFile, TextEdit[]>,
  dart: DartFile,
  importEdit: () => TextEdit | undefined,
): TextEdit[] {
  let edits = editsByFile.get(dart);
  if (!edits) {
    const edit = importEdit();
    edits = edit ? [edit] : [];
    editsByFile.set(dart, edits);
  }
  return edits;
}

function fileEdits(editsByFile: Map<DartFile, TextEdit[]>): FileChange[] {
  return [...editsByFile].map(([dart, edits]) => ({ kind: 'edit', path: dart.path, edits }));
}
