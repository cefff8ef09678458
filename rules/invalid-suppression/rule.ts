import { defineRule } from '../../server/src/engine/rule-api';

/**
 * A pseudo-rule: the engine reports its findings after the other rules run and suppressions
 * apply (see `server/src/engine/suppression-check.ts`), because only then is it known which
 * comments hide what. It is a rule so that it has an id, docs, a severity setting and SARIF
 * metadata like any other.
 */
export default defineRule({
  meta: {
    id: 'invalid-suppression',
    summary: 'A phi-guard-ignore comment is malformed, expired or breaks the suppression policy.',
    // Closest category: suppressions are an accountability control over who may hide which
    // finding, as the audit-event and access rules are; no category is about governance.
    category: 'identity-and-access',
    defaultSeverity: 'warning',
    fileKinds: [
      'dart',
      'android-manifest',
      'network-security-config',
      'backup-rules',
      'android-xml',
      'plist',
      'entitlements',
      'gradle',
      'pubspec',
      'pubspec-lock',
      'kotlin',
      'java',
      'swift',
    ],
    hipaa: ['(b)'],
    masvs: [],
    cwe: [],
    wave: 1,
    fix: 'none',
  },
  check() {
    // The engine reports this rule's findings; see the comment above.
  },
});
