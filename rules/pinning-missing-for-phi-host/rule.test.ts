import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, type EngineConfig } from '../../server/src/engine';
import { mergeFixes } from '../../server/src/engine/fixes/apply';
import type { Finding } from '../../server/src/engine/types';
import { assertWellFormed } from '../../test/support/fix-checks';
import { readTree } from '../../test/support/fix-fixtures';
import { applyChanges } from '../../test/support/platform-harness';
import { checkRuleFixtures, createEngine, scan } from '../../test/support/harness';
import { PINNED_CLIENT_TITLE } from './fixes';

const ID = 'pinning-missing-for-phi-host';
const FIXTURES = path.join(__dirname, 'fixtures');
const INVALID = path.join(FIXTURES, 'invalid');

test('pinning-missing-for-phi-host fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

async function invalidFindings(): Promise<Finding[]> {
  return (await scan([INVALID])).filter((f) => f.ruleId === ID);
}

function lineOf(file: string, needle: string): number {
  return readFileSync(file, 'utf8').split(/\r?\n/).findIndex((line) => line.includes(needle));
}

test('report sits at the construction with the request related', async () => {
  const file = path.join(INVALID, 'lib/fhir_api.dart');
  const findings = await invalidFindings();
  const finding = findings.find((f) => f.path === file && /Dio client/.test(f.message));
  assert.ok(finding);
  assert.equal(finding.range.start.line, lineOf(file, 'final fhir = Dio('));
  assert.equal(finding.range.start.character, 'final fhir = '.length);
  const message = 'Dio client for PHI host fhir.clinic.example has no certificate pinning.';
  assert.equal(finding.message, message);
  const request = finding.related.find((r) => /request/.test(r.message));
  assert.equal(request?.range.start.line, lineOf(file, "fhir.get('/Observation'"));
});

test('NSC pin-set is related, not a reason to stay silent', async () => {
  const file = path.join(INVALID, 'lib/records_api.dart');
  const finding = (await invalidFindings()).find((f) => f.path === file);
  assert.ok(finding, 'the host pinned in the NSC must still be reported for Dart');
  const nsc = finding.related.find((r) => r.path.endsWith('network_security_config.xml'));
  assert.ok(nsc, 'no related information at the pin-set');
  assert.equal(nsc.range.start.line, 4);
});

test('configured PHI hosts are checked', async () => {
  const file = path.join(FIXTURES, 'valid/lib/portal_probe.dart');
  const text = [
    "import 'package:dio/dio.dart';",
    "final portal = Dio(BaseOptions(baseUrl: 'https://portal.clinic.example'));",
    '',
  ].join('\n');
  const config = defaultConfig();
  config.hosts.phi = [{ host: 'clinic.example', pins: [] }];
  const configured = await createEngine({ configFor: () => config });
  configured.workspace.open(file, text, 1);
  const withConfig = configured.analyzeFile(file).findings.filter((f) => f.ruleId === ID);
  assert.equal(withConfig.length, 1);
  assert.equal(withConfig[0].range.start.line, 1);
  const plain = await createEngine();
  plain.workspace.open(file, text, 1);
  assert.equal(plain.analyzeFile(file).findings.filter((f) => f.ruleId === ID).length, 0);
});

const FIX_CASES = path.join(__dirname, 'fix-fixtures');

/**
 * Applies the fix the way `checkFixFixture` does, but with `config` in force, because the
 * fixture scan reads no phi_guard.yaml. The case keeps its phi_guard.yaml so the CLI agrees.
 */
async function checkFixWithConfig(caseDir: string, config: EngineConfig): Promise<void> {
  const root = path.join(caseDir, 'before');
  const before = readTree(root);
  const engine = await createEngine({ configFor: () => config });
  engine.workspace.setScanRoots([root]);
  for (const name of Object.keys(before)) engine.workspace.addPath(path.join(root, name));
  const offered = (findings: Finding[]) =>
    findings.flatMap((f) => (f.ruleId === ID ? f.fixes : []))
      .filter((fix) => fix.title === PINNED_CLIENT_TITLE);
  const analyze = (names: string[]) =>
    names.flatMap((name) => engine.analyzeFile(path.join(root, name)).findings);
  const fixes = offered(analyze(Object.keys(before)));
  assert.ok(fixes.length > 0, 'no finding offers the pinned client fix');
  const fixed = applyChanges(root, before, mergeFixes(fixes).changes);
  const afterDir = path.join(caseDir, 'after');
  if (!existsSync(afterDir) && process.env.PHI_GUARD_WRITE_FIX_FIXTURES === '1') {
    for (const [name, text] of Object.entries(fixed)) {
      mkdirSync(path.dirname(path.join(afterDir, name)), { recursive: true });
      writeFileSync(path.join(afterDir, name), text);
    }
  }
  assert.deepEqual(fixed, readTree(afterDir));
  const changed = Object.entries(fixed).filter(([name, text]) => before[name] !== text);
  await assertWellFormed(Object.fromEntries(changed));
  for (const [name, text] of changed) engine.workspace.open(path.join(root, name), text, 2);
  assert.deepEqual(offered(analyze(Object.keys(fixed))), [], 'the fixed project offers the fix');
}

test('pinned client fix: http-config', async () => {
  const config = defaultConfig();
  const pins = [
    'PLCxtPA441geIs3hB0FcVPTSbFloKj3m62kxpl6hP+I=',
    'QcyL46ADMKMM20nb0QyUm1+Q6Ee/CLnT6PHcUG/eGLQ=',
  ];
  config.hosts.phi = [{ host: 'portal.clinic.example', pins }];
  await checkFixWithConfig(path.join(FIX_CASES, 'http-config'), config);
});
