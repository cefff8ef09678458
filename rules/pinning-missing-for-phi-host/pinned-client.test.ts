import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  PINNED_DIO_SOURCE,
  PINNED_HTTP_SOURCE,
  pinnedClientSource,
  type HostPins,
} from '../../server/src/engine/fixes/pinned-client-source';
import { assertWellFormed } from '../../test/support/fix-checks';
import { applyChanges, scanText } from '../../test/support/platform-harness';
import { PINNED_CLIENT_TITLE } from './fixes';

const ID = 'pinning-missing-for-phi-host';
const PRIMARY = 'PLCxtPA441geIs3hB0FcVPTSbFloKj3m62kxpl6hP+I=';
const BACKUP = 'QcyL46ADMKMM20nb0QyUm1+Q6Ee/CLnT6PHcUG/eGLQ=';

const PINNED: HostPins = {
  host: 'portal.clinic.example',
  includeSubdomains: false,
  pins: [PRIMARY, BACKUP],
  source: 'config',
};
const PLACEHOLDER: HostPins = {
  host: 'fhir.clinic.example',
  includeSubdomains: true,
  pins: [undefined, undefined],
  source: 'placeholder',
};

/** The helper as the README shows it: one host whose pins are still placeholders. */
const README_EXAMPLE: HostPins = { ...PLACEHOLDER, includeSubdomains: false };

function helperProject(hosts: HostPins[]): Record<string, string> {
  return {
    'pubspec.yaml': 'name: app\ndependencies:\n  http: ^1.2.0\n  dio: ^5.7.0\n  crypto: ^3.0.3\n',
    'lib/security/pinned_http_client.dart': pinnedClientSource(hosts),
    'lib/security/pinned_http.dart': PINNED_HTTP_SOURCE,
    'lib/security/pinned_dio.dart': PINNED_DIO_SOURCE,
  };
}

test('generated helpers parse without syntax errors', async () => {
  await assertWellFormed(helperProject([PINNED, PLACEHOLDER]));
});

test('helper checks the pin before any request byte', () => {
  const source = pinnedClientSource([PINNED]);
  assert.match(source, /\.\.connectionFactory = /);
  assert.match(source, /SecureSocket\.startConnect\(uri\.host, uri\.port\)/);
  assert.match(source, /socket\.destroy\(\);\n\s+throw PinningException/);
  assert.match(source, /ConnectionTask\.fromSocket\(checked, task\.cancel\)/);
  assert.match(source, /findProxy = \(\(Uri uri\) => 'DIRECT'\)/);
  assert.match(source, /sha256\.convert\(spki\)/);
});

test('placeholder pins are reported as errors', async () => {
  const findings = (await scanText(helperProject([PINNED, PLACEHOLDER]))).filter(
    (f) => f.ruleId === ID,
  );
  assert.equal(findings.length, 2, findings.map((f) => f.message).join('\n'));
  for (const finding of findings) {
    assert.equal(finding.severity, 'error');
    assert.equal(
      finding.message,
      'Pin for fhir.clinic.example is still the placeholder phiGuardPlaceholderPin.',
    );
    assert.ok(finding.related[0]?.message.includes('rejects every connection'));
  }
  const text = pinnedClientSource([PINNED, PLACEHOLDER]).split('\n');
  const lines = findings.map((f) => text[f.range.start.line].trim());
  assert.deepEqual(lines, ['phiGuardPlaceholderPin,', 'phiGuardPlaceholderPin,']);
});

test('configured pins raise no finding in the helpers', async () => {
  const findings = await scanText(helperProject([PINNED]));
  assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('a placeholder string in the pin list is reported', async () => {
  const source = pinnedClientSource([PINNED]).replace(
    `'${BACKUP}'`,
    "'PHI_GUARD_PLACEHOLDER_PIN'",
  );
  const files = { ...helperProject([]), 'lib/security/pinned_http_client.dart': source };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.deepEqual(findings.map((f) => f.message), [
    'Pin for portal.clinic.example is still the placeholder value.',
  ]);
});

test('existing helper gets the missing host only', async () => {
  const files = {
    ...helperProject([PINNED]),
    'lib/fhir.dart': [
      "import 'package:dio/dio.dart';",
      '',
      "final fhir = Dio(BaseOptions(baseUrl: 'https://fhir.clinic.example'));",
      '',
    ].join('\n'),
  };
  const findings = await scanText(files);
  const fix = findings
    .filter((f) => f.ruleId === ID)
    .flatMap((f) => f.fixes)
    .find((f) => f.title === PINNED_CLIENT_TITLE);
  assert.ok(fix, 'no pinned client fix offered');
  const fixed = applyChanges(findings.root!, files, fix.changes);
  const expected = pinnedClientSource([PINNED, { ...PLACEHOLDER, includeSubdomains: false }]);
  assert.equal(fixed['lib/security/pinned_http_client.dart'], expected);
  assert.equal(fixed['lib/security/pinned_dio.dart'], PINNED_DIO_SOURCE);
  assert.match(fixed['lib/fhir.dart'], /final fhir = createPinnedDio\(BaseOptions\(/);
});

test('README shows the generated helpers verbatim', () => {
  const readme = readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  assert.ok(readme.includes(pinnedClientSource([README_EXAMPLE])), 'core helper differs');
  assert.ok(readme.includes(PINNED_HTTP_SOURCE), 'package:http adapter differs');
  assert.ok(readme.includes(PINNED_DIO_SOURCE), 'dio adapter differs');
});

test('dio locked below 5.2.0 gets no fix', async () => {
  const lock = (version: string) =>
    `packages:\n  dio:\n    dependency: "direct main"\n    version: "${version}"\n`;
  const project = (version: string) => ({
    'pubspec.yaml': 'name: app\ndependencies:\n  dio: ^5.0.0\n',
    'pubspec.lock': lock(version),
    'lib/fhir.dart': [
      "import 'package:dio/dio.dart';",
      "final fhir = Dio(BaseOptions(baseUrl: 'https://fhir.clinic.example'));",
      '',
    ].join('\n'),
  });
  const titles = async (version: string) =>
    (await scanText(project(version)))
      .filter((f) => f.ruleId === ID)
      .flatMap((f) => f.fixes.map((fix) => fix.title));
  assert.deepEqual(await titles('5.1.2'), []);
  assert.deepEqual(await titles('5.2.0'), [PINNED_CLIENT_TITLE]);
});
