import type { Project, WorkspaceFile } from '../workspace';
import type { DartFile } from './model';
import { fileCallSites } from './file-calls';
import { descendantsOfType, type CallSite } from './syntax';

/**
 * Calls of local_auth's `LocalAuthentication.authenticate`, which shows the Face ID or Touch ID
 * prompt: on a new instance (`LocalAuthentication().authenticate(...)`) or on a variable or
 * field that the file initialises with `LocalAuthentication()` or declares with that type.
 */
export function localAuthCalls(dart: DartFile): CallSite[] {
  if (!dart.importsLibrary('local_auth')) return [];
  const holders = localAuthHolders(dart);
  return fileCallSites(dart).filter((call) => {
    if (call.callee[call.callee.length - 1] !== 'authenticate') return false;
    const first = call.receiver[0];
    if (first?.kind === 'name' && first.name === 'LocalAuthentication') return true;
    return call.callee.length > 1 && holders.has(call.callee[call.callee.length - 2]);
  });
}

/** Names of variables and fields that hold a `LocalAuthentication`. */
function localAuthHolders(dart: DartFile): Set<string> {
  const names = new Set<string>();
  const declarations = descendantsOfType(dart.root, [
    'static_final_declaration',
    'initialized_identifier',
    'initialized_variable_definition',
    'declaration',
  ]);
  for (const declaration of declarations) {
    const mentions = descendantsOfType(declaration, ['identifier', 'type_identifier'])
      .some((n) => n.text === 'LocalAuthentication');
    if (!mentions) continue;
    for (const id of descendantsOfType(declaration, 'identifier')) {
      if (id.text !== 'LocalAuthentication') names.add(id.text);
    }
  }
  return names;
}

/** The first `authenticate` call in the project's Dart files, with its file. */
export function firstLocalAuthCall(
  project: Project,
): { file: WorkspaceFile; call: CallSite } | undefined {
  for (const file of project.files('dart')) {
    const dart = file.dart();
    const call = dart ? localAuthCalls(dart)[0] : undefined;
    if (call) return { file, call };
  }
  return undefined;
}
