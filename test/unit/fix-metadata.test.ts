import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules';
import { scan } from '../support/harness';

const RULES = path.resolve(__dirname, '../../rules');

/**
 * `meta.fix` states the strongest fix a rule offers. The invalid fixtures show which fixes each
 * rule offers in practice, so the metadata must at least cover those.
 */
test('meta.fix covers the fixes the fixtures get', async () => {
  const invalid = allRules
    .map((rule) => ({ rule, folder: path.join(RULES, rule.meta.id, 'fixtures', 'invalid') }))
    .filter(({ folder }) => existsSync(folder));
  const findings = await scan(invalid.map(({ folder }) => folder));
  for (const { rule } of invalid) {
    const fixes = findings.filter((f) => f.ruleId === rule.meta.id).flatMap((f) => f.fixes);
    const strongest = fixes.some((f) => f.safe) ? 'safe' : fixes.length > 0 ? 'unsafe' : 'none';
    if (strongest === 'safe') assert.equal(rule.meta.fix, 'safe', rule.meta.id);
    if (strongest === 'unsafe') assert.notEqual(rule.meta.fix, 'none', rule.meta.id);
  }
});

test('fix titles start with a capitalised verb', async () => {
  const findings = await scan(
    allRules
      .map((rule) => path.join(RULES, rule.meta.id, 'fixtures', 'invalid'))
      .filter((folder) => existsSync(folder)),
  );
  for (const fix of findings.flatMap((f) => f.fixes)) {
    assert.match(fix.title, /^[A-Z][a-z]+ /, fix.title);
    assert.doesNotMatch(fix.title, /\.$/, fix.title);
  }
});
