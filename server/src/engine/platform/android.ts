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
  if (/\/android\/app\/src\//.test(normalized) || /\/app\/src\/main\//.test(normalized)) return 'main';
  if (/\/android\/src\/main\/AndroidManifest\.xml$/.test(normalized)) return 'library';
  return 'main';
}
