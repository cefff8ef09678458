import type { DartFile } from '../../server/src/engine/dart/model';
import type { CallSite } from '../../server/src/engine/dart/syntax';
import { debugGuardFix } from '../../server/src/engine/fixes/debug-guard';
import type { Fix } from '../../server/src/engine/types';

/** Quick fixes of a log call that reaches release builds. */
export function phiLogFixes(dart: DartFile, call: CallSite): Fix[] {
  const guard = debugGuardFix(dart, call);
  return guard ? [{ ...guard, isPreferred: true }] : [];
}
