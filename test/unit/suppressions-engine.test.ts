import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules';
import { ConfigLoader, discoverFiles, Engine, normalizePath } from '../../server/src/engine';
import type { FileResult } from '../../server/src/engine';

const TODAY = new Date('2026-12-01T00:00:00Z');
const INVALID = 'invalid-suppression';

/** Writes a project, analyses every file with its phi_guard.yaml and returns results by path. */
async function analyze(files: Record<string, string>): Promise<Map<string, FileResult>> {
  const root = normalizePath(mkdtempSync(path.join(tmpdir(), 'phi-guard-suppress-')));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  const loader = new ConfigLoader({ rules: allRules.map((rule) => rule.meta) });
  const engine = await Engine.create({
    rules: allRules,
    today: TODAY,
    configFor: (p) => loader.configFor(p),
  });
  const discovery = discoverFiles([root]);
  engine.workspace.setScanRoots([root]);
  for (const file of discovery.files) engine.workspace.addPath(file);
  const results = new Map<string, FileResult>();
  for (const file of discovery.files) {
    results.set(path.relative(root, file).split(path.sep).join('/'), engine.analyzeFile(file));
  }
  return results;
}

function resultOf(results: Map<string, FileResult>, relative: string): FileResult {
  const result = results.get(relative);
  assert.ok(result, `${relative} was analysed`);
  return result;
}

const PUBSPEC = 'name: clinic\n';
const MANIFEST = (comment: string) =>
  [
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
    `  <!-- ${comment} -->`,
    '  <application android:allowBackup="false" android:usesCleartextTraffic="true"/>',
    '</manifest>',
    '',
  ].join('\n');
const CLEARTEXT = 'android-cleartext-traffic-enabled';
const MANIFEST_PATH = 'android/app/src/main/AndroidManifest.xml';

test('suppressions hide findings in each file kind', async () => {
  const results = await analyze({
    'pubspec.yaml': PUBSPEC,
    [MANIFEST_PATH]: MANIFEST(`phi-guard-ignore ${CLEARTEXT}: kiosk build`),
    'ios/Runner/Info.plist': [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<plist version="1.0">',
      '<dict>',
      '  <key>NSAppTransportSecurity</key>',
      '  <dict>',
      '    <!-- phi-guard-ignore ios-ats-insecure-exception: lab network only -->',
      '    <key>NSAllowsArbitraryLoads</key>',
      '    <true/>',
      '  </dict>',
      '</dict>',
      '</plist>',
      '',
    ].join('\n'),
    'android/app/build.gradle': [
      'android {',
      '  buildTypes {',
      '    release {',
      '      debuggable true // phi-guard-ignore release-debuggable: internal QA track',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
    'lib/api.dart': [
      "import 'package:http/http.dart' as http;",
      '',
      'Future<void> load() async {',
      '  // phi-guard-ignore cleartext-http-endpoint: vendor sandbox holds no PHI',
      "  await http.get(Uri.parse('http://records.clinic-portal.com/v1'));",
      '}',
      '',
    ].join('\n'),
  });
  const cases: Array<[string, string]> = [
    [MANIFEST_PATH, CLEARTEXT],
    ['ios/Runner/Info.plist', 'ios-ats-insecure-exception'],
    ['android/app/build.gradle', 'release-debuggable'],
    ['lib/api.dart', 'cleartext-http-endpoint'],
  ];
  for (const [file, ruleId] of cases) {
    const result = resultOf(results, file);
    const finding = result.findings.find((f) => f.ruleId === ruleId);
    assert.ok(finding, `${file}: ${ruleId} is reported`);
    assert.ok(finding.suppression, `${file}: ${ruleId} is suppressed`);
    assert.deepEqual(result.suppressions?.map((s) => s.status), ['active'], file);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === INVALID), [], file);
  }
});

