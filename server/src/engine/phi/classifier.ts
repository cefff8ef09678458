import type { EngineConfig } from '../config';
import { isAmbiguousTerm, namesFilter } from './ambiguous';

/**
 * Decides whether a name (a field, variable, parameter, map key or class) denotes protected
 * health information or an authentication secret.
 *
 * Other rules call only the functions exported here and from `./index`; `./flow` builds the
 * data flow on top of them.
 */
export type PhiKind = 'phi' | 'secret';

export interface PhiMatch {
  kind: PhiKind;
  /** The vocabulary word or configured name that matched, for messages. */
  term: string;
  /**
   * Set for a personal identifier such as an e-mail address or a name: PHI once it leaves with
   * health context (a log line, a URL), but not a sign that a screen shows health data.
   */
  identifier?: boolean;
}

const PHI_WORDS = [
  'mrn',
  'ssn',
  'dob',
  'dateofbirth',
  'birthdate',
  'birthday',
  'diagnosis',
  'diagnoses',
  'medication',
  'medications',
  'prescription',
  'prescriptions',
  'insurance',
  'condition',
  'conditions',
  'allergy',
  'allergies',
  'labresult',
  'labresults',
  'patient',
  'patients',
  'symptom',
  'symptoms',
  'icd10',
  'npi',
  'medicare',
  'medicaid',
  'patientname',
];

/** Personal identifiers: PHI in a health app's logs and URLs, see `PhiMatch.identifier`. */
const IDENTIFIER_WORDS = ['email', 'firstname', 'lastname', 'fullname', 'middlename', 'surname'];

const SECRET_WORDS = [
  'token',
  'jwt',
  'password',
  'passwd',
  'passcode',
  'passphrase',
  'pincode',
  'otp',
  'secret',
  'apikey',
  'credential',
  'credentials',
];

/**
 * Last words that turn a name into a fact about the value rather than the value itself:
 * `tokenCount`, `passwordLength`, `tokenExpiry`, `passwordVisible`, `mrnLabel`.
 */
const METADATA_SUFFIXES = new Set([
  'count',
  'counts',
  'length',
  'len',
  'size',
  'valid',
  'validity',
  'expired',
  'expiry',
  'expires',
  'expiration',
  'type',
  'kind',
  'visible',
  'visibility',
  'hint',
  'error',
  'errors',
  'label',
  'field',
  'regex',
  'pattern',
  'policy',
  'endpoint',
  'url',
  'uri',
  'path',
  'focus',
  'node',
  'validator',
  'strength',
  'rules',
  'required',
  'enabled',
  'status',
  'screen',
  'page',
  'route',
  'widget',
  'view',
  'icon',
  'button',
  'dialog',
  'form',
  // Presentation: `chronicConditionGradient`, `medicationColor`, `allergyIcon`, `patientStyle`.
  'gradient',
  'gradients',
  'color',
  'colors',
  'colour',
  'colours',
  'style',
  'styles',
  'theme',
  'decoration',
  'padding',
  'margin',
  'spacing',
  'radius',
  'shadow',
  'border',
  'duration',
  'animation',
  'curve',
  'font',
  'asset',
]);

/** First words of boolean names: `isTokenValid`, `hasDiagnosis`, `showPassword`. */
const BOOLEAN_PREFIXES = new Set([
  'is',
  'has',
  'have',
  'should',
  'can',
  'show',
  'hide',
  'obscure',
  'enable',
  'use',
  'did',
  'was',
  'needs',
  'validate',
  'on',
]);

/** Secrets whose last word is `key` (`secretKey`, `apiKey`); `tokenKey` names a storage key. */
const KEY_SECRETS = new Set(['secret', 'api', 'private', 'encryption', 'access', 'signing']);

/** Splits camelCase, snake_case and kebab-case names into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Classifies a name by the PHI and secret vocabulary (plus `config.phi.add`, minus
 * `config.phi.remove`). Names that describe a value instead of holding it are not matches:
 * booleans (`isTokenValid`), sizes (`tokenCount`), storage key names (`tokenKey`) and words
 * that only contain a term (`tokenizer`, `searchTokens`).
 */
export function classifyName(name: string, config: EngineConfig): PhiMatch | undefined {
  const words = nameWords(name);
  if (words.length === 0 || describesValue(words)) return undefined;
  const removed = new Set(config.phi.remove.map((w) => w.toLowerCase()));
  const added = config.phi.add.map((w) => w.toLowerCase());
  for (const word of [...added, ...PHI_WORDS]) {
    if (isAmbiguousTerm(word) && namesFilter(words)) continue;
    if (!removed.has(word) && containsTerm(words, word)) return { kind: 'phi', term: word };
  }
  for (const word of IDENTIFIER_WORDS) {
    if (!removed.has(word) && containsTerm(words, word)) {
      return { kind: 'phi', term: word, identifier: true };
    }
  }
  for (const word of SECRET_WORDS) {
    if (!removed.has(word) && containsTerm(words, word)) return { kind: 'secret', term: word };
  }
  return classifyKeyName(words, removed);
}

/** Checks whether consecutive words spell `term`, as `userDateOfBirth` spells `dateofbirth`. */
function containsTerm(words: string[], term: string): boolean {
  for (let start = 0; start < words.length; start++) {
    let spelled = '';
    for (let end = start; end < words.length && spelled.length < term.length; end++) {
      spelled += words[end];
      if (spelled === term) return true;
    }
  }
  return false;
}

function describesValue(words: string[]): boolean {
  if (words.length > 1 && BOOLEAN_PREFIXES.has(words[0])) return true;
  const last = words[words.length - 1];
  if (words.length > 1 && METADATA_SUFFIXES.has(last)) return true;
  if (last === 'key' || last === 'keys' || last === 'name') {
    // `apiKey` is a secret, `tokenKey` names where a token is stored, `patientName` is PHI.
    if (last === 'name') return false;
    return words.length > 1 && !KEY_SECRETS.has(words[words.length - 2]);
  }
  return false;
}

function classifyKeyName(words: string[], removed: Set<string>): PhiMatch | undefined {
  const last = words[words.length - 1];
  if (last !== 'key' || words.length < 2 || removed.has('key')) return undefined;
  const before = words[words.length - 2];
  return KEY_SECRETS.has(before) ? { kind: 'secret', term: `${before}key` } : undefined;
}

/**
 * Health words that mark a database column, a table, a box or an entity as PHI on top of the
 * name vocabulary: a table with `mood` and `note` columns is a health journal.
 */
const RECORD_WORDS = new Set([
  'mood',
  'note',
  'notes',
  'journal',
  'complaint',
  'vitals',
  'vital',
  'heartrate',
  'heart',
  'pulse',
  'glucose',
  'weight',
  'bmi',
  'pregnancy',
  'period',
  'menstrual',
  'therapy',
  'therapist',
  'treatment',
  'lab',
  'labs',
  'encounter',
  'encounters',
  'visit',
  'visits',
  'immunization',
  'immunizations',
  'observation',
  'observations',
  'clinical',
  'medical',
  'health',
  'sleep',
  'dose',
  'doses',
  'referral',
  'referrals',
  'triage',
]);

/** Classifies a column, table, box or entity name of stored records. */
export function classifyRecordName(name: string, config: EngineConfig): PhiMatch | undefined {
  const direct = classifyName(name, config);
  if (direct) return direct;
  const words = nameWords(name);
  const hit = words.find((word) => RECORD_WORDS.has(word));
  return hit ? { kind: 'phi', term: hit } : undefined;
}
