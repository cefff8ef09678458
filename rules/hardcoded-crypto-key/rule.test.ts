import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';
import { dartFindings, scanText } from '../../test/support/platform-harness';
import { VAULT_KEY_TITLE } from './fixes';

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

async function vaultFixAt(source: string, line: number) {
  const pubspec = 'name: notes\n\ndependencies:\n  encrypt: ^5.0.3\n';
  const findings = await scanText({ 'pubspec.yaml': pubspec, 'lib/keys.dart': source });
  const finding = findings.find((f) => f.ruleId === ID && f.range.start.line === line);
  assert.ok(finding, `finding on line ${line + 1}`);
  return finding.fixes.find((fix) => fix.title === VAULT_KEY_TITLE);
}

test('no vault fix when a use cannot await', async () => {
  const source = [
    "import 'package:encrypt/encrypt.dart';",
    '',
    "final _key = Key.fromUtf8('clinic-notes-key-32-bytes-long!!');",
    '',
    'Future<Encrypter> asyncCipher() async => Encrypter(AES(_key));',
    '',
    'Encrypter syncCipher() => Encrypter(AES(_key));',
    '',
  ].join('\n');
  assert.equal(await vaultFixAt(source, 2), undefined);
});

test('no vault fix for a public top-level key', async () => {
  const source = [
    "import 'package:encrypt/encrypt.dart';",
    '',
    "final notesKey = Key.fromUtf8('clinic-notes-key-32-bytes-long!!');",
    '',
  ].join('\n');
  assert.equal(await vaultFixAt(source, 2), undefined);
});

test('vault fix keeps a 16-byte key length', async () => {
  const source = [
    "import 'dart:typed_data';",
    "import 'package:encrypt/encrypt.dart';",
    '',
    'Future<Encrypter> cipher() async {',
    '  final bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];',
    '  return Encrypter(AES(Key(Uint8List.fromList(bytes))));',
    '}',
    '',
  ].join('\n');
  const fix = await vaultFixAt(source, 4);
  assert.ok(fix, 'fix for the byte-list key');
  const change = fix.changes.find((c) => c.kind === 'edit' && c.path.endsWith('keys.dart'));
  assert.ok(change, 'edit of keys.dart');
  assert.ok(change.kind === 'edit');
  const texts = change.edits.map((edit) => edit.newText);
  assert.ok(
    texts.includes("Key(Uint8List.fromList(await PhiVault.secretBytes('cipher_key', length: 16)))"),
    texts.join(' | '),
  );
  assert.ok(!texts.some((text) => text.includes('dart:typed_data')), 'no second typed_data import');
});
