import type { DartFile } from '../../server/src/engine/dart/model';
import type { CallSite, Expr } from '../../server/src/engine/dart/syntax';
import { debugGuardFix } from '../../server/src/engine/fixes/debug-guard';
import {
  importingFile,
  REDACT_FUNCTION,
  redactCallee,
  redactEdits,
  redactingLoggerChanges,
} from '../../server/src/engine/fixes/redacting-logger';
import { phiFlow, phiOf } from '../../server/src/engine/phi';
import type { RuleContext } from '../../server/src/engine/rule-api';
import type { FileChange, Fix, TextEdit } from '../../server/src/engine/types';

export const REDACT_TITLE = 'Wrap the logged PHI in redact() from redacting_logger.dart';

/**
 * Builds the quick fixes of a log call that writes PHI: mask its PHI arguments (preferred,
 * because the log line stays), or keep the call out of release builds when it is a statement.
 */
export function phiLogFixes(
  context: RuleContext,
  dart: DartFile,
  call: CallSite,
  args: Expr[],
  options: { debugGuard: boolean },
): Fix[] {
  const fixes: Fix[] = [];
  const redaction = redactFix(context, dart, call, args);
  if (redaction) fixes.push({ ...redaction, isPreferred: true });
  // NOTE: debugGuardFix reads only the file's own imports, so in a part file it adds an import
  // there, which Dart rejects. Part files get no guard fix.
  const isPart = importingFile(context.project, dart) !== dart;
  const guard = options.debugGuard && !isPart ? debugGuardFix(dart, call) : undefined;
  if (guard) fixes.push(redaction ? guard : { ...guard, isPreferred: true });
  return fixes;
}

/**
 * Passes every PHI argument, or only its PHI interpolations, through `redact()` of the
 * generated helper. Safe: the call still runs and logs the same constant text, and only the
 * masked values differ. A part file gets the import in its library. Returns undefined when a
 * declaration of this file named `redact` would hide the helper's function, or the library of a
 * part file is not in the project.
 */
function redactFix(
  context: RuleContext,
  dart: DartFile,
  call: CallSite,
  args: Expr[],
): Fix | undefined {
  const { project, config } = context;
  const flow = phiFlow(dart, config);
  if (!flow || flow.scope.resolve(call.nameNode, REDACT_FUNCTION)) return undefined;
  const library = importingFile(project, dart);
  const callee = library ? redactCallee(project, config.helperDirectory, library) : undefined;
  if (!library || !callee) return undefined;
  const carriesPhi = (nodes: Expr['nodes']) => phiOf(nodes, dart, config) !== undefined;
  const edits: TextEdit[] = args
    .filter((arg) => carriesPhi(arg.nodes))
    .flatMap((arg) => redactEdits(dart, arg, carriesPhi, callee));
  if (edits.length === 0) return undefined;
  const helper = redactingLoggerChanges(project, config.helperDirectory, library);
  const fileChanges: FileChange[] = [{ kind: 'edit', path: dart.path, edits }];
  const importEdit = helper.importEdit;
  if (importEdit && library === dart) edits.push(importEdit);
  if (importEdit && library !== dart) {
    fileChanges.push({ kind: 'edit', path: library.path, edits: [importEdit] });
  }
  return { title: REDACT_TITLE, safe: true, changes: [...fileChanges, ...helper.changes] };
}
