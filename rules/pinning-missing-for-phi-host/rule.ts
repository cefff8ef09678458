import {
  dartEndpoints,
  declaresPinnedHttpOverrides,
  installsHttpOverrides,
  pinsAnywhere,
  type DartEndpoint,
} from '../../server/src/engine/dart/endpoints';
import {
  nscPinnedDomains,
  pinsFor,
  type NscPinnedDomain,
} from '../../server/src/engine/dart/nsc-pins';
import type { DartFile } from '../../server/src/engine/dart/model';
import { looksLikeFhir, matchesDomain, type UrlText } from '../../server/src/engine/dart/urls';
import {
  defineRule,
  type EngineConfig,
  type Project,
  type RelatedInformation,
  type RuleContext,
} from '../../server/src/engine/rule-api';
import { endpointFixes } from './fixes';
import { reportPlaceholderPins } from './placeholder-pins';

const ID = 'pinning-missing-for-phi-host';

/** At most this many requests are listed as related information. */
const MAX_RELATED_REQUESTS = 3;

export default defineRule({
  meta: {
    id: ID,
    summary: 'A Dart HTTP client talks to a PHI host without certificate pinning.',
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: ['dart'],
    reads: ['dart', 'network-security-config'],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-2'],
    cwe: [295],
    wave: 1,
    fix: 'unsafe',
  },
  check(context) {
    const file = context.file.dart();
    if (!file) return;
    reportPlaceholderPins(context, file);
    const endpoints = dartEndpoints(file).filter((endpoint) => !endpoint.pinned);
    if (endpoints.length === 0 || projectPinsGlobally(context.project)) return;
    const pinned = nscPinnedDomains(context.project);
    let pinsElsewhere: boolean | undefined;
    for (const endpoint of endpoints) {
      // A client received from elsewhere may have been pinned where it was built; trust that
      // only when the project pins something somewhere.
      if (endpoint.origin === 'variable') {
        pinsElsewhere ??= projectHasPinning(context.project);
        if (pinsElsewhere) continue;
      }
      const phi = phiUrl(endpoint.urls, context.config, pinned);
      if (phi) reportEndpoint(context, file, endpoint, phi, pinned);
    }
  },
});

/** Picks a URL whose host is a configured PHI host, a host the NSC pins, or looks like FHIR. */
function phiUrl(
  urls: UrlText[],
  config: EngineConfig,
  pinned: NscPinnedDomain[],
): UrlText | undefined {
  const withHost = urls.filter((url) => url.host && url.scheme !== 'http' && url.scheme !== 'ws');
  const configured = (host: string) =>
    config.hosts.phi.some((entry) => matchesDomain(host, entry.host, true));
  return (
    withHost.find((url) => configured(url.host!)) ??
    withHost.find((url) => pinsFor(url.host!, pinned).length > 0) ??
    withHost.find(looksLikeFhir)
  );
}

/** Checks whether the project installs an `HttpOverrides.global` with pinned roots. */
function projectPinsGlobally(project: Project): boolean {
  const files = project.files('dart').map((file) => file.dart());
  const parsed = files.filter((file) => file !== undefined);
  return parsed.some(installsHttpOverrides) && parsed.some(declaresPinnedHttpOverrides);
}

function projectHasPinning(project: Project): boolean {
  return project.files('dart').some((dartFile) => {
    const parsed = dartFile.dart();
    return parsed !== undefined && pinsAnywhere(parsed);
  });
}

function reportEndpoint(
  context: RuleContext,
  file: DartFile,
  endpoint: DartEndpoint,
  url: UrlText,
  pinned: NscPinnedDomain[],
): void {
  const source = context.file.source;
  const range = source.rangeOf(endpoint.site.startIndex, endpoint.site.endIndex);
  const related: RelatedInformation[] = endpoint.requests
    .filter((request) => request.call.startIndex !== endpoint.site.startIndex)
    .slice(0, MAX_RELATED_REQUESTS)
    .map((request) => ({
      path: context.file.path,
      range: source.rangeOf(request.call.startIndex, request.call.endIndex),
      message: 'PHI request sent through this unpinned client.',
    }));
  for (const entry of pinsFor(url.host!, pinned)) {
    related.push({
      path: entry.file.path,
      range: entry.range,
      message: `This <pin-set> covers ${entry.domain} for native code only; Dart ignores it.`,
    });
  }
  context.report({
    range,
    message:
      endpoint.origin === 'construction'
        ? `${endpoint.label} for PHI host ${url.host} has no certificate pinning.`
        : `Request through ${endpoint.label} to PHI host ${url.host} has no certificate pinning.`,
    related,
    fixes: endpointFixes(context, file, endpoint),
  });
}
