import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/platform/text-edits';
import { SourceText } from '../../server/src/engine/text';
import type { Finding, Fix } from '../../server/src/engine/types';
import { checkRuleFixtures, scan } from '../../test/support/harness';

const ID = 'screenshot-and-app-switcher-exposure';
const FIXTURES = path.join(__dirname, 'fixtures');

async function findingsIn(dir: string): Promise<Finding[]> {
  return (await scan([dir])).filter((f) => f.ruleId === ID);
}

function applyFix(fix: Fix, original: string): string {
  const change = fix.changes[0];
  assert.ok(change.kind === 'edit');
  return applyEdits(new SourceText(original), change.edits);
}

/** Writes a small project to a temporary folder and returns its path. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-screenshot-'));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  return root;
}

const PHI_SCREEN = [
  "import 'package:flutter/material.dart';",
  'class ChartScreen extends StatelessWidget {',
  '  const ChartScreen({super.key, required this.mrn});',
  '  final String mrn;',
  '  @override',
  "  Widget build(BuildContext context) => Text('MRN $mrn');",
  '}',
  '',
].join('\n');

test('screenshot-and-app-switcher-exposure fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

test('exposed screen range and message', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'commented-native-call'));
  assert.equal(finding.message, 'MedicationListScreen shows PHI without FLAG_SECURE on Android.');
  assert.deepEqual(finding.range, {
    start: { line: 3, character: 6 },
    end: { line: 3, character: 26 },
  });
});

test('commented-out native call is related', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'commented-native-call'));
  const comment = finding.related.find((r) => r.path.endsWith('MainActivity.kt'));
  assert.ok(comment, 'related information points at MainActivity.kt');
  assert.equal(comment.range.start.line, 10);
  const perRoute = finding.related
    .filter((r) => r.message.includes('lasts only while'))
    .map((r) => path.basename(r.path))
    .sort();
  const expected = ['change_pin_screen.dart', 'diagnosis_screen.dart', 'mrn_screen.dart'];
  assert.deepEqual(perRoute, expected);
});

test('flag fix inserts setFlags after super.onCreate', async () => {
  const dir = path.join(FIXTURES, 'commented-native-call');
  const [finding] = await findingsIn(dir);
  const fix = finding.fixes.find((f) => f.title === 'Set FLAG_SECURE in MainActivity.onCreate');
  assert.ok(fix);
  assert.equal(fix.safe, false);
  const activity = fix.changes[0].path;
  const fixed = applyFix(fix, readFileSync(activity, 'utf8'));
  assert.match(
    fixed,
    /super\.onCreate\(savedInstanceState\)\n {8}window\.setFlags\(WindowManager\.LayoutParams\./,
  );
  assert.equal(fixed.match(/import android\.view\.WindowManager/g)?.length, 1);
});

test('flag fix adds onCreate to a bodyless activity', async () => {
  const activity =
    'package org.example.app\n\n' +
    'import io.flutter.embedding.android.FlutterActivity\n\n' +
    'class MainActivity : FlutterActivity()\n';
  const root = project({
    'pubspec.yaml': 'name: app\n',
    'lib/chart.dart': PHI_SCREEN,
    'android/app/src/main/kotlin/org/example/app/MainActivity.kt': activity,
  });
  const [finding] = await findingsIn(root);
  const fixed = applyFix(finding.fixes[0], activity);
  assert.match(fixed, /class MainActivity : FlutterActivity\(\) \{\n {4}override fun onCreate/);
  assert.match(fixed, /import android\.os\.Bundle/);
  assert.match(fixed, /import android\.view\.WindowManager/);
  assert.match(fixed, /\n {4}\}\n\}\n$/);
});

test('overlay fix adds resign-active handlers', async () => {
  const dir = path.join(FIXTURES, 'ios-without-overlay');
  const [finding] = await findingsIn(dir);
  const fix = finding.fixes.find((f) => f.title.startsWith('Add an app-switcher'));
  assert.ok(fix);
  const fixed = applyFix(fix, readFileSync(fix.changes[0].path, 'utf8'));
  assert.match(fixed, /override func applicationWillResignActive/);
  assert.match(fixed, /privacyOverlay = nil\n {2}\}\n\}\n$/);
});

test('overlay fix makes the screen protected', async () => {
  const dir = path.join(FIXTURES, 'ios-without-overlay');
  const [finding] = await findingsIn(dir);
  const fix = finding.fixes[0];
  const delegate = applyFix(fix, readFileSync(fix.changes[0].path, 'utf8'));
  const root = project({
    'pubspec.yaml': 'name: app\n',
    'lib/chart.dart': PHI_SCREEN,
    'ios/Runner/AppDelegate.swift': delegate,
  });
  assert.deepEqual(await findingsIn(root), []);
});

test('clear fix removes the clearFlags line', async () => {
  const dir = path.join(FIXTURES, 'app-wide-native-flag');
  const [finding] = await findingsIn(dir);
  assert.equal(
    finding.message,
    "FlutterWindowManagerPlus.clearFlags clears the app-wide FLAG_SECURE, not just this route's.",
  );
  assert.ok(finding.related[0].path.endsWith('MainActivity.kt'));
  const fix = finding.fixes[0];
  assert.equal(fix.safe, true);
  const fixed = applyFix(fix, readFileSync(finding.path, 'utf8'));
  assert.ok(!fixed.includes('clearFlags'));
  assert.match(fixed, /void dispose\(\) \{\n {4}\/\/ expect: [^\n]+\n {4}super\.dispose\(\);/);
});

test('clearFlags without app-wide flag is fine', async () => {
  const findings = await findingsIn(path.join(FIXTURES, 'commented-native-call'));
  assert.ok(findings.every((f) => !f.path.endsWith('change_pin_screen.dart')));
});

test('import of WindowManager alone protects nothing', async () => {
  const root = project({
    'pubspec.yaml': 'name: app\n',
    'lib/chart.dart': PHI_SCREEN,
    'android/app/src/main/kotlin/org/example/app/MainActivity.kt':
      'package org.example.app\nimport android.view.WindowManager\n' +
      'import android.view.WindowManager.LayoutParams.FLAG_SECURE\n' +
      'class MainActivity : FlutterActivity()\n',
  });
  assert.equal((await findingsIn(root)).length, 1);
});
