import * as path from 'node:path';
import type { XMLElement } from '../parsers/xml';
import { localName, type XmlAttribute, type XmlDocument } from '../parsers/xml';
import type { Project, WorkspaceFile } from '../workspace';

/**
 * Where an AndroidManifest.xml sits decides what it ships in. Flutter apps keep the main
 * manifest in `android/app/src/main/`; `src/debug/` and `src/profile/` manifests only reach
 * those build types; a manifest under `android/src/main/` without an `app/` folder belongs to a
 * plugin (a library) and reaches the app only through the manifest merger.
 */
export type ManifestRole = 'main' | 'release' | 'debug' | 'library';

export function manifestRole(filePath: string): ManifestRole {
  const normalized = filePath.replace(/\\/g, '/');
  const sourceSet = /\/src\/([^/]+)\/AndroidManifest\.xml$/.exec(normalized)?.[1];
  if (sourceSet === 'debug' || sourceSet === 'profile') return 'debug';
  if (sourceSet === 'release') return 'release';
  if (/\/android\/app\/src\//.test(normalized) || /\/app\/src\/main\//.test(normalized))
    return 'main';
  if (/\/android\/src\/main\/AndroidManifest\.xml$/.test(normalized)) return 'library';
  return 'main';
}

/** Checks whether a manifest with this role reaches the release build of the app itself. */
export function shipsInRelease(role: ManifestRole): boolean {
  return role === 'main' || role === 'release';
}

/**
 * Returns the folder of a Flutter app that contains `android/`, `ios/` and `lib/`, for a file
 * in one of them. Two apps scanned together without pubspec.yaml files share one project, so
 * cross-file rules compare app folders to keep each app's evidence apart.
 */
export function appFolderOf(filePath: string): string {
  const normalized = filePath.replace(/\\/g, '/');
  const index = Math.max(normalized.lastIndexOf('/android/'), normalized.lastIndexOf('/ios/'));
  if (index >= 0) return normalized.slice(0, index);
  const lib = normalized.lastIndexOf('/lib/');
  return lib >= 0 ? normalized.slice(0, lib) : path.posix.dirname(normalized);
}

/** Checks whether two files belong to the same Flutter app folder. */
export function sameApp(a: string, b: string): boolean {
  return appFolderOf(a) === appFolderOf(b);
}

/**
 * Lists the app's own manifests that reach release builds (`src/main` and `src/release`),
 * limited to the app that `near` belongs to when it is given.
 */
export function appManifests(project: Project, near?: string): WorkspaceFile[] {
  return project
    .files('android-manifest')
    .filter((file) => shipsInRelease(manifestRole(file.path)))
    .filter((file) => near === undefined || sameApp(file.path, near));
}

/**
 * Plugin manifests that the manifest merger folds into the app: those inside the project and
 * those of `path:` dependencies in pubspec.yaml (a plugin package has its own pubspec.yaml, so
 * its files belong to another project).
 */
export function libraryManifests(project: Project): WorkspaceFile[] {
  const found = new Map<string, WorkspaceFile>();
  for (const file of project.files('android-manifest')) {
    if (manifestRole(file.path) === 'library') found.set(file.path, file);
  }
  for (const dependencyRoot of pathDependencyRoots(project)) {
    const manifest = project.get(
      path.posix.join(dependencyRoot, 'android/src/main/AndroidManifest.xml'),
    );
    if (manifest) found.set(manifest.path, manifest);
  }
  return [...found.values()];
}

function pathDependencyRoots(project: Project): string[] {
  const pubspec = project.pubspec();
  if (!pubspec || pubspec.kind !== 'pubspec') return [];
  const roots: string[] = [];
  for (const section of ['dependencies', 'dev_dependencies']) {
    for (const { key } of pubspec.yaml().keys([section])) {
      const value = pubspec.yaml().pair([section, key, 'path'])?.value as {
        value?: unknown;
      } | null;
      if (typeof value?.value === 'string') roots.push(path.posix.join(project.root, value.value));
    }
  }
  return roots;
}

export function applicationElement(xml: XmlDocument): XMLElement | undefined {
  return xml.elements('application')[0];
}

/** Reads the `package` attribute of `<manifest>`, which relative class names resolve against. */
export function manifestPackage(xml: XmlDocument): string | undefined {
  const root = xml.root;
  if (!root || localName(root) !== 'manifest') return undefined;
  return xml.attribute(root, 'package')?.value ?? undefined;
}

/**
 * Resolves a component's `android:name` the way the manifest merger does: `.Foo` and `Foo`
 * (no dot) are relative to the manifest's package.
 */
export function resolveClassName(name: string, packageName: string | undefined): string {
  const trimmed = name.trim();
  if (!packageName) return trimmed.replace(/^\./, '');
  if (trimmed.startsWith('.')) return packageName + trimmed;
  if (!trimmed.includes('.')) return `${packageName}.${trimmed}`;
  return trimmed;
}

/** Reads a literal boolean attribute, or returns undefined for placeholders and references. */
export function booleanValue(attribute: XmlAttribute | undefined): boolean | undefined {
  const value = attribute?.value?.trim();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Names listed in a `tools:replace` attribute, such as `android:allowBackup`. */
export function toolsReplaced(xml: XmlDocument, element: XMLElement): string[] {
  const value = xml.attribute(element, 'tools:replace')?.value ?? '';
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

export function toolsNode(xml: XmlDocument, element: XMLElement): string | undefined {
  return xml.attribute(element, 'tools:node')?.value?.trim();
}

/**
 * Finds the file that a resource reference such as `@xml/data_extraction_rules` names, looked up in
 * the `res/` folder next to the manifest first and then in any `res/xml*` folder of the project.
 */
export function resourceFile(
  project: Project,
  manifestPath: string,
  reference: string | null | undefined,
): WorkspaceFile | undefined {
  const match = /^@xml\/([\w.]+)$/.exec(reference?.trim() ?? '');
  if (!match) return undefined;
  const sibling = path.posix.join(path.posix.dirname(manifestPath), 'res/xml', `${match[1]}.xml`);
  const direct = project.get(sibling);
  if (direct) return direct;
  const suffix = new RegExp(`/res/xml[^/]*/${match[1].replace(/\./g, '\\.')}\\.xml$`);
  return project.files().find((file) => suffix.test(file.path) && sameApp(file.path, manifestPath));
}

/** Returns the `res/xml` folder of a manifest, where generated resource files go. */
export function resourceXmlFolder(manifestPath: string): string {
  return path.posix.join(path.posix.dirname(manifestPath), 'res/xml');
}
