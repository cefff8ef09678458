import { dictEntry, type PlistDocument, type PlistEntry, type PlistValue } from '../parsers/plist';

/**
 * App Transport Security as iOS reads it from Info.plist. Top-level keys of the
 * NSAppTransportSecurity dict set the global policy. Every key of NSExceptionDomains is a domain
 * name, so an ATS setting written there is just a strange domain and changes nothing.
 */
export type PlistDict = Extract<PlistValue, { type: 'dict' }>;

export interface AtsDomain {
  domain: string;
  entry: PlistEntry;
  dict: PlistDict;
}

export interface AtsModel {
  entry: PlistEntry;
  dict: PlistDict;
  domains: AtsDomain[];
  /** Entries of NSExceptionDomains whose key is a top-level ATS key, which iOS ignores. */
  misplaced: PlistEntry[];
}

/** Keys that belong at the top level of NSAppTransportSecurity. */
export const TOP_LEVEL_ATS_KEYS = new Set([
  'NSAllowsArbitraryLoads',
  'NSAllowsArbitraryLoadsForMedia',
  'NSAllowsArbitraryLoadsInWebContent',
  'NSAllowsLocalNetworking',
  'NSRequiresCertificateTransparency',
  'NSExceptionDomains',
  'NSPinnedDomains',
]);

/**
 * Keys whose presence makes iOS 10 and later ignore NSAllowsArbitraryLoads, as Apple's
 * NSAllowsArbitraryLoads documentation states.
 */
export const ARBITRARY_LOADS_OVERRIDES = [
  'NSAllowsArbitraryLoadsForMedia',
  'NSAllowsArbitraryLoadsInWebContent',
  'NSRequiresCertificateTransparency',
  'NSAllowsLocalNetworking',
];

export function atsModel(plist: PlistDocument): AtsModel | undefined {
  const entry = dictEntry(plist.topDict, 'NSAppTransportSecurity');
  if (!entry || entry.value?.type !== 'dict') return undefined;
  const dict = entry.value;
  const domains: AtsDomain[] = [];
  const misplaced: PlistEntry[] = [];
  const exceptions = dictEntry(dict, 'NSExceptionDomains')?.value;
  if (exceptions?.type === 'dict') {
    for (const domainEntry of exceptions.entries) {
      if (TOP_LEVEL_ATS_KEYS.has(domainEntry.key)) misplaced.push(domainEntry);
      else if (domainEntry.value?.type === 'dict') {
        domains.push({ domain: domainEntry.key, entry: domainEntry, dict: domainEntry.value });
      }
    }
  }
  return { entry, dict, domains, misplaced };
}

/** Reads a boolean entry, or returns undefined when it is missing or not a boolean. */
export function booleanEntry(
  dict: PlistDict,
  key: string,
): { entry: PlistEntry; value: boolean } | undefined {
  const entry = dictEntry(dict, key);
  if (entry?.value?.type !== 'boolean') return undefined;
  return { entry, value: entry.value.value };
}

/** Whether a TLS version string such as `TLSv1.1` is below TLS 1.2. */
export function isWeakTlsVersion(version: string): boolean {
  const match = /^TLSv1\.(\d)$/.exec(version.trim());
  return match !== null && Number(match[1]) < 2;
}
