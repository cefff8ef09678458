import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';
import { scanText } from '../../test/support/platform-harness';

const ID = 'non-aead-encryption';

async function findingsIn(text: string) {
  const findings = await scanText({ 'pubspec.yaml': 'name: app\n', 'lib/a.dart': text });
  return findings.filter((f) => f.ruleId === ID);
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
