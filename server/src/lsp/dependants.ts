import type { Engine, FileKind } from '../engine';

/** Kinds whose change can alter which files belong to a project or how all of them are read. */
const PROJECT_WIDE_KINDS: FileKind[] = ['pubspec', 'phi-guard-config'];

/**
 * The other files of the same project whose findings can change when `filePath` (of `kind`)
 * changes, is created or is deleted: files that a rule reports on while it reads `kind`
 * (`meta.reads`). A pubspec.yaml or phi_guard.yaml change concerns the whole project.
 */
export function dependantsOf(engine: Engine, filePath: string, kind: FileKind): string[] {
  const project = engine.workspace.project(filePath);
  if (PROJECT_WIDE_KINDS.includes(kind)) {
    return project
      .files()
      .map((file) => file.path)
      .filter((p) => p !== filePath);
  }
  const targets = new Set<FileKind>();
  for (const rule of engine.ruleList()) {
    if (rule.meta.reads?.includes(kind)) rule.meta.fileKinds.forEach((k) => targets.add(k));
  }
  if (targets.size === 0) return [];
  return project
    .files([...targets])
    .map((file) => file.path)
    .filter((p) => p !== filePath);
}
