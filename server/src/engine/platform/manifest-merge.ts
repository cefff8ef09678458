import type { XMLElement } from '../parsers/xml';
import { childElements, type XmlAttribute } from '../parsers/xml';
import type { Project, WorkspaceFile } from '../workspace';
import { appManifests, manifestPackage, resolveClassName, toolsNode } from './android';

/**
 * The parts of Android's manifest merger that decide what ships: app manifests take priority over
 * plugin (library) manifests, `tools:node="remove"` drops a plugin's element, and an attribute the
 * app sets (with `tools:replace` when the values differ) wins over the plugin's value. Elements are
 * matched by their fully qualified `android:name`.
 */
export const COMPONENT_TAGS = ['activity', 'activity-alias', 'service', 'receiver', 'provider'];

export interface Component {
  file: WorkspaceFile;
  element: XMLElement;
  tag: string;
  /** The fully qualified class name. */
  name: string;
}

export function componentsOf(file: WorkspaceFile): Component[] {
  const xml = file.xml();
  const packageName = manifestPackage(xml);
  const found: Component[] = [];
  for (const tag of COMPONENT_TAGS) {
    for (const element of xml.elements(tag)) {
      const name = xml.attribute(element, 'android:name')?.value;
      if (!name) continue;
      found.push({ file, element, tag, name: resolveClassName(name, packageName) });
    }
  }
  return found;
}

/** Finds the app manifest's element for the same component, which overrides or removes it. */
export function appOverride(project: Project, component: Component): Component | undefined {
  for (const manifest of appManifests(project)) {
    if (manifest.path === component.file.path) continue;
    const match = componentsOf(manifest).find(
      (c) => c.tag === component.tag && c.name === component.name,
    );
    if (match) return match;
  }
  return undefined;
}

/** Checks whether the element is a merger instruction that removes the component. */
export function isRemoval(component: Component): boolean {
  const node = toolsNode(component.file.xml(), component.element);
  return node === 'remove' || node === 'removeAll';
}

/** Reads an attribute as merged: the override's value when it sets one, else the component's. */
export function mergedAttribute(
  component: Component,
  override: Component | undefined,
  name: string,
): { attribute: XmlAttribute; file: WorkspaceFile } | undefined {
  const fromOverride = override && override.file.xml().attribute(override.element, name);
  if (fromOverride) return { attribute: fromOverride, file: override.file };
  const own = component.file.xml().attribute(component.element, name);
  return own ? { attribute: own, file: component.file } : undefined;
}

/** Checks whether an activity is the launcher entry (MAIN action with LAUNCHER category). */
export function isLauncher(component: Component): boolean {
  const xml = component.file.xml();
  return childElements(component.element, 'intent-filter').some((filter) => {
    const names = (tag: string) =>
      childElements(filter, tag).map((e) => xml.attribute(e, 'android:name')?.value?.trim());
    return (
      names('action').includes('android.intent.action.MAIN') &&
      names('category').includes('android.intent.category.LAUNCHER')
    );
  });
}

/** Checks whether every intent filter is a browsable VIEW link (a deep link), public by design. */
export function isDeepLinkOnly(component: Component): boolean {
  const xml = component.file.xml();
  const filters = childElements(component.element, 'intent-filter');
  return (
    filters.length > 0 &&
    filters.every((filter) => {
      const names = (tag: string) =>
        childElements(filter, tag).map((e) => xml.attribute(e, 'android:name')?.value?.trim());
      return (
        names('action').every((a) => a === 'android.intent.action.VIEW') &&
        names('category').includes('android.intent.category.BROWSABLE')
      );
    })
  );
}

/** Custom permissions that a manifest of the project declares with a signature protection level. */
export function signaturePermissions(project: Project): Set<string> {
  const names = new Set<string>();
  for (const manifest of project.files('android-manifest')) {
    const xml = manifest.xml();
    for (const permission of xml.elements('permission')) {
      const level = xml.attribute(permission, 'android:protectionLevel')?.value ?? '';
      const name = xml.attribute(permission, 'android:name')?.value;
      if (name && /signature|knownSigner/.test(level)) names.add(name.trim());
    }
  }
  return names;
}

/**
 * Platform permissions that only the system or the same signer holds: the `BIND_*` family that
 * services require of their callers, and Google Play services' messaging sender permission.
 */
export function isPlatformSignaturePermission(name: string): boolean {
  return (
    /^android\.permission\.BIND_[A-Z_]+$/.test(name) ||
    name === 'com.google.android.c2dm.permission.SEND'
  );
}

export function hasIntentFilter(component: Component): boolean {
  return childElements(component.element, 'intent-filter').length > 0;
}
