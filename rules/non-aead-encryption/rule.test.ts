import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';
import { applyChanges, scanText, dartFindings } from '../../test/support/platform-harness';
import { assertWellFormed } from '../../test/support/fix-checks';

const ID = 'non-aead-encryption';

async function findingsIn(text: string) {
  return (await dartFindings(ID, text)).findings;
}

test('non-aead-encryption fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('CBC mode is reported on the AES call', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart' as enc;",
    'final _key = enc.Key.fromSecureRandom(32);',
    'final e = enc.Encrypter(enc.AES(_key, mode: enc.AESMode.cbc));',
    '',
  ].join('\n');
  const findings = await findingsIn(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'warning');
  assert.deepEqual(findings[0].range, {
    start: { line: 2, character: 24 },
    end: { line: 2, character: 60 },
  });
  assert.equal(
    findings[0].message,
    'enc.AES in CBC mode has no integrity check, so tampering goes unseen.',
  );
  assert.match(findings[0].related[0].message, /AES-256-GCM with a fresh 96-bit nonce/);
});

test('GCM and ECB are not reported here', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart';",
    'final k = Key.fromSecureRandom(32);',
    'final gcm = Encrypter(AES(k, mode: AESMode.gcm));',
    'final ecb = Encrypter(AES(k, mode: AESMode.ecb));',
    '',
  ].join('\n');
  assert.deepEqual(await findingsIn(text), []);
});

test('AES from another package is not reported', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart' show Key;",
    "import 'package:my_crypto/aes.dart';",
    'final cipher = AES(Key.fromSecureRandom(32));',
    '',
  ].join('\n');
  assert.deepEqual(await findingsIn(text), []);
});

test('quick fix switches encrypt AES to GCM', async () => {
  const text = [
    "import 'package:encrypt/encrypt.dart' as enc;",
    'final _key = enc.Key.fromSecureRandom(32);',
    "final e = enc.Encrypter(enc.AES(_key, mode: enc.AESMode.cbc, padding: 'PKCS7'));",
    '',
  ].join('\n');
  const files = { 'pubspec.yaml': 'name: app\n', 'lib/a.dart': text };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  const root = path.dirname(path.dirname(findings[0].path));
  const fix = findings[0].fixes[0];
  assert.equal(fix.title, 'Switch enc.AES to AESMode.gcm without padding');
  assert.equal(fix.safe, false);
  const fixed = applyChanges(root, files, fix.changes);
  assert.equal(
    fixed['lib/a.dart'].split('\n')[2],
    'final e = enc.Encrypter(enc.AES(_key, mode: enc.AESMode.gcm, padding: null));',
  );
  await assertWellFormed(fixed);
  assert.deepEqual(await findingsIn(fixed['lib/a.dart']), []);
});

test('quick fix replaces AesCbc with AesGcm', async () => {
  const text = [
    "import 'package:cryptography/cryptography.dart' as c;",
    'final cipher = c.AesCbc.with256bits(macAlgorithm: c.MacAlgorithm.empty);',
    '',
  ].join('\n');
  const files = { 'pubspec.yaml': 'name: app\n', 'lib/a.dart': text };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  const root = path.dirname(path.dirname(findings[0].path));
  const fix = findings[0].fixes[0];
  assert.equal(fix.title, 'Replace c.AesCbc.with256bits with c.AesGcm.with256bits()');
  const fixed = applyChanges(root, files, fix.changes);
  assert.equal(fixed['lib/a.dart'].split('\n')[1], 'final cipher = c.AesGcm.with256bits();');
  await assertWellFormed(fixed);
  assert.deepEqual(await findingsIn(fixed['lib/a.dart']), []);
});
