import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { checkRuleFixtures } from '../../test/support/harness';
import { applyChanges, scanText } from '../../test/support/platform-harness';

const ID = 'android-exported-component-unprotected';
const MANIFEST = 'android/app/src/main/AndroidManifest.xml';
const PLUGIN = 'packages/vitals_ble/android/src/main/AndroidManifest.xml';

test('android-exported-component-unprotected fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('tools:node remove resolves relative names', async () => {
  const files = {
    [MANIFEST]:
      '<manifest xmlns:android="http://schemas.android.com/apk/res/android"\n' +
      '    xmlns:tools="http://schemas.android.com/tools">\n    <application>\n' +
      '        <service android:name="com.example.vitalsble.SyncService" tools:node="remove"/>\n' +
      '    </application>\n</manifest>\n',
    [PLUGIN]:
      '<manifest xmlns:android="http://schemas.android.com/apk/res/android"\n' +
      '    package="com.example.vitalsble">\n    <application>\n' +
      '        <service android:name=".SyncService" android:exported="true"/>\n' +
      '        <service android:name=".OtherService" android:exported="true"/>\n' +
      '    </application>\n</manifest>\n',
  };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 1);
  assert.ok(findings[0].path.endsWith(PLUGIN));
  assert.equal(findings[0].range.start.line, 4);
  assert.equal(findings[0].severity, 'info');
  assert.equal(
    findings[0].message,
    'Plugin manifest exports <service> OtherService with no signature permission.',
  );
});

test('exported fix sets false', async () => {
  const files = {
    [MANIFEST]:
      "<manifest xmlns:android='http://schemas.android.com/apk/res/android'>\n  <application>\n" +
      "    <service android:name='.Export' android:exported='true'/>\n  </application>\n</manifest>\n",
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  assert.deepEqual(finding.range, {
    start: { line: 2, character: 36 },
    end: { line: 2, character: 59 },
  });
  assert.equal(finding.fixes[0].safe, false);
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.equal(fixed[MANIFEST], files[MANIFEST].replace("exported='true'", "exported='false'"));
  assert.equal(new XmlDocument(new SourceText(fixed[MANIFEST])).errors.length, 0);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});
