import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { assertWellFormed } from '../../test/support/fix-checks';
import { checkRuleFixtures, scan } from '../../test/support/harness';
import { applyChanges, scanText } from '../../test/support/platform-harness';
import {
  REDACT_FUNCTION,
  REDACTING_LOGGER_SOURCE,
} from '../../server/src/engine/fixes/redacting-logger';
import { SANITIZERS } from '../../server/src/engine/phi/knowledge';
import type { Finding } from '../../server/src/engine/types';
import { REDACT_TITLE } from './fixes';

const ID = 'phi-in-logs';
const fixtures = path.join(__dirname, 'fixtures');

/** Scans one Dart file written to a fresh temporary project and returns this rule's findings. */
async function findingsFor(source: string): Promise<Finding[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-in-logs-'));
  mkdirSync(path.join(root, 'lib'));
  writeFileSync(path.join(root, 'lib', 'main.dart'), source);
  return (await scan([root])).filter((f) => f.ruleId === ID);
}

const HEADER = "import 'package:flutter/foundation.dart';\n";

test('phi-in-logs fixtures', async () => {
  await checkRuleFixtures(ID, fixtures);
});

test('message names the call and the PHI term', async () => {
  const findings = await findingsFor(`${HEADER}void f(String mrn) {\n  print('chart $mrn');\n}\n`);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].message, '`print` logs a PHI value (mrn) in release builds.');
  assert.equal(findings[0].severity, 'error');
  assert.deepEqual(findings[0].range.start, { line: 2, character: 2 });
  assert.deepEqual(findings[0].range.end, { line: 2, character: 21 });
});

test('related information lists the path from the source', async () => {
  const source = `${HEADER}void f(String diagnosis) {
  final summary = 'dx: $diagnosis';
  final lines = [summary];
  debugPrint(lines.join());
}
`;
  const [finding] = await findingsFor(source);
  assert.ok(finding, 'one finding');
  const steps = finding.related.map((r) => `${r.range.start.line}: ${r.message}`);
  assert.deepEqual(steps, [
    "1: Source: `diagnosis` is PHI by its name ('diagnosis').",
    '2: Interpolated into a string.',
    '2: Assigned to `summary`.',
    '3: Put into a collection literal.',
    '3: Assigned to `lines`.',
    '4: Release builds keep this call; log an id instead, or wrap it in if (kDebugMode).',
  ]);
});

test('facts about a secret are not the secret', async () => {
  const source = `${HEADER}void f(String password, List<String> searchTokens, Object tokenizer) {
  print('\${password.length}');
  print(searchTokens);
  print(tokenizer);
  final tokenCount = searchTokens.length;
  print(tokenCount);
  final isTokenValid = password.isNotEmpty;
  print(isTokenValid);
  print(password == 'x');
  print({'token': 'header name only'});
}
`;
  assert.deepEqual(await findingsFor(source), []);
});

test('fields of a PHI class are PHI', async () => {
  const source = `${HEADER}class Observation {
  Observation(this.value, this.id);
  final String value;
  final String id;
}

void f(Observation observation) {
  print(observation.value);
  print(observation.id);
}
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [8],
  );
  assert.equal(findings[0].message, '`print` logs a PHI value (value) in release builds.');
});

test('constructor fields carry PHI from the caller', async () => {
  const source = `${HEADER}class Visit {
  Visit(this.reason);
  final String reason;
  void log() => print(reason);
}

void f(String symptoms) => Visit(symptoms).log();
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [4],
  );
});

test('toJson and jsonEncode keep PHI', async () => {
  const source = `${HEADER}import 'dart:convert';

class Patient {
  Patient(this.name);
  final String name;
  Map<String, dynamic> toJson() => {'name': name};
}

void f(Patient patient) {
  final body = jsonEncode(patient.toJson());
  print(body);
}
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [11],
  );
  const labels = findings[0].related.map((r) => r.message);
  assert.ok(labels.includes('Encoded by jsonEncode().'), labels.join(' | '));
});

test('hashing removes PHI', async () => {
  const source = `${HEADER}import 'dart:convert';
import 'package:crypto/crypto.dart';

void f(String mrn) {
  print(sha256.convert(utf8.encode(mrn)).toString());
}
`;
  assert.deepEqual(await findingsFor(source), []);
});

test('health plugin results are PHI', async () => {
  const source = `${HEADER}import 'package:health/health.dart';

Future<void> f(Health health, List<HealthDataType> types) async {
  final points = await health.getHealthDataFromTypes(types: types);
  for (final point in points) {
    debugPrint('point $point');
  }
}
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [6],
  );
});

