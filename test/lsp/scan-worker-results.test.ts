/**
 * Scan workers post each file's `FileResult` to the server by structured clone, which drops
 * functions, prototypes and class fields. These checks run the engine on the example app and
 * on a file with suppression comments and compare each result with its clone.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { allRules } from '../../rules';
import { discoverFiles, Engine, type FileResult } from '../../server/src/engine';

const EXAMPLE_APP = path.resolve(__dirname, '../../examples/clinic_app');

const SUPPRESSED = [
  "import 'package:http/http.dart' as http;",
  '',
  'Future<void> ping() async {',
  '  // phi-guard-ignore cleartext-http-endpoint: local test server [expires 2099-01-01]',
  "  await http.get(Uri.parse('http://a.example/ping'));",
  '  // phi-guard-ignore not-a-rule',
  "  await http.get(Uri.parse('http://b.example/ping'));",
  '}',
  '',
].join('\n');

let root: string;
let results: FileResult[];

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'phi-guard-clone-'));
  cpSync(EXAMPLE_APP, root, { recursive: true });
  writeFileSync(path.join(root, 'lib', 'ping.dart'), SUPPRESSED);
  const engine = await Engine.create({ rules: allRules });
  const files = discoverFiles([root]).files;
  for (const file of files) engine.workspace.addPath(file);
  results = files.map((file) => engine.analyzeFile(file));
});

after(() => rmSync(root, { recursive: true, force: true }));

test('results cover findings, fixes and suppressions', () => {
  const findings = results.flatMap((result) => result.findings);
  assert.ok(findings.length > 0, 'the example app has findings');
  assert.ok(findings.some((finding) => finding.fixes.length > 0), 'some finding has a fix');
  assert.ok(findings.some((finding) => finding.suppression), 'a finding is suppressed');
  const suppressions = results.flatMap((result) => result.suppressions ?? []);
  assert.ok(suppressions.length >= 2, 'both suppression comments are assessed');
});

test('every file result survives structured clone', () => {
  for (const result of results) {
    assert.deepStrictEqual(structuredClone(result), result, result.path);
  }
});
