import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules';
import { rulesPage, withRulesTable } from '../../scripts/generate-docs';

const ROOT = path.resolve(__dirname, '../..');
const REGENERATE = 'run npx tsx scripts/generate-docs.ts';

test('docs/rules.md matches rule metadata', () => {
  const current = readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
  assert.equal(current, rulesPage(allRules), `docs/rules.md is out of date; ${REGENERATE}`);
});

test('README rules table matches metadata', () => {
  const current = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.equal(current, withRulesTable(current, allRules), `README.md is out of date; ${REGENERATE}`);
});
