import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeProject as makeTempProject } from '../support/projects';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function runCli(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a small Flutter project and returns its folder. */
const makeProject = (files: Record<string, string>) => makeTempProject(files, 'cli');

const MANIFEST = [
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
  '  <application android:allowBackup="false" android:usesCleartextTraffic="true"/>',
  '</manifest>',
  '',
].join('\n');

const TLS_BYPASS = [
  "import 'dart:io';",
  '',
  'HttpClient insecureClient() {',
  '  return HttpClient()..badCertificateCallback = (cert, host, port) => true;',
  '}',
  '',
].join('\n');

const warningOnly = () =>
  makeProject({
    'pubspec.yaml': 'name: demo\n',
    'android/app/src/main/AndroidManifest.xml': MANIFEST,
  });

test('cli exits 0 when findings are warnings only', () => {
  const result = runCli(['--format', 'text', warningOnly()]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /android-cleartext-traffic-enabled/);
  assert.match(result.stdout, /0 errors, 1 warning,/);
});

test('cli exits 1 on an error-level finding', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: demo\n', 'lib/net.dart': TLS_BYPASS });
  const result = runCli(['--format', 'json', root]);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout);
  const finding = report.findings.find((f: { ruleId: string }) => f.ruleId === 'tls-validation-disabled');
  assert.ok(finding, 'tls-validation-disabled is reported');
  assert.equal(finding.path, 'lib/net.dart');
  assert.equal(finding.line, 4);
  assert.equal(finding.severity, 'error');
});

test('cli json output lists range and docs link', () => {
  const result = runCli(['--format', 'json', warningOnly()]);
  const report = JSON.parse(result.stdout);
  assert.equal(report.findings.length, 1);
  const [finding] = report.findings;
  assert.deepEqual(finding.range.start, { line: 1, character: 43 });
  assert.equal(finding.column, 44);
  assert.match(finding.docs, /rules\/android-cleartext-traffic-enabled\/README\.md$/);
  assert.equal(report.summary.warning, 1);
});

test('cli sarif output follows 2.1.0', () => {
  const result = runCli(['--format', 'sarif', warningOnly()]);
  assert.equal(result.code, 0, result.stderr);
  const log = JSON.parse(result.stdout);
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'android-cleartext-traffic-enabled');
  assert.ok(rule, 'the rule is listed');
  assert.match(rule.helpUri, /^https:\/\//);
  assert.ok(rule.properties.tags.some((t: string) => t.startsWith('HIPAA-164.312')));
  assert.ok(rule.properties.tags.some((t: string) => t.startsWith('MASVS-')));
  assert.equal(run.results.length, 1);
  const region = run.results[0].locations[0].physicalLocation.region;
  assert.equal(region.startLine, 2);
  assert.equal(region.startColumn, 44);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.invocations[0].executionSuccessful, true);
});

test('cli rejects unknown options with exit 2', () => {
  const result = runCli(['--no-such-option']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Unknown option --no-such-option/);
});

test('cli names a path that does not exist and exits 2', () => {
  const missing = path.join(tmpdir(), 'phi-guard-no-such-folder');
  for (const args of [[missing], ['report', missing]]) {
    const result = runCli(args);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /phi-guard-no-such-folder does not exist; give a folder or file/);
  }
});

test('cli rejects an invalid format with exit 2', () => {
  const result = runCli(['--format', 'xml', '.']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Invalid --format "xml"/);
});

test('cli reports a broken Dart grammar loudly', () => {
  const root = makeProject({
    'pubspec.yaml': 'name: demo\n',
    'lib/net.dart': TLS_BYPASS,
    'android/app/src/main/AndroidManifest.xml': MANIFEST,
  });
  const broken = path.join(root, 'truncated.wasm');
  writeFileSync(broken, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff]));
  const result = runCli(['--format', 'sarif', '--dart-grammar', broken, root]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /truncated\.wasm/);
  const run = JSON.parse(result.stdout).runs[0];
  assert.equal(run.invocations[0].executionSuccessful, false);
  const notes = run.invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text);
  assert.ok(notes.some((text: string) => /Dart security analysis unavailable/.test(text)));
  const ruleIds = run.results.map((r: { ruleId: string }) => r.ruleId);
  assert.ok(ruleIds.includes('android-cleartext-traffic-enabled'), 'XML checks still run');
});

