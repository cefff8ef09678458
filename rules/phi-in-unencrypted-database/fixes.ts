import type { DartFile } from '../../server/src/engine/dart/model';
import type { CallSite } from '../../server/src/engine/dart/syntax';
import { hiveCipherFix } from '../../server/src/engine/fixes/hive';
import type { RuleContext } from '../../server/src/engine/rule-api';
import type { Fix } from '../../server/src/engine/types';

/** Quick fixes of an unencrypted store; only Hive boxes have one so far. */
export function storeFixes(
  context: RuleContext,
  dart: DartFile,
  call: CallSite,
  kind: string,
): Fix[] {
  if (kind !== 'box') return [];
  const fix = hiveCipherFix(context.project, context.config.helperDirectory, dart, call);
  return fix ? [fix] : [];
}
