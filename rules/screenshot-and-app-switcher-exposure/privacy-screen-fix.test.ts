import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  PRIVACY_SCREEN_SOURCE,
  SCREEN_PROTECTOR,
} from '../../server/src/engine/fixes/privacy-screen';
import { assertWellFormed } from '../../test/support/fix-checks';
import { readTree } from '../../test/support/fix-fixtures';
import { scanText } from '../../test/support/platform-harness';
import type { Finding } from '../../server/src/engine/types';
import { PRIVACY_SCREEN_TITLE } from './privacy-screen-fix';

const ID = 'screenshot-and-app-switcher-exposure';
const FIX_FIXTURES = path.join(__dirname, 'fix-fixtures');
const HELPER = 'lib/security/privacy_screen.dart';

const MAIN_ACTIVITY = 'android/app/src/main/kotlin/org/example/clinic/MainActivity.kt';
const BODYLESS_ACTIVITY = 'package org.example.clinic\n\nclass MainActivity : FlutterActivity()\n';
const FLAGGED_ACTIVITY = [
  'package org.example.clinic',
  'import android.os.Bundle',
  'import android.view.WindowManager',
  'class MainActivity : FlutterActivity() {',
  '  override fun onCreate(savedInstanceState: Bundle?) {',
  '    super.onCreate(savedInstanceState)',
  '    window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)',
  '  }',
  '}',
  '',
].join('\n');

const CHART_SCREEN = [
  "import 'package:flutter/material.dart';",
  '',
  'class ChartScreen extends StatelessWidget {',
  '  const ChartScreen({super.key, required this.diagnosis});',
  '  final String diagnosis;',
  '',
  '  @override',
  '  Widget build(BuildContext context) => Text(diagnosis);',
  '}',
  '',
].join('\n');

function exposures(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId === ID);
}

function privacyFix(finding: Finding) {
  return finding.fixes.find((fix) => fix.title === PRIVACY_SCREEN_TITLE);
}

test('privacy fix on arrow bodies adds one dependency', () => {
  const pubspec = readTree(path.join(FIX_FIXTURES, 'arrow-body', 'after'))['pubspec.yaml'];
  assert.equal(pubspec.match(/screen_protector:/g)?.length, 1, 'one dependency line');
});

test('privacy helper parses cleanly', async () => {
  await assertWellFormed({ [HELPER]: PRIVACY_SCREEN_SOURCE });
});

