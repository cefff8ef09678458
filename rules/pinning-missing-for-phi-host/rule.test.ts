import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine/types';
import { checkRuleFixtures, createEngine, scan } from '../../test/support/harness';

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

