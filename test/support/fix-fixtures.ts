import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { mergeFixes } from '../../server/src/engine/fixes/apply';
import type { Finding } from '../../server/src/engine/types';
import { assertWellFormed } from './fix-checks';
import { applyChanges, scanText } from './platform-harness';

/** Reads every file under a folder, as relative path (with `/`) to text. */
export function readTree(root: string): Record<string, string> {
  const texts: Record<string, string> = {};
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else texts[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  visit(root);
  return texts;
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

function offering(findings: Finding[], ruleId: string, title: string): Finding[] {
  return findings.filter(
    (f) => f.ruleId === ruleId && !f.suppression && f.fixes.some((fix) => fix.title === title),
  );
}

/**
 * Checks one fix against a folder holding `before/` and `after/` project trees. Every finding
 * of `ruleId` in `before/` that offers a fix titled `title` gets it, merged the way the editor
 * and the CLI merge fixes; the result must equal `after/` file for file, parse cleanly, and no
 * longer offer that fix when analysed again. With `PHI_GUARD_WRITE_FIX_FIXTURES=1` a missing
 * `after/` is written from the result, to be read and checked by hand before it is committed.
 */
export async function checkFixFixture(ruleId: string, caseDir: string, title: string) {
  const before = readTree(path.join(caseDir, 'before'));
  const findings = await scanText(before);
  const targets = offering(findings, ruleId, title);
  assert.ok(targets.length > 0, `${ruleId}: no finding in ${caseDir} offers "${title}"`);
  const fixes = targets.map((f) => f.fixes.find((fix) => fix.title === title)!);
  const fixed = applyChanges(findings.root!, before, mergeFixes(fixes).changes);
  const afterDir = path.join(caseDir, 'after');
  if (!existsSync(afterDir) && process.env.PHI_GUARD_WRITE_FIX_FIXTURES === '1') {
    writeTree(afterDir, fixed);
  }
  assert.deepEqual(fixed, readTree(afterDir), `${ruleId}: "${title}" result differs from after/`);
  const changed = Object.fromEntries(
    Object.entries(fixed).filter(([name, text]) => before[name] !== text),
  );
  await assertWellFormed(changed);
  const again = offering(await scanText(fixed), ruleId, title);
  assert.deepEqual(
    again.map((f) => `${path.basename(f.path)}:${f.range.start.line + 1}`),
    [],
    `${ruleId}: the fixed project still offers "${title}"`,
  );
  return { before, fixed, changed };
}
