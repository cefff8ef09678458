import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules';
import { runKey } from '../../server/src/cli/cache';
import { makeProject as makeTempProject } from '../support/projects';

const REPOSITORY = path.resolve(__dirname, '../..');
const MAIN = path.join(REPOSITORY, 'server/src/cli/main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  stats: { hit: number; analysed: number; partial: number };
}

/** Runs the CLI from source with a pinned build id, so edits elsewhere keep the cache valid. */
/** Runs the CLI with the cache on, unless `args` ask for `--no-cache` or `cache` is false. */
function runCli(args: string[], buildId = 'cache-test', cache = true): Run {
  const env = { ...process.env, PHI_GUARD_TEST_BUILD_ID: buildId };
  const flags = cache && !args.includes('--no-cache') ? ['--cache', ...args] : args;
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...flags], {
    cwd: REPOSITORY,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  const match = /cache: (\d+) hit, (\d+) analysed, (\d+) partly analysed/.exec(result.stderr);
  const [hit, analysed, partial] = match ? match.slice(1).map(Number) : [-1, -1, -1];
  const stats = { hit, analysed, partial };
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, stats };
}

const PUBSPEC = 'name: demo\ndependencies:\n  flutter:\n    sdk: flutter\n';

const TLS_BYPASS = [
  "import 'dart:io';",
  '',
  'HttpClient insecureClient() {',
  '  return HttpClient()..badCertificateCallback = (cert, host, port) => true;',
  '}',
  '',
].join('\n');

const ENDPOINT = "const patientsUrl = 'http://api.example.com/patients';\n";

const MANIFEST = [
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
  '  <application android:allowBackup="false" android:usesCleartextTraffic="true"/>',
  '</manifest>',
  '',
].join('\n');

const SUPPRESSED = [
  '// phi-guard-ignore cleartext-http-endpoint: local test server [expires 2026-12-31]',
  "const testUrl = 'http://api.example.com/patients';",
  '',
].join('\n');

function makeProject(extra: Record<string, string> = {}): string {
  const files: Record<string, string> = {
    'pubspec.yaml': PUBSPEC,
    'phi_guard.yaml': 'rules:\n  android-cleartext-traffic-enabled: warning\n',
    'lib/net.dart': TLS_BYPASS,
    'lib/api.dart': ENDPOINT,
    'lib/suppressed.dart': SUPPRESSED,
    'android/app/src/main/AndroidManifest.xml': MANIFEST,
    ...extra,
  };
  return makeTempProject(files, 'cache');
}

const FILE_COUNT = 6;

function entryFiles(cacheDir: string): string[] {
  const folder = path.join(cacheDir, 'v1');
  return readdirSync(folder).map((name) => path.join(folder, name));
}

test('cache second run gives identical output', () => {
  const root = makeProject();
  const first = runCli(['--format', 'json', '--verbose', root]);
  const second = runCli(['--format', 'json', '--verbose', root]);
  assert.equal(first.code, 1, first.stderr);
  assert.deepEqual(first.stats, { hit: 0, analysed: FILE_COUNT, partial: 0 });
  assert.deepEqual(second.stats, { hit: FILE_COUNT, analysed: 0, partial: 0 });
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.code, first.code);
  const sarifFirst = runCli(['--format', 'sarif', root]);
  const sarifSecond = runCli(['--format', 'sarif', root]);
  assert.equal(sarifSecond.stdout, sarifFirst.stdout);
});

test('cache entries hold no file text', () => {
  const root = makeProject();
  runCli(['--format', 'json', root]);
  const entries = entryFiles(path.join(root, '.phi-guard-cache'));
  const stored = entries.map((f) => readFileSync(f, 'utf8'));
  assert.equal(stored.length, FILE_COUNT);
  assert.ok(stored.every((text) => !text.includes('<manifest')));
  assert.ok(stored.every((text) => !text.includes(root)), 'paths are stored relative');
  assert.ok(existsSync(path.join(root, '.phi-guard-cache', '.gitignore')));
});

test('cache re-analyses an edited file only', () => {
  const root = makeProject();
  runCli(['--format', 'json', root]);
  writeFileSync(path.join(root, 'lib/api.dart'), ENDPOINT.replace('patients', 'visits'));
  const edited = runCli(['--format', 'json', '--verbose', root]);
  const fresh = runCli(['--format', 'json', '--no-cache', root]);
  assert.equal(edited.stats.analysed, 1);
  // The other Dart files and the manifest have rules that read Dart files.
  assert.ok(edited.stats.partial >= 2, `partial: ${edited.stats.partial}`);
  assert.ok(edited.stats.hit >= 1, `hit: ${edited.stats.hit}`);
  assert.equal(edited.stats.hit + edited.stats.partial + 1, FILE_COUNT);
  assert.equal(edited.stdout, fresh.stdout);
});

