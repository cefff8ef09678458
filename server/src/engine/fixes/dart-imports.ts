import * as path from 'node:path';
import type { DartFile } from '../dart/model';
import type { SyntaxNode } from '../dart/syntax';
import { lineBreakOf } from '../platform/text-edits';
import type { TextEdit } from '../types';
import type { Project } from '../workspace';

/**
 * Inserts `import '<uri>';` where Dart's `directives_ordering` lint wants it: `dart:` imports
 * first, then `package:` imports, then relative ones, each group sorted by URI. Without other
 * imports it goes after the file's last directive, or at the top. The quote follows the file's
 * first import. Returns undefined when the file already imports the URI.
 */
export function addImport(file: DartFile, uri: string): TextEdit | undefined {
  if (file.imports.some((entry) => entry.uri === uri)) return undefined;
  const eol = lineBreakOf(file.source);
  const quote = file.imports[0]?.node.text.includes('"') ? '"' : "'";
  const line = `import ${quote}${uri}${quote};`;
  const at = (offset: number, newText: string) => ({
    range: file.source.rangeOf(offset, offset),
    newText,
  });
  const group = importGroup(uri);
  const placed = file.imports
    .map((entry) => ({ entry, directive: directiveOf(entry.node) }))
    .filter((item) => item.directive !== undefined);
  const same = placed.filter(({ entry }) => importGroup(entry.uri) === group);
  const next = same.find(({ entry }) => entry.uri > uri);
  if (next) return at(next.directive!.startIndex, `${line}${eol}`);
  if (same.length > 0) return at(same[same.length - 1].directive!.endIndex, `${eol}${line}`);
  const later = placed.find(({ entry }) => importGroup(entry.uri) > group);
  if (later) return at(later.directive!.startIndex, `${line}${eol}${eol}`);
  const directives = file.root.namedChildren.filter(
    (node) => node?.type === 'import_or_export' || node?.type === 'library_name',
  );
  const last = directives[directives.length - 1];
  if (!last) return at(0, `${line}${eol}${eol}`);
  return at(last.endIndex, `${eol}${line}`);
}

/** Orders imports as `directives_ordering` does: 0 for `dart:`, 1 for `package:`, 2 else. */
function importGroup(uri: string): number {
  if (uri.startsWith('dart:')) return 0;
  return uri.startsWith('package:') ? 1 : 2;
}

function directiveOf(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && current.type !== 'import_or_export') current = current.parent;
  return current ?? undefined;
}

/**
 * Returns the URI that `fromFile` uses to import `toFile` of the same project. That is
 * `package:<name>/...` when the target is under lib/ and pubspec.yaml names the package, else a
 * relative path.
 */
export function projectImportUri(project: Project, fromFile: string, toFile: string): string {
  const name = packageName(project);
  const libRoot = path.posix.join(project.root, 'lib') + '/';
  if (name && toFile.startsWith(libRoot)) return `package:${name}/${toFile.slice(libRoot.length)}`;
  return path.posix.relative(path.posix.dirname(fromFile), toFile);
}

/** Returns the package name that pubspec.yaml of the project declares, if any. */
export function packageName(project: Project): string | undefined {
  const pubspec = project.pubspec();
  if (!pubspec || pubspec.kind !== 'pubspec') return undefined;
  const value = pubspec.yaml().pair(['name'])?.value as { value?: unknown } | null | undefined;
  return typeof value?.value === 'string' ? value.value : undefined;
}
