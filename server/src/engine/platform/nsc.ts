import type { XMLElement } from '../parsers/xml';
import { childElements, localName, type XmlDocument } from '../parsers/xml';
import type { Project, WorkspaceFile } from '../workspace';
import { appManifests, applicationElement, resourceFile } from './android';

/**
 * The parts of a network security config. `debug-overrides` applies only when the APK is
 * debuggable; `domain-config` applies to its domains (and nested domain-configs inherit from
 * it); `base-config` applies to everything else.
 */
export type NscScope = 'base-config' | 'domain-config' | 'debug-overrides';

const SCOPES = new Set<string>(['base-config', 'domain-config', 'debug-overrides']);

/** Finds the configuration element that an element belongs to, with its scope. */
export function nscScope(element: XMLElement): { scope: NscScope; config: XMLElement } | undefined {
  let current: XMLElement['parent'] | XMLElement = element;
  while (current && current.type === 'XMLElement') {
    const name = localName(current);
    if (SCOPES.has(name)) return { scope: name as NscScope, config: current };
    current = current.parent;
  }
  return undefined;
}

/** Lists the `<domain>` names of a domain-config, or of the nearest enclosing one that has some. */
export function configDomains(xml: XmlDocument, config: XMLElement): string[] {
  const domains = childElements(config, 'domain').map((domain) => xml.text(domain));
  const parent = config.parent;
  if (
    domains.length === 0 &&
    parent.type === 'XMLElement' &&
    localName(parent) === 'domain-config'
  ) {
    return configDomains(xml, parent);
  }
  return domains;
}

/** Builds a short label for messages: `<base-config>`, or the first domain of a domain-config. */
export function configLabel(xml: XmlDocument, config: XMLElement): string {
  if (localName(config) !== 'domain-config') return `<${localName(config)}>`;
  const domains = configDomains(xml, config);
  if (domains.length === 0) return '<domain-config>';
  return domains.length === 1 ? domains[0] : `${domains[0]} and ${domains.length - 1} more`;
}

/** NSC files that an app manifest references through `android:networkSecurityConfig`. */
export function referencedNscFiles(project: Project, near?: string): WorkspaceFile[] {
  const files = new Map<string, WorkspaceFile>();
  for (const manifest of appManifests(project, near)) {
    const application = applicationElement(manifest.xml());
    if (!application) continue;
    const reference = manifest.xml().attribute(application, 'android:networkSecurityConfig');
    const file = resourceFile(project, manifest.path, reference?.value);
    if (file) files.set(file.path, file);
  }
  return [...files.values()];
}

/** Checks whether an app manifest sets `android:networkSecurityConfig`, found or not. */
export function declaresNetworkSecurityConfig(project: Project, near?: string): boolean {
  return appManifests(project, near).some((manifest) => {
    const application = applicationElement(manifest.xml());
    return application && manifest.xml().attribute(application, 'android:networkSecurityConfig');
  });
}

/** `<certificates src="user"/>` elements of a config file, each with its scope. */
export function userCertificates(
  xml: XmlDocument,
): Array<{ element: XMLElement; scope: NscScope; config: XMLElement }> {
  const found = [];
  for (const element of xml.elements('certificates')) {
    if (xml.attribute(element, 'src')?.value?.trim() !== 'user') continue;
    const scope = nscScope(element);
    if (scope) found.push({ element, ...scope });
  }
  return found;
}
