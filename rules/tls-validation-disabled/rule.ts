import { callSitesWithin } from '../../server/src/engine/dart/file-calls';
import type { DartFile } from '../../server/src/engine/dart/model';
import {
  closestAncestor,
  descendantsOfType,
  namedChildren,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import {
  callbackFunction,
  callbackSites,
  decide,
  untrustedRootsContexts,
  webViewProceeds,
  type CallbackFunction,
  type CallbackSite,
  type Verdict,
} from '../../server/src/engine/dart/tls';
import { isAllowedCleartextHost } from '../../server/src/engine/dart/urls';
import {
  defineRule,
  type Fix,
  type RelatedInformation,
  type RuleContext,
} from '../../server/src/engine/rule-api';
import { debugGuardFix, removeCallbackFix } from './fixes';
import { buildFlagSource } from './flags';

const WEBVIEW_HANDLERS = new Set([
  'onReceivedServerTrustAuthRequest',
  'androidOnReceivedServerTrustAuthRequest',
  'onSslAuthError',
]);

const WHY_BAD_CERTIFICATE =
  'dart:io calls this callback only for certificates that failed validation, so returning ' +
  'true accepts forged and expired certificates and allows interception of PHI.';

export default defineRule({
  meta: {
    id: 'tls-validation-disabled',
    summary: 'A certificate callback accepts certificates that failed TLS validation.',
    category: 'transport',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(e)(1)', '(e)(2)(i)'],
    masvs: ['MASVS-NETWORK-1'],
    cwe: [295],
    wave: 1,
    fix: 'safe',
  },
  check(context) {
    const file = context.file.dart();
    if (!file) return;
    for (const site of callbackSites(file)) {
      const fn = callbackFunction(file, site.value);
      if (!fn) continue;
      if (WEBVIEW_HANDLERS.has(site.property)) checkWebView(context, site, fn);
      else checkCertificateCallback(context, file, site, fn);
    }
  },
});

function siteRange(context: RuleContext, site: CallbackSite) {
  return context.file.source.rangeOf(site.node.startIndex, site.node.endIndex);
}

function checkWebView(context: RuleContext, site: CallbackSite, fn: CallbackFunction): void {
  if (!webViewProceeds(fn)) return;
  const range = siteRange(context, site);
  context.report({
    range,
    message: `${site.property} proceeds despite an untrusted server certificate.`,
    related: [
      {
        path: context.file.path,
        range,
        message: 'The WebView then loads the page over a connection that may be intercepted.',
      },
    ],
    fixes: [removeCallbackFix(context, site)].filter((f): f is Fix => f !== undefined),
  });
}

function checkCertificateCallback(
  context: RuleContext,
  file: DartFile,
  site: CallbackSite,
  fn: CallbackFunction,
): void {
  const verdict = decide(file, fn);
  switch (verdict.kind) {
    case 'accepts-all':
      return reportAcceptsAll(context, file, site, fn, verdict.trueNodes);
    case 'returns-name':
      return reportFlag(context, file, site, verdict.nameNode);
    case 'debug-only':
      return reportDebugOnly(context, site);
    case 'host-allowlist':
      return reportHosts(context, site, verdict);
    default:
      return;
  }
}

function reportAcceptsAll(
  context: RuleContext,
  file: DartFile,
  site: CallbackSite,
  fn: CallbackFunction,
  trueNodes: SyntaxNode[],
): void {
  if (site.property === 'badCertificateCallback' && adapterPinsCertificates(file, site)) return;
  const range = siteRange(context, site);
  const related: RelatedInformation[] = [
    { path: context.file.path, range, message: WHY_BAD_CERTIFICATE },
  ];
  let message = `${site.property} accepts every certificate.`;
  let severity: 'error' | 'warning' = 'error';
  const overrides = httpOverridesClass(site.node);
  if (overrides) {
    message = `${site.property} in HttpOverrides accepts every certificate app-wide.`;
    related.push(...globalOverrideSites(context, file));
  } else if (site.property === 'validateCertificate' && !adapterDisablesValidation(file, site)) {
    message = 'validateCertificate accepts every certificate, so it checks nothing.';
    severity = 'warning';
  }
  const fixes = [removeCallbackFix(context, site), debugGuardFix(context, file, fn, trueNodes)];
  context.report({ range, message, severity, related, fixes: fixes.filter((f): f is Fix => !!f) });
}

function reportFlag(
  context: RuleContext,
  file: DartFile,
  site: CallbackSite,
  nameNode: SyntaxNode,
): void {
  const flag = buildFlagSource(file, nameNode);
  if (flag.kind === 'false') return;
  const range = siteRange(context, site);
  const source = context.file.source;
  const at = source.rangeOf(flag.node.startIndex, flag.node.endIndex);
  const fixes = [removeCallbackFix(context, site)].filter((f): f is Fix => f !== undefined);
  if (flag.kind === 'true') {
    context.report({
      range,
      message: `${site.property} accepts every certificate through \`${nameNode.text}\`.`,
      related: [
        { path: context.file.path, range: at, message: 'This passes true, so the bypass is on.' },
      ],
      fixes,
    });
    return;
  }
  const environment = flag.kind === 'environment';
  context.report({
    range,
    severity: 'warning',
    message: environment
      ? `${site.property} bypass is controlled by a build-time flag.`
      : `${site.property} bypass is controlled by \`${nameNode.text}\` at run time.`,
    related: [
      {
        path: context.file.path,
        range: at,
        message: environment
          ? `\`${nameNode.text}\` comes from bool.fromEnvironment here; ` +
            'a build with the flag set accepts any certificate.'
          : `When \`${nameNode.text}\` is true, the client accepts any certificate.`,
      },
    ],
    fixes,
  });
}

function reportDebugOnly(context: RuleContext, site: CallbackSite): void {
  context.report({
    range: siteRange(context, site),
    severity: 'info',
    message: `${site.property} accepts every certificate in debug builds.`,
    fixes: [removeCallbackFix(context, site)].filter((f): f is Fix => f !== undefined),
  });
}

function reportHosts(
  context: RuleContext,
  site: CallbackSite,
  verdict: Extract<Verdict, { kind: 'host-allowlist' }>,
): void {
  const allowed = context.config.hosts.cleartextAllowed;
  const remote = verdict.hosts.filter((host) => !isAllowedCleartextHost(host, allowed));
  if (remote.length === 0) return;
  context.report({
    range: siteRange(context, site),
    severity: 'warning',
    message: `${site.property} accepts any certificate from ${remote[0]}.`,
    fixes: [removeCallbackFix(context, site)].filter((f): f is Fix => f !== undefined),
  });
}

/**
 * dio 5's pinning recipe sets `badCertificateCallback => true` on a client without trusted
 * roots and then compares the certificate in `validateCertificate`, which dio runs for every
 * response: that pair pins instead of bypassing.
 */
function adapterPinsCertificates(file: DartFile, site: CallbackSite): boolean {
  const sibling = adapterArgument(site.node, 'createHttpClient', 'validateCertificate');
  if (!sibling) return false;
  const fn = callbackFunction(file, namedChildren(sibling).slice(1));
  return fn !== undefined && decide(file, fn).kind === 'checks-certificate';
}

/** Checks whether the adapter's createHttpClient drops system roots or accepts bad certificates. */
function adapterDisablesValidation(file: DartFile, site: CallbackSite): boolean {
  const create = adapterArgument(site.node, 'validateCertificate', 'createHttpClient');
  if (!create) return false;
  if (untrustedRootsContexts(callSitesWithin(file, create)).length > 0) return true;
  return descendantsOfType(create, 'identifier').some((id) => id.text === 'badCertificateCallback');
}

/** When `node` sits in named argument `from` of a call, that call's named argument `to`. */
function adapterArgument(node: SyntaxNode, from: string, to: string): SyntaxNode | undefined {
  const holder = node.type === 'named_argument' ? node : closestAncestor(node, 'named_argument');
  if (!holder || labelOf(holder) !== from) return undefined;
  return namedChildren(holder.parent!).find(
    (argument) => argument.type === 'named_argument' && labelOf(argument) === to,
  );
}

function labelOf(argument: SyntaxNode): string | undefined {
  const label = namedChildren(argument).find((c) => c.type === 'label');
  return label ? namedChildren(label)[0]?.text : undefined;
}

function httpOverridesClass(node: SyntaxNode): SyntaxNode | undefined {
  const owner = closestAncestor(node, 'class_definition');
  const superclass = owner && namedChildren(owner).find((c) => c.type === 'superclass');
  return superclass && /\bHttpOverrides\b/.test(superclass.text) ? owner : undefined;
}

function globalOverrideSites(context: RuleContext, file: DartFile): RelatedInformation[] {
  return descendantsOfType(file.root, 'assignment_expression')
    .filter((node) => namedChildren(node)[0]?.text.replace(/\s/g, '') === 'HttpOverrides.global')
    .map((node) => ({
      path: context.file.path,
      range: context.file.source.rangeOf(node.startIndex, node.endIndex),
      message: 'Installed here for every HttpClient the app creates, those of http and dio too.',
    }));
}
