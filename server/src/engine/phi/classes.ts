import type { EngineConfig } from '../config';
import { classifyName, nameWords, type PhiMatch } from './classifier';
import { HANDLER_WORDS, PRESENTATION_TYPES } from './knowledge';
import type { ClassInfo, FieldInfo, FileScope } from './scope';

/** FHIR resource types (and health-plugin types) whose instances are PHI. */
export const FHIR_RESOURCE_TYPES = new Set([
  'Patient',
  'Observation',
  'Condition',
  'MedicationRequest',
  'MedicationStatement',
  'MedicationAdministration',
  'AllergyIntolerance',
  'DiagnosticReport',
  'Encounter',
  'Immunization',
  'Procedure',
  'CarePlan',
  'Claim',
  'Coverage',
  'DocumentReference',
  'QuestionnaireResponse',
  'FamilyMemberHistory',
  'ImagingStudy',
  'ServiceRequest',
  'EpisodeOfCare',
  'RiskAssessment',
  'Specimen',
  'HealthDataPoint',
]);

/**
 * Last words of class names that describe behaviour, not records: a `PatientRepository` fetches
 * PHI but its own fields (a base URL, a client) are not PHI.
 */
const BEHAVIOUR_SUFFIXES = new Set([
  'repository',
  'repo',
  'service',
  'api',
  'client',
  'controller',
  'bloc',
  'cubit',
  'provider',
  'notifier',
  'store',
  'dao',
  'manager',
  'helper',
  'state',
  'screen',
  'page',
  'view',
  'widget',
  'route',
  'router',
  'tile',
  'card',
  'dialog',
  'event',
  'exception',
  'error',
  'logger',
  'cache',
  'source',
  'adapter',
  'mapper',
  'builder',
  'factory',
  'delegate',
]);

/**
 * Decides whether instances of the class named `name` are PHI. That is a configured class, a
 * class with a configured annotation, a FHIR resource type, a record-like class named from the
 * vocabulary (`Patient`, `PatientRecord`), or a class of this file with a PHI-named field.
 */
export function phiClassMatch(
  name: string,
  scope: FileScope,
  config: EngineConfig,
): PhiMatch | undefined {
  if (config.phi.classes.includes(name)) return { kind: 'phi', term: name };
  if (FHIR_RESOURCE_TYPES.has(name)) return { kind: 'phi', term: name };
  const local = scope.classes.get(name);
  if (local && local.annotations.some((a) => config.phi.annotations.includes(a))) {
    return { kind: 'phi', term: name };
  }
  const words = nameWords(name);
  if (BEHAVIOUR_SUFFIXES.has(words[words.length - 1] ?? '')) return undefined;
  const byName = classifyName(name, config);
  if (byName?.kind === 'phi' && !byName.identifier) return { kind: 'phi', term: name };
  return local ? phiFieldOf(local, config) : undefined;
}

/** Finds a field of a local class whose name is PHI (not a secret or a bare identifier). */
function phiFieldOf(cls: ClassInfo, config: EngineConfig): PhiMatch | undefined {
  const names = [...cls.fields.values()].filter((f) => !holdsNoRecords(f)).map((f) => f.name);
  for (const ctor of cls.constructors) names.push(...ctor.params.map((p) => p.name));
  for (const name of names) {
    if (isHandlerName(name)) continue;
    const match = classifyName(name, config);
    if (match?.kind === 'phi' && !match.identifier) return { kind: 'phi', term: cls.name };
  }
  return undefined;
}

/**
 * A field that styles the UI (`TextStyle`, `LinearGradient`), takes input
 * (`TextEditingController`) or fetches records (`patientHistoryController`, `recordService`)
 * holds no health data itself; what the class does with it decides.
 */
export function holdsNoRecords(field: FieldInfo): boolean {
  if (field.type && PRESENTATION_TYPES.has(field.type.name)) return true;
  return isHandlerName(field.name) || (field.type !== undefined && isHandlerName(field.type.name));
}

function isHandlerName(name: string): boolean {
  const words = nameWords(name);
  return HANDLER_WORDS.has(words[words.length - 1] ?? '');
}
