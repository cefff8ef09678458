import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { checkRuleFixtures } from '../../test/support/harness';
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
