import type { DartFile } from '../dart/model';
import { readStringLiteral } from '../dart/strings';
import { callSites, descendantsOfType, type CallSite, type Expr } from '../dart/syntax';
import type { Location } from '../types';
import type { Project } from '../workspace';
import { sameApp } from './android';
import type { StoredData } from './backup';

/**
 * Files that a Flutter app's Dart code keeps in Android's private storage, as backup rules name
 * them. Plugin defaults: shared_preferences writes `FlutterSharedPreferences.xml`,
 * flutter_secure_storage writes `FlutterSecureStorage.xml`, sqflite keeps databases in
 * `databases/`, and Hive's `initFlutter` uses the documents folder `app_flutter/`.
 */
export interface AppData extends StoredData {
  /** A short name for messages, such as `journal.db`. */
  label: string;
  /** The call in Dart code that opens or writes it. */
  where: Location;
  plugin: 'sqflite' | 'shared_preferences' | 'flutter_secure_storage' | 'hive';
}

export function appDataInDart(project: Project, near?: string): AppData[] {
  const found = new Map<string, AppData>();
  for (const file of project.files('dart')) {
    if (near !== undefined && !sameApp(file.path, near)) continue;
    const dart = file.dart();
    if (!dart) continue;
    for (const call of callSites(dart.root)) {
      const data = classifyCall(dart, call);
      if (data && !found.has(data.label)) found.set(data.label, data);
    }
  }
  return [...found.values()];
}

function classifyCall(dart: DartFile, call: CallSite): AppData | undefined {
  const where = { path: dart.path, range: dart.source.rangeOf(call.startIndex, call.endIndex) };
  const last = call.callee[call.callee.length - 1];
  if (last === 'openDatabase' && dart.importsLibrary('sqflite')) {
    const name = databaseName(call.args.positional[0]);
    return {
      domain: 'database',
      path: name ?? '*',
      label: name ?? 'the sqflite database',
      where,
      plugin: 'sqflite',
    };
  }
  if (
    dart.refersTo(call.callee, 'shared_preferences', 'SharedPreferences.getInstance') ||
    dart.refersTo(call.callee, 'shared_preferences', 'SharedPreferencesAsync')
  ) {
    const label = 'FlutterSharedPreferences.xml';
    return { domain: 'sharedpref', path: label, label, where, plugin: 'shared_preferences' };
  }
  if (dart.refersTo(call.callee, 'flutter_secure_storage', 'FlutterSecureStorage')) {
    const label = 'FlutterSecureStorage.xml';
    return { domain: 'sharedpref', path: label, label, where, plugin: 'flutter_secure_storage' };
  }
  if (
    dart.refersTo(call.callee, 'hive_flutter', 'Hive.openBox') ||
    dart.refersTo(call.callee, 'hive', 'Hive.openBox')
  ) {
    const box = stringValue(call.args.positional[0]);
    const label = box ? `${box.toLowerCase()}.hive` : 'the Hive boxes';
    return {
      domain: 'root',
      path: box ? `app_flutter/${label}` : 'app_flutter',
      label,
      where,
      plugin: 'hive',
    };
  }
  return undefined;
}

/** Extracts the file name of a database path: `'$dir/journal.db'`, `join(dir, 'journal.db')`. */
function databaseName(argument: Expr | undefined): string | undefined {
  if (!argument) return undefined;
  const literals = argument.nodes.flatMap((node) => descendantsOfType(node, 'string_literal'));
  const direct = argument.nodes.filter((node) => node.type === 'string_literal');
  const last = [...direct, ...literals].pop();
  if (!last) return undefined;
  const parts = readStringLiteral(last).parts;
  const tail = parts[parts.length - 1];
  if (!tail || tail.kind !== 'text') return undefined;
  const name = tail.value.split('/').pop() ?? '';
  return /^[\w.-]+$/.test(name) ? name : undefined;
}

function stringValue(argument: Expr | undefined): string | undefined {
  const node = argument?.nodes.find((n) => n.type === 'string_literal');
  return node ? readStringLiteral(node).constant : undefined;
}
