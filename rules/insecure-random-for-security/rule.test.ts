import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';
import {
  applyChanges,
  dartFindings,
  hasDartSyntaxError as hasSyntaxError,
} from '../../test/support/platform-harness';

const ID = 'insecure-random-for-security';

function findingsIn(text: string) {
  return dartFindings(ID, text);
}

test('insecure-random-for-security fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('prefixed Random() fix keeps the prefix', async () => {
  const text = [
    "import 'dart:math' as math;",
    'String otpCode() => math.Random().nextInt(999999).toString();',
    '',
  ].join('\n');
  const { findings, root } = await findingsIn(text);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.deepEqual(finding.range, {
    start: { line: 1, character: 20 },
    end: { line: 1, character: 33 },
  });
  assert.match(finding.message, /^math\.Random\(\) is predictable, yet its values feed otpCode\.$/);
  const fix = finding.fixes[0];
  assert.equal(fix.title, 'Replace math.Random() with math.Random.secure()');
  assert.equal(fix.safe, true);
  const fixed = applyChanges(root, { 'lib/a.dart': text }, fix.changes)['lib/a.dart'];
  const expected = 'String otpCode() => math.Random.secure().nextInt(999999).toString();';
  assert.equal(fixed.split('\n')[1], expected);
  assert.equal(await hasSyntaxError(fixed), false);
  assert.equal((await findingsIn(fixed)).findings.length, 0);
});

test('seeded Random fix is unsafe', async () => {
  const text = [
    "import 'dart:math';",
    'class Tokens {',
    '  final _rng = new Random(42);',
    "  String get sessionId => '${_rng.nextInt(1 << 32)}';",
    '}',
    '',
  ].join('\n');
  const { findings, root } = await findingsIn(text);
  assert.equal(findings.length, 1);
  const fix = findings[0].fixes[0];
  assert.equal(fix.safe, false);
  const fixed = applyChanges(root, { 'lib/a.dart': text }, fix.changes)['lib/a.dart'];
  assert.match(fixed, /final _rng = new Random\.secure\(\);/);
  assert.equal(await hasSyntaxError(fixed), false);
  assert.equal((await findingsIn(fixed)).findings.length, 0);
});

test('Random used for UI jitter is not reported', async () => {
  const text = [
    "import 'dart:math';",
    'final _jitter = Random();',
    'Duration backoff(int n) => Duration(milliseconds: 100 * n + _jitter.nextInt(50));',
    '',
  ].join('\n');
  assert.equal((await findingsIn(text)).findings.length, 0);
});

test('Random inside a widget key is not reported', async () => {
  const text = [
    "import 'dart:math';",
    "import 'package:flutter/widgets.dart';",
    'final _random = Random();',
    'Widget tile(String label) => Text(label, key: ValueKey(_random.nextInt(1 << 20)));',
    '',
  ].join('\n');
  assert.equal((await findingsIn(text)).findings.length, 0);
});
