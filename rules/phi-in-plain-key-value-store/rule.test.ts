import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkRuleFixtures, scan } from '../../test/support/harness';
import { scanText } from '../../test/support/platform-harness';
import { ENCRYPT_TITLE } from './fixes';

const ID = 'phi-in-plain-key-value-store';
const fixtures = path.join(__dirname, 'fixtures');

test('phi-in-plain-key-value-store fixtures', async () => {
  await checkRuleFixtures(ID, fixtures);
});

test('value decides when the key is meaningless', async () => {
  const findings = (await scan([path.join(fixtures, 'invalid')])).filter((f) => f.ruleId === ID);
  const remember = findings.find((f) => f.range.start.line === 18);
  assert.ok(remember, 'finding for the token written under key r');
  assert.equal(
    remember.message,
    '`SharedPreferences.setString` stores a secret (token) unencrypted.',
  );
  assert.equal(remember.range.start.character, 10);
  const source = remember.related[0];
  assert.equal(source.range.start.line, 16, 'related information starts at the idToken parameter');
});

test('reads and removals are not findings', async () => {
  const findings = (await scan([path.join(fixtures, 'valid')])).filter((f) => f.ruleId === ID);
  assert.deepEqual(
    findings.map((f) => f.range.start.line + 1),
    [],
  );
});

const PUBSPEC = 'name: intake\n\ndependencies:\n  shared_preferences: ^2.3.2\n';

async function fixTitlesAt(source: string, line: number): Promise<string[]> {
  const findings = await scanText({ 'pubspec.yaml': PUBSPEC, 'lib/cache.dart': source });
  const finding = findings.find((f) => f.ruleId === ID && f.range.start.line === line);
  assert.ok(finding, `finding on line ${line + 1}`);
  return finding.fixes.map((fix) => fix.title);
}

test('no fix when a read cannot await', async () => {
  const source = [
    "import 'package:shared_preferences/shared_preferences.dart';",
    '',
    'Future<void> save(SharedPreferences prefs, String diagnosis) async {',
    "  await prefs.setString('diagnosis', diagnosis);",
    '}',
    '',
    "String? load(SharedPreferences prefs) => prefs.getString('diagnosis');",
    '',
  ].join('\n');
  assert.deepEqual(await fixTitlesAt(source, 3), []);
});

test('no fix for a numeric setter', async () => {
  const source = [
    "import 'package:shared_preferences/shared_preferences.dart';",
    '',
    'Future<void> save(SharedPreferences prefs, int patientAge) async {',
    "  await prefs.setInt('patient_age', patientAge);",
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await fixTitlesAt(source, 3), []);
});

test('used result keeps only the encrypt fix', async () => {
  const source = [
    "import 'package:shared_preferences/shared_preferences.dart';",
    '',
    'Future<bool> save(SharedPreferences prefs, String diagnosis) async {',
    "  final saved = await prefs.setString('diagnosis', diagnosis);",
    '  return saved;',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await fixTitlesAt(source, 3), [ENCRYPT_TITLE]);
});

test('encrypt fix leaves vault calls alone', async () => {
  const fixed = [
    "import 'package:shared_preferences/shared_preferences.dart';",
    "import 'package:intake/security/phi_vault.dart';",
    '',
    'Future<void> save(SharedPreferences prefs, String diagnosis) async {',
    "  await prefs.setString('diagnosis', await PhiVault.encryptString('diagnosis', diagnosis));",
    '}',
    '',
    'Future<String?> load(SharedPreferences prefs) async {',
    "  return await PhiVault.decryptOptionalString('diagnosis', prefs.getString('diagnosis'));",
    '}',
    '',
  ].join('\n');

  const plain = [
    "import 'package:shared_preferences/shared_preferences.dart';",
    '',
    'Future<void> restore(SharedPreferences prefs, String diagnosis) async {',
    "  await prefs.setString('diagnosis', diagnosis);",
    '}',
    '',
  ].join('\n');

  const files = { 'pubspec.yaml': PUBSPEC, 'lib/cache.dart': fixed, 'lib/restore.dart': plain };
  const findings = await scanText(files);
  const finding = findings.find((f) => f.ruleId === ID && f.path.endsWith('restore.dart'));
  assert.ok(finding, 'finding for the plain write');
  assert.deepEqual(
    finding.fixes.map((fix) => fix.title),
    [ENCRYPT_TITLE],
  );

  const edits = finding.fixes[0].changes.flatMap((c) => (c.kind === 'edit' ? c.edits : []));
  const changedPaths = finding.fixes[0].changes.map((c) => c.path.split('/').pop());
  assert.ok(!changedPaths.includes('cache.dart'), 'the encrypted file is not edited');
  const encrypted = "await PhiVault.encryptString('diagnosis', diagnosis)";
  assert.ok(edits.some((e) => e.newText === encrypted), 'the plain write is encrypted');
});

test('a PhiVault record under a PHI-named key is not reported', async () => {
  const write = (value: string) =>
    [
      "import 'package:shared_preferences/shared_preferences.dart';",
      "import 'package:intake/security/phi_vault.dart';",
      '',
      'Future<void> save(SharedPreferences prefs, String v) async {',
      `  await prefs.setString('patient_ssn', ${value});`,
      '}',
      '',
    ].join('\n');
  const lines = async (value: string) => {
    const files = { 'pubspec.yaml': PUBSPEC, 'lib/a.dart': write(value) };
    return (await scanText(files)).filter((f) => f.ruleId === ID).map((f) => f.range.start.line);
  };
  assert.deepEqual(await lines('v'), [4]);
  assert.deepEqual(await lines("await PhiVault.encryptString('patient_ssn', v)"), []);
});
