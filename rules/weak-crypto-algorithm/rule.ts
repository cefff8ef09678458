import { defineRule } from '../../server/src/engine/rule-api';
import { toRelated } from '../../server/src/engine/dart/crypto';
import { cipherFindings } from './ciphers';
import { hashFindings } from './hashes';

export default defineRule({
  meta: {
    id: 'weak-crypto-algorithm',
    summary:
      'Code uses ECB mode, DES, 3DES, Blowfish, RC4, RSA PKCS#1 v1.5, or MD5/SHA-1 for security.',
    category: 'cryptography',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(a)(2)(iv)', '(c)(2)'],
    masvs: ['MASVS-CRYPTO-1'],
    cwe: [327, 328, 780],
    wave: 1,
    fix: 'unsafe',
  },
  check(ctx) {
    const file = ctx.file.dart();
    if (!file) return;
    for (const finding of [...cipherFindings(file), ...hashFindings(file)]) {
      ctx.report({
        range: file.source.rangeOf(finding.start, finding.end),
        message: finding.message,
        severity: finding.severity,
        related: toRelated(file, finding.related),
        fixes: finding.fixes,
      });
    }
  },
});
