/** Applies the `suppressions:` policy of phi_guard.yaml to suppression comments. */
import type { SuppressionPolicy } from './config';
import { covers, type Suppression } from './suppressions';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Returns whether a suppression hides a finding of `ruleId` on `line` under the policy. A rule
 * listed as non-suppressible is never hidden. With `maxExpiryDays`, a suppression must give an
 * expiry date no later than that many days after `today`, because one without a date never
 * expires.
 */
export function suppressesUnderPolicy(
  suppression: Suppression,
  ruleId: string,
  line: number,
  today: Date,
  policy: SuppressionPolicy,
): boolean {
  if (policy.nonSuppressible.includes(ruleId)) return false;
  if (policy.maxExpiryDays !== undefined) {
    if (!suppression.expires) return false;
    const latest = new Date(today.getTime() + policy.maxExpiryDays * DAY_MS);
    if (suppression.expires > latest.toISOString().slice(0, 10)) return false;
  }
  // `covers` rejects a suppression without a reason; the policy may allow one.
  const waived = !policy.requireReason && suppression.reason === '';
  const reasoned = waived ? { ...suppression, reason: '-' } : suppression;
  return covers(reasoned, ruleId, line, today);
}
