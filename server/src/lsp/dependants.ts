import * as path from 'node:path';
import type { Engine, FileKind } from '../engine';

/**
 * Returns the other files whose findings can change when `filePath` (of `kind`) changes, is
 * created or is deleted: the files of its project that a rule reports on while it reads `kind`
 * (`meta.reads`). A pubspec.yaml change concerns its whole project, because it can move files
 * between projects, and a phi_guard.yaml change every file in and below its folder.
 */
export function dependantsOf(engine: Engine, filePath: string, kind: FileKind): string[] {
  if (kind === 'phi-guard-config') {
    const folder = path.posix.dirname(filePath);
    return engine.workspace.allPaths().filter((p) => p !== filePath && p.startsWith(folder + '/'));
  }
  const project = engine.workspace.project(filePath);
  if (kind === 'pubspec') {
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