test('cli names an unwritable output file', () => {
  const result = runCli(['--output', path.join(warningOnly(), 'no-such-folder', 'out.txt'), warningOnly()]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Cannot write .*out\.txt: the folder does not exist/);
  assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/);
});

test('cli skips a pipe given as a path', () => {
  const root = warningOnly();
  const fifo = path.join(root, 'lib', 'pipe.dart');
  mkdirSync(path.dirname(fifo), { recursive: true });
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) return;
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', fifo, root], {
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(result.signal, null, 'the CLI does not hang on a pipe');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /not a regular file/);
});

test('cli rejects an impossible --today date', () => {
  const result = runCli(['--today', '2026-02-30', '.']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Invalid --today "2026-02-30"/);
});

test('cli writes sarif for an invalid config', () => {
  const root = makeProject({
    'pubspec.yaml': 'name: demo\n',
    'phi_guard.yaml': 'rules:\n  no-such-rule: error\n',
    'android/app/src/main/AndroidManifest.xml': MANIFEST,
  });
  const result = runCli(['--format', 'sarif', root]);
  assert.equal(result.code, 2);
  const invocation = JSON.parse(result.stdout).runs[0].invocations[0];
  assert.equal(invocation.executionSuccessful, false);
  assert.match(invocation.toolExecutionNotifications[0].message.text, /phi_guard\.yaml:2:3/);
});

test('cli counts skipped files and warns', () => {
  const root = makeProject({
    'pubspec.yaml': 'name: demo\n',
    'phi_guard.yaml': 'max_file_bytes: 2000\n',
    'lib/net.dart': TLS_BYPASS,
    'lib/padded.dart': TLS_BYPASS + `// ${'padding '.repeat(400)}\n`,
    'lib/nul.dart': TLS_BYPASS + '// \u0000\n',
  });
  const result = runCli(['--format', 'json', root]);
  const report = JSON.parse(result.stdout);
  assert.equal(report.summary.filesScanned, 3, 'pubspec.yaml, phi_guard.yaml and net.dart');
  assert.equal(report.summary.filesSkipped, 2);
  const skipped = report.notices.filter((n: { code?: string }) => n.code !== 'partially-parsed');
  assert.deepEqual(
    skipped.map((n: { code: string; severity: string }) => `${n.code} ${n.severity}`).sort(),
    ['binary warning', 'too-large warning'],
  );
  const text = runCli(['--no-color', root]);
  assert.match(text.stdout, /in 3 files scanned, 2 skipped \(not analysed\)/);
  assert.match(text.stderr, /findings are not reported/);
});

test('cli explains nesting past the depth limit', () => {
  const deep = '<dict>'.repeat(130) + '</dict>'.repeat(130);
  const root = makeProject({
    'pubspec.yaml': 'name: demo\n',
    'ios/Runner/Info.plist': `<plist version="1.0"><dict><key>X</key>${deep}</dict></plist>\n`,
  });
  const result = runCli(['--no-color', root]);
  assert.match(result.stderr, /nested more than 128 levels deep at line 1/);
  assert.doesNotMatch(result.stderr, /Malformed/);
});

test('cli notes invalid UTF-8 and still analyses', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: demo\n' });
  const file = path.join(root, 'lib', 'net.dart');
  mkdirSync(path.dirname(file), { recursive: true });
  const invalidComment = Buffer.from([0x2f, 0x2f, 0xff, 0x0a]);
  writeFileSync(file, Buffer.concat([Buffer.from(TLS_BYPASS), invalidComment]));
  const report = JSON.parse(runCli(['--format', 'json', root]).stdout);
  const notices = report.notices.map((n: { code: string; severity: string }) => n.code);
  assert.deepEqual(notices, ['invalid-utf8']);
  assert.equal(report.notices[0].severity, 'info');
  const rules = report.findings.map((f: { ruleId: string }) => f.ruleId);
  assert.ok(rules.includes('tls-validation-disabled'), `findings: ${rules.join(', ')}`);
});