test('privacy helper has no finding', async () => {
  const findings = await scanText({
    'pubspec.yaml': `name: clinic\ndependencies:\n  ${SCREEN_PROTECTOR.name}: ^1.5.1\n`,
    [MAIN_ACTIVITY]: BODYLESS_ACTIVITY,
    [HELPER]: PRIVACY_SCREEN_SOURCE,
  });
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${path.basename(f.path)}`), []);
});

test('privacy fix is unsafe and not preferred', async () => {
  const findings = await scanText({
    'pubspec.yaml': 'name: clinic\n',
    [MAIN_ACTIVITY]: BODYLESS_ACTIVITY,
    'lib/chart_screen.dart': CHART_SCREEN,
  });
  const [finding] = exposures(findings);
  const fix = privacyFix(finding);
  assert.ok(fix, 'the finding offers the privacy-screen fix');
  assert.equal(fix.safe, false);
  assert.equal(fix.isPreferred, undefined);
  assert.equal(finding.fixes[0].isPreferred, true, 'the FLAG_SECURE fix stays preferred');
});

test('no privacy fix when Android is app-wide protected', async () => {
  const findings = await scanText({
    'pubspec.yaml': 'name: clinic\n',
    [MAIN_ACTIVITY]: FLAGGED_ACTIVITY,
    'ios/Runner/AppDelegate.swift': 'class AppDelegate: FlutterAppDelegate {\n}\n',
    'lib/chart_screen.dart': CHART_SCREEN,
  });
  const [finding] = exposures(findings);
  assert.ok(finding, 'iOS is still unprotected');
  assert.equal(privacyFix(finding), undefined);
});

test('no privacy fix without a pubspec', async () => {
  const findings = await scanText({
    [MAIN_ACTIVITY]: BODYLESS_ACTIVITY,
    'lib/chart_screen.dart': CHART_SCREEN,
  });
  const [finding] = exposures(findings);
  assert.ok(finding, 'the screen is still reported');
  assert.equal(privacyFix(finding), undefined);
});

test('privacy fix keeps an existing helper', async () => {
  const edited = '// Edited by the team.\n' + PRIVACY_SCREEN_SOURCE;
  const findings = await scanText({
    'pubspec.yaml': 'name: clinic\ndependencies:\n  screen_protector: ^1.5.1\n',
    [MAIN_ACTIVITY]: BODYLESS_ACTIVITY,
    'lib/chart_screen.dart': CHART_SCREEN,
    [HELPER]: edited,
  });
  const fix = privacyFix(exposures(findings)[0]);
  assert.ok(fix, 'the finding offers the privacy-screen fix');
  assert.deepEqual(
    fix.changes.map((change) => `${change.kind} ${path.basename(change.path)}`),
    ['edit chart_screen.dart'],
  );
});

test('no privacy fix under a prefixed import', async () => {
  const prefixed = CHART_SCREEN.replace(
    "import 'package:flutter/material.dart';",
    "import 'package:flutter/material.dart';\n" +
      "import 'package:clinic/security/privacy_screen.dart' as ps;",
  );
  const findings = await scanText({
    'pubspec.yaml': 'name: clinic\n',
    [MAIN_ACTIVITY]: BODYLESS_ACTIVITY,
    'lib/chart_screen.dart': prefixed,
  });
  const [finding] = exposures(findings);
  assert.ok(finding, 'the screen is still reported');
  assert.equal(privacyFix(finding), undefined);
});

test('wrapped screen counts as protected', async () => {
  const wrapped = CHART_SCREEN.replace(
    '=> Text(diagnosis);',
    '=> PhiPrivacyScreen(child: Text(diagnosis));',
  );
  const findings = await scanText({
    'pubspec.yaml': 'name: clinic\n',
    [MAIN_ACTIVITY]: BODYLESS_ACTIVITY,
    'ios/Runner/AppDelegate.swift': 'class AppDelegate: FlutterAppDelegate {\n}\n',
    'lib/chart_screen.dart': wrapped,
  });
  assert.deepEqual(exposures(findings), []);
});

test('helper off call clears native flag', async () => {
  const findings = await scanText({
    'pubspec.yaml': 'name: clinic\ndependencies:\n  screen_protector: ^1.5.1\n',
    [MAIN_ACTIVITY]: FLAGGED_ACTIVITY,
    [HELPER]: PRIVACY_SCREEN_SOURCE,
  });
  const [finding] = exposures(findings);
  assert.ok(finding, 'the helper turning FLAG_SECURE off is reported');
  assert.equal(path.basename(finding.path), 'privacy_screen.dart');
  assert.match(finding.message, /^ScreenProtector\.preventScreenshotOff clears the app-wide/);
});

test('privacy fix needs screen_protector 1.3.0', async () => {
  for (const [version, offered] of [['1.2.0', false], ['1.4.3', true], ['2.0.0', true]] as const) {
    const findings = await scanText({
      'pubspec.yaml': 'name: clinic\ndependencies:\n  screen_protector: any\n',
      'pubspec.lock': `packages:\n  screen_protector:\n    version: "${version}"\n`,
      [MAIN_ACTIVITY]: BODYLESS_ACTIVITY,
      'lib/chart_screen.dart': CHART_SCREEN,
    });
    const [finding] = exposures(findings);
    assert.ok(finding, `the screen is reported with ${version} locked`);
    assert.equal(privacyFix(finding) !== undefined, offered, `fix offered with ${version}`);
  }
});

test('screen_protector pin skips crashing releases', () => {
  // The package's pub.dev page reports crashes in 1.4.4 to 1.4.13.
  const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(SCREEN_PROTECTOR.constraint);
  assert.ok(match, 'the constraint is a caret constraint');
  const [major, minor, patch] = match.slice(1).map(Number);
  const minimum = major * 1e6 + minor * 1e3 + patch;
  assert.ok(minimum >= 1_005_001, `${SCREEN_PROTECTOR.constraint} allows a crashing release`);
});

test('README shows the privacy helper verbatim', () => {
  const readme = readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  const block = '```dart\n' + PRIVACY_SCREEN_SOURCE + '```';
  assert.ok(readme.includes(block), 'README is out of date');
});
