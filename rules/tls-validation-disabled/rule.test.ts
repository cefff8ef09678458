import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/platform/text-edits';
import { SourceText } from '../../server/src/engine/text';
import type { Engine } from '../../server/src/engine';
import type { Finding, Fix } from '../../server/src/engine/types';
import { checkRuleFixtures, createEngine, scan } from '../../test/support/harness';

const ID = 'tls-validation-disabled';
const FIXTURES = path.join(__dirname, 'fixtures');
const INVALID = path.join(FIXTURES, 'invalid/lib/lab_clients.dart');

test('tls-validation-disabled fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

async function invalidFindings(): Promise<Finding[]> {
  const findings = await scan([path.join(FIXTURES, 'invalid')]);
  return findings.filter((f) => f.ruleId === ID);
}

function lineOf(text: string, needle: string): number {
  return text.split(/\r?\n/).findIndex((line) => line.includes(needle));
}

test('split cascade range starts at the assignment', async () => {
  const text = readFileSync(INVALID, 'utf8');
  const cascadeLine = lineOf(text, '..badCertificateCallback = // expect');
  const finding = (await invalidFindings()).find((f) => f.range.start.line === cascadeLine);
  assert.ok(finding, 'no finding on the cascade line');
  assert.equal(finding.range.start.character, 2);
  assert.equal(finding.range.end.line, lineOf(text, '(X509Certificate certificate'));
  assert.equal(finding.severity, 'error');
  assert.equal(finding.message, 'badCertificateCallback accepts every certificate.');
});

test('build-time flag is a warning with its source', async () => {
  const text = readFileSync(INVALID, 'utf8');
  const finding = (await invalidFindings()).find((f) => /build-time flag/.test(f.message));
  assert.equal(finding?.severity, 'warning');
  assert.ok(finding, 'no build-time flag finding');
  const related = finding.related.find((r) => /bool\.fromEnvironment/.test(r.message));
  assert.ok(related, 'no related information at the call site');
  assert.equal(related.range.start.line, lineOf(text, "bool.fromEnvironment('STAGING_TLS_OFF')"));
});

test('HttpOverrides finding points at HttpOverrides.global', async () => {
  const text = readFileSync(INVALID, 'utf8');
  const finding = (await invalidFindings()).find((f) => /HttpOverrides/.test(f.message));
  assert.ok(finding);
  const lines = finding.related.map((r) => r.range.start.line);
  assert.ok(lines.includes(lineOf(text, 'HttpOverrides.global =')));
});

test('analyzer ignore comment does not suppress', async () => {
  const text = readFileSync(INVALID, 'utf8');
  const line = lineOf(text, 'client.badCertificateCallback = (c, h, p) => true');
  const finding = (await invalidFindings()).find((f) => f.range.start.line === line);
  assert.ok(finding);
  assert.equal(finding.suppression, undefined);
});

let editor: Promise<Engine> | undefined;
let version = 0;

interface FixResult {
  after: string;
  findings: Finding[];
  broken: boolean;
}

/** Applies a fix to the fixture text and analyses the result as an open editor document. */
async function applyAndAnalyze(fix: Fix, text: string): Promise<FixResult> {
  const change = fix.changes[0];
  assert.equal(change.kind, 'edit');
  if (change.kind !== 'edit') throw new Error('a tls-validation-disabled fix only edits');
  const after = applyEdits(new SourceText(text), change.edits);
  const engine = await (editor ??= createEngine());
  engine.workspace.open(INVALID, after, ++version);
  const findings = engine.analyzeFile(INVALID).findings.filter((f) => f.ruleId === ID);
  const broken = engine.workspace.file(INVALID)?.dart()?.hasErrors ?? true;
  return { after, findings, broken };
}

test('every fix removes its finding and keeps valid Dart', async () => {
  const text = readFileSync(INVALID, 'utf8');
  const before = await invalidFindings();
  const fixes = before.flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
  assert.ok(fixes.length >= before.length, 'some findings have no fix');
  for (const { finding, fix } of fixes) {
    const { findings, broken } = await applyAndAnalyze(fix, text);
    const where = `${fix.title} at line ${finding.range.start.line + 1}`;
    assert.equal(broken, false, `${where}: result has a syntax error`);
    assert.equal(findings.length, before.length - 1, `${where}: finding count`);
  }
});

test('cascade removal leaves the bare constructor', async () => {
  const text = readFileSync(INVALID, 'utf8');
  const line = lineOf(text, 'namedCallback') + 1;
  const finding = (await invalidFindings()).find((f) => f.range.start.line === line);
  const fix = finding?.fixes.find((f) => f.title === 'Remove the badCertificateCallback cascade');
  assert.ok(fix);
  assert.equal(fix.safe, true);
  const { after } = await applyAndAnalyze(fix, text);
  assert.ok(after.includes('HttpClient namedCallback() => HttpClient();'));
});

test('debug guard fix is unsafe and adds the import', async () => {
  const text = readFileSync(INVALID, 'utf8');
  const cascadeLine = lineOf(text, '..badCertificateCallback = // expect');
  const finding = (await invalidFindings()).find((f) => f.range.start.line === cascadeLine);
  const fix = finding?.fixes.find((f) => f.safe === false);
  assert.ok(fix, 'no unsafe fix');
  const { after } = await applyAndAnalyze(fix, text);
  assert.ok(after.includes("=> kDebugMode && (host == 'localhost' || host == '10.0.2.2');"));
  assert.ok(after.includes("import 'package:flutter/foundation.dart';"));
});
