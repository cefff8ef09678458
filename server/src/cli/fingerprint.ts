import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Finding } from '../engine/types';

/**
 * A fingerprint that survives unrelated edits: it hashes the rule, the file's path relative to
 * the scan root and the finding's message, not its line number.
 * Two findings of one rule with the same message in one file share a fingerprint;
 * `fingerprintAll` numbers them so that the baseline counts them.
 */
export function fingerprint(finding: Finding, baseDir: string): string {
  const relative = path.relative(baseDir, finding.path).split(path.sep).join('/');
  return createHash('sha256')
    .update(`${finding.ruleId}\u0000${relative}\u0000${finding.message}`)
    .digest('hex')
    .slice(0, 32);
}

export interface FingerprintedFinding {
  finding: Finding;
  fingerprint: string;
  /** 1-based rank among the findings that share this fingerprint, in the order given. */
  occurrence: number;
}

/**
 * Fingerprints findings and numbers the ones that share a fingerprint, so that a baseline can
 * record two identical findings in one file as two. Pass findings in file order (the engine's
 * order), so that the first of several identical findings keeps occurrence 1.
 */
export function fingerprintAll(findings: Finding[], baseDir: string): FingerprintedFinding[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const print = fingerprint(finding, baseDir);
    const occurrence = (seen.get(print) ?? 0) + 1;
    seen.set(print, occurrence);
    return { finding, fingerprint: print, occurrence };
  });
}
