import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  PINNED_CLIENT_SOURCE,
  PINNED_DIO_SOURCE,
  PINNED_HTTP_SOURCE,
  pinnedHostEntry,
  pinnedHostsSource,
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

const HOSTS_PATH = 'lib/security/pinned_hosts.dart';
const CLIENT_PATH = 'lib/security/pinned_http_client.dart';

/** The pin table as the README shows it: one host whose pins are still placeholders. */
const README_EXAMPLE: HostPins = { ...PLACEHOLDER, includeSubdomains: false };

function helperProject(hosts: HostPins[]): Record<string, string> {
  return {
    'pubspec.yaml': 'name: app\ndependencies:\n  http: ^1.2.0\n  dio: ^5.7.0\n  crypto: ^3.0.3\n',
    [HOSTS_PATH]: pinnedHostsSource(hosts),
    [CLIENT_PATH]: PINNED_CLIENT_SOURCE,
    'lib/security/pinned_http.dart': PINNED_HTTP_SOURCE,
    'lib/security/pinned_dio.dart': PINNED_DIO_SOURCE,
  };
}

test('generated helpers parse without syntax errors', async () => {
  await assertWellFormed(helperProject([PINNED, PLACEHOLDER]));
});

test('helper checks the pin before any request byte', () => {
  const source = PINNED_CLIENT_SOURCE;
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
  const declaration = PINNED_CLIENT_SOURCE.split('\n').findIndex((line) =>
    line.startsWith('const String phiGuardPlaceholderPin ='),
  );
  for (const finding of findings) {
    assert.equal(finding.severity, 'error');
    assert.equal(
      finding.message,
      'Pin for fhir.clinic.example is still the placeholder phiGuardPlaceholderPin.',
    );
    assert.ok(finding.path.endsWith(HOSTS_PATH), finding.path);
    assert.ok(finding.related[0]?.message.includes('rejects every connection'));
    assert.ok(finding.related[0]?.path.endsWith(CLIENT_PATH), finding.related[0]?.path);
    assert.equal(finding.related[0]?.range.start.line, declaration);
  }
  const text = pinnedHostsSource([PINNED, PLACEHOLDER]).split('\n');
  const lines = findings.map((f) => text[f.range.start.line].trim());
  assert.deepEqual(lines, ['phiGuardPlaceholderPin,', 'phiGuardPlaceholderPin,']);
});

test('placeholder constant hidden by the import is not resolved', async () => {
  const hosts = pinnedHostsSource([PLACEHOLDER]).replace(
    "import 'pinned_http_client.dart';",
    "import 'pinned_http_client.dart' hide phiGuardPlaceholderPin;",
  );
  const files = { ...helperProject([]), [HOSTS_PATH]: hosts };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.deepEqual(findings.map((f) => f.message), []);
});

test('pin table file contains only the table', () => {
  const code = pinnedHostsSource([PINNED, PLACEHOLDER])
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('//'));
  assert.equal(code[0], "import 'pinned_http_client.dart';");
  assert.equal(code[1], 'const List<PinnedHost> pinnedHosts = <PinnedHost>[');
  assert.equal(code[code.length - 1], '];');
  assert.doesNotMatch(PINNED_CLIENT_SOURCE, /PinnedHost\(\s*'/);
  assert.doesNotMatch(PINNED_CLIENT_SOURCE, /pinnedHosts = /);
});

test('configured pins raise no finding in the helpers', async () => {
  const findings = await scanText(helperProject([PINNED]));
  assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('a placeholder string in the pin list is reported', async () => {
  const source = pinnedHostsSource([PINNED]).replace(
    `'${BACKUP}'`,
    "'PHI_GUARD_PLACEHOLDER_PIN'",
  );
  const files = { ...helperProject([]), [HOSTS_PATH]: source };
  const findings = (await scanText(files)).filter((f) => f.ruleId === ID);
  assert.deepEqual(findings.map((f) => f.message), [
    'Pin for portal.clinic.example is still the placeholder value.',
  ]);
});

const FHIR_DIO = [
  "import 'package:dio/dio.dart';",
  '',
  "final fhir = Dio(BaseOptions(baseUrl: 'https://fhir.clinic.example'));",
  '',
].join('\n');

async function applyPinnedClientFix(files: Record<string, string>) {
  const findings = await scanText(files);
  const fix = findings
    .filter((f) => f.ruleId === ID)
    .flatMap((f) => f.fixes)
    .find((f) => f.title === PINNED_CLIENT_TITLE);
  assert.ok(fix, 'no pinned client fix offered');
  return applyChanges(findings.root!, files, fix.changes);
}

test('existing pin table gets the missing host only', async () => {
  const files = { ...helperProject([PINNED]), 'lib/fhir.dart': FHIR_DIO };
  const fixed = await applyPinnedClientFix(files);
  const expected = pinnedHostsSource([PINNED, { ...PLACEHOLDER, includeSubdomains: false }]);
  assert.equal(fixed[HOSTS_PATH], expected);
  assert.equal(fixed[CLIENT_PATH], PINNED_CLIENT_SOURCE);
  assert.equal(fixed['lib/security/pinned_dio.dart'], PINNED_DIO_SOURCE);
  assert.match(fixed['lib/fhir.dart'], /final fhir = createPinnedDio\(BaseOptions\(/);
});

test('existing client is kept when the pin table is missing', async () => {
  const edited = `// Edited by the team.\n${PINNED_CLIENT_SOURCE}`;
  const files: Record<string, string> = {
    ...helperProject([]),
    [CLIENT_PATH]: edited,
    'lib/fhir.dart': FHIR_DIO,
  };
  delete files[HOSTS_PATH];
  const fixed = await applyPinnedClientFix(files);
  assert.equal(fixed[CLIENT_PATH], edited);
  const expected = pinnedHostsSource([{ ...PLACEHOLDER, includeSubdomains: false }]);
  assert.equal(fixed[HOSTS_PATH], expected);
});

test('single-file client gets the host in its own table', async () => {
  // The client as generated before the table moved to pinned_hosts.dart.
  const directives = "import 'pinned_hosts.dart';\n\nexport 'pinned_hosts.dart';\n\n";
  const declaration = 'const List<PinnedHost> pinnedHosts = <PinnedHost>[';
  const table = `\n${declaration}\n${pinnedHostEntry(PINNED)}];\n`;
  const legacy = PINNED_CLIENT_SOURCE.replace(directives, '') + table;
  assert.notEqual(legacy, PINNED_CLIENT_SOURCE + table, 'directives not found in the client');
  const files: Record<string, string> = {
    ...helperProject([]),
    [CLIENT_PATH]: legacy,
    'lib/fhir.dart': FHIR_DIO,
  };
  delete files[HOSTS_PATH];
  const fixed = await applyPinnedClientFix(files);
  const entry = pinnedHostEntry({ ...PLACEHOLDER, includeSubdomains: false });
  assert.equal(fixed[HOSTS_PATH], undefined);
  assert.ok(fixed[CLIENT_PATH].endsWith(`${pinnedHostEntry(PINNED)}${entry}];\n`));
});

test('README shows the generated helpers verbatim', () => {
  const readme = readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  assert.ok(readme.includes(pinnedHostsSource([README_EXAMPLE])), 'pin table differs');
  assert.ok(readme.includes(PINNED_CLIENT_SOURCE), 'core helper differs');
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
