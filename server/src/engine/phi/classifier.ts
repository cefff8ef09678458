import type { EngineConfig } from '../config';

/**
 * Decides whether a name (a field, variable, parameter, map key or class) denotes protected
 * health information or an authentication secret.
 *
 * NOTE: this is the first cut of the shared interface; the data-flow work extends it and other
 * rules call only the functions exported here.
 */
export type PhiKind = 'phi' | 'secret';

export interface PhiMatch {
  kind: PhiKind;
  /** The vocabulary word or configured name that matched, for messages. */
  term: string;
}

const PHI_WORDS = [
  'mrn',
  'ssn',
  'dob',
  'dateofbirth',
  'birthdate',
  'diagnosis',
  'diagnoses',
  'medication',
  'medications',
  'prescription',
  'insurance',
  'condition',
  'allergy',
  'allergies',
  'labresult',
  'patient',
];

const SECRET_WORDS = ['token', 'password', 'passcode', 'secret', 'jwt', 'apikey', 'credential'];

/** Splits camelCase, snake_case and kebab-case names into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function classifyName(name: string, config: EngineConfig): PhiMatch | undefined {
  const words = nameWords(name);
  const joined = words.join('');
  const removed = new Set(config.phi.remove.map((w) => w.toLowerCase()));
  for (const word of [...config.phi.add.map((w) => w.toLowerCase()), ...PHI_WORDS]) {
    if (removed.has(word)) continue;
    if (words.includes(word) || joined === word) return { kind: 'phi', term: word };
  }
  for (const word of SECRET_WORDS) {
    if (removed.has(word)) continue;
    if (words.includes(word) || joined === word) return { kind: 'secret', term: word };
  }
  return undefined;
}
