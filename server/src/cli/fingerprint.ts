import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Finding } from '../engine/types';

/**
 * A fingerprint that survives unrelated edits: it hashes the rule, the file's path relative to
 * the scan root and the finding's message, not its line number.
 * NOTE: two findings of one rule with the same message in one file share a fingerprint; the
 * baseline counts them instead of telling them apart.
 */
export function fingerprint(finding: Finding, baseDir: string): string {
  const relative = path.relative(baseDir, finding.path).split(path.sep).join('/');
  return createHash('sha256')
    .update(`${finding.ruleId}\u0000${relative}\u0000${finding.message}`)
    .digest('hex')
    .slice(0, 32);
}
