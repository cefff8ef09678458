import { defineRule, type Fix, type RuleContext } from '../../server/src/engine/rule-api';
import type { PlistEntry } from '../../server/src/engine/parsers/plist';
import {
  ARBITRARY_LOADS_OVERRIDES,
  atsModel,
  booleanEntry,
  isWeakTlsVersion,
  type AtsDomain,
  type AtsModel,
} from '../../server/src/engine/platform/ats';
import { editChange, removeSpan } from '../../server/src/engine/platform/text-edits';
import type { RelatedInformation } from '../../server/src/engine/types';

const DART_NOTE =
  "ATS governs URLSession and WKWebView; Flutter's Dart HttpClient is not subject to it.";

export default defineRule({
  meta: {
    id: 'ios-ats-insecure-exception',
    summary: 'Info.plist weakens App Transport Security globally or for a domain.',
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: ['plist'],
    hipaa: ['(e)(1)', '(e)(2)(ii)'],
    masvs: ['MASVS-NETWORK-1'],
    cwe: [319, 757],
    wave: 1,
    fix: 'safe',
  },
  check(context) {
    if (!/(^|\/)[^/]*Info\.plist$/i.test(context.file.path)) return;
    const model = atsModel(context.file.plist());
    if (!model) return;
    checkGlobal(context, model);
    for (const domain of model.domains) checkDomain(context, domain);
    for (const entry of model.misplaced) {
      context.report({
        range: entry.keyRange,
        severity: 'info',
        message: `${entry.key} inside NSExceptionDomains is read as a domain name and has no effect.`,
      });
    }
  },
});

function checkGlobal(context: RuleContext, model: AtsModel): void {
  const arbitrary = booleanEntry(model.dict, 'NSAllowsArbitraryLoads');
  if (arbitrary?.value) reportArbitraryLoads(context, model, arbitrary.entry);
  const webContent = booleanEntry(model.dict, 'NSAllowsArbitraryLoadsInWebContent');
  if (webContent?.value) {
    reportEntry(
      context,
      webContent.entry,
      'NSAllowsArbitraryLoadsInWebContent lets web views load pages over cleartext HTTP.',
    );
  }
  const media = booleanEntry(model.dict, 'NSAllowsArbitraryLoadsForMedia');
  if (media?.value) {
    reportEntry(
      context,
      media.entry,
      'NSAllowsArbitraryLoadsForMedia lets AVFoundation load media over cleartext HTTP.',
    );
  }
}

function reportArbitraryLoads(context: RuleContext, model: AtsModel, entry: PlistEntry): void {
  const { file } = context;
  const override = ARBITRARY_LOADS_OVERRIDES.find((key) =>
    model.dict.entries.some((e) => e.key === key),
  );
  if (override) {
    reportEntry(
      context,
      entry,
      `NSAllowsArbitraryLoads is ignored on iOS 10 and later because ${override} is set.`,
      'info',
    );
    return;
  }
  const protectedDomains: RelatedInformation[] = model.domains.map((domain) => ({
    path: file.path,
    range: domain.entry.keyRange,
    message: `${domain.domain} is listed in NSExceptionDomains, so it keeps its own ATS settings.`,
  }));
  const message =
    model.domains.length > 0
      ? 'NSAllowsArbitraryLoads turns off ATS for every domain not in NSExceptionDomains.'
      : 'NSAllowsArbitraryLoads turns off App Transport Security for every domain.';
  reportEntry(context, entry, message, 'error', protectedDomains);
}

function checkDomain(context: RuleContext, domain: AtsDomain): void {
  const loopback = context.config.hosts.cleartextAllowed.includes(domain.domain.toLowerCase());
  const subdomains = booleanEntry(domain.dict, 'NSIncludesSubdomains');
  const scope = subdomains?.value ? `${domain.domain} and its subdomains` : domain.domain;
  const widening: RelatedInformation[] = subdomains?.value
    ? [
        {
          path: context.file.path,
          range: subdomains.entry.keyRange,
          message: `NSIncludesSubdomains extends this exception to every subdomain of ${domain.domain}.`,
        },
      ]
    : [];
  for (const key of [
    'NSExceptionAllowsInsecureHTTPLoads',
    'NSThirdPartyExceptionAllowsInsecureHTTPLoads',
  ]) {
    const insecure = booleanEntry(domain.dict, key);
    if (!insecure?.value || loopback) continue;
    reportEntry(
      context,
      insecure.entry,
      `${key} allows cleartext HTTP to ${scope}.`,
      undefined,
      widening,
    );
  }
  for (const key of ['NSExceptionMinimumTLSVersion', 'NSThirdPartyExceptionMinimumTLSVersion']) {
    const entry = domain.dict.entries.find((e) => e.key === key);
    if (entry?.value?.type !== 'string' || !isWeakTlsVersion(entry.value.value)) continue;
    const message = `${key} ${entry.value.value} allows TLS below 1.2 for ${scope}.`;
    context.report({
      range: entry.keyRange,
      message,
      related: widening,
      fixes: [raiseTlsFix(context, entry)],
    });
  }
  for (const key of [
    'NSExceptionRequiresForwardSecrecy',
    'NSThirdPartyExceptionRequiresForwardSecrecy',
  ]) {
    const secrecy = booleanEntry(domain.dict, key);
    if (!secrecy || secrecy.value) continue;
    reportEntry(
      context,
      secrecy.entry,
      `${key} NO allows ciphers without forward secrecy for ${scope}.`,
      undefined,
      widening,
    );
  }
}

function reportEntry(
  context: RuleContext,
  entry: PlistEntry,
  message: string,
  severity?: 'error' | 'warning' | 'info',
  related: RelatedInformation[] = [],
): void {
  const note = { path: context.file.path, range: entry.keyRange, message: DART_NOTE };
  context.report({
    range: entry.keyRange,
    message,
    severity,
    related: [...related, note],
    fixes: [removeEntryFix(context, entry)],
  });
}

/** Deletes a key and its value, so that iOS applies the secure default for that setting. */
function removeEntryFix({ file }: RuleContext, entry: PlistEntry): Fix {
  const source = file.source;
  const start = source.offsetAt(entry.keyRange.start);
  const end = source.offsetAt((entry.value?.range ?? entry.keyRange).end);
  return {
    title: `Remove ${entry.key}`,
    safe: true,
    isPreferred: true,
    changes: [editChange(file.path, [removeSpan(source, start, end)])],
  };
}

function raiseTlsFix({ file }: RuleContext, entry: PlistEntry): Fix {
  return {
    title: `Set ${entry.key} to TLSv1.2`,
    safe: true,
    isPreferred: true,
    changes: [
      editChange(file.path, [{ range: entry.value!.range, newText: '<string>TLSv1.2</string>' }]),
    ],
  };
}
