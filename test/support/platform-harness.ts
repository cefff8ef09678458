import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyChangesToTexts, mergeChanges } from '../../server/src/engine/fixes/apply';
import type { Finding, FileChange } from '../../server/src/engine/types';
import { scan } from './harness';

/**
 * Writes a small project (relative path to text) into a fresh temporary folder, scans it and
 * returns every finding. Paths in the findings are absolute and start with `root`, that folder,
 * which is deleted again before the function returns.
 */
export async function scanText(
  files: Record<string, string>,
): Promise<Finding[] & { root?: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-platform-'));
  for (const [relative, text] of Object.entries(files)) {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const findings: Finding[] & { root?: string } = await scan([root]);
  rmSync(root, { recursive: true, force: true });
  findings.root = root;
  return findings;
}

/**
 * Applies a fix's changes to the texts of a project given as relative path to text, and
 * returns the new texts, through the same code as the CLI's `--fix`. Created files are added;
 * edited files must exist.
 */
export function applyChanges(
  root: string,
  files: Record<string, string>,
  changes: FileChange[],
): Record<string, string> {
  const relativeOf = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const result = { ...files };
  const written = applyChangesToTexts(mergeChanges(changes), (p) => files[relativeOf(p)]);
  for (const [fullPath, text] of written) result[relativeOf(fullPath)] = text;
  return result;
}
