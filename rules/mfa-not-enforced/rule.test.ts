import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, discoverFiles } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine/types';
import { checkRuleFixtures, createEngine, scan } from '../../test/support/harness';

const ID = 'mfa-not-enforced';
const FIXTURES = path.join(__dirname, 'fixtures');

async function findingsIn(dir: string): Promise<Finding[]> {
  return (await scan([dir])).filter((f) => f.ruleId === ID);
}

test('mfa-not-enforced fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

test('firebase finding range, message and resolver hint', async () => {
  const findings = await findingsIn(path.join(FIXTURES, 'firebase-without-resolver'));
  assert.equal(findings.length, 2, 'one finding per sign-in call');
  const [first] = findings;
  assert.equal(
    first.message,
    'signInWithEmailAndPassword signs users in, but the app handles no second factor.',
  );
  assert.deepEqual(first.range, {
    start: { line: 7, character: 12 },
    end: { line: 7, character: 72 },
  });
  assert.match(first.related[0].message, /FirebaseAuthMultiFactorException/);
  assert.match(first.related[0].message, /MultiFactorResolver/);
});

test('custom post names the call', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'custom-password-post'));
  assert.equal(finding.message, 'dio.post signs users in, but the app handles no second factor.');
});

test('resolver in another file counts', async () => {
  assert.deepEqual(await findingsIn(path.join(FIXTURES, 'valid-firebase-resolver')), []);
});

test('requireMfa false turns the rule off', async () => {
  const config = defaultConfig();
  config.auth.requireMfa = false;
  const engine = await createEngine({ configFor: () => config });
  const dir = path.join(FIXTURES, 'firebase-without-resolver');
  const files = discoverFiles([dir]).files;
  for (const file of files) engine.workspace.addPath(file);
  const findings = files.flatMap((file) => engine.analyzeFile(file).findings);
  assert.equal(findings.filter((f) => f.ruleId === ID).length, 0);
  assert.ok(files.length > 0);
});
