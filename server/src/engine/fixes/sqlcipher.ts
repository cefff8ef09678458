import type { DartFile, DartImport } from '../dart/model';
import { readStringLiteral } from '../dart/strings';
import { descendantsOfType, type CallSite, type SyntaxNode } from '../dart/syntax';
import { nameWords } from '../phi/classifier';
import type { Fix, TextEdit } from '../types';
import type { Project } from '../workspace';
import { appendNamedArgument, dartStringLiteral, inAsyncBody } from './dart-rewrite';
import type { Dependency } from './pubspec';
import { vaultChanges } from './vault';

/**
 * sqflite_sqlcipher 3.1.0 is the first release with SQLCipher 4.5.7 (its CHANGELOG) and needs
 * Dart 3.3 and Flutter 3.19 (its pubspec.yaml). Its lib/sqflite.dart declares `openDatabase` and
 * `openReadOnlyDatabase` with a `password` parameter. Pub picks the newest 3.x release that the
 * app's SDK allows.
 */
export const SQFLITE_SQLCIPHER: Dependency = { name: 'sqflite_sqlcipher', constraint: '^3.1.0' };

const SQLCIPHER_URI = 'package:sqflite_sqlcipher/sqflite.dart';
const SQFLITE_URI = 'package:sqflite/sqflite.dart';

/**
 * Builds the fix that opens a plain sqflite database with SQLCipher. The import of
 * `package:sqflite/sqflite.dart` that the call goes through becomes sqflite_sqlcipher's, which
 * declares the same top-level functions, and the call gets
 * `password: await PhiVault.databasePassword('<name>')`. A function that returns a Future but is
 * not `async` becomes `async`. Unsafe: SQLCipher cannot open the existing plain file.
 * Returns undefined for other openers, when `await` cannot be made legal, or when pubspec.yaml
 * cannot take the packages.
 */
export function sqlCipherFix(
  project: Project,
  helperDirectory: string,
  file: DartFile,
  call: CallSite,
): Fix | undefined {
  const sqfliteImport = importOfCall(file, call);
  const asyncEdits = asyncEditsFor(file, call);
  if (!sqfliteImport || !asyncEdits) return undefined;
  const vault = vaultChanges(project, helperDirectory, file, [SQFLITE_SQLCIPHER]);
  if (!vault) return undefined;
  const password = `password: await PhiVault.databasePassword(${dartStringLiteral(
    databaseName(file, call),
  )})`;
  const edits: TextEdit[] = [
    swapImport(file, sqfliteImport),
    ...asyncEdits,
    appendNamedArgument(file, call, password),
  ];
  if (vault.importEdit) edits.push(vault.importEdit);
  return {
    title: 'Open the database with SQLCipher and a password from PhiVault',
    safe: false,
    changes: [{ kind: 'edit', path: file.path, edits }, ...vault.changes],
  };
}

/** Finds the import of `package:sqflite/sqflite.dart` that a top-level opener call goes through. */
function importOfCall(file: DartFile, call: CallSite): DartImport | undefined {
  if (call.receiver.length > 0 || call.callee.length > 2) return undefined;
  const prefix = call.callee.length === 2 ? call.callee[0] : undefined;
  return file.imports.find((entry) => entry.uri === SQFLITE_URI && entry.prefix === prefix);
}

function swapImport(file: DartFile, entry: DartImport): TextEdit {
  const literal = descendantsOfType(entry.node, 'string_literal')[0];
  const quote = literal.text.startsWith('"') ? '"' : "'";
  return {
    range: file.source.rangeOf(literal.startIndex, literal.endIndex),
    newText: `${quote}${SQLCIPHER_URI}${quote}`,
  };
}

/**
 * Returns the edits that make `await` legal at the call: none inside an async body, else `async`
 * before the body of a function declared to return a `Future`. Returns undefined for closures,
 * getters, generators and functions with another return type.
 */
