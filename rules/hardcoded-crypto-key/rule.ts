import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';
import type { Fix } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import { toRelated } from '../../server/src/engine/dart/crypto';
import { keyFindings, type KeyFinding } from './keys';
import { derivationFindings } from './derivation';
import { databaseFindings } from './databases';
import { sqlCipherPasswordFix } from '../../server/src/engine/fixes/sqlcipher';
import { vaultKeyFix } from './fixes';

const KEY_NOTE =
  'Anyone with the app binary can read this key. Generate keys with a CSPRNG and keep them ' +
  'in the Keystore/Keychain (flutter_secure_storage).';

export default defineRule({
  meta: {
    id: 'hardcoded-crypto-key',
    summary: 'An encryption key, key password or salt is a constant written in the source.',
    category: 'cryptography',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(a)(2)(iv)'],
    masvs: ['MASVS-CRYPTO-2'],
    cwe: [321, 798],
    wave: 1,
    fix: 'unsafe',
  },
  check(ctx) {
    const file = ctx.file.dart();
    if (!file) return;
    const findings = [
      ...keyFindings(file),
      ...derivationFindings(file),
      ...databaseFindings(file),
      ...privateKeyLiterals(file),
    ];
    const secretNames = new Map<string, string>();
    for (const finding of mergeNested(findings)) {
      const message = finding.reason ?? KEY_NOTE;
      const reason = { start: finding.start, end: finding.end, message };
      ctx.report({
        range: file.source.rangeOf(finding.start, finding.end),
        message: finding.message,
        severity: finding.severity,
        related: toRelated(file, [...finding.related, reason]),
        fixes: keyFixes(ctx, file, finding, secretNames),
      });
    }
  },
});

function keyFixes(
  ctx: RuleContext,
  file: DartFile,
  finding: KeyFinding,
  secretNames: Map<string, string>,
): Fix[] {
  const { project } = ctx;
  const helperDirectory = ctx.config.helperDirectory;
  const fix = finding.keyCall
    ? vaultKeyFix(ctx, file, finding.keyCall, secretNames)
    : finding.passwordCall
      ? sqlCipherPasswordFix(project, helperDirectory, file, finding.passwordCall)
      : undefined;
  return fix ? [fix] : [];
}

/**
 * Keeps one finding per key. A constant used by several calls is reported once, where it is
 * written; and when one finding's range lies inside another's (the key expression inside the
 * declaration that a cipher call traced back to), the inner, more exact one stays and takes the
 * outer one's related information.
 */
function mergeNested(findings: KeyFinding[]): KeyFinding[] {
  const bySize = [...findings].sort((a, b) => a.end - a.start - (b.end - b.start));
  const kept: KeyFinding[] = [];
  for (const finding of bySize) {
    const inner = kept.find((k) => k.start >= finding.start && k.end <= finding.end);
    if (inner) {
      inner.related = [...inner.related, ...finding.related];
      inner.keyCall ??= finding.keyCall;
      inner.passwordCall ??= finding.passwordCall;
      continue;
    }
    kept.push({ ...finding, related: [...finding.related] });
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * PEM private keys written as string literals. Certificates and public keys are public by
 * design, so `BEGIN CERTIFICATE` and `BEGIN PUBLIC KEY` blocks are not reported.
 */
function privateKeyLiterals(file: DartFile): KeyFinding[] {
  const found: KeyFinding[] = [];
  // A plain text search first: most files hold no PEM block, and visiting literals costs more.
  if (!file.text.includes('PRIVATE KEY')) return found;
  for (const literal of file.root.descendantsOfType('string_literal')) {
    if (!literal || !literal.text.includes('PRIVATE KEY')) continue;
    const value = file.stringValue(literal).shape;
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) continue;
    found.push({
      start: literal.startIndex,
      end: literal.endIndex,
      message: 'A PEM private key is written in the source.',
      related: [],
    });
  }
  return found;
}
