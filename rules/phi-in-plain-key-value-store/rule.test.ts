import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkRuleFixtures, scan } from '../../test/support/harness';

const ID = 'phi-in-plain-key-value-store';
const fixtures = path.join(__dirname, 'fixtures');

test('phi-in-plain-key-value-store fixtures', async () => {
  await checkRuleFixtures(ID, fixtures);
});

test('value decides when the key is meaningless', async () => {
  const findings = (await scan([path.join(fixtures, 'invalid')])).filter((f) => f.ruleId === ID);
  const remember = findings.find((f) => f.range.start.line === 18);
  assert.ok(remember, 'finding for the token written under key r');
  assert.equal(
    remember.message,
    '`SharedPreferences.setString` stores a secret (token) unencrypted.',
  );
  assert.equal(remember.range.start.character, 10);
  const source = remember.related[0];
  assert.equal(source.range.start.line, 16, 'related information starts at the idToken parameter');
});

test('reads and removals are not findings', async () => {
  const findings = (await scan([path.join(fixtures, 'valid')])).filter((f) => f.ruleId === ID);
  assert.deepEqual(
    findings.map((f) => f.range.start.line + 1),
    [],
  );
});
