/**
 * URL text as the transport rules read it: the scheme, the host and the path of a URL written
 * in Dart source, and the lists of hosts that are not network endpoints (loopback, documentation
 * placeholders, XML namespaces and terminology identifiers).
 *
 * Values may contain `UNKNOWN_PART`, which stands for an interpolation whose value the analysis
 * does not know, so that `'http://$host/x'` still has a scheme but no known host.
 */

/** Stands for a part of a string whose value is not known, such as `$host`. */
export const UNKNOWN_PART = '\u0000';

export interface UrlText {
  /** Lower-case scheme without `://`, for example `http`. */
  scheme: string;
  /** Lower-case host without user info or port; undefined when it is not known. */
  host?: string;
  /** True when the host comes from an interpolation or another unknown value. */
  dynamicHost: boolean;
  /** Everything after the authority: path, query and fragment. */
  path: string;
  /** True for a scheme with nothing after `://`, such as the constant `'http://'`. */
  schemeOnly: boolean;
}

const URL_SHAPE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([\s\S]*)$/;

/** Splits a URL value into scheme, host and path; undefined when it has no `scheme://`. */
export function parseUrlText(value: string): UrlText | undefined {
  const match = URL_SHAPE.exec(value.trim());
  if (!match) return undefined;
  const [, scheme, authority, path] = match;
  const schemeOnly = authority === '' && path === '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const host = hostPort.startsWith('[')
    ? hostPort.slice(0, hostPort.indexOf(']') + 1)
    : hostPort.split(':')[0];
  const dynamicHost = host.includes(UNKNOWN_PART) || (host === '' && !schemeOnly);
  return {
    scheme: scheme.toLowerCase(),
    host: dynamicHost || host === '' ? undefined : host.toLowerCase(),
    dynamicHost,
    path,
    schemeOnly,
  };
}

/** The schemes that send data without TLS, with the scheme that replaces each. */
export const CLEARTEXT_SCHEMES: Record<string, string> = { http: 'https', ws: 'wss' };

export function isCleartextScheme(scheme: string): boolean {
  return Object.hasOwn(CLEARTEXT_SCHEMES, scheme.toLowerCase());
}

/**
 * Checks whether a host is on the cleartext allow-list (config `hosts.cleartextAllowed`, by default
 * loopback and the Android emulator's host). Listing `127.0.0.1` covers all of 127.0.0.0/8 and
 * listing `localhost` covers its subdomains, because both only ever reach the device itself.
 */
export function isAllowedCleartextHost(host: string, allowed: readonly string[]): boolean {
  const wanted = allowed.map((entry) => entry.toLowerCase());
  if (wanted.includes(host)) return true;
  if (wanted.includes('127.0.0.1') && /^127\.\d+\.\d+\.\d+$/.test(host)) return true;
  if (wanted.includes('localhost') && host.endsWith('.localhost')) return true;
  return wanted.includes('[::1]') && host === '::1';
}

/** RFC 2606 documentation domains; `.example` is left out because apps use it for test hosts. */
const PLACEHOLDER_DOMAINS = ['example.com', 'example.org', 'example.net'];

export function isPlaceholderHost(host: string): boolean {
  if (host.endsWith('.invalid')) return true;
  return PLACEHOLDER_DOMAINS.some((domain) => matchesDomain(host, domain, true));
}

/**
 * Hosts whose `http://` URLs name things instead of locating them: XML namespaces, DTDs, FHIR
 * canonical URLs and the code systems that FHIR resources cite (LOINC, SNOMED CT, UCUM,
 * RxNorm). A path prefix limits an entry to part of a host.
 */
const IDENTIFIER_URLS: Array<{ domain: string; pathPrefix?: string }> = [
  { domain: 'w3.org' },
  { domain: 'hl7.org' },
  { domain: 'fhir.org' },
  { domain: 'schemas.android.com' },
  { domain: 'schemas.microsoft.com' },
  { domain: 'schemas.xmlsoap.org' },
  { domain: 'schemas.openxmlformats.org' },
  { domain: 'ns.adobe.com' },
  { domain: 'purl.org' },
  { domain: 'xmlns.com' },
  { domain: 'schema.org' },
  { domain: 'json-schema.org' },
  { domain: 'loinc.org' },
  { domain: 'snomed.info' },
  { domain: 'unitsofmeasure.org' },
  { domain: 'www.nlm.nih.gov', pathPrefix: '/research/umls' },
  { domain: 'www.apple.com', pathPrefix: '/DTDs' },
  { domain: 'apple.com', pathPrefix: '/DTDs' },
];

export function isIdentifierUrl(url: UrlText): boolean {
  const host = url.host;
  if (!host) return false;
  return IDENTIFIER_URLS.some(
    (entry) =>
      matchesDomain(host, entry.domain, true) &&
      (!entry.pathPrefix || url.path.startsWith(entry.pathPrefix)),
  );
}

/** Checks whether `host` is `domain`, or a subdomain of it when `includeSubdomains` is set. */
export function matchesDomain(host: string, domain: string, includeSubdomains: boolean): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().trim().replace(/\.$/, '');
  if (h === d) return true;
  return includeSubdomains && h.endsWith(`.${d}`);
}

/** Checks whether a URL looks like a FHIR endpoint, with `fhir` in its host or path. */
export function looksLikeFhir(url: UrlText): boolean {
  const host = url.host ?? '';
  return /fhir/i.test(host) || /fhir/i.test(url.path);
}
