import * as path from 'node:path';
import { appManifests, applicationElement, resourceXmlFolder } from '../platform/android';
import {
  attributeQuote,
  editChange,
  indentUnit,
  insertAttributes,
  lineBreakOf,
} from '../platform/text-edits';
import type { SourceText } from '../text';
import type { FileChange } from '../types';
import type { Project, WorkspaceFile } from '../workspace';

/** Resource name of the network security config that fixes create, as in `@xml/<name>`. */
export const NSC_RESOURCE_NAME = 'network_security_config';

const NSC_ATTRIBUTE = 'android:networkSecurityConfig';

/** Changes that give an app a network security config, and whether they create the file. */
export interface NscFileChanges {
  changes: FileChange[];
  createsFile: boolean;
}

/**
 * Builds the changes that create `res/xml/network_security_config.xml` next to the app's main
 * manifest and reference it from `<application>`. The created config trusts only system CAs
 * and forbids cleartext in release. It keeps user CAs for debuggable builds, so proxy debugging
 * still works. A file that already exists at that path is left as it is, and an existing
 * reference is not repeated. Returns undefined when there is no main manifest with an
 * `<application>`, when nothing is missing, or when the file at that path is another kind of
 * XML, because Android throws when it loads a config whose root is not
 * `<network-security-config>`.
 */
export function networkSecurityConfigChanges(
  project: Project,
  near: string,
): NscFileChanges | undefined {
  const manifest = mainManifest(project, near);
  const xml = manifest?.xml();
  const application = xml && applicationElement(xml);
  if (!manifest || !xml || !application) return undefined;

  const target = path.posix.join(resourceXmlFolder(manifest.path), `${NSC_RESOURCE_NAME}.xml`);
  const existing = project.get(target);
  if (existing && existing.kind !== 'network-security-config') return undefined;

  const changes: FileChange[] = [];
  if (!xml.attribute(application, NSC_ATTRIBUTE)) {
    const reference: [string, string] = [NSC_ATTRIBUTE, `@xml/${NSC_RESOURCE_NAME}`];
    const edit = insertAttributes(xml, application, [reference], attributeQuote(xml, application));
    changes.push(editChange(manifest.path, [edit]));
  }
  if (!existing) {
    changes.push({ kind: 'create', path: target, content: configContent(manifest.source) });
  }
  return changes.length > 0 ? { changes, createsFile: !existing } : undefined;
}

/**
 * Picks the `src/main` manifest of the module whose build script is `near`, else the Flutter
 * app module's (`android/app`), else the only `src/main` manifest of the app.
 */
function mainManifest(project: Project, near: string): WorkspaceFile | undefined {
  const candidates = appManifests(project, near).filter(
    (file) =>
      file.path.replace(/\\/g, '/').endsWith('/src/main/AndroidManifest.xml') &&
      applicationElement(file.xml()) !== undefined,
  );
  const moduleManifest = path.posix.join(path.posix.dirname(near), 'src/main/AndroidManifest.xml');
  return (
    candidates.find((file) => file.path === moduleManifest) ??
    candidates.find((file) => file.path.endsWith('/app/src/main/AndroidManifest.xml')) ??
    (candidates.length === 1 ? candidates[0] : undefined)
  );
}

/** Builds the config text with the manifest's indentation step and line breaks. */
function configContent(manifest: SourceText): string {
  const unit = indentUnit(manifest);
  const trustAnchors = (source: string) => [
    `${unit}${unit}<trust-anchors>`,
    `${unit}${unit}${unit}<certificates src="${source}"/>`,
    `${unit}${unit}</trust-anchors>`,
  ];
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<network-security-config>',
    `${unit}<base-config cleartextTrafficPermitted="false">`,
    ...trustAnchors('system'),
    `${unit}</base-config>`,
    `${unit}<!-- Android applies debug-overrides only to debuggable builds. -->`,
    `${unit}<debug-overrides>`,
    ...trustAnchors('user'),
    `${unit}</debug-overrides>`,
    '</network-security-config>',
  ];
  const br = lineBreakOf(manifest);
  return lines.map((line) => line + br).join('');
}
