import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkRuleFixtures, scan } from '../../test/support/harness';

const ID = 'phi-in-unencrypted-database';
const fixtures = path.join(__dirname, 'fixtures');

test('phi-in-unencrypted-database fixtures', async () => {
  await checkRuleFixtures(ID, fixtures);
});

const stores = path.join(fixtures, 'invalid', 'lib', 'stores.dart');

test('schema column names the data', async () => {
  const findings = (await scan([stores])).filter((f) => f.ruleId === ID);
  const symptoms = findings.find((f) => f.range.start.line === 12);
  assert.ok(symptoms, 'finding for the symptom log');
  assert.equal(symptoms.message, '`openDatabase` opens an unencrypted store of PHI (symptom).');
  assert.equal(
    symptoms.related[0].range.start.line,
    13,
    'related information points at the schema',
  );
});

test('empty SQLCipher password is reported at the argument', async () => {
  const findings = (await scan([stores])).filter((f) => f.ruleId === ID);
  const empty = findings.find((f) => f.message.startsWith('SQLCipher'));
  assert.ok(empty, 'finding for password: empty string');
  assert.deepEqual(empty.range.start, { line: 30, character: 30 });
  assert.deepEqual(empty.range.end, { line: 30, character: 42 });
});
