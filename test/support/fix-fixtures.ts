import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { ConfigLoader, type EngineOptions } from '../../server/src/engine';
import { mergeFixes } from '../../server/src/engine/fixes/apply';
import {
  PINNED_CLIENT_FILE_NAME,
  PINNED_CLIENT_SOURCE,
  PINNED_DIO_FILE_NAME,
  PINNED_DIO_SOURCE,
  PINNED_HTTP_FILE_NAME,
  PINNED_HTTP_SOURCE,
} from '../../server/src/engine/fixes/pinned-client-source';
import { PRIVACY_SCREEN_FILE_NAME, PRIVACY_SCREEN_SOURCE } from '../../server/src/engine/fixes/privacy-screen';
import {
  REDACTING_LOGGER_FILE_NAME,
  REDACTING_LOGGER_SOURCE,
} from '../../server/src/engine/fixes/redacting-logger';
import { VAULT_FILE_NAME, VAULT_SOURCE } from '../../server/src/engine/fixes/vault';
import type { Finding } from '../../server/src/engine/types';
import { assertWellFormed } from './fix-checks';
import { applyChanges, scanText } from './platform-harness';
import { writeTree } from './projects';

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


/**
 * Generated helpers whose text does not depend on the project, by file name. A case's `after/`
 * leaves them out; the created file must equal the generator's text, which tests of its own
 * check and each rule's README shows.
 */
const FIXED_HELPERS: Record<string, string> = {
  [VAULT_FILE_NAME]: VAULT_SOURCE,
  [REDACTING_LOGGER_FILE_NAME]: REDACTING_LOGGER_SOURCE,
  [PRIVACY_SCREEN_FILE_NAME]: PRIVACY_SCREEN_SOURCE,
  [PINNED_CLIENT_FILE_NAME]: PINNED_CLIENT_SOURCE,
  [PINNED_HTTP_FILE_NAME]: PINNED_HTTP_SOURCE,
  [PINNED_DIO_FILE_NAME]: PINNED_DIO_SOURCE,
};

function offering(findings: Finding[], ruleId: string, title: string): Finding[] {
  return findings.filter(
    (f) => f.ruleId === ruleId && !f.suppression && f.fixes.some((fix) => fix.title === title),
  );
}

/** Reads a case's phi_guard.yaml the way the CLI does, when the case has one. */
function configOptions(files: Record<string, string>): Partial<EngineOptions> {
  if (files['phi_guard.yaml'] === undefined) return {};
  const loader = new ConfigLoader({ rules: allRules.map((rule) => rule.meta) });
  return { configFor: (file) => loader.configFor(file) };
}

/**
 * The files of `fixed` that a case's `after/` must hold: those the fix changed or created,
 * except created helpers whose text never varies.
 */
function expectedFiles(before: Record<string, string>, fixed: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(fixed).filter(([name, text]) => {
      if (before[name] === text) return false;
      return before[name] !== undefined || FIXED_HELPERS[path.posix.basename(name)] !== text;
    }),
  );
}

/**
 * Checks one fix against a folder holding `before/` and `after/` project trees. Every finding
 * of `ruleId` in `before/` that offers a fix titled `title` gets it, merged the way the editor
 * and the CLI merge fixes. `after/` contains each file the fix changed or created, as it must
 * read. Files missing from it must be unchanged, and a created helper missing from it must
 * equal its generator's text (`FIXED_HELPERS`). A `phi_guard.yaml` in `before/` is in force, as in
 * the CLI. Changed files must parse cleanly, and the fixed
 * project must no longer offer the fix when analysed again. With
 * `PHI_GUARD_WRITE_FIX_FIXTURES=1` a missing `after/` is written from the result, to be read
 * and checked by hand before it is committed.
 */
export async function checkFixFixture(ruleId: string, caseDir: string, title: string) {
  const before = readTree(path.join(caseDir, 'before'));
  const options = configOptions(before);
  const findings = await scanText(before, options);
  const targets = offering(findings, ruleId, title);
  assert.ok(targets.length > 0, `${ruleId}: no finding in ${caseDir} offers "${title}"`);
  const fixes = targets.map((f) => f.fixes.find((fix) => fix.title === title)!);
  const fixed = applyChanges(findings.root!, before, mergeFixes(fixes).changes);
  const afterDir = path.join(caseDir, 'after');
  const expected = expectedFiles(before, fixed);
  if (!existsSync(afterDir) && process.env.PHI_GUARD_WRITE_FIX_FIXTURES === '1') {
    writeTree(afterDir, expected);
  }
  assert.deepEqual(expected, readTree(afterDir), `${ruleId}: "${title}" result differs from after/`);
  const changed = Object.fromEntries(
    Object.entries(fixed).filter(([name, text]) => before[name] !== text),
  );
  await assertWellFormed(changed);
  const again = offering(await scanText(fixed, options), ruleId, title);
  assert.deepEqual(
    again.map((f) => `${path.basename(f.path)}:${f.range.start.line + 1}`),
    [],
    `${ruleId}: the fixed project still offers "${title}"`,
  );
  return { before, fixed, changed };
}
