/**
 * Names of the technical safeguards of the HIPAA Security Rule (45 CFR 164.312), in paragraph
 * order, and of the OWASP MASVS v2 control groups, for the evidence report's headings.
 */
export const SAFEGUARDS: ReadonlyArray<{ paragraph: string; title: string }> = [
  { paragraph: '(a)(1)', title: 'Access control' },
  { paragraph: '(a)(2)(i)', title: 'Unique user identification' },
  { paragraph: '(a)(2)(ii)', title: 'Emergency access procedure' },
  { paragraph: '(a)(2)(iii)', title: 'Automatic logoff' },
  { paragraph: '(a)(2)(iv)', title: 'Encryption and decryption' },
  { paragraph: '(b)', title: 'Audit controls' },
  { paragraph: '(c)(1)', title: 'Integrity' },
  { paragraph: '(c)(2)', title: 'Mechanism to authenticate electronic PHI' },
  { paragraph: '(d)', title: 'Person or entity authentication' },
  { paragraph: '(e)(1)', title: 'Transmission security' },
  { paragraph: '(e)(2)(i)', title: 'Integrity controls' },
  { paragraph: '(e)(2)(ii)', title: 'Encryption' },
];

/** MASVS v2 control groups by the middle part of a control id (`MASVS-STORAGE-1`). */
export const MASVS_GROUPS: Readonly<Record<string, string>> = {
  STORAGE: 'Storage',
  CRYPTO: 'Cryptography',
  AUTH: 'Authentication and authorization',
  NETWORK: 'Network communication',
  PLATFORM: 'Platform interaction',
  CODE: 'Code quality',
  RESILIENCE: 'Resilience',
  PRIVACY: 'Privacy',
};
