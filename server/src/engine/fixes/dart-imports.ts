import * as path from 'node:path';
import type { DartFile } from '../dart/model';
import { lineBreakOf } from '../platform/text-edits';
import type { TextEdit } from '../types';
import type { Project } from '../workspace';

/**
 * Inserts `import '<uri>';` after the file's last directive (library, import, export), or at
 * the top when it has none. Returns undefined when the file already imports the URI.
 */
export function addImport(file: DartFile, uri: string): TextEdit | undefined {
  if (file.imports.some((entry) => entry.uri === uri)) return undefined;
  const eol = lineBreakOf(file.source);
  const directives = file.root.namedChildren.filter(
    (node) => node?.type === 'import_or_export' || node?.type === 'library_name',
  );
  const last = directives[directives.length - 1];
  if (!last) {
    return { range: file.source.rangeOf(0, 0), newText: `import '${uri}';${eol}${eol}` };
  }
  const at = last.endIndex;
  return { range: file.source.rangeOf(at, at), newText: `${eol}import '${uri}';` };
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