test('cache recovers from a corrupt entry', () => {
  const root = makeProject();
  const first = runCli(['--format', 'json', root]);
  const entries = entryFiles(path.join(root, '.phi-guard-cache'));
  writeFileSync(entries[0], '{"format": 1, "key": ');
  writeFileSync(entries[1], '{"format": 1, "key": {}, "reads": {}, "result": null}');
  const recovered = runCli(['--format', 'json', '--verbose', root]);
  assert.equal(recovered.code, first.code, recovered.stderr);
  assert.equal(recovered.stdout, first.stdout);
  assert.equal(recovered.stats.analysed, 2);
  assert.doesNotThrow(() => JSON.parse(readFileSync(entries[0], 'utf8')));
  const again = runCli(['--format', 'json', '--verbose', root]);
  assert.equal(again.stats.hit, FILE_COUNT);
});

test('cache off by default writes nothing', () => {
  const root = makeProject();
  const result = runCli(['--format', 'json', '--verbose', root], 'cache-test', false);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(existsSync(path.join(root, '.phi-guard-cache')), false);
  assert.doesNotMatch(result.stderr, /cache:/);
});

test('cache off with --no-cache writes nothing', () => {
  const root = makeProject();
  const result = runCli(['--format', 'json', '--no-cache', '--verbose', root]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(existsSync(path.join(root, '.phi-guard-cache')), false);
  assert.doesNotMatch(result.stderr, /cache:/);
});

test('cache invalidated by a config change', () => {
  const root = makeProject();
  runCli(['--format', 'json', root]);
  const config = 'rules:\n  android-cleartext-traffic-enabled: error\n';
  writeFileSync(path.join(root, 'phi_guard.yaml'), config);
  const changed = runCli(['--format', 'json', '--verbose', root]);
  assert.equal(changed.stats.hit, 0);
  const report = JSON.parse(changed.stdout);
  const ruleId = 'android-cleartext-traffic-enabled';
  const cleartext = report.findings.find((f: { ruleId: string }) => f.ruleId === ruleId);
  assert.equal(cleartext?.severity, 'error');
});

test('cache invalidated by another build', () => {
  const root = makeProject();
  runCli(['--format', 'json', root]);
  const rebuilt = runCli(['--format', 'json', '--verbose', root], 'another-build');
  assert.deepEqual(rebuilt.stats, { hit: 0, analysed: FILE_COUNT, partial: 0 });
});

test('cache key changes with rule metadata', () => {
  const grammar = path.join(REPOSITORY, 'package.json');
  const before = runKey('0.1.0', allRules, grammar);
  const changed = allRules.map((rule, index) =>
    index === 0 ? { ...rule, meta: { ...rule.meta, defaultSeverity: 'info' as const } } : rule,
  );
  assert.notEqual(runKey('0.1.0', changed, grammar), before);
  assert.notEqual(runKey('0.2.0', allRules, grammar), before);
  assert.equal(runKey('0.1.0', allRules, grammar), before);
});

test('cache keys dated results by the day', () => {
  const root = makeProject();
  runCli(['--format', 'json', '--today', '2026-12-01', root]);
  const nextDay = runCli(['--format', 'json', '--verbose', '--today', '2027-01-05', root]);
  // Only the file with a suppression comment depends on the date; its comment has expired.
  assert.equal(nextDay.stats.analysed, 1);
  const report = JSON.parse(nextDay.stdout);
  assert.ok(report.findings.some((f: { ruleId: string }) => f.ruleId === 'invalid-suppression'));
});

test('cache in --cache-dir survives a moved checkout', () => {
  const root = makeProject();
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'phi-guard-cache-dir-'));
  const first = runCli(['--format', 'json', '--cache-dir', cacheDir, root]);
  const moved = `${root}-moved`;
  cpSync(root, moved, { recursive: true });
  const second = runCli(['--format', 'json', '--verbose', '--cache-dir', cacheDir, moved]);
  assert.equal(existsSync(path.join(root, '.phi-guard-cache')), false);
  assert.deepEqual(second.stats, { hit: FILE_COUNT, analysed: 0, partial: 0 });
  assert.equal(second.stdout, first.stdout);
});

test('cache never serves stale results after --fix', () => {
  const root = makeProject();
  runCli(['--format', 'json', root]);
  const fixed = runCli(['--format', 'json', '--fix', root]);
  const fresh = runCli(['--format', 'json', '--no-cache', root]);
  assert.equal(fixed.stdout, fresh.stdout);
  const manifest = path.join(root, 'android/app/src/main/AndroidManifest.xml');
  assert.notEqual(readFileSync(manifest, 'utf8'), MANIFEST, 'the fix edited the manifest');
});

test('a cache folder that cannot be created gives one warning, not a hang', () => {
  const root = makeProject();
  // Node's recursive mkdir loops forever below /proc; the cache must not use it there.
  const result = runCli(['--format', 'json', '--cache-dir', '/proc/phi-guard-cache', root]);
  assert.equal(result.code, 1, result.stderr);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('cannot write'));
  assert.equal(warnings.length, 1, result.stderr);
  assert.ok(JSON.parse(result.stdout).findings.length > 0);
});
