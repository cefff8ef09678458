import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeProject as makeTempProject, writeTree } from '../support/projects';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function runCli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const writeFiles = writeTree;
const makeProject = (files: Record<string, string>) => makeTempProject(files, 'baseline');

const MANIFEST_PATH = 'android/app/src/main/AndroidManifest.xml';
const MANIFEST = (cleartext: string) =>
  [
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
    `  <application android:allowBackup="false" android:usesCleartextTraffic="${cleartext}"/>`,
    '</manifest>',
    '',
  ].join('\n');

const TLS_BYPASS = (name: string) =>
  [
    `HttpClient ${name}() {`,
    '  return HttpClient()..badCertificateCallback = (cert, host, port) => true;',
    '}',
    '',
  ].join('\n');

const DART = (...names: string[]) => ["import 'dart:io';", '', ...names.map(TLS_BYPASS)].join('\n');

const BASELINE = '.phi-guard-baseline.json';

/** Writes a project with one warning and two identical errors, and its baseline. */
function baselined(): string {
  const root = makeProject({
    'pubspec.yaml': 'name: demo\n',
    [MANIFEST_PATH]: MANIFEST('true'),
    'lib/net.dart': DART('first', 'second'),
  });
  const written = runCli(['--write-baseline', BASELINE, '.'], root);
  assert.equal(written.code, 0, written.stderr);
  assert.match(written.stdout, /Wrote 3 findings to baseline/);
  return root;
}

function jsonScan(root: string, extra: string[] = []) {
  const result = runCli(['--format', 'json', '--baseline', BASELINE, ...extra, '.'], root);
  return { ...result, report: result.stdout ? JSON.parse(result.stdout) : undefined };
}

test('baseline records counts per fingerprint', () => {
  const root = baselined();
  const baseline = JSON.parse(readFileSync(path.join(root, BASELINE), 'utf8'));
  assert.equal(baseline.version, 1);
  const tls = baseline.findings.filter(
    (entry: { ruleId: string }) => entry.ruleId === 'tls-validation-disabled',
  );
  assert.equal(tls.length, 1);
  assert.equal(tls[0].count, 2);
  assert.equal(tls[0].path, 'lib/net.dart');
});

test('baseline hides recorded findings', () => {
  const { code, report, stderr } = jsonScan(baselined());
  assert.equal(code, 0, stderr);
  assert.deepEqual(report.findings, []);
  assert.equal(report.baseline.unchanged, 3);
  assert.deepEqual(report.baseline.fixedSinceBaseline, []);
});

test('baseline survives inserted lines', () => {
  const root = baselined();
  const padding = '// a comment pushed in above the findings\n'.repeat(5);
  writeFiles(root, {
    'lib/net.dart': padding + DART('first', 'second'),
    [MANIFEST_PATH]: MANIFEST('true').replace('\n', `\n${'  <!-- moved -->\n'.repeat(4)}`),
  });
  const { code, report, stderr } = jsonScan(root);
  assert.equal(code, 0, stderr);
  assert.deepEqual(report.findings, []);
  assert.equal(report.baseline.unchanged, 3);
});

test('baseline shows a new finding', () => {
  const root = baselined();
  const text = DART('first', 'second', 'third');
  writeFiles(root, { 'lib/net.dart': text });
  const { code, report } = jsonScan(root);
  assert.equal(code, 1, 'a new error-level finding fails the run');
  assert.equal(report.findings.length, 1);
  assert.equal(report.findings[0].ruleId, 'tls-validation-disabled');
  // The 1-based line after `HttpClient third() {`, the last of the three identical findings.
  const thirdLine = text.split('\n').indexOf('HttpClient third() {') + 2;
  assert.equal(report.findings[0].line, thirdLine, 'the last occurrence is the new one');
});

test('baseline shows a new file finding', () => {
  const root = baselined();
  writeFiles(root, { 'lib/other.dart': DART('first') });
  const { code, report } = jsonScan(root);
  assert.equal(code, 1);
  assert.deepEqual(
    report.findings.map((f: { path: string }) => f.path),
    ['lib/other.dart'],
  );
});

test('baseline reports fixed findings', () => {
  const root = baselined();
  writeFiles(root, { [MANIFEST_PATH]: MANIFEST('false'), 'lib/net.dart': DART('first') });
  const { code, report } = jsonScan(root);
  assert.equal(code, 0);
  assert.deepEqual(report.findings, []);
  const fixed = report.baseline.fixedSinceBaseline.map((e: { ruleId: string; count: number }) => [
    e.ruleId,
    e.count,
  ]);
  assert.deepEqual(fixed.sort(), [
    ['android-cleartext-traffic-enabled', 1],
    ['tls-validation-disabled', 1],
  ]);
  const text = runCli(['--no-color', '--baseline', BASELINE, '.'], root);
  assert.match(text.stdout, /1 recorded finding not shown, 2 fixed since baseline:/);
  assert.match(text.stdout, /fixed since baseline: android\/app\/src\/main\/AndroidManifest\.xml/);
});

test('baseline of another folder exits 2 instead of calling everything fixed', () => {
  const root = baselined();
  const result = runCli(['--baseline', path.join('..', BASELINE), '.'], path.join(root, 'lib'));
  assert.equal(result.code, 2, result.stdout);
  assert.match(result.stderr, /names no file below .*lib: scan the folder the baseline/);
  assert.doesNotMatch(result.stdout, /fixed since baseline/);
});

test('baseline marks new sarif results', () => {
  const root = baselined();
  writeFiles(root, { 'lib/other.dart': DART('first') });
  const result = runCli(['--format', 'sarif', '--baseline', BASELINE, '.'], root);
  const results = JSON.parse(result.stdout).runs[0].results;
  assert.equal(results.length, 1);
  assert.equal(results[0].baselineState, 'new');
});

test('max warnings sets the exit status', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: demo\n', [MANIFEST_PATH]: MANIFEST('true') });
  const over = runCli(['--max-warnings', '0', '.'], root);
  assert.equal(over.code, 1);
  assert.match(over.stderr, /1 warning, more than --max-warnings 0/);
  assert.equal(runCli(['--max-warnings', '1', '.'], root).code, 0);
  assert.equal(runCli(['--max-warnings', 'many', '.'], root).code, 2);
});

test('max warnings counts after the baseline', () => {
  const root = baselined();
  assert.equal(jsonScan(root, ['--max-warnings', '0']).code, 0);
});

test('malformed baseline exits 2', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: demo\n', [MANIFEST_PATH]: MANIFEST('true') });
  writeFiles(root, {
    'broken.json': '{ "version": 1, "findings": [',
    'old.json': '{"version": 0}',
  });
  const cases: Array<[string, RegExp]> = [
    ['broken.json', /invalid baseline broken\.json: not JSON/],
    ['old.json', /invalid baseline old\.json: version is 0, expected 1/],
    ['missing.json', /cannot read baseline missing\.json/],
  ];
  for (const [file, message] of cases) {
    const result = runCli(['--baseline', file, '.'], root);
    assert.equal(result.code, 2, file);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '', `${file}: no report is written`);
  }
});

test('baseline entries need every field', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: demo\n' });
  const entry = { ruleId: 'x', path: 'a', message: 'm', fingerprint: 'f', count: 0 };
  writeFiles(root, { 'b.json': JSON.stringify({ version: 1, findings: [entry] }) });
  const result = runCli(['--baseline', 'b.json', '.'], root);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /findings\[0\] lacks ruleId, path, message, fingerprint or count/);
});