test('invalid suppressions in yaml and kotlin', async () => {
  const results = await analyze({
    'pubspec.yaml': 'name: clinic\ndependencies:\n  http: ^1.2.0 # phi-guard-ignore cleartext-http\n',
    'android/app/src/main/kotlin/MainActivity.kt': [
      'package com.example.clinic',
      '',
      '// phi-guard-ignore screenshot-and-app-switcher-exposure: kiosk device',
      'class MainActivity : FlutterActivity()',
      '/* phi-guard-ignore release-debug: kiosk */',
      '',
    ].join('\n'),
  });
  const pubspec = resultOf(results, 'pubspec.yaml');
  const pubspecProblems = pubspec.findings.filter((f) => f.ruleId === INVALID);
  assert.deepEqual(
    pubspecProblems.map((f) => [f.range.start.line, f.message]),
    [
      [2, 'Suppression of cleartext-http gives no reason after a colon, so it does not apply.'],
      [2, 'Suppression names unknown rule cleartext-http; did you mean cleartext-http-endpoint?'],
    ],
  );
  const kotlin = resultOf(results, 'android/app/src/main/kotlin/MainActivity.kt');
  assert.deepEqual(kotlin.suppressions?.map((s) => s.status), ['active', 'invalid']);
  const kotlinProblems = kotlin.findings.filter((f) => f.ruleId === INVALID);
  assert.equal(kotlinProblems.length, 1);
  assert.equal(kotlinProblems[0].range.start.line, 4);
  assert.equal(kotlinProblems[0].severity, 'warning');
});

test('expired suppression shows the finding', async () => {
  const comment = `phi-guard-ignore ${CLEARTEXT}: kiosk build [expires 2026-11-30]`;
  const results = await analyze({ 'pubspec.yaml': PUBSPEC, [MANIFEST_PATH]: MANIFEST(comment) });
  const result = resultOf(results, MANIFEST_PATH);
  const finding = result.findings.find((f) => f.ruleId === CLEARTEXT);
  assert.ok(finding, 'the cleartext finding is reported');
  assert.equal(finding.suppression, undefined);
  assert.equal(result.suppressions?.[0].status, 'expired');
  const problem = result.findings.find((f) => f.ruleId === INVALID);
  assert.ok(problem, 'the expired comment is reported');
  assert.equal(problem.range.start.line, 1);
});

test('non-suppressible rule from config', async () => {
  const results = await analyze({
    'pubspec.yaml': PUBSPEC,
    'phi_guard.yaml': `suppressions:\n  non_suppressible: [${CLEARTEXT}]\n`,
    [MANIFEST_PATH]: MANIFEST(`phi-guard-ignore ${CLEARTEXT}: kiosk build`),
  });
  const result = resultOf(results, MANIFEST_PATH);
  assert.equal(result.findings.find((f) => f.ruleId === CLEARTEXT)?.suppression, undefined);
  const problem = result.findings.find((f) => f.ruleId === INVALID);
  assert.equal(
    problem?.message,
    `Rule ${CLEARTEXT} is non-suppressible under phi_guard.yaml, so the finding stays.`,
  );
  assert.equal(result.suppressions?.[0].status, 'invalid');
});

test('invalid-suppression cannot hide itself', async () => {
  const results = await analyze({
    'pubspec.yaml': PUBSPEC,
    [MANIFEST_PATH]: [
      `<!-- phi-guard-ignore-file ${INVALID}: too noisy -->`,
      MANIFEST(`phi-guard-ignore ${CLEARTEXT}`),
    ].join('\n'),
  });
  const problems = resultOf(results, MANIFEST_PATH).findings.filter((f) => f.ruleId === INVALID);
  assert.equal(problems.length, 2);
  assert.ok(problems.every((f) => f.suppression === undefined));
});

test('invalid-suppression off in config', async () => {
  const results = await analyze({
    'pubspec.yaml': PUBSPEC,
    'phi_guard.yaml': `rules:\n  ${INVALID}: off\n`,
    [MANIFEST_PATH]: MANIFEST(`phi-guard-ignore ${CLEARTEXT}`),
  });
  const result = resultOf(results, MANIFEST_PATH);
  assert.deepEqual(result.findings.filter((f) => f.ruleId === INVALID), []);
  assert.equal(result.suppressions?.[0].status, 'invalid', 'the status is still listed');
});

test('invalid suppressions hide nothing', async () => {
  const comments = [
    `phi-guard-ignore ${CLEARTEXT}: temporary [expires never]`,
    `phi-guard-ignore ${CLEARTEXT}: temporary [expires 2027-02-30]`,
    `phi-guard-ignore ${CLEARTEXT}, no-such-rule: kiosk build`,
  ];
  for (const comment of comments) {
    const results = await analyze({ 'pubspec.yaml': PUBSPEC, [MANIFEST_PATH]: MANIFEST(comment) });
    const findings = resultOf(results, MANIFEST_PATH).findings;
    const cleartext = findings.find((f) => f.ruleId === CLEARTEXT);
    assert.ok(cleartext, `${comment}: the finding is reported`);
    assert.equal(cleartext.suppression, undefined, `${comment}: the finding is not suppressed`);
    assert.ok(findings.some((f) => f.ruleId === INVALID), `${comment}: the comment is reported`);
  }
});
