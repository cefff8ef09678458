import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Parser } from 'web-tree-sitter';
import { applyChangesToTexts, mergeChanges } from '../../server/src/engine/fixes/apply';
import {
  defaultDartGrammarPath,
  loadDartLanguage,
} from '../../server/src/engine/parsers/dart-grammar';
import type { EngineOptions } from '../../server/src/engine';
import type { Finding, FileChange } from '../../server/src/engine/types';
import { scan } from './harness';

/**
 * Writes a small project (relative path to text) into a fresh temporary folder, scans it and
 * returns every finding. Paths in the findings are absolute and start with `root`, that folder,
 * which is deleted again before the function returns.
 */
export async function scanText(
  files: Record<string, string>,
  options: Partial<EngineOptions> = {},
): Promise<Finding[] & { root?: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-platform-'));
  for (const [relative, text] of Object.entries(files)) {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const findings: Finding[] & { root?: string } = await scan([root], options);
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

/**
 * Scans one Dart file (`lib/a.dart`, beside a minimal pubspec.yaml and any `extra` files) and
 * returns the findings of one rule with the temporary project folder they were found in.
 */
export async function dartFindings(
  ruleId: string,
  text: string,
  extra: Record<string, string> = {},
): Promise<{ findings: Finding[]; root: string }> {
  const files = { 'pubspec.yaml': 'name: app\n', 'lib/a.dart': text, ...extra };
  const all = await scanText(files);
  return { findings: all.filter((f) => f.ruleId === ruleId), root: all.root! };
}

/** Returns whether the engine's Dart grammar finds an ERROR or MISSING node in `text`. */
export async function hasDartSyntaxError(text: string): Promise<boolean> {
  const parser = new Parser();
  parser.setLanguage(await loadDartLanguage(defaultDartGrammarPath()));
  const tree = parser.parse(text)!;
  const broken = tree.rootNode.hasError;
  tree.delete();
  parser.delete();
  return broken;
}
