import type { DartEndpoint } from '../../server/src/engine/dart/endpoints';
import type { DartFile } from '../../server/src/engine/dart/model';
import { domainPinsFor, pinnedClientFix } from '../../server/src/engine/fixes/pinned-client';
import type { XMLElement } from '../../server/src/engine/parsers/xml';
import type { Fix, RuleContext } from '../../server/src/engine/rule-api';

export const DART_PINNING_TITLE = "Replace this domain's Dart clients with pinned clients";

export interface DomainClient {
  dart?: DartFile;
  endpoint: DartEndpoint;
}

/**
 * Offers to give the Dart clients of a pinned domain the same pins in Dart: they move to the
 * generated pinned client, whose table lists the domains of the pin-set's domain-config.
 */
export function pinSetFixes(
  context: RuleContext,
  pinSet: XMLElement,
  domains: Array<{ name: string; sub: boolean }>,
  clients: DomainClient[],
): Fix[] {
  const xml = context.file.xml();
  const targets = clients.flatMap(({ dart, endpoint }) => (dart ? [{ file: dart, endpoint }] : []));
  const fix = pinnedClientFix({
    project: context.project,
    config: context.config,
    title: DART_PINNING_TITLE,
    targets,
    hosts: domains.map((domain) =>
      domainPinsFor(context.config, xml, pinSet, {
        name: domain.name,
        includeSubdomains: domain.sub,
      }),
    ),
  });
  return fix ? [fix] : [];
}
