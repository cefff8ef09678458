import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Writes files given as relative path to text below `root`, creating their folders. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** Writes a small project into a new temporary folder named after `label` and returns it. */
export function makeProject(files: Record<string, string>, label = 'project'): string {
  const root = mkdtempSync(path.join(tmpdir(), `phi-guard-${label}-`));
  writeTree(root, files);
  return root;
}
