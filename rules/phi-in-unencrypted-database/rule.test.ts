import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { VAULT_SOURCE } from '../../server/src/engine/fixes/vault';
import { assertWellFormed } from '../../test/support/fix-checks';
import { checkRuleFixtures, scan } from '../../test/support/harness';
import { applyChanges, scanText } from '../../test/support/platform-harness';

const ID = 'phi-in-unencrypted-database';
const fixtures = path.join(__dirname, 'fixtures');

test('phi-in-unencrypted-database fixtures', async () => {
  await checkRuleFixtures(ID, fixtures);
});

const stores = path.join(fixtures, 'invalid', 'lib', 'stores.dart');

test('schema column names the data', async () => {
  const findings = (await scan([stores])).filter((f) => f.ruleId === ID);
  const symptoms = findings.find((f) => f.range.start.line === 12);
  assert.ok(symptoms, 'finding for the symptom log');
  assert.equal(symptoms.message, '`openDatabase` opens an unencrypted store of PHI (symptom).');
  assert.equal(
    symptoms.related[0].range.start.line,
    13,
    'related information points at the schema',
  );
});

test('empty SQLCipher password is reported at the argument', async () => {
  const findings = (await scan([stores])).filter((f) => f.ruleId === ID);
  const empty = findings.find((f) => f.message.startsWith('SQLCipher'));
  assert.ok(empty, 'finding for password: empty string');
  assert.deepEqual(empty.range.start, { line: 30, character: 30 });
  assert.deepEqual(empty.range.end, { line: 30, character: 42 });
});

const PUBSPEC = [
  'name: clinic',
  '',
  'dependencies:',
  '    flutter:',
  '        sdk: flutter',
  '    # Local storage for offline lab results.',
  "    hive: '^2.2.3'",
  '',
].join('\n');

const LAB_STORE = [
  "import 'package:hive/hive.dart';",
  '',
  'Future<void> openLabResults() async {',
  "  final box = await Hive.openBox('lab_results');",
  '}',
  '',
].join('\n');

test('Hive fix adds a cipher, the vault helper and dependencies', async () => {
  const files = { 'pubspec.yaml': PUBSPEC, 'lib/labs.dart': LAB_STORE };
  const scanned = await scanText(files);
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the lab_results box');
  const fix = finding.fixes[0];
  assert.equal(fix.title, 'Add encryptionCipher: HiveAesCipher with a key from PhiVault');
  assert.equal(fix.safe, false);
  const fixed = applyChanges(scanned.root!, files, fix.changes);
  assert.equal(
    fixed['pubspec.yaml'],
    [
      'name: clinic',
      '',
      'dependencies:',
      '    cryptography: ^2.7.0',
      '    flutter_secure_storage: ^9.2.2',
      '    flutter:',
      '        sdk: flutter',
      '    # Local storage for offline lab results.',
      "    hive: '^2.2.3'",
      '',
    ].join('\n'),
  );
  assert.equal(
    fixed['lib/labs.dart'],
    [
      "import 'package:clinic/security/phi_vault.dart';",
      "import 'package:hive/hive.dart';",
      '',
      'Future<void> openLabResults() async {',
      "  final box = await Hive.openBox('lab_results', " +
        'encryptionCipher: HiveAesCipher(await PhiVault.hiveKey()));',
      '}',
      '',
    ].join('\n'),
  );
  assert.equal(fixed['lib/security/phi_vault.dart'], VAULT_SOURCE);
  await assertWellFormed(fixed);
  const after = (await scanText(fixed)).filter((f) => f.ruleId === ID);
  assert.deepEqual(after.map((f) => f.message), []);
});

test('Hive fix is not offered outside an async function', async () => {
  const text = [
    "import 'package:hive/hive.dart';",
    "void openLabResults() => Hive.openBox('lab_results');",
    '',
  ].join('\n');
  const scanned = await scanText({ 'pubspec.yaml': PUBSPEC, 'lib/labs.dart': text });
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the lab_results box');
  assert.deepEqual(finding.fixes, []);
});

test('no SQLCipher fix where await cannot be made legal', async () => {
  const source = [
    "import 'package:sqflite/sqflite.dart';",
    '',
    'void warmUp(String path) {',
    '  openDatabase(path, version: 1, onCreate: (db, v) =>',
    "      db.execute('CREATE TABLE chart(id INTEGER, diagnosis TEXT)'));",
    '}',
    '',
  ].join('\n');
  const pubspec = 'name: ward\n\ndependencies:\n  sqflite: ^2.3.3\n';
  const findings = await scanText({ 'pubspec.yaml': pubspec, 'lib/db.dart': source });
  const finding = findings.find((f) => f.ruleId === ID && f.range.start.line === 3);
  assert.ok(finding, 'finding for the chart database');
  assert.deepEqual(
    finding.fixes.map((fix) => fix.title),
    [],
  );
});
