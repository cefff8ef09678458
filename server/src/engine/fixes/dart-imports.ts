import * as path from 'node:path';
import type { DartFile } from '../dart/model';
import { lineBreakOf } from '../platform/text-edits';
import type { TextEdit } from '../types';

/**
 * Inserts `import '<uri>';` after the file's last directive (library, import, export), or at
 * the top when it has none. Returns undefined when the file already imports the URI.
 */
export function addImport(file: DartFile, uri: string): TextEdit | undefined {
  if (file.imports.some((entry) => entry.uri === uri)) return undefined;
  const eol = lineBreakOf(file.source);
  const directives = file.root.namedChildren.filter(
    (node) => node.type === 'import_or_export' || node.type === 'library_name',
  );
  const last = directives[directives.length - 1];
  if (!last) {
    return { range: file.source.rangeOf(0, 0), newText: `import '${uri}';${eol}${eol}` };
  }
  const at = last.endIndex;
  return { range: file.source.rangeOf(at, at), newText: `${eol}import '${uri}';` };
}

/**
 * The URI that a Dart file uses to import another file of the same project: a relative path,
 * which works without knowing the package name.
 */
export function relativeImportUri(fromFile: string, toFile: string): string {
  const relative = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return relative.startsWith('.') ? relative : relative;
}
