import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { applySafeFixes } from '../../server/src/cli/fix';
import { discoverFiles } from '../../server/src/engine';
import { applyChangesToTexts, mergeFixes, safeFixesOf } from '../../server/src/engine/fixes/apply';
import type { Finding } from '../../server/src/engine/types';
import { assertWellFormed } from '../support/fix-checks';
import { readTree } from '../support/fix-fixtures';
import { createEngine } from '../support/harness';
import { makeProject as makeTempProject } from '../support/projects';

const MAIN = path.resolve(__dirname, '../../server/src/cli/main.ts');
const EXAMPLE = path.resolve(__dirname, '../../examples/clinic_app');

function runCli(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const makeProject = (files: Record<string, string>) => makeTempProject(files, 'fix');

const MANIFEST = [
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
  '  <application android:allowBackup="false" android:usesCleartextTraffic="true"/>',
  '</manifest>',
  '',
].join('\n');

const CBC = [
  "import 'package:encrypt/encrypt.dart' as enc;",
  'final _key = enc.Key.fromSecureRandom(32);',
  'final e = enc.Encrypter(enc.AES(_key, mode: enc.AESMode.cbc));',
  '',
].join('\n');

const MANIFEST_PATH = 'android/app/src/main/AndroidManifest.xml';

test('--fix applies safe fixes and reports them', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: app\n', [MANIFEST_PATH]: MANIFEST });
  const result = runCli(['--fix', '--format', 'json', '--no-color', root]);
  const line =
    'phi-guard: fixed android/app/src/main/AndroidManifest.xml: ' +
    'android-cleartext-traffic-enabled: Set android:usesCleartextTraffic to "false"';
  assert.ok(result.stderr.split('\n').includes(line), result.stderr);
  const manifest = readFileSync(path.join(root, MANIFEST_PATH), 'utf8');
  assert.match(manifest, /android:usesCleartextTraffic="false"/);
  const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string }> };
  const ids = report.findings.map((f) => f.ruleId);
  assert.ok(!ids.includes('android-cleartext-traffic-enabled'), ids.join(', '));
});

test('--fix leaves unsafe fixes alone and reports the finding', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: app\n', 'lib/a.dart': CBC });
  const result = runCli(['--fix', '--format', 'sarif', root]);
  assert.equal(readFileSync(path.join(root, 'lib/a.dart'), 'utf8'), CBC);
  type Sarif = { runs: Array<{ results: Array<{ ruleId: string }> }> };
  const sarif = JSON.parse(result.stdout) as Sarif;
  const ids = sarif.runs[0].results.map((r) => r.ruleId);
  assert.ok(ids.includes('non-aead-encryption'));
  assert.doesNotMatch(result.stderr, /fixed/);
});

test('--fix is rejected with report', () => {
  const result = runCli(['report', '--fix', '.']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--fix cannot be used with report/);
});

test('safe fix outside the scanned roots is not applied', () => {
  const root = makeProject({ 'pubspec.yaml': 'name: app\n', 'lib/a.dart': 'void main() {}\n' });
  const outside = path.join(path.dirname(root), 'phi-guard-outside.txt');
  const finding: Finding = {
    ruleId: 'test-rule',
    severity: 'warning',
    message: 'Test finding.',
    path: path.join(root, 'lib/a.dart'),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
    related: [],
    fixes: [
      {
        title: 'Create a file outside',
        safe: true,
        changes: [{ kind: 'create', path: outside, content: 'x' }],
      },
    ],
  };
  const round = applySafeFixes([finding], [path.join(root, 'lib')]);
  assert.deepEqual(round.applied, []);
  assert.deepEqual(round.written, []);
  assert.equal(round.outsideRoots.length, 1);
  assert.throws(() => readFileSync(outside), /ENOENT/);
});

/**
 * Applies safe fixes with the engine functions the language server's fix-all calls
 * (`safeFixesOf`, `mergeFixes`, then the edit), over all files of the project at once and until
 * no fix applies, at most three rounds as `--fix` does.
 */
async function fixAllWithEngine(root: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const engine = await createEngine();
    const files = discoverFiles([root]).files;
    engine.workspace.setScanRoots([root]);
    for (const file of files) engine.workspace.addPath(file);
    const findings = files.flatMap((file) => engine.analyzeFile(file).findings);
    const { changes, taken } = mergeFixes(safeFixesOf(findings));
    if (taken.length === 0) return;
    const read = (p: string) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    };
    for (const [filePath, text] of applyChangesToTexts(changes, read)) {
      mkdirSync(path.dirname(filePath), { recursive: true });
      writeFileSync(filePath, text);
    }
  }
}

test('--fix on the example app removes every safely fixable finding', async () => {
  const viaCli = mkdtempSync(path.join(tmpdir(), 'phi-guard-example-cli-'));
  const viaEngine = mkdtempSync(path.join(tmpdir(), 'phi-guard-example-engine-'));
  cpSync(EXAMPLE, viaCli, { recursive: true });
  cpSync(EXAMPLE, viaEngine, { recursive: true });
  const before = readTree(viaCli);
  const result = runCli(['--fix', '--format', 'json', viaCli]);
  const report = JSON.parse(result.stdout) as {
    findings: Array<{ ruleId: string; fixes?: Array<{ safe: boolean }> }>;
  };
  const after = readTree(viaCli);
  assert.notDeepEqual(after, before, 'the example app has safe fixes to apply');
  const changed = Object.fromEntries(
    Object.entries(after).filter(([name, text]) => before[name] !== text),
  );
  await assertWellFormed(changed);

  const engine = await createEngine();
  const files = discoverFiles([viaCli]).files;
  engine.workspace.setScanRoots([viaCli]);
  for (const file of files) engine.workspace.addPath(file);
  const remaining = files.flatMap((file) => engine.analyzeFile(file).findings);
  const fixable = remaining.filter((f) => !f.suppression && f.fixes.some((fix) => fix.safe));
  assert.deepEqual(
    fixable.map((f) => `${f.ruleId} ${path.relative(viaCli, f.path)}:${f.range.start.line + 1}`),
    [],
  );
  assert.ok(report.findings.length > 0, 'unsafe and unfixable findings stay in the report');

  await fixAllWithEngine(viaEngine);
  assert.deepEqual(readTree(viaEngine), after);
});
