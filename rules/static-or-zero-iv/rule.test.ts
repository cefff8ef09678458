import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';
import {
  applyChanges,
  dartFindings,
  hasDartSyntaxError as hasSyntaxError,
} from '../../test/support/platform-harness';

const ID = 'static-or-zero-iv';
const PUBSPEC = 'name: app\ndependencies:\n  encrypt: ^5.0.0\n';

function findingsIn(text: string, extra: Record<string, string> = {}) {
  return dartFindings(ID, text, { 'pubspec.yaml': PUBSPEC, ...extra });
}

function lockFor(version: string): string {
  return `packages:\n  encrypt:\n    source: hosted\n    version: "${version}"\n`;
}

const DEFAULT_MODE = [
  "import 'dart:typed_data';",
  "import 'package:encrypt/encrypt.dart' as enc;",
  'final _key = enc.Key.fromSecureRandom(32);',
  'String seal(String lab) {',
  '  final iv = enc.IV(Uint8List(16));',
  '  return enc.Encrypter(enc.AES(_key)).encrypt(lab, iv: iv).base64;',
  '}',
  '',
].join('\n');

test('static-or-zero-iv fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('zero IV with the default mode names SIC, not ECB', async () => {
  const { findings } = await findingsIn(DEFAULT_MODE);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.deepEqual(finding.range.start, { line: 4, character: 13 });
  assert.deepEqual(finding.range.end, { line: 4, character: 34 });
  assert.doesNotMatch(finding.message, /ECB/);
  const modeNote = finding.related.find((r) => r.range.start.line === 5);
  assert.ok(modeNote, 'related information points at the AES call');
  assert.match(modeNote.message, /SIC \(CTR\) mode, the default of AES\(key\)/);
  assert.match(modeNote.message, /key stream/);
});

test('IV(Uint8List(n)) fix inserts fromSecureRandom', async () => {
  const { findings, root } = await findingsIn(DEFAULT_MODE);
  const fix = findings[0].fixes[0];
  assert.equal(
    fix.title,
    'Replace with enc.IV.fromSecureRandom(16) and prepend it to the ciphertext',
  );
  assert.equal(fix.safe, false);
  const fixed = applyChanges(root, { 'lib/a.dart': DEFAULT_MODE }, fix.changes)['lib/a.dart'];
  assert.equal(fixed.split('\n')[4], '  final iv = enc.IV.fromSecureRandom(16);');
  assert.equal(
    fixed.split('\n')[5],
    "  return '${iv.base64}:${enc.Encrypter(enc.AES(_key)).encrypt(lab, iv: iv).base64}';",
  );
  assert.equal(await hasSyntaxError(fixed), false);
  assert.equal((await findingsIn(fixed)).findings.length, 0);
});

test('allZerosOfLength fix keeps the length', async () => {
  const text = DEFAULT_MODE.replace('enc.IV(Uint8List(16))', 'enc.IV.allZerosOfLength(12)');
  const { findings, root } = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].message, 'enc.IV.allZerosOfLength creates an all-zero IV.');
  const { changes } = findings[0].fixes[0];
  const fixed = applyChanges(root, { 'lib/a.dart': text }, changes)['lib/a.dart'];
  assert.match(fixed, /final iv = enc\.IV\.fromSecureRandom\(12\);/);
  assert.equal(await hasSyntaxError(fixed), false);
  assert.equal((await findingsIn(fixed)).findings.length, 0);
});

test('fromLength depends on the locked encrypt version', async () => {
  const text = DEFAULT_MODE.replace('enc.IV(Uint8List(16))', 'enc.IV.fromLength(16)');
  const old = await findingsIn(text, { 'pubspec.lock': lockFor('5.0.1') });
  assert.equal(old.findings.length, 1);
  assert.equal(old.findings[0].severity, 'error');
  assert.match(old.findings[0].message, /encrypt 5\.0\.1/);
  const current = await findingsIn(text, { 'pubspec.lock': lockFor('5.0.2') });
  assert.equal(current.findings.length, 0);
  const unknown = await findingsIn(text);
  assert.equal(unknown.findings.length, 1);
  assert.equal(unknown.findings[0].severity, 'warning');
  assert.match(unknown.findings[0].message, /< 5\.0\.2/);
});

test('constant IV follows a top-level const', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart';",
    "const ivText = 'AAAAAAAAAAAAAAAAAAAAAA==';",
    'final iv = IV.fromBase64(ivText);',
    '',
  ].join('\n');
  const { findings } = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].range.start.line, 2);
  assert.ok(findings[0].related.some((r) => r.range.start.line === 1));
});

const STORED_IV = [
  "import 'package:encrypt/encrypt.dart';",
  'final _key = Key.fromSecureRandom(32);',
  'String seal(String lab) {',
  '  final iv = IV.allZerosOfLength(16);',
  "  final sealed = Encrypter(AES(_key, mode: AESMode.gcm)).encrypt(lab, iv: iv);",
  "  return '${iv.base64}:${sealed.base64}';",
  '}',
  '',
].join('\n');

test('IV already stored keeps the plain fix', async () => {
  const { findings, root } = await findingsIn(STORED_IV);
  assert.equal(findings.length, 1);
  const [fix] = findings[0].fixes;
  assert.equal(fix.title, 'Replace with IV.fromSecureRandom(16)');
  const fixed = applyChanges(root, { 'lib/a.dart': STORED_IV }, fix.changes)['lib/a.dart'];
  assert.equal(fixed.split('\n')[3], '  final iv = IV.fromSecureRandom(16);');
  assert.equal(fixed.split('\n')[5], STORED_IV.split('\n')[5]);
});

test('no random IV fix for a decrypting IV', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart';",
    'final _key = Key.fromSecureRandom(32);',
    'String open(String sealed) {',
    '  final iv = IV.allZerosOfLength(16);',
    '  return Encrypter(AES(_key, mode: AESMode.gcm)).decrypt64(sealed, iv: iv);',
    '}',
    '',
  ].join('\n');
  const { findings } = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].fixes, []);
});

test('no random IV fix for a shared IV field', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart';",
    'final _key = Key.fromSecureRandom(32);',
    'final _iv = IV.allZerosOfLength(16);',
    'String seal(String lab) {',
    '  return Encrypter(AES(_key, mode: AESMode.gcm)).encrypt(lab, iv: _iv).base64;',
    '}',
    '',
  ].join('\n');
  const { findings } = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].fixes, []);
});
