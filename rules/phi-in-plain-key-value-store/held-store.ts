import { posix } from 'node:path';
import type { DartFile } from '../../server/src/engine/dart/model';
import { readStringLiteral } from '../../server/src/engine/dart/strings';
import { descendantsOfType, type CallSite } from '../../server/src/engine/dart/syntax';
import { nameWords } from '../../server/src/engine/phi/classifier';
import type { RuleContext } from '../../server/src/engine/rule-api';

/** Property names that usually contain the app's `SharedPreferences` instance. */
const HOLDER_NAMES = new Set(['preferences', 'prefs', 'sharedpreferences', 'sharedprefs']);

/**
 * Finds a write through a preferences instance that another object holds, often behind `!` or
 * `?.`: `Settings().preferences!.setString(...)`. The holder's class may come from a package,
 * so the property name and an import of shared_preferences (in this file or, for a `part of`
 * file, in its library) decide.
 */
export function heldPreferences(
  call: CallSite,
  dart: DartFile,
  context: RuleContext,
): string | undefined {
  if (call.receiver.length === 0 || call.callee.length !== 2) return undefined;
  if (!HOLDER_NAMES.has(nameWords(call.callee[0]).join(''))) return undefined;
  const library = 'shared_preferences';
  if (dart.importsLibrary(library) || libraryOfPart(dart, context)?.importsLibrary(library)) {
    return 'SharedPreferences';
  }
  return undefined;
}

/** Finds the file whose `part` directive names `dart`, when `dart` is a `part of` file. */
function libraryOfPart(dart: DartFile, context: RuleContext): DartFile | undefined {
  if (descendantsOfType(dart.root, 'part_of_directive').length === 0) return undefined;
  for (const file of context.project.files('dart')) {
    const other = file.dart();
    if (!other || other === dart) continue;
    const parts = descendantsOfType(other.root, 'part_directive').flatMap((directive) =>
      descendantsOfType(directive, 'string_literal').map((l) => readStringLiteral(l).constant),
    );
    const dir = posix.dirname(other.path);
    if (parts.some((uri) => uri && posix.resolve(dir, uri) === dart.path)) return other;
  }
  return undefined;
}
