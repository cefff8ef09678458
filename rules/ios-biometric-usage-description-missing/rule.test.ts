import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/platform/text-edits';
import { SourceText } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { checkRuleFixtures, scan } from '../../test/support/harness';

const ID = 'ios-biometric-usage-description-missing';
const FIXTURES = path.join(__dirname, 'fixtures');

async function findingsIn(dir: string): Promise<Finding[]> {
  return (await scan([dir])).filter((f) => f.ruleId === ID);
}

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-faceid-'));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  return root;
}

const PLIST_WITHOUT_KEY =
  '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n' +
  '\t<key>CFBundleName</key>\n\t<string>App</string>\n</dict>\n</plist>\n';
const UNLOCK =
  "import 'package:local_auth/local_auth.dart';\n" +
  "Future<bool> unlock() => LocalAuthentication().authenticate(localizedReason: 'Open');\n";

test('ios-biometric-usage-description-missing fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

test('missing key is reported on the dict tag', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'key-commented-out'));
  assert.equal(
    finding.message,
    'Info.plist has no NSFaceIDUsageDescription, but the app calls local_auth.',
  );
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, {
    start: { line: 4, character: 0 },
    end: { line: 4, character: 6 },
  });
});

test('related information points at the call', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'key-commented-out'));
  assert.equal(finding.related.length, 1);
  assert.ok(finding.related[0].path.endsWith('lib/unlock.dart'));
  assert.equal(finding.related[0].range.start.line, 5);
});

test('fix inserts the key after the dict tag', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'key-commented-out'));
  const fix = finding.fixes[0];
  assert.equal(fix.title, 'Add NSFaceIDUsageDescription to Info.plist');
  assert.equal(fix.safe, false);
  const change = fix.changes[0];
  assert.ok(change.kind === 'edit');
  const fixed = applyEdits(new SourceText(readFileSync(change.path, 'utf8')), change.edits);
  assert.match(fixed, /<dict>\n\t<key>NSFaceIDUsageDescription<\/key>\n\t<string>[^<]+</);
  assert.match(fixed, /<\/string>\n\t<key>CFBundleDisplayName</);
});

test('fixed plist has no finding', async () => {
  const [finding] = await findingsIn(path.join(FIXTURES, 'key-commented-out'));
  const change = finding.fixes[0].changes[0];
  assert.ok(change.kind === 'edit');
  const fixed = applyEdits(new SourceText(readFileSync(change.path, 'utf8')), change.edits);
  const root = workspace({
    'pubspec.yaml': 'name: app\ndependencies:\n  local_auth: ^2.3.0\n',
    'lib/unlock.dart': UNLOCK,
    'ios/Runner/Info.plist': fixed,
  });
  assert.deepEqual(await findingsIn(root), []);
});

test('evidence stays inside each app', async () => {
  const root = workspace({
    'patient_app/pubspec.yaml': 'name: patient_app\ndependencies:\n  local_auth: ^2.3.0\n',
    'patient_app/lib/unlock.dart': UNLOCK,
    'patient_app/ios/Runner/Info.plist': PLIST_WITHOUT_KEY,
    'staff_app/pubspec.yaml': 'name: staff_app\ndependencies:\n  http: ^1.2.0\n',
    'staff_app/ios/Runner/Info.plist': PLIST_WITHOUT_KEY,
  });
  const findings = await findingsIn(root);
  assert.equal(findings.length, 1);
  assert.ok(findings[0].path.endsWith('patient_app/ios/Runner/Info.plist'));
});

test('unreadable plist is skipped', async () => {
  const root = workspace({
    'pubspec.yaml': 'name: app\ndependencies:\n  local_auth: ^2.3.0\n',
    'lib/unlock.dart': UNLOCK,
    'ios/Runner/Info.plist': 'not a property list <<<',
  });
  assert.deepEqual(await findingsIn(root), []);
});

test('other plists are not checked', async () => {
  const root = workspace({
    'pubspec.yaml': 'name: app\ndependencies:\n  local_auth: ^2.3.0\n',
    'lib/unlock.dart': UNLOCK,
    'ios/RunnerTests/Info.plist': PLIST_WITHOUT_KEY,
  });
  assert.deepEqual(await findingsIn(root), []);
});
