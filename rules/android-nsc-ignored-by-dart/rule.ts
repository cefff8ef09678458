import {
  dartEndpoints,
  declaresPinnedHttpOverrides,
  installsHttpOverrides,
  pinsAnywhere,
  type DartEndpoint,
} from '../../server/src/engine/dart/endpoints';
import type { DartFile } from '../../server/src/engine/dart/model';
import { matchesDomain } from '../../server/src/engine/dart/urls';
import { childElements, type XMLElement } from '../../server/src/engine/parsers/xml';
import { configLabel, nscScope } from '../../server/src/engine/platform/nsc';
import {
  defineRule,
  type Range,
  type RelatedInformation,
  type RuleContext,
  type Severity,
} from '../../server/src/engine/rule-api';
import { pinSetFixes } from './fixes';

/** At most this many Dart clients are listed as related information. */
const MAX_RELATED = 5;

interface FileEndpoints {
  path: string;
  dart?: DartFile;
  source: { rangeOf(start: number, end: number): Range };
  endpoints: DartEndpoint[];
}

export default defineRule({
  meta: {
    id: 'android-nsc-ignored-by-dart',
    summary: "A network security config setting does not apply to the app's Dart HTTP traffic.",
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: ['network-security-config'],
    reads: ['dart'],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-1', 'MASVS-NETWORK-2'],
    cwe: [295, 319],
    wave: 1,
    fix: 'unsafe',
  },
  check(context) {
    const clients = dartClients(context);
    if (clients.every((entry) => entry.endpoints.length === 0)) return;

    const xml = context.file.xml();
    for (const pinSet of xml.elements('pin-set')) checkPinSet(context, pinSet, clients);
    // A base-config with cleartext off only restates Android's default since API 28.
    for (const config of xml.elements('domain-config')) {
      checkCleartextFlag(context, config, clients);
    }
  },
});

/** Lists the project's unpinned Dart HTTP clients; pinned ones need no NSC. */
function dartClients(context: RuleContext): FileEndpoints[] {
  const files = context.project.files('dart').map((file) => ({ file, parsed: file.dart() }));
  const parsed = files.flatMap((entry) => (entry.parsed ? [entry.parsed] : []));
  // A pinned HttpOverrides.global covers every dart:io client, dio and http included.
  if (parsed.some(installsHttpOverrides) && parsed.some(declaresPinnedHttpOverrides)) return [];
  // As in pinning-missing-for-phi-host, a client received from elsewhere counts as pinned when
  // the project pins somewhere, such as a field set from the generated pinned client.
  const pinsSomewhere = parsed.some(pinsAnywhere);
  const unpinned = (e: DartEndpoint) => !e.pinned && !(pinsSomewhere && e.origin === 'variable');
  return files.map(({ file, parsed: dart }) => {
    const endpoints = dart ? dartEndpoints(dart).filter(unpinned) : [];
    return { path: file.path, dart, source: file.source, endpoints };
  });
}

interface DomainEntry {
  name: string;
  /** `includeSubdomains="true"`. */
  sub: boolean;
}

function domainsOf(context: RuleContext, config: XMLElement): DomainEntry[] {
  const xml = context.file.xml();
  return childElements(config, 'domain').map((domain) => ({
    name: xml.text(domain).toLowerCase(),
    sub: xml.attribute(domain, 'includeSubdomains')?.value?.trim() === 'true',
  }));
}

/** Clients seen talking to one of the domains, or undefined when `domains` is empty. */
function clientsFor(
  clients: FileEndpoints[],
  domains: DomainEntry[],
): RelatedTarget[] {
  const matches: RelatedTarget[] = [];
  for (const entry of clients) {
    for (const endpoint of entry.endpoints) {
      const hit = endpoint.urls.some(
        (url) => url.host && domains.some((d) => matchesDomain(url.host!, d.name, d.sub)),
      );
      if (hit || domains.length === 0) matches.push({ entry, endpoint });
    }
  }
  return matches;
}

interface RelatedTarget {
  entry: FileEndpoints;
  endpoint: DartEndpoint;
}

function relatedClients(targets: RelatedTarget[], message: string): RelatedInformation[] {
  return targets.slice(0, MAX_RELATED).map(({ entry, endpoint }) => ({
    path: entry.path,
    range: entry.source.rangeOf(endpoint.site.startIndex, endpoint.site.endIndex),
    message,
  }));
}

function allClients(clients: FileEndpoints[]): RelatedTarget[] {
  return clientsFor(clients, []);
}

function checkPinSet(context: RuleContext, pinSet: XMLElement, clients: FileEndpoints[]): void {
  const scope = nscScope(pinSet);
  if (!scope || scope.scope !== 'domain-config') return;
  const xml = context.file.xml();
  const label = configLabel(xml, scope.config);
  const domains = domainsOf(context, scope.config);
  const matching = clientsFor(clients, domains);
  const severity: Severity = matching.length > 0 ? 'warning' : 'info';
  const targets = matching.length > 0 ? matching : allClients(clients);
  const message =
    matching.length > 0
      ? `Dart code reaches ${label} unpinned; this pin-set does not apply to it.`
      : `Dart HTTP clients ignore this pin-set for ${label}.`;
  context.report({
    range: xml.nameRange(pinSet),
    severity,
    message,
    related: relatedClients(
      targets,
      'This client opens its sockets from Dart, which never reads the network security config.',
    ),
    fixes:
      matching.length > 0
        ? pinSetFixes(
            context,
            pinSet,
            domains,
            matching.map(({ entry, endpoint }) => ({ dart: entry.dart, endpoint })),
          )
        : [],
  });
}

function checkCleartextFlag(
  context: RuleContext,
  config: XMLElement,
  clients: FileEndpoints[],
): void {
  const xml = context.file.xml();
  const attribute = xml.attribute(config, 'cleartextTrafficPermitted');
  if (attribute?.value?.trim() !== 'false') return;
  const cleartext = clientsFor(clients, domainsOf(context, config)).filter(({ endpoint }) =>
    endpoint.urls.some((url) => url.scheme === 'http' || url.scheme === 'ws'),
  );
  const targets = cleartext.length > 0 ? cleartext : allClients(clients);
  const label = configLabel(xml, config);
  context.report({
    range: attribute.range,
    severity: cleartext.length > 0 ? 'warning' : 'info',
    message: `Dart HTTP clients ignore cleartextTrafficPermitted="false" for ${label}.`,
    related: relatedClients(
      targets,
      cleartext.length > 0
        ? 'This Dart client sends cleartext HTTP despite the setting.'
        : 'This client opens its sockets from Dart, which never reads the network security config.',
    ),
  });
}
