import { isMap } from 'yaml';
import { lineBreakOf } from '../platform/text-edits';
import type { SourceText } from '../text';
import type { FileChange, TextEdit } from '../types';
import type { Project } from '../workspace';

/** A package the generated code imports, with the version constraint written to pubspec.yaml. */
export interface Dependency {
  name: string;
  constraint: string;
}

/**
 * Versions the generated helpers are written against. The helpers call cryptography's
 * `Cipher.encrypt`/`decrypt` with `aad`, `SecretBox.fromConcatenation` and `SecretKeyData.random`,
 * and flutter_secure_storage's `read`/`write`. These calls match the pub.dev API pages for
 * cryptography 2.6.1 and its latest release, and for flutter_secure_storage.
 * NOTE: no Dart build runs in the tests, so only parsing of the generated code is checked.
 */
export const CRYPTOGRAPHY: Dependency = { name: 'cryptography', constraint: '^2.7.0' };
export const FLUTTER_SECURE_STORAGE: Dependency = {
  name: 'flutter_secure_storage',
  constraint: '^9.2.2',
};

/**
 * Adds the missing packages under `dependencies:` of the project's pubspec.yaml. The edit
 * inserts lines after the `dependencies:` key with the indentation of the existing entries and
 * leaves every other line, comment and quote as it is, so nothing is re-serialised.
 * Returns no change when every package is already listed. Returns undefined when the packages
 * are missing but cannot be added, because there is no pubspec.yaml or `dependencies` is not a
 * block map; callers then offer no fix, since it would not build.
 */
export function addDependencies(
  project: Project,
  wanted: Dependency[],
): FileChange[] | undefined {
  const missing = wanted.filter((d) => !project.dependsOn(d.name));
  if (missing.length === 0) return [];
  const pubspec = project.pubspec();
  if (!pubspec || pubspec.kind !== 'pubspec') return undefined;
  const edit = dependencyEdit(pubspec.source, pubspec.yaml().pair(['dependencies']), missing);
  return edit ? [{ kind: 'edit', path: pubspec.path, edits: [edit] }] : undefined;
}

type DependenciesPair = ReturnType<import('../parsers/yaml').YamlFile['pair']>;

function dependencyEdit(
  source: SourceText,
  pair: DependenciesPair,
  missing: Dependency[],
): TextEdit | undefined {
  const eol = lineBreakOf(source);
  if (!pair) {
    const end = source.text.length;
    const separator = end === 0 || source.text.endsWith('\n') ? '' : eol;
    const lines = missing.map((d) => `  ${d.name}: ${d.constraint}${eol}`).join('');
    return { range: source.rangeOf(end, end), newText: `${separator}dependencies:${eol}${lines}` };
  }
  const value = pair.value;
  // A flow map (`dependencies: {}`) or a scalar value gets no edit, because an inserted line
  // would not produce valid YAML there.
  if (value !== null && !(isMap(value) && !value.flow)) return undefined;
  const keyRange = (pair.key as { range?: [number, number, number] }).range;
  if (!keyRange) return undefined;
  const firstKey = isMap(value) ? value.items[0]?.key : undefined;
  const firstRange = (firstKey as { range?: [number, number, number] } | undefined)?.range;
  const indent = firstRange ? ' '.repeat(source.positionAt(firstRange[0]).character) : '  ';
  const keyLine = source.positionAt(keyRange[0]).line;
  const at = keyLine + 1 < source.lineCount ? source.lineStart(keyLine + 1) : source.text.length;
  const prefix = at === source.text.length && !source.text.endsWith('\n') ? eol : '';
  const lines = missing.map((d) => `${indent}${d.name}: ${d.constraint}${eol}`).join('');
  return { range: source.rangeOf(at, at), newText: prefix + lines };
}
