import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { checkRuleFixtures } from '../../test/support/harness';
import { applyChanges, scanText } from '../../test/support/platform-harness';

const ID = 'ios-ats-insecure-exception';
const PLIST = 'ios/Runner/Info.plist';

const plist = (ats: string) =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n' +
  `\t<key>NSAppTransportSecurity</key>\n\t<dict>\n${ats}\t</dict>\n</dict>\n</plist>\n`;

const portal =
  '\t\t<key>NSExceptionDomains</key>\n\t\t<dict>\n\t\t\t<key>portal.clinic.example</key>\n' +
  '\t\t\t<dict>\n\t\t\t\t<key>NSExceptionMinimumTLSVersion</key>\n' +
  '\t\t\t\t<string>TLSv1.2</string>\n\t\t\t</dict>\n\t\t</dict>\n';

test('ios-ats-insecure-exception fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('arbitrary loads keeps exception domains protected', async () => {
  const files = {
    [PLIST]: plist(
      '\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<!-- why -->\n\t\t<true />\n' + portal,
    ),
  };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.doesNotMatch(finding.message, /portal\.clinic\.example/);
  assert.match(finding.message, /every domain not in NSExceptionDomains/);
  assert.ok(finding.related.some((r) => r.message.startsWith('portal.clinic.example is listed')));
  assert.deepEqual(finding.range, {
    start: { line: 5, character: 2 },
    end: { line: 5, character: 35 },
  });
});

test('remove fix keeps indentation', async () => {
  const files = {
    [PLIST]: plist('\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n' + portal),
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.equal(fixed[PLIST], plist(portal));
  assert.equal(new XmlDocument(new SourceText(fixed[PLIST])).errors.length, 0);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});

test('weak TLS fix sets TLSv1.2', async () => {
  const files = { [PLIST]: plist(portal.replace('TLSv1.2', 'TLSv1.1')) };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  assert.equal(
    finding.message,
    'NSExceptionMinimumTLSVersion TLSv1.1 allows TLS below 1.2 for portal.clinic.example.',
  );
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.equal(fixed[PLIST], plist(portal));
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});
