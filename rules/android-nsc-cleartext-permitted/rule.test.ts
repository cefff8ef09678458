import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { applyEdits } from '../../server/src/engine/platform/text-edits';
import { checkRuleFixtures } from '../../test/support/harness';
import { scanText } from '../../test/support/platform-harness';

const ID = 'android-nsc-cleartext-permitted';
const NSC = 'android/app/src/main/res/xml/network_security_config.xml';

test('android-nsc-cleartext-permitted fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('cleartext fix keeps single quotes', async () => {
  const text =
    "<network-security-config>\n  <domain-config cleartextTrafficPermitted='true'>\n" +
    '    <domain>labs.clinic.example</domain>\n  </domain-config>\n</network-security-config>\n';
  const [finding] = (await scanText({ [NSC]: text })).filter((f) => f.ruleId === ID);
  assert.equal(
    finding.message,
    'cleartextTrafficPermitted="true" allows cleartext HTTP for labs.clinic.example.',
  );
  assert.deepEqual(finding.range, {
    start: { line: 1, character: 17 },
    end: { line: 1, character: 49 },
  });
  const change = finding.fixes[0].changes[0];
  assert.equal(change.kind, 'edit');
  const source = new SourceText(text);
  const fixed = applyEdits(source, change.kind === 'edit' ? change.edits : []);
  assert.ok(fixed.includes("cleartextTrafficPermitted='false'"));
  assert.equal(new XmlDocument(new SourceText(fixed)).errors.length, 0);
  const again = (await scanText({ [NSC]: fixed })).filter((f) => f.ruleId === ID);
  assert.equal(again.length, 0);
});
