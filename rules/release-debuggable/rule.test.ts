import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { checkRuleFixtures } from '../../test/support/harness';
import { applyChanges, scanText } from '../../test/support/platform-harness';

const ID = 'release-debuggable';
const MANIFEST = 'android/app/src/main/AndroidManifest.xml';
const NSC = 'android/app/src/main/res/xml/network_security_config.xml';
const GRADLE = 'android/app/build.gradle.kts';

const manifest =
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n' +
  '    <application\n        android:label="CarePath"\n        android:debuggable="true"\n' +
  '        android:networkSecurityConfig="@xml/network_security_config">\n' +
  '    </application>\n</manifest>\n';

const nsc =
  '<network-security-config>\n    <debug-overrides>\n        <trust-anchors>\n' +
  '            <certificates src="user"/>\n        </trust-anchors>\n    </debug-overrides>\n' +
  '</network-security-config>\n';

test('release-debuggable fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('debuggable manifest links debug-overrides', async () => {
  const findings = (await scanText({ [MANIFEST]: manifest, [NSC]: nsc })).filter(
    (f) => f.ruleId === ID,
  );
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].range, {
    start: { line: 3, character: 8 },
    end: { line: 3, character: 33 },
  });
  const [link] = findings[0].related;
  assert.ok(link.path.endsWith(NSC));
  assert.deepEqual([link.range.start.line, link.range.end.line], [1, 5]);
});

test('remove fix drops the attribute line', async () => {
  const files = { [MANIFEST]: manifest, [NSC]: nsc };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.equal(fixed[MANIFEST], manifest.replace('        android:debuggable="true"\n', ''));
  assert.equal(new XmlDocument(new SourceText(fixed[MANIFEST])).errors.length, 0);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});

test('gradle property names the expression', async () => {
  const text =
    'android {\n  buildTypes {\n    getByName("release") {\n' +
    '      isDebuggable = project.hasProperty("enableReleaseDebug").not().not()\n    }\n  }\n}\n';
  const [finding] = (await scanText({ [GRADLE]: text })).filter((f) => f.ruleId === ID);
  assert.equal(finding.severity, 'warning');
  assert.equal(
    finding.message,
    'Release isDebuggable depends on Gradle property enableReleaseDebug; it must be false when shipped.',
  );
  assert.equal(finding.fixes.length, 0);
});

test('gradle literal fix sets false', async () => {
  const files = {
    'android/app/build.gradle':
      'android {\n\tbuildTypes {\n\t\trelease {\n\t\t\tdebuggable true // temp\n\t\t}\n\t}\n}\n',
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  assert.equal(finding.severity, 'error');
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.equal(
    fixed['android/app/build.gradle'],
    files['android/app/build.gradle'].replace('true', 'false'),
  );
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});
