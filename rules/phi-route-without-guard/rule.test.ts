import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { defaultConfig, discoverFiles, type EngineConfig } from '../../server/src/engine';
import { applyEdits } from '../../server/src/engine/platform/text-edits';
import { SourceText } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { checkRuleFixtures, createEngine, scan } from '../../test/support/harness';

const ID = 'phi-route-without-guard';
const FIXTURES = path.join(__dirname, 'fixtures');

async function findingsIn(dir: string): Promise<Finding[]> {
  return (await scan([dir])).filter((f) => f.ruleId === ID);
}

async function findingsWithConfig(dir: string, config: EngineConfig): Promise<Finding[]> {
  const engine = await createEngine({ configFor: () => config });
  const files = discoverFiles([dir]).files;
  for (const file of files) engine.workspace.addPath(file);
  return files.flatMap((file) => engine.analyzeFile(file).findings).filter((f) => f.ruleId === ID);
}

test('phi-route-without-guard fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

test('unguarded route is reported at its path', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'go-router'));
  assert.equal(finding.message, "Route '/summary/:id' shows PHI with no redirect or guard.");
  assert.deepEqual(finding.range, {
    start: { line: 8, character: 12 },
    end: { line: 8, character: 26 },
  });
});

test('related information names the PHI screen', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'go-router'));
  const screen = finding.related[0];
  assert.ok(screen.path.endsWith('lib/screens/screens.dart'));
  assert.equal(screen.range.start.line, 2);
  assert.match(screen.message, /PatientSummaryScreen/);
});

test('sign-in-only redirect says the role is missing', async () => {
  const findings = await findingsIn(path.join(FIXTURES, 'go-router'));
  assert.equal(findings.length, 2);
  assert.equal(
    findings[1].message,
    "Route '/signed-in-summary/:id' shows PHI; its guard checks sign-in but no role.",
  );
});

test('typed route is reported at the class name', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'typed-and-navigator'));
  assert.equal(finding.range.start.line, 14);
  assert.equal(finding.range.start.character, 6);
});

test('configured role checks replace the vocabulary', async () => {
  const config = defaultConfig();
  config.auth.roleChecks = ['canOpenChart'];
  const findings = await findingsWithConfig(path.join(FIXTURES, 'go-router'), config);
  const messages = findings.map((f) => f.message);
  assert.ok(
    messages.includes(
      "Route '/clinician-summary/:id' shows PHI; its guard checks sign-in but no role.",
    ),
    'hasRole no longer counts once role checks are configured',
  );
});

test('fix reuses the guard of another route', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'go-router'));
  const fix = finding.fixes[0];
  assert.equal(fix.title, 'Add redirect: _clinicianOnly to this route');
  assert.equal(fix.safe, false);
  const change = fix.changes[0];
  assert.ok(change.kind === 'edit');
  const fixed = applyEdits(new SourceText(readFileSync(change.path, 'utf8')), change.edits);
  assert.match(fixed, /path: '\/summary\/:id',\n {6}redirect: _clinicianOnly,\n {6}builder:/);
});

test('route with own redirect gets no fix', async () => {
  const findings = await findingsIn(path.join(FIXTURES, 'go-router'));
  assert.deepEqual(findings[1].fixes, []);
});

test('router-level redirect in another file guards', async () => {
  assert.deepEqual(await findingsIn(path.join(FIXTURES, 'router-level-redirect')), []);
});
