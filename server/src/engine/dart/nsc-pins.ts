import { childElements, localName, type XMLElement } from '../parsers/xml';
import type { Range } from '../types';
import type { Project, WorkspaceFile } from '../workspace';
import { matchesDomain } from './urls';

/**
 * The domains that a project's network_security_config.xml pins in a `<pin-set>`. The Dart
 * rules read them as "hosts the developer meant to pin": Android applies those pins to native
 * code and WebViews only, never to sockets opened from Dart.
 */
export interface NscPinnedDomain {
  domain: string;
  includeSubdomains: boolean;
  file: WorkspaceFile;
  pinSet: XMLElement;
  /** The `<pin-set>` tag name, where related information points. */
  range: Range;
}

export function nscPinnedDomains(project: Project): NscPinnedDomain[] {
  const found: NscPinnedDomain[] = [];
  for (const file of project.files('network-security-config')) {
    const xml = file.xml();
    for (const pinSet of xml.elements('pin-set')) {
      const config = pinSet.parent;
      if (config.type !== 'XMLElement' || localName(config) !== 'domain-config') continue;
      for (const domain of domainsOf(config)) {
        const flag = xml.attribute(domain, 'includeSubdomains')?.value?.trim();
        found.push({
          domain: xml.text(domain).toLowerCase(),
          includeSubdomains: flag === 'true',
          file,
          pinSet,
          range: xml.nameRange(pinSet),
        });
      }
    }
  }
  return found;
}

/** Returns a domain-config's domains, or its parent's when a nested one has none. */
function domainsOf(config: XMLElement): XMLElement[] {
  const own = childElements(config, 'domain');
  const parent = config.parent;
  if (own.length > 0 || parent.type !== 'XMLElement' || localName(parent) !== 'domain-config') {
    return own;
  }
  return domainsOf(parent);
}

/** Selects the pinned domains that cover a host. */
export function pinsFor(host: string, pinned: NscPinnedDomain[]): NscPinnedDomain[] {
  return pinned.filter((entry) => matchesDomain(host, entry.domain, entry.includeSubdomains));
}
