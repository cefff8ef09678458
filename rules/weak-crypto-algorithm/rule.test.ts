import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';
import {
  applyChanges,
  dartFindings,
  hasDartSyntaxError as hasSyntaxError,
} from '../../test/support/platform-harness';

const ID = 'weak-crypto-algorithm';

function findingsIn(text: string) {
  return dartFindings(ID, text);
}

async function applyOnlyFix(text: string): Promise<string> {
  const { findings, root } = await findingsIn(text);
  assert.equal(findings.length, 1, 'one finding before the fix');
  const fix = findings[0].fixes[0];
  assert.ok(fix, 'the finding has a fix');
  assert.equal(fix.safe, false);
  return applyChanges(root, { 'lib/a.dart': text }, fix.changes)['lib/a.dart'];
}

test('weak-crypto-algorithm fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('md5 password hash swaps to sha256 and extends show', async () => {
  const text = [
    "import 'dart:convert';",
    "import 'package:crypto/crypto.dart' show md5;",
    'String hashPassword(String password) =>',
    '    md5.convert(utf8.encode(password)).toString();',
    '',
  ].join('\n');
  const { findings } = await findingsIn(text);
  assert.equal(findings[0].severity, 'error');
  assert.equal(findings[0].fixes[0].title, 'Replace md5 with sha256');
  const fixed = await applyOnlyFix(text);
  assert.equal(fixed.split('\n')[1], "import 'package:crypto/crypto.dart' show md5, sha256;");
  assert.equal(fixed.split('\n')[3], '    sha256.convert(utf8.encode(password)).toString();');
  assert.equal(await hasSyntaxError(fixed), false);
  assert.equal((await findingsIn(fixed)).findings.length, 0);
});

test('RSA without encoding gets OAEP added', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart' as enc;",
    'enc.Encrypter wrap(enc.RSAPublicKey key) => enc.Encrypter(enc.RSA(publicKey: key));',
    '',
  ].join('\n');
  const fixed = await applyOnlyFix(text);
  assert.match(fixed, /enc\.RSA\(publicKey: key, encoding: enc\.RSAEncoding\.OAEP\)/);
  assert.equal(await hasSyntaxError(fixed), false);
  assert.equal((await findingsIn(fixed)).findings.length, 0);
});

test('explicit PKCS1 encoding swaps to OAEP', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart';",
    'Encrypter wrap(RSAPublicKey key) =>',
    '    Encrypter(RSA(publicKey: key, encoding: RSAEncoding.PKCS1));',
    '',
  ].join('\n');
  const fixed = await applyOnlyFix(text);
  assert.match(fixed, /encoding: RSAEncoding\.OAEP\)/);
  assert.equal(await hasSyntaxError(fixed), false);
  assert.equal((await findingsIn(fixed)).findings.length, 0);
});

test('md5 of a cache key is not reported', async () => {
  const text = [
    "import 'dart:convert';",
    "import 'package:crypto/crypto.dart';",
    'String imageCacheKey(String url) => md5.convert(utf8.encode(url)).toString();',
    '',
  ].join('\n');
  assert.equal((await findingsIn(text)).findings.length, 0);
});

test('ECB range covers AESMode.ecb', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart' as enc;",
    'final k = enc.Key.fromSecureRandom(32);',
    'final e = enc.Encrypter(enc.AES(k, mode: enc.AESMode.ecb));',
    '',
  ].join('\n');
  const { findings } = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].message, 'enc.AESMode.ecb selects ECB mode.');
  assert.deepEqual(findings[0].range, {
    start: { line: 2, character: 41 },
    end: { line: 2, character: 56 },
  });
});
