import type { DartFile } from '../../server/src/engine/dart/model';
import type { CallSite } from '../../server/src/engine/dart/syntax';
import { hiveCipherFix } from '../../server/src/engine/fixes/hive';
import { sqlCipherFix, sqlCipherPasswordFix } from '../../server/src/engine/fixes/sqlcipher';
import type { RuleContext } from '../../server/src/engine/rule-api';
import type { Fix } from '../../server/src/engine/types';

/** Quick fixes of an unencrypted store: a cipher for Hive boxes, SQLCipher for sqflite. */
export function storeFixes(
  context: RuleContext,
  dart: DartFile,
  call: CallSite,
  kind: string,
): Fix[] {
  const { project } = context;
  const helperDirectory = context.config.helperDirectory;
  let fix: Fix | undefined;
  if (kind === 'box') fix = hiveCipherFix(project, helperDirectory, dart, call);
  if (kind === 'sql') fix = sqlCipherFix(project, helperDirectory, dart, call);
  return fix ? [fix] : [];
}

/** Quick fix of a SQLCipher open with an empty password: a random password from PhiVault. */
export function passwordFixes(context: RuleContext, dart: DartFile, call: CallSite): Fix[] {
  const helperDirectory = context.config.helperDirectory;
  const fix = sqlCipherPasswordFix(context.project, helperDirectory, dart, call);
  return fix ? [fix] : [];
}
