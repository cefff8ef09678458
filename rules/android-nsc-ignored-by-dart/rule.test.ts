import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import rule from './rule';
import type { Finding } from '../../server/src/engine/types';
import { readTree } from '../../test/support/fix-fixtures';
import { checkRuleFixtures, scan } from '../../test/support/harness';
import { scanText } from '../../test/support/platform-harness';

const ID = 'android-nsc-ignored-by-dart';
const FIXTURES = path.join(__dirname, 'fixtures');
const API = path.join(FIXTURES, 'invalid/lib/api.dart');

test('android-nsc-ignored-by-dart fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

test('meta reads Dart files', () => {
  assert.ok(rule.meta.reads?.includes('dart'));
  assert.deepEqual(rule.meta.fileKinds, ['network-security-config']);
});

async function invalidFindings(): Promise<Finding[]> {
  return (await scan([path.join(FIXTURES, 'invalid')])).filter((f) => f.ruleId === ID);
}

test('pin-set warning points at the Dart client', async () => {
  const findings = await invalidFindings();
  const finding = findings.find((f) => f.severity === 'warning' && /pin-set/.test(f.message));
  assert.ok(finding, 'no warning on the pin-set');
  assert.equal(finding.range.start.line, 6);
  assert.deepEqual(
    finding.related.map((r) => [r.path, r.range.start.line]),
    [[API, 3]],
  );
});

test('cleartext flag warning names the cleartext client', async () => {
  const finding = (await invalidFindings()).find((f) => /legacy\.clinic\.example/.test(f.message));
  assert.equal(finding?.severity, 'warning');
  assert.deepEqual(finding?.related.map((r) => r.range.start.line), [6]);
  assert.match(finding?.related[0].message ?? '', /cleartext/);
});

test('client in a typed field is quiet after the fix', async () => {
  const fixed = readTree(path.join(__dirname, 'fix-fixtures', 'nsc-dio-field', 'after'));
  const remaining = (await scanText(fixed)).filter((f) => f.ruleId === ID);
  assert.deepEqual(remaining.map((f) => f.message), []);
});
