import type { DartFile } from '../dart/model';
import type { CallSite, SyntaxNode } from '../dart/syntax';
import type { Fix, TextEdit } from '../types';
import type { Project } from '../workspace';
import { vaultChanges } from './vault';

const BODY_TYPES = new Set(['function_body', 'function_expression_body']);

/**
 * Adds `encryptionCipher: HiveAesCipher(await PhiVault.hiveKey())` to a `Hive.openBox(...)` or
 * `Hive.openLazyBox(...)` call, with the vault helper that keeps the key in secure storage.
 * Unsafe: Hive cannot read a box written without the cipher, so existing data must be migrated.
 * Returns undefined where `await` is not allowed (the enclosing function is not async) or
 * pubspec.yaml cannot take the helper's packages.
 */
export function hiveCipherFix(
  project: Project,
  helperDirectory: string,
  file: DartFile,
  call: CallSite,
): Fix | undefined {
  if (!inAsyncBody(call.nameNode)) return undefined;
  const hiveAt = call.callee.indexOf('Hive');
  const prefix = call.callee.slice(0, Math.max(0, hiveAt)).map((name) => `${name}.`).join('');
  const argument = `encryptionCipher: ${prefix}HiveAesCipher(await PhiVault.hiveKey())`;
  const vault = vaultChanges(project, helperDirectory, file);
  if (!vault) return undefined;
  const { changes, importEdit } = vault;
  const edits: TextEdit[] = [appendArgument(file, call, argument)];
  if (importEdit) edits.push(importEdit);
  return {
    title: 'Add encryptionCipher: HiveAesCipher with a key from PhiVault',
    safe: false,
    changes: [{ kind: 'edit', path: file.path, edits }, ...changes],
  };
}

function inAsyncBody(node: SyntaxNode): boolean {
  for (let at: SyntaxNode | null = node.parent; at; at = at.parent) {
    if (BODY_TYPES.has(at.type)) return at.children.some((child) => child?.type === 'async');
  }
  return false;
}

/** Inserts a named argument before `)`, keeping a trailing comma if the call has one. */
export function appendArgument(file: DartFile, call: CallSite, argument: string): TextEdit {
  const close = call.args.node.endIndex - 1;
  const open = call.args.node.startIndex + 1;
  const inside = file.text.slice(open, close);
  const trimmed = inside.trimEnd();
  const at = open + trimmed.length;
  let newText: string;
  if (trimmed === '') newText = argument;
  else if (trimmed.endsWith(',')) newText = ` ${argument},`;
  else newText = `, ${argument}`;
  return { range: file.source.rangeOf(at, at), newText };
}
