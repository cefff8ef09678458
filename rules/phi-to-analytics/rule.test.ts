import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkRuleFixtures, scan } from '../../test/support/harness';
import type { Finding } from '../../server/src/engine/types';

const ID = 'phi-to-analytics';

async function findingsFor(source: string): Promise<Finding[]> {
  const root = mkdtempSync(path.join(tmpdir(), `${ID}-`));
  mkdirSync(path.join(root, 'lib'));
  writeFileSync(path.join(root, 'lib', 'main.dart'), source);
  return (await scan([root])).filter((f) => f.ruleId === ID);
}

const HEADER = "import 'package:firebase_analytics/firebase_analytics.dart';\n";

test('phi-to-analytics fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('reports the PHI map entry', async () => {
  const source = `${HEADER}Future<void> f(String clinic, String condition) =>
    FirebaseAnalytics.instance.logEvent(name: 'x', parameters: {'c': clinic, 'dx': condition});
`;
  const findings = await findingsFor(source);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding.message, '`FirebaseAnalytics.logEvent` sends PHI (condition) to analytics.');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range.start, { line: 2, character: 77 });
  assert.deepEqual(finding.range.end, { line: 2, character: 92 });
  assert.equal(finding.related[0].message, "Source: `condition` is PHI by its name ('condition').");
});

test('reports a non-literal parameters map', async () => {
  const source = `${HEADER}Future<void> f(String condition) {
  final params = <String, Object>{'dx': condition};
  return FirebaseAnalytics.instance.logEvent(name: 'x', parameters: params);
}
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => [f.range.start.line, f.range.start.character]),
    [[3, 68]],
  );
});

test('resolves the SDK through imports', async () => {
  const prefixed = `import 'package:firebase_analytics/firebase_analytics.dart' as fa;
Future<void> f(String mrn) => fa.FirebaseAnalytics.instance.setUserId(id: mrn);
`;
  assert.equal((await findingsFor(prefixed)).length, 1);
  const local = `class FirebaseAnalytics { static final instance = FirebaseAnalytics();
  Future<void> setUserId({String? id}) async {}
}
Future<void> f(String mrn) => FirebaseAnalytics.instance.setUserId(id: mrn);
`;
  assert.deepEqual(await findingsFor(local), []);
});
