import {
  dartEndpoints,
  hasPinningEvidence,
  installsPinnedHttpOverrides,
  type DartEndpoint,
} from '../../server/src/engine/dart/endpoints';
import { nscPinnedDomains, pinsFor, type NscPinnedDomain } from '../../server/src/engine/dart/nsc-pins';
import { looksLikeFhir, matchesDomain, type UrlText } from '../../server/src/engine/dart/urls';
import {
  defineRule,
  type EngineConfig,
  type Project,
  type RelatedInformation,
  type RuleContext,
} from '../../server/src/engine/rule-api';

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
    fix: 'none',
  },
  check(context) {
    const file = context.file.dart();
    if (!file) return;
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
      if (phi) reportEndpoint(context, endpoint, phi, pinned);
    }
  },
});

/** A PHI host from the config, a host the NSC pins, or a FHIR-looking URL. */
function phiUrl(urls: UrlText[], config: EngineConfig, pinned: NscPinnedDomain[]): UrlText | undefined {
  const withHost = urls.filter((url) => url.host && url.scheme !== 'http' && url.scheme !== 'ws');
  return (
    withHost.find((url) => config.hosts.phi.some((entry) => matchesDomain(url.host!, entry.host, true))) ??
    withHost.find((url) => pinsFor(url.host!, pinned).length > 0) ??
    withHost.find(looksLikeFhir)
  );
}

function projectPinsGlobally(project: Project): boolean {
  return project.files('dart').some((dartFile) => {
    const parsed = dartFile.dart();
    return parsed !== undefined && installsPinnedHttpOverrides(parsed);
  });
}

function projectHasPinning(project: Project): boolean {
  return project.files('dart').some((dartFile) => {
    const parsed = dartFile.dart();
    return parsed !== undefined && hasPinningEvidence(parsed, parsed.root);
  });
}

function reportEndpoint(
  context: RuleContext,
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
      message: `This <pin-set> covers ${entry.domain} for native code only; Dart's clients ignore it.`,
    });
  }
  context.report({
    range,
    message:
      endpoint.origin === 'construction'
        ? `${endpoint.label} for PHI host ${url.host} has no certificate pinning.`
        : `Request through ${endpoint.label} to PHI host ${url.host} has no certificate pinning.`,
    related,
  });
}
