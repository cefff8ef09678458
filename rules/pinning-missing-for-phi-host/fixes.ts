import type { DartEndpoint } from '../../server/src/engine/dart/endpoints';
import type { DartFile } from '../../server/src/engine/dart/model';
import { hostPinsFor, pinnedClientFix } from '../../server/src/engine/fixes/pinned-client';
import type { Fix, RuleContext } from '../../server/src/engine/rule-api';

export const PINNED_CLIENT_TITLE = 'Replace with a pinned HTTP client';

/**
 * Offers the pinned-client rewrite for one client. The pin table gets every HTTPS host the
 * client is seen to talk to, because the pinned client rejects hosts that are not listed.
 */
export function endpointFixes(context: RuleContext, dart: DartFile, endpoint: DartEndpoint): Fix[] {
  const hosts = [
    ...new Set(
      endpoint.urls
        .filter((url) => url.scheme === 'https' && url.host && !url.dynamicHost)
        .map((url) => url.host!),
    ),
  ];
  const fix = pinnedClientFix({
    project: context.project,
    config: context.config,
    title: PINNED_CLIENT_TITLE,
    targets: [{ file: dart, endpoint }],
    hosts: hosts.map((host) => hostPinsFor(context.project, context.config, host)),
  });
  return fix ? [fix] : [];
}
