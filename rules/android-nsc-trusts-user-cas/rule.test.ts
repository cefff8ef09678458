import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { checkRuleFixtures } from '../../test/support/harness';
import { readTree } from '../../test/support/fix-fixtures';
import { applyChanges, scanText } from '../../test/support/platform-harness';

const ID = 'android-nsc-trusts-user-cas';
const MANIFEST = 'android/app/src/main/AndroidManifest.xml';
const NSC = 'android/app/src/main/res/xml/network_security_config.xml';

const manifest = (extra: string) =>
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n' +
  `    <application${extra} android:networkSecurityConfig="@xml/network_security_config"/>\n` +
  '</manifest>\n';

test('android-nsc-trusts-user-cas fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('debuggable release links manifest attribute', async () => {
  const files = {
    [MANIFEST]: manifest(' android:debuggable="true"'),
    [NSC]:
      '<network-security-config>\n  <debug-overrides>\n    <trust-anchors>\n' +
      '      <certificates src="user"/>\n    </trust-anchors>\n  </debug-overrides>\n' +
      '</network-security-config>\n',
  };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].range.start.line, 3);
  assert.equal(findings[0].related.length, 1);
  assert.ok(findings[0].related[0].path.endsWith(MANIFEST));
  assert.equal(findings[0].related[0].range.start.line, 1);
});

test('move fix adds debug-overrides', async () => {
  const files = {
    [MANIFEST]: manifest(''),
    [NSC]:
      '<?xml version="1.0" encoding="utf-8"?>\r\n<network-security-config>\r\n' +
      '\t<base-config>\r\n\t\t<trust-anchors>\r\n\t\t\t<certificates src="user"/>\r\n' +
      '\t\t</trust-anchors>\r\n\t</base-config>\r\n</network-security-config>\r\n',
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  assert.equal(finding.fixes.length, 1);
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.equal(
    fixed[NSC],
    '<?xml version="1.0" encoding="utf-8"?>\r\n<network-security-config>\r\n' +
      '\t<base-config>\r\n\t\t<trust-anchors>\r\n\t\t\t<certificates src="system"/>\r\n' +
      '\t\t</trust-anchors>\r\n\t</base-config>\r\n\t<debug-overrides>\r\n\t\t<trust-anchors>\r\n' +
      '\t\t\t<certificates src="user"/>\r\n\t\t</trust-anchors>\r\n\t</debug-overrides>\r\n' +
      '</network-security-config>\r\n',
  );
  assert.equal(new XmlDocument(new SourceText(fixed[NSC])).errors.length, 0);
  const again = (await scanText(fixed)).filter((f) => f.ruleId === ID);
  assert.equal(again.length, 0);
});

const fixCase = (name: string) => path.join(__dirname, 'fix-fixtures', name);

/** Reads a fix case's `before/` tree and the files its `after/` tree adds or changes. */
function readFixCase(name: string) {
  const before = readTree(path.join(fixCase(name), 'before'));
  const after = readTree(path.join(fixCase(name), 'after'));
  const changed = Object.fromEntries(
    Object.entries(after).filter(([file, text]) => before[file] !== text),
  );
  return { before, changed };
}

test('create fix with Groovy build script', () => {
  const { changed } = readFixCase('groovy-build');
  assert.deepEqual(Object.keys(changed).sort(), [MANIFEST, NSC]);
});

test('create fix with Kotlin DSL and tabs', () => {
  const { changed } = readFixCase('kotlin-dsl-tabs');
  assert.match(changed[NSC], /^\t<base-config cleartextTrafficPermitted="false">\r$/m);
  assert.match(changed[MANIFEST], /^\t\tandroid:networkSecurityConfig=/m);
});

test('create fix on single-line application', () => {
  const { changed } = readFixCase('single-line-application');
  assert.match(changed[MANIFEST], /android:networkSecurityConfig='@xml\/network_security_config'/);
});

test('existing config only gets referenced', () => {
  const { before, changed } = readFixCase('config-present');
  assert.deepEqual(Object.keys(changed), [MANIFEST]);
  assert.ok(before[NSC].includes('Written by the team'));
});

test('no create fix over other XML at the path', async () => {
  const files = {
    'pubspec.yaml': 'name: clinic_app\n',
    'android/app/build.gradle':
      'android {\n    defaultConfig {\n        minSdkVersion 21\n    }\n}\n',
    [MANIFEST]: '<manifest>\n    <application android:label="Clinic"/>\n</manifest>\n',
    [NSC]: '<paths>\n    <files-path name="reports" path="reports/"/>\n</paths>\n',
  };
  const [finding] = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.ok(finding, 'minSdk finding expected');
  assert.deepEqual(finding.fixes, []);
});

test('create fix is unsafe and preferred', async () => {
  const files = readTree(path.join(fixCase('groovy-build'), 'before'));
  const [finding] = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.equal(finding.fixes.length, 1);
  assert.equal(finding.fixes[0].safe, false);
  assert.equal(finding.fixes[0].isPreferred, true);
});

test('create fix from root build script', async () => {
  const files = {
    'pubspec.yaml': 'name: clinic_app\n',
    'android/build.gradle':
      'subprojects {\n    android {\n        defaultConfig {\n' +
      '            minSdkVersion 21\n        }\n    }\n}\n',
    [MANIFEST]: '<manifest>\n    <application android:label="Clinic"/>\n</manifest>\n',
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  assert.ok(finding, 'minSdk finding expected');
  assert.ok(finding.path.endsWith('android/build.gradle'));
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.ok(fixed[NSC].includes('<certificates src="system"/>'));
  assert.ok(fixed[MANIFEST].includes('networkSecurityConfig="@xml/network_security_config"'));
});
