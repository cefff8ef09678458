import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { SourceText } from '../../server/src/engine/text';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { checkRuleFixtures } from '../../test/support/harness';
import { applyChanges, scanText } from '../../test/support/platform-harness';
import { assertWellFormed } from '../../test/support/fix-checks';

const ID = 'android-nsc-pin-set-weak';
const NSC = 'android/app/src/main/res/xml/network_security_config.xml';

const pinned = (expiration: string) =>
  '<network-security-config>\n  <domain-config>\n    <domain>fhir.clinic.example</domain>\n' +
  `    <pin-set expiration="${expiration}">\n      <pin digest="SHA-256">AAAA</pin>\n` +
  '      <pin digest="SHA-256">BBBB</pin>\n    </pin-set>\n  </domain-config>\n' +
  '</network-security-config>\n';

test('android-nsc-pin-set-weak fixtures', async () => {
  await checkRuleFixtures(ID, path.join(__dirname, 'fixtures'));
});

test('expired pin-set names the date', async () => {
  const findings = (await scanText({ [NSC]: pinned('2026-11-30') })).filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 1);
  assert.equal(
    findings[0].message,
    'Pin-set for fhir.clinic.example has expired: pinning disabled since 2026-11-30.',
  );
  assert.deepEqual(findings[0].range.start, { line: 3, character: 13 });
});

test('pin-set valid through today', async () => {
  const findings = (await scanText({ [NSC]: pinned('2026-12-01') })).filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 0);
});

test('overridePins fix sets false', async () => {
  const files = {
    [NSC]:
      '<network-security-config>\n  <base-config>\n    <trust-anchors>\n' +
      '      <certificates src="user" overridePins="true"/>\n    </trust-anchors>\n' +
      '  </base-config>\n</network-security-config>\n',
  };
  const findings = await scanText(files);
  const [finding] = findings.filter((f) => f.ruleId === ID);
  assert.equal(finding.severity, 'error');
  const fixed = applyChanges(findings.root!, files, finding.fixes[0].changes);
  assert.ok(fixed[NSC].includes('<certificates src="user" overridePins="false"/>'));
  assert.equal(new XmlDocument(new SourceText(fixed[NSC])).errors.length, 0);
  assert.equal((await scanText(fixed)).filter((f) => f.ruleId === ID).length, 0);
});

test('backup pin fix adds a placeholder and an expiration', async () => {
  const files = {
    [NSC]:
      '<network-security-config>\n  <domain-config>\n    <domain>fhir.clinic.example</domain>\n' +
      '    <pin-set>\n      <pin digest="SHA-256">AAAB</pin>\n    </pin-set>\n' +
      '  </domain-config>\n</network-security-config>\n',
  };
  const scanned = await scanText(files);
  const findings = scanned.filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 1);
  const fix = findings[0].fixes[0];
  assert.equal(fix.title, 'Add a backup pin placeholder and an expiration');
  assert.equal(fix.safe, false);
  const root = scanned.root!;
  const fixed = applyChanges(root, files, fix.changes);
  assert.equal(
    fixed[NSC],
    '<network-security-config>\n  <domain-config>\n    <domain>fhir.clinic.example</domain>\n' +
      '    <pin-set expiration="2027-12-01">\n      <pin digest="SHA-256">AAAB</pin>\n' +
      '      <!-- TODO: replace with the base64 SPKI SHA-256 of a backup key kept offline -->\n' +
      '      <pin digest="SHA-256">AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</pin>\n' +
      '    </pin-set>\n  </domain-config>\n</network-security-config>\n',
  );
  await assertWellFormed(fixed);
  const after = (await scanText(fixed)).filter((f) => f.ruleId === ID);
  assert.deepEqual(
    after.map((f) => `${f.severity} ${f.message}`),
    ['error Pin-set for fhir.clinic.example still holds the PHI Guard backup pin placeholder.'],
  );
});