function asyncEditsFor(file: DartFile, call: CallSite): TextEdit[] | undefined {
  if (inAsyncBody(call.nameNode)) return [];
  const body = enclosingBody(call.nameNode);
  if (!body || body.type !== 'function_body') return undefined;
  if (body.children.some((child) => child?.type === 'sync' || child?.type === '*')) {
    return undefined;
  }
  const signature = signatureOf(body);
  const returnType = signature?.namedChildren[0];
  if (returnType?.type !== 'type_identifier' || returnType.text !== 'Future') return undefined;
  return [{ range: file.source.rangeOf(body.startIndex, body.startIndex), newText: 'async ' }];
}

function enclosingBody(node: SyntaxNode): SyntaxNode | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'function_body' || at.type === 'function_expression_body') return at;
  }
  return undefined;
}

function signatureOf(body: SyntaxNode): SyntaxNode | undefined {
  const previous = body.previousNamedSibling;
  if (previous?.type === 'function_signature') return previous;
  if (previous?.type === 'method_signature') {
    const inner = previous.namedChildren[0];
    return inner?.type === 'function_signature' ? inner : undefined;
  }
  return undefined;
}

/**
 * Names the database's password after the file name in the path argument (`visits` for
 * `join(dir, 'visits.db')`), else after the enclosing function. Opens of one file from two
 * functions that both take the path as a parameter get different names.
 */
function databaseName(file: DartFile, call: CallSite): string {
  const path = call.args.positional[0];
  for (const node of path?.nodes ?? []) {
    const literals = node.type === 'string_literal' ? [node] : [];
    literals.push(...descendantsOfType(node, 'string_literal'));
    for (const literal of literals) {
      const name = fileNameIn(readStringLiteral(literal).shape);
      if (name) return name;
    }
  }
  const owner = enclosingFunctionName(call.nameNode);
  return owner ? nameWords(owner).join('_') : 'app';
}

function fileNameIn(shape: string): string | undefined {
  const last = shape.split(/[/\\\u0000]/).pop() ?? '';
  const stem = last.replace(/\.(db|sqlite|sqlite3)$/i, '');
  const words = nameWords(stem);
  return last !== stem && words.length > 0 ? words.join('_') : undefined;
}

function enclosingFunctionName(node: SyntaxNode): string | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type !== 'function_body') continue;
    const signature = signatureOf(at);
    const name = signature?.namedChildren.find((child) => child?.type === 'identifier');
    if (name) return name.text;
  }
  return undefined;
}

export const PASSWORD_FIX_TITLE = 'Replace the password with a random one from PhiVault';

/**
 * Builds the fix that replaces the `password:` of a sqflite_sqlcipher open (a literal, an empty
 * string, a `String.fromEnvironment` value) with `await PhiVault.databasePassword('<name>')`.
 * Unsafe: a database written under the old password needs `PRAGMA rekey` with the new one.
 * Returns undefined when the call has no `password:` argument or `await` cannot be made legal.
 */
export function sqlCipherPasswordFix(
  project: Project,
  helperDirectory: string,
  file: DartFile,
  call: CallSite,
): Fix | undefined {
  const password = call.args.named.get('password')?.expr;
  const asyncEdits = asyncEditsFor(file, call);
  if (!password || password.nodes.length === 0 || !asyncEdits) return undefined;
  const vault = vaultChanges(project, helperDirectory, file);
  if (!vault) return undefined;
  const name = dartStringLiteral(databaseName(file, call));
  const edits: TextEdit[] = [
    ...asyncEdits,
    {
      range: file.source.rangeOf(password.startIndex, password.endIndex),
      newText: `await PhiVault.databasePassword(${name})`,
    },
  ];
  if (vault.importEdit) edits.push(vault.importEdit);
  return {
    title: PASSWORD_FIX_TITLE,
    safe: false,
    changes: [{ kind: 'edit', path: file.path, edits }, ...vault.changes],
  };
}
