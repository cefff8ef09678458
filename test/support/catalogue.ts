/**
 * The first release's rule ids, as the rule catalogue marks them (wave 1). They are a public
 * contract: diagnostic codes, SARIF ruleIds and phi_guard.yaml keys.
 */
export const WAVE_ONE_RULE_IDS: readonly string[] = [
  'phi-in-plain-key-value-store',
  'phi-in-unencrypted-database',
  'android-backup-includes-phi',
  'phi-in-logs',
  'phi-in-url',
  'tls-validation-disabled',
  'cleartext-http-endpoint',
  'pinning-missing-for-phi-host',
  'android-nsc-ignored-by-dart',
  'android-cleartext-traffic-enabled',
  'android-nsc-cleartext-permitted',
  'android-nsc-trusts-user-cas',
  'ios-ats-insecure-exception',
  'android-nsc-pin-set-weak',
  'weak-crypto-algorithm',
  'static-or-zero-iv',
  'non-aead-encryption',
  'hardcoded-crypto-key',
  'insecure-random-for-security',
  'mfa-not-enforced',
  'phi-route-without-guard',
  'screenshot-and-app-switcher-exposure',
  'release-debuggable',
  'android-exported-component-unprotected',
];