test('early return guard hides the call from release', async () => {
  const source = `${HEADER}void f(String ssn) {
  if (!kDebugMode) return;
  print(ssn);
}
`;
  assert.deepEqual(await findingsFor(source), []);
});

test('local print function is not the SDK print', async () => {
  const source = `${HEADER}void print(Object? value) {}

void f(String ssn) {
  print(ssn);
}
`;
  assert.deepEqual(await findingsFor(source), []);
});

test('else branch of kDebugMode is release code', async () => {
  const source = `${HEADER}void f(String ssn, bool verbose) {
  if (kReleaseMode) {
    print(ssn);
  }
  if (kDebugMode && verbose) print(ssn);
  if (kDebugMode) {
    print('debug');
  } else {
    print(ssn);
  }
}
`;
  const findings = await findingsFor(source);
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [3, 9],
  );
});

const LOG_FILE = [
  "import 'package:flutter/material.dart';",
  '',
  'class Chart {',
  '  void show(String diagnosis) {',
  "    debugPrint('Diagnosis: $diagnosis');",
  '  }',
  '}',
  '',
].join('\n');

test('kDebugMode fix wraps the call and imports foundation', async () => {
  const files = { 'pubspec.yaml': 'name: clinic\n', 'lib/chart.dart': LOG_FILE };
  const scanned = await scanText(files);
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the debugPrint call');
  const fix = finding.fixes.find((f) => f.title === 'Wrap the log call in if (kDebugMode)');
  assert.ok(fix, 'kDebugMode fix offered');
  assert.equal(fix.safe, false);
  const fixed = applyChanges(scanned.root!, files, fix.changes);
  assert.equal(
    fixed['lib/chart.dart'],
    [
      "import 'package:flutter/foundation.dart';",
      "import 'package:flutter/material.dart';",
      '',
      'class Chart {',
      '  void show(String diagnosis) {',
      '    if (kDebugMode) {',
      "      debugPrint('Diagnosis: $diagnosis');",
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  await assertWellFormed(fixed);
  const after = (await scanText(fixed)).filter((f) => f.ruleId === ID);
  assert.deepEqual(after.map((f) => f.message), []);
});

test('kDebugMode fix is not offered for an arrow body', async () => {
  const text = "void show(String diagnosis) => print('Diagnosis: $diagnosis');\n";
  const scanned = await scanText({ 'pubspec.yaml': 'name: clinic\n', 'lib/chart.dart': text });
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the print call');
  assert.deepEqual(
    finding.fixes.map((f) => f.title),
    [REDACT_TITLE],
  );
});

const HELPER = 'lib/security/redacting_logger.dart';

test('redact fix is safe and preferred', async () => {
  const text = `${HEADER}void f(String mrn) {\n  print('chart $mrn');\n}\n`;
  const scanned = await scanText({ 'pubspec.yaml': 'name: clinic\n', 'lib/chart.dart': text });
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the print call');
  assert.equal(finding.fixes[0].title, REDACT_TITLE);
  assert.equal(finding.fixes[0].safe, true);
  assert.equal(finding.fixes[0].isPreferred, true);
  assert.equal(finding.fixes[1].isPreferred, undefined);
});

test('README shows the redacting helper verbatim', () => {
  const readme = readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  const block = '```dart\n' + REDACTING_LOGGER_SOURCE + '```';
  assert.ok(readme.includes(block), 'README is out of date');
});

test('data flow treats redact as a sanitizer', () => {
  assert.ok(SANITIZERS.has(REDACT_FUNCTION));
});

test('generated helper has no finding', async () => {
  const scanned = await scanText({
    'pubspec.yaml': 'name: clinic\n',
    [HELPER]: REDACTING_LOGGER_SOURCE,
  });
  assert.deepEqual(
    scanned.map((f) => `${f.ruleId}: ${f.message}`),
    [],
  );
});

test('redact fix keeps an existing helper and prefixed import', async () => {
  const text = [
    "import 'package:clinic/security/redacting_logger.dart' as masking;",
    '',
    "void f(String mrn) => print('chart $mrn');",
    '',
  ].join('\n');
  const files = {
    'pubspec.yaml': 'name: clinic\n',
    'lib/chart.dart': text,
    [HELPER]: '// Edited by the team.\n',
  };
  const scanned = await scanText(files);
  const fix = scanned.find((f) => f.ruleId === ID)?.fixes[0];
  assert.ok(fix, 'redact fix offered');
  assert.equal(fix.changes.length, 1, 'only lib/chart.dart changes');
  const fixed = applyChanges(scanned.root!, files, fix.changes);
  assert.equal(fixed['lib/chart.dart'], text.replace('$mrn', '${masking.redact(mrn)}'));
  assert.equal(fixed[HELPER], '// Edited by the team.\n');
});

test('redact fix skipped when file declares redact', async () => {
  const text = [
    "String redact(String value) => value.substring(0, 2);",
    '',
    "void f(String mrn) => print('chart $mrn');",
    '',
  ].join('\n');
  const scanned = await scanText({ 'pubspec.yaml': 'name: clinic\n', 'lib/chart.dart': text });
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the print call');
  assert.deepEqual(
    finding.fixes.map((f) => f.title),
    [],
  );
});

test('redact fix masks developer log argument', async () => {
  const text = [
    "import 'dart:developer' as developer;",
    '',
    'void f(String mrn) {',
    "  developer.log('chart $mrn', name: 'charts');",
    '}',
    '',
  ].join('\n');
  const files = { 'pubspec.yaml': 'name: clinic\n', 'lib/chart.dart': text };
  const scanned = await scanText(files);
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the log call');
  assert.equal(finding.severity, 'info');
  assert.deepEqual(
    finding.fixes.map((f) => f.title),
    [REDACT_TITLE],
  );
  const fixed = applyChanges(scanned.root!, files, finding.fixes[0].changes);
  assert.ok(fixed['lib/chart.dart'].includes("developer.log('chart ${redact(mrn)}', name:"));
  assert.equal(fixed[HELPER], REDACTING_LOGGER_SOURCE);
});

test('redact fix wraps arithmetic whole', async () => {
  const text = `${HEADER}void f(int mrn, int offset) {\n  print(mrn - offset + 1);\n}\n`;
  const scanned = await scanText({ 'pubspec.yaml': 'name: clinic\n', 'lib/vitals.dart': text });
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the print call');
  const fix = finding.fixes.find((f) => f.title === REDACT_TITLE);
  assert.ok(fix, 'redact fix offered');
  const edit = fix.changes[0].kind === 'edit' ? fix.changes[0].edits[0] : undefined;
  assert.equal(edit?.newText, 'redact(mrn - offset + 1)');
});

test('redact fix needs the library of a part', async () => {
  const text = "part of 'missing.dart';\n\nvoid f(String mrn) => print('chart $mrn');\n";
  const scanned = await scanText({ 'pubspec.yaml': 'name: clinic\n', 'lib/chart.dart': text });
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the print call');
  assert.deepEqual(
    finding.fixes.map((f) => f.title),
    [],
  );
});

test('part file gets no kDebugMode fix', async () => {
  const library = "import 'package:flutter/foundation.dart';\n\npart 'chart_log.dart';\n";
  const part = "part of 'chart.dart';\n\nvoid f(String mrn) {\n  print('chart $mrn');\n}\n";
  const scanned = await scanText({
    'pubspec.yaml': 'name: clinic\n',
    'lib/chart.dart': library,
    'lib/chart_log.dart': part,
  });
  const finding = scanned.find((f) => f.ruleId === ID);
  assert.ok(finding, 'finding for the print call');
  assert.deepEqual(
    finding.fixes.map((f) => f.title),
    [REDACT_TITLE],
  );
});
