import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkFixFixture } from '../support/fix-fixtures';
import { scan } from '../support/harness';

const RULES = path.resolve(__dirname, '../../rules');

/** Contents of a case's `fix.json`. */
interface FixSpec {
  /** Exact title of the fix that the case applies. */
  title: string;
}

/** A `rules/<rule>/fix-fixtures/<case>/` folder with its spec, or the error reading it raised. */
interface FixCase {
  ruleId: string;
  name: string;
  dir: string;
  spec: FixSpec | Error;
}

function listSubfolders(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readFixSpec(file: string): FixSpec {
  assert.ok(existsSync(file), `${file} is missing: add {"title": "<fix title>"}`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { title?: unknown };
  assert.equal(typeof parsed.title, 'string', `${file}: "title" must be a string`);
  return { title: parsed.title as string };
}

/** Lists every fix-fixture case. A missing or invalid `fix.json` fails that case's test. */
function findFixCases(): FixCase[] {
  const cases: FixCase[] = [];
  for (const ruleId of listSubfolders(RULES)) {
    const root = path.join(RULES, ruleId, 'fix-fixtures');
    for (const name of listSubfolders(root)) {
      const dir = path.join(root, name);
      let spec: FixSpec | Error;
      try {
        spec = readFixSpec(path.join(dir, 'fix.json'));
      } catch (error) {
        spec = error as Error;
      }
      cases.push({ ruleId, name, dir, spec });
    }
  }
  return cases;
}

const fixCases = findFixCases();

for (const { ruleId, name, dir, spec } of fixCases) {
  test(`${ruleId} fix case ${name}`, async () => {
    if (spec instanceof Error) throw spec;
    await checkFixFixture(ruleId, dir, spec.title);
  });
}

/** Returns the folders whose findings show which fixes a rule offers in practice. */
function listOfferingFolders(ruleId: string): string[] {
  const folders = [path.join(RULES, ruleId, 'fixtures')];
  const root = path.join(RULES, ruleId, 'fix-fixtures');
  for (const name of listSubfolders(root)) folders.push(path.join(root, name, 'before'));
  return folders.filter((folder) => existsSync(folder));
}

/** Collects `rule id: fix title` keys for the fixes that findings of the rule offer. */
async function collectOfferedFixes(ruleId: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const folder of listOfferingFolders(ruleId)) {
    for (const finding of await scan([folder])) {
      if (finding.ruleId !== ruleId || finding.suppression) continue;
      for (const fix of finding.fixes) keys.add(`${ruleId}: ${fix.title}`);
    }
  }
  return keys;
}

// Fixes that findings in a rule's fixtures or fix cases offer each need a case of their own.
test('fix cases cover every offered fix', async () => {
  const covered = new Set<string>();
  for (const { ruleId, spec } of fixCases) {
    if (!(spec instanceof Error)) covered.add(`${ruleId}: ${spec.title}`);
  }
  const missing: string[] = [];
  for (const ruleId of listSubfolders(RULES)) {
    for (const key of await collectOfferedFixes(ruleId)) {
      if (!covered.has(key)) missing.push(key);
    }
  }
  assert.deepEqual(missing, [], 'fixes offered in fixtures without a fix-fixtures case');
});
