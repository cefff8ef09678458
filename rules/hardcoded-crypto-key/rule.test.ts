import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';
import { dartFindings } from '../../test/support/platform-harness';

const ID = 'hardcoded-crypto-key';

async function findingsIn(text: string) {
  return (await dartFindings(ID, text)).findings;
}

test('hardcoded-crypto-key fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('fromEnvironment password is reported at its declaration', async () => {
  const text = [
    "import 'package:sqflite_sqlcipher/sqflite.dart' as cipher;",
    "const _dbPassphrase = String.fromEnvironment('DB_PASSPHRASE');",
    'Future<cipher.Database> openTriage(String path) =>',
    '    cipher.openDatabase(path, password: _dbPassphrase, version: 1);',
    '',
  ].join('\n');
  const findings = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'warning');
  assert.deepEqual(findings[0].range, {
    start: { line: 1, character: 22 },
    end: { line: 1, character: 61 },
  });
  const use = findings[0].related.find((r) => r.range.start.line === 3);
  assert.ok(use, 'related information points at the openDatabase argument');
  assert.equal(use.range.start.character, 40);
  assert.match(findings[0].related.map((r) => r.message).join(' '), /--dart-define/);
});

test("'null' as a SQLCipher password is a hard-coded key", async () => {
  const text = [
    "import 'package:sqflite_sqlcipher/sqflite.dart';",
    "Future<Database> open(String path) => openDatabase(path, password: 'null');",
    '',
  ].join('\n');
  const findings = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'error');
  assert.equal(findings[0].message, 'openDatabase gets a hard-coded password.');
});

test('plain sqflite openDatabase is not a key', async () => {
  const text = [
    "import 'package:sqflite/sqflite.dart';",
    "Future<Database> open(String path) => openDatabase(path, password: 'x');",
    '',
  ].join('\n');
  assert.deepEqual(await findingsIn(text), []);
});

test('certificate PEM and random keys are not reported', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart';",
    "const pem = '''-----BEGIN CERTIFICATE-----",
    'MIIBfake',
    "-----END CERTIFICATE-----''';",
    'final a = Key.fromSecureRandom(32);',
    'final b = Key.fromLength(32);',
    'Key fromUser(String passphrase) => Key.fromUtf8(passphrase);',
    '',
  ].join('\n');
  assert.deepEqual(await findingsIn(text), []);
});

test('show list limits which Key is meant', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart' show IV;",
    "import 'package:vault/vault.dart';",
    "final k = Key.fromUtf8('0123456789abcdef0123456789abcdef');",
    '',
  ].join('\n');
  assert.deepEqual(await findingsIn(text), []);
});

test('shared constant is reported once', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart' as enc;",
    "const _secret = '0123456789abcdef0123456789abcdef';",
    'final a = enc.Key.fromUtf8(_secret);',
    'final b = enc.Key.fromUtf8(_secret);',
    '',
  ].join('\n');
  const findings = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].range.start.line, 1);
  assert.equal(findings[0].message, 'enc.Key.fromUtf8 gets a hard-coded key.');
});

test('local declaration hides the package Key', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart';",
    'class Key {',
    '  Key.fromUtf8(String label);',
    '}',
    "final k = Key.fromUtf8('settings-panel');",
    '',
  ].join('\n');
  assert.deepEqual(await findingsIn(text), []);
});
