import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkRuleFixtures, scan } from '../../test/support/harness';
import type { Finding } from '../../server/src/engine/types';

const ID = 'phi-to-crash-reporter';

async function findingsFor(source: string): Promise<Finding[]> {
  const root = mkdtempSync(path.join(tmpdir(), `${ID}-`));
  mkdirSync(path.join(root, 'lib'));
  writeFileSync(path.join(root, 'lib', 'main.dart'), source);
  return (await scan([root])).filter((f) => f.ruleId === ID);
}

const HEADER = "import 'package:firebase_crashlytics/firebase_crashlytics.dart';\n";

test('phi-to-crash-reporter fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('reports the reason argument', async () => {
  const source = `${HEADER}Future<void> f(Object e, StackTrace s, String diagnosis) async {
  await FirebaseCrashlytics.instance.recordError(e, s, reason: 'dx $diagnosis');
}
`;
  const findings = await findingsFor(source);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(
    finding.message,
    '`FirebaseCrashlytics.recordError` sends PHI (diagnosis) to a crash reporter.',
  );
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range.start, { line: 2, character: 63 });
  assert.deepEqual(finding.range.end, { line: 2, character: 78 });
  assert.equal(finding.related[0].message, "Source: `diagnosis` is PHI by its name ('diagnosis').");
  assert.equal(finding.related[0].range.start.line, 1);
});

test('skips a hashed value', async () => {
  const source = `${HEADER}import 'package:crypto/crypto.dart';
Future<void> f(String mrn) async {
  await FirebaseCrashlytics.instance.setUserIdentifier(sha256.convert(mrn.codeUnits).toString());
  await FirebaseCrashlytics.instance.setUserIdentifier(mrn);
}
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [4],
  );
});

test('ignores a local look-alike class', async () => {
  const source = `class FirebaseCrashlytics { static final instance = FirebaseCrashlytics();
  void log(String m) {}
}
void f(String mrn) => FirebaseCrashlytics.instance.log(mrn);
`;
  assert.deepEqual(await findingsFor(source), []);
});

test('reports Sentry PII options', async () => {
  const source = `import 'package:sentry_flutter/sentry_flutter.dart';
Future<void> start() => SentryFlutter.init((o) {
  o.sendDefaultPii = true;
  o.attachScreenshot = true;
}, appRunner: () {});
Future<void> masked() => SentryFlutter.init((o) {
  o.sendDefaultPii = false;
  o.attachScreenshot = true;
  o.privacy.maskAllText = true;
}, appRunner: () {});
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => [f.range.start.line, f.message]),
    [
      [2, 'Sentry option `sendDefaultPii` sends user data with every event.'],
      [3, 'Sentry option `attachScreenshot` sends unmasked screens with each error.'],
    ],
  );
  assert.deepEqual(findings[0].range.end, { line: 2, character: 25 });
});
