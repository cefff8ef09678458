/**
 * Every rule of PHI Guard, in catalogue order. `test/unit/rules-index.test.ts` fails when a
 * folder under rules/ is missing here or an id does not match its folder.
 */
import type { Rule } from '../server/src/engine/rule-api';
import phiInPlainKeyValueStore from './phi-in-plain-key-value-store/rule';
import phiInUnencryptedDatabase from './phi-in-unencrypted-database/rule';
import androidBackupIncludesPhi from './android-backup-includes-phi/rule';
import phiInLogs from './phi-in-logs/rule';
import phiInUrl from './phi-in-url/rule';
import tlsValidationDisabled from './tls-validation-disabled/rule';
import cleartextHttpEndpoint from './cleartext-http-endpoint/rule';
import pinningMissingForPhiHost from './pinning-missing-for-phi-host/rule';
import androidNscIgnoredByDart from './android-nsc-ignored-by-dart/rule';
import androidCleartextTrafficEnabled from './android-cleartext-traffic-enabled/rule';
import androidNscCleartextPermitted from './android-nsc-cleartext-permitted/rule';
import androidNscTrustsUserCas from './android-nsc-trusts-user-cas/rule';
import iosAtsInsecureException from './ios-ats-insecure-exception/rule';
import androidNscPinSetWeak from './android-nsc-pin-set-weak/rule';
import weakCryptoAlgorithm from './weak-crypto-algorithm/rule';
import staticOrZeroIv from './static-or-zero-iv/rule';
import nonAeadEncryption from './non-aead-encryption/rule';
import hardcodedCryptoKey from './hardcoded-crypto-key/rule';
import insecureRandomForSecurity from './insecure-random-for-security/rule';
import mfaNotEnforced from './mfa-not-enforced/rule';
import phiRouteWithoutGuard from './phi-route-without-guard/rule';
import iosBiometricUsageDescriptionMissing from './ios-biometric-usage-description-missing/rule';
import screenshotAndAppSwitcherExposure from './screenshot-and-app-switcher-exposure/rule';
import releaseDebuggable from './release-debuggable/rule';
import androidExportedComponentUnprotected from './android-exported-component-unprotected/rule';
import invalidSuppression from './invalid-suppression/rule';
import phiToCrashReporter from './phi-to-crash-reporter/rule';
import phiToAnalytics from './phi-to-analytics/rule';

export const allRules: Rule[] = [
  phiInPlainKeyValueStore,
  phiInUnencryptedDatabase,
  androidBackupIncludesPhi,
  phiInLogs,
  phiInUrl,
  tlsValidationDisabled,
  cleartextHttpEndpoint,
  pinningMissingForPhiHost,
  androidNscIgnoredByDart,
  androidCleartextTrafficEnabled,
  androidNscCleartextPermitted,
  androidNscTrustsUserCas,
  iosAtsInsecureException,
  androidNscPinSetWeak,
  weakCryptoAlgorithm,
  staticOrZeroIv,
  nonAeadEncryption,
  hardcodedCryptoKey,
  insecureRandomForSecurity,
  mfaNotEnforced,
  phiRouteWithoutGuard,
  iosBiometricUsageDescriptionMissing,
  screenshotAndAppSwitcherExposure,
  releaseDebuggable,
  androidExportedComponentUnprotected,
  invalidSuppression,
  phiToCrashReporter,
  phiToAnalytics,
];
