import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { checkRuleFixtures } from '../../test/support/harness';
import { applyChanges, scanText } from '../../test/support/platform-harness';

const ID = 'android-backup-includes-phi';
const MANIFEST = 'android/app/src/main/AndroidManifest.xml';
const RULES = 'android/app/src/main/res/xml/data_extraction_rules.xml';
const LEGACY = 'android/app/src/main/res/xml/backup_rules.xml';

const project = {
  [MANIFEST]:
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n' +
    '    <application\n        android:label="MindLog"\n' +
    '        android:dataExtractionRules="@xml/data_extraction_rules">\n' +
    '    </application>\n</manifest>\n',
  [RULES]:
    '<?xml version="1.0" encoding="utf-8"?>\n<data-extraction-rules>\n    <cloud-backup>\n' +
    '        <!-- <exclude domain="database" path="journal.db"/> -->\n    </cloud-backup>\n' +
    '</data-extraction-rules>\n',
  'lib/journal.dart':
    "import 'package:sqflite/sqflite.dart';\n\n" +
    "Future<Database> openJournal(String dir) => openDatabase('$dir/journal.db');\n",
};

function wellFormed(text: string): void {
  assert.deepEqual(new XmlDocument(new SourceText(text)).errors, []);
}

test('android-backup-includes-phi fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('backup finding names exposed data', async () => {
  const [finding] = (await scanText(project)).filter((f) => f.ruleId === ID);
  assert.equal(finding.message, 'Android backup copies journal.db off the device.');
  assert.deepEqual(finding.range, {
    start: { line: 1, character: 5 },
    end: { line: 1, character: 16 },
  });
  const messages = finding.related.map((r) => r.message);
  assert.ok(messages.includes('android:allowBackup is not set, and its default is true.'));
  assert.ok(
    messages.includes(
      'This section has no <include> or <exclude> rules, so cloud backup copies it.',
    ),
  );
  assert.ok(
    messages.includes(
      'The rules file has no <device-transfer> section, so device transfer copies everything.',
    ),
  );
  assert.ok(messages.some((m) => m.startsWith('journal.db is opened here')));
});

test('allowBackup fix inserts the attribute', async () => {
  const findings = await scanText(project);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  const fix = finding.fixes[0];
  assert.equal(fix.title, 'Set android:allowBackup to "false"');
  assert.equal(fix.safe, true);
  const fixed = applyChanges(findings.root!, project, fix.changes);
  assert.equal(
    fixed[MANIFEST],
    project[MANIFEST].replace('rules">', 'rules"\n        android:allowBackup="false">'),
  );
  wellFormed(fixed[MANIFEST]);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});

test('exclusion fix edits rules and adds legacy file', async () => {
  const findings = await scanText(project);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  const fix = finding.fixes[1];
  assert.equal(fix.safe, false);
  const fixed = applyChanges(findings.root!, project, fix.changes);
  const excludes = (indent: string) =>
    ['root', 'file', 'database', 'sharedpref']
      .map((domain) => `${indent}<exclude domain="${domain}" path="."/>\n`)
      .join('');
  assert.equal(
    fixed[RULES],
    '<?xml version="1.0" encoding="utf-8"?>\n<data-extraction-rules>\n    <cloud-backup>\n' +
      '        <!-- <exclude domain="database" path="journal.db"/> -->\n' +
      excludes('        ') +
      '    </cloud-backup>\n    <device-transfer>\n' +
      excludes('        ') +
      '    </device-transfer>\n</data-extraction-rules>\n',
  );
  assert.ok(fixed[MANIFEST].includes('\n        android:fullBackupContent="@xml/backup_rules">'));
  assert.equal(
    fixed[LEGACY],
    '<?xml version="1.0" encoding="utf-8"?>\n<full-backup-content>\n' +
      excludes('    ') +
      '</full-backup-content>\n',
  );
  for (const file of [MANIFEST, RULES, LEGACY]) wellFormed(fixed[file]);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});

test('exclusion fix creates missing rules file', async () => {
  const files = {
    [MANIFEST]:
      '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\r\n' +
      '  <application android:label="Clinic" android:allowBackup="true"/>\r\n</manifest>\r\n',
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  const fixed = applyChanges(findings.root!, files, finding.fixes[1].changes);
  assert.ok(
    fixed[MANIFEST].includes(
      'android:allowBackup="true" android:dataExtractionRules="@xml/data_extraction_rules"' +
        ' android:fullBackupContent="@xml/backup_rules"/>',
    ),
  );
  assert.ok(fixed[RULES].includes('\r\n    <device-transfer>\r\n'));
  for (const file of [MANIFEST, RULES, LEGACY]) wellFormed(fixed[file]);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});

test('allowBackup fix adds tools:replace for plugins', async () => {
  const files = {
    'pubspec.yaml':
      'name: heart_track\ndependencies:\n  vitals_ble:\n    path: packages/vitals_ble\n',
    [MANIFEST]:
      '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n' +
      '    <application android:label="HeartTrack"/>\n</manifest>\n',
    'packages/vitals_ble/android/src/main/AndroidManifest.xml':
      '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="x.y">\n' +
      '    <application android:allowBackup="true"/>\n</manifest>\n',
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  assert.ok(finding.path.endsWith(MANIFEST));
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.equal(
    fixed[MANIFEST],
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android"' +
      ' xmlns:tools="http://schemas.android.com/tools">\n' +
      '    <application android:label="HeartTrack" android:allowBackup="false"' +
      ' tools:replace="android:allowBackup"/>\n</manifest>\n',
  );
  wellFormed(fixed[MANIFEST]);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});
