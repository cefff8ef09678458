import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkRuleFixtures, scan } from '../../test/support/harness';

const ID = 'phi-in-url';
const fixtures = path.join(__dirname, 'fixtures');
const api = path.join(fixtures, 'invalid', 'lib', 'chart_api.dart');

test('phi-in-url fixtures', async () => {
  await checkRuleFixtures(ID, fixtures);
});

test('path interpolation range and message', async () => {
  const findings = (await scan([api])).filter((f) => f.ruleId === ID);
  const chart = findings.find((f) => f.range.start.line === 13);
  assert.ok(chart, 'finding for the MRN in the path');
  assert.equal(chart.message, '`Uri.https` puts a PHI value (mrn) in the request path.');
  assert.deepEqual(chart.range.start, { line: 13, character: 51 });
  assert.deepEqual(chart.range.end, { line: 13, character: 65 });
});

test('related information follows the concatenation', async () => {
  const findings = (await scan([api])).filter((f) => f.ruleId === ID);
  const viaVariable = findings.find((f) => f.range.start.line === 35);
  assert.ok(viaVariable, 'finding at Uri.parse(path)');
  const labels = viaVariable.related.map((r) => r.message);
  assert.ok(labels.includes('Concatenated into a string.'), labels.join(' | '));
  assert.ok(labels.includes('Assigned to `path`.'), labels.join(' | '));
});
