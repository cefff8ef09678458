import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function runCli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, '--today', '2026-12-01', ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROJECT: Record<string, string> = {
  'pubspec.yaml': 'name: demo # phi-guard-ignore cleartext-http\n',
  'android/app/src/main/AndroidManifest.xml': [
    '<!-- phi-guard-ignore-file android-cleartext-traffic-enabled: kiosk build [expires 2027-01-31] -->',
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
    '  <application android:allowBackup="false" android:usesCleartextTraffic="true"/>',
    '</manifest>',
    '',
  ].join('\n'),
  'lib/net.dart': [
    "final a = 1; // phi-guard-ignore cleartext-http-endpoint: old lab [expires 2026-01-31]",
    '',
  ].join('\n'),
};

function makeProject(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-list-'));
  for (const [relative, content] of Object.entries(PROJECT)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

test('list suppressions as json', () => {
  const result = runCli(['--list-suppressions', '--format', 'json', '.'], makeProject());
  assert.equal(result.code, 0, result.stderr);
  const output = JSON.parse(result.stdout);
  assert.deepEqual(output.summary, { active: 1, expired: 1, invalid: 1 });
  const rows = output.suppressions.map((s: Record<string, unknown>) => [
    s.path,
    s.line,
    s.scope,
    s.status,
    s.expires,
  ]);
  assert.deepEqual(rows, [
    ['android/app/src/main/AndroidManifest.xml', 1, 'file', 'active', '2027-01-31'],
    ['lib/net.dart', 1, 'line', 'expired', '2026-01-31'],
    ['pubspec.yaml', 1, 'line', 'invalid', undefined],
  ]);
  const invalid = output.suppressions[2];
  assert.deepEqual(invalid.rules, ['cleartext-http']);
  assert.equal(invalid.problems.length, 2);
  assert.equal(output.suppressions[0].reason, 'kiosk build');
});

test('list suppressions as text', () => {
  const result = runCli(['--list-suppressions', '.'], makeProject());
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(
    lines[0],
    'android/app/src/main/AndroidManifest.xml:1  active   ' +
      'android-cleartext-traffic-enabled (whole file)  expires 2027-01-31  kiosk build',
  );
  const expired = 'lib/net.dart:1  expired  cleartext-http-endpoint  expires 2026-01-31  old lab';
  assert.ok(lines.includes(expired));
  assert.ok(lines.includes('pubspec.yaml:1  invalid  cleartext-http  no expiry  (no reason)'));
  const problem = 'Suppression names unknown rule cleartext-http; did you mean cleartext-http-endpoint?';
  assert.ok(lines.includes(`    ${problem}`));
  assert.ok(lines.includes('3 suppressions: 1 active, 1 expired, 1 invalid.'));
});

test('list suppressions rejects sarif', () => {
  const result = runCli(['--list-suppressions', '--format', 'sarif', '.'], makeProject());
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--list-suppressions writes text or json/);
});

test('sarif suppression has status and expiry', () => {
  const result = runCli(['--format', 'sarif', '.'], makeProject());
  const results = JSON.parse(result.stdout).runs[0].results;
  const suppressed = results.find(
    (r: { ruleId: string }) => r.ruleId === 'android-cleartext-traffic-enabled',
  );
  const [suppression] = suppressed.suppressions;
  assert.equal(suppression.justification, 'kiosk build');
  assert.deepEqual(suppression.properties, { status: 'active', expires: '2027-01-31' });
  assert.equal(suppression.location.physicalLocation.region.startLine, 1);
  const invalid = results.filter((r: { ruleId: string }) => r.ruleId === 'invalid-suppression');
  assert.equal(invalid.length, 3, 'the expired and the two problems of the unknown rule');
});
