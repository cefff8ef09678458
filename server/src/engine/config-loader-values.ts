/**
 * Checks for single values of phi_guard.yaml (globs, pins, host names, paths, identifiers) and
 * the did-you-mean hint. Each check returns an error message, or undefined when the value is
 * valid.
 */
import picomatch from 'picomatch';

/** Options for every exclude glob, so that the check and the matcher agree. */
export const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, strictBrackets: true };

export function checkGlob(glob: string): string | undefined {
  if (glob.trim() === '') return 'An exclude glob is empty; remove it or write a pattern.';
  if (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob)) {
    return `Exclude glob "${glob}" is absolute; write it relative to the folder of phi_guard.yaml.`;
  }
  if (glob.split('/').includes('..')) {
    return `Exclude glob "${glob}" leaves the folder of phi_guard.yaml; remove the ".." parts.`;
  }
  try {
    // picomatch returns the never-matching /$^/ when the pattern does not compile.
    if (picomatch.makeRe(glob, GLOB_OPTIONS).source === '$^') {
      return `Exclude glob "${glob}" is not a valid pattern; check its brackets and escapes.`;
    }
  } catch (error) {
    const reason = (error as Error).message.split(' - ')[0];
    return `Exclude glob "${glob}" is invalid (${reason}); fix or quote the pattern.`;
  }
  return undefined;
}

/**
 * Checks a pin, the base64 SHA-256 digest of a certificate's SubjectPublicKeyInfo. Base64 of
 * 32 bytes is exactly 43 characters and one "=", so the pattern also fixes the decoded length.
 */
export function checkPin(pin: string): string | undefined {
  const fix = 'use the base64 SHA-256 of the SubjectPublicKeyInfo, 44 characters ending in "=".';
  if (/^sha256\//i.test(pin)) return `Remove the "sha256/" prefix from the pin; ${fix}`;
  if (!/^[A-Za-z0-9+/]{43}=$/.test(pin)) return `Pin is not 32 bytes in base64; ${fix}`;
  return undefined;
}

const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * Checks a host name as rules compare it: no scheme, port, path or `*.` wildcard. The rules
 * match a `hosts.phi` entry together with its subdomains, and a `cleartext_allowed` entry as
 * written (127.0.0.1 and localhost also cover their loopback ranges).
 */
export function checkHost(host: string, section: 'phi' | 'cleartext_allowed'): string | undefined {
  if (host.startsWith('*.')) {
    return section === 'phi'
      ? `Write the host "${host}" without "*."; an entry already covers its subdomains.`
      : `Wildcards are not supported in cleartext_allowed; list each host of "${host}".`;
  }
  if (host.includes('://')) {
    return `Write the host "${host}" without its scheme, as in api.example.com.`;
  }
  if (/[/:?#]/.test(host) && !/^\[[0-9a-fA-F:]+\]$/.test(host)) {
    return `Write the host "${host}" without a port or path, as in api.example.com.`;
  }
  if (/^\[[0-9a-fA-F:]+\]$/.test(host)) return undefined;
  const labels = host.split('.');
  if (!labels.every((label) => HOST_LABEL.test(label))) {
    return `Host "${host}" is not a valid host name; use letters, digits, "-" and ".".`;
  }
  return undefined;
}

/** Checks a Dart name, optionally qualified once (`auth.hasRole`, `meta.Phi`). */
export function checkDartName(name: string, what: string): string | undefined {
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(name)) return undefined;
  const hint = name.startsWith('@') ? ' without the "@"' : '';
  return `"${name}" is not a Dart ${what} name; write the name${hint} as it appears in code.`;
}

/** Checks helper_directory, which must stay inside the project because fixes create files there. */
export function checkHelperDirectory(folder: string): string | undefined {
  if (folder.trim() === '') {
    return 'helper_directory is empty; write a folder such as lib/security.';
  }
  if (folder.startsWith('/') || /^[A-Za-z]:[\\/]/.test(folder) || folder.includes('\\')) {
    return 'helper_directory must be a relative path with "/" separators, such as lib/security.';
  }
  if (folder.split('/').includes('..')) {
    return 'helper_directory must stay inside the project; remove the ".." parts.';
  }
  return undefined;
}

/** Returns the Levenshtein distance between two names, for suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Returns the known name closest to `name`, when it is close enough to be a likely typo: at most a
 * third of the name's length, and at most 4 edits. A known name that contains `name` (or the
 * reverse) also counts, so `cleartext` suggests `cleartext-http-endpoint`.
 */
export function closestMatch(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  if (best !== undefined && bestDistance <= limit) return best;
  const partial = known.filter((k) => name.length >= 4 && (k.includes(name) || name.includes(k)));
  return partial.length === 1 ? partial[0] : undefined;
}

export function checkVocabularyWord(word: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(word)) return undefined;
  return `"${word}" is not a field name; use letters, digits and "_", as in mrn or date_of_birth.`;
}

export function unknownRuleMessage(id: string, ruleIds: readonly string[]): string {
  const suggestion = closestMatch(id, ruleIds);
  if (suggestion) return `Unknown rule id ${id}; did you mean ${suggestion}?`;
  const example = ruleIds.length > 0 ? `, such as ${ruleIds[0]}` : '';
  return `Unknown rule id ${id}; use an id from the rule catalogue${example}.`;
}

export function unknownKeyMessage(key: string, where: string, allowed: readonly string[]): string {
  const place = where === '' ? '' : ` in ${where.replace('.*', '.<rule-id>').replace('[]', '')}`;
  const suggestion = closestMatch(key, allowed);
  if (suggestion) return `Unknown key ${key}${place}; did you mean ${suggestion}?`;
  return `Unknown key ${key}${place}; use one of ${allowed.join(', ')}.`;
}
