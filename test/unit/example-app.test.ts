/**
 * The example app under examples/clinic_app plants at least one problem of every wave-1 rule,
 * each marked `expect: <rule-id>`, and look-alikes marked `ok: <rule-id>` that the rule must not
 * report. This test scans the whole app with its own phi_guard.yaml, as the CLI does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { allRules } from '../../rules';
import { discoverFiles } from '../../server/src/engine';
import { ConfigLoader } from '../../server/src/engine/config-loader';
import { defaultDartGrammarPath } from '../../server/src/engine/parsers/dart-grammar';
import type { Finding } from '../../server/src/engine/types';
import { readExpectations, scan, type Expectation } from '../support/harness';
import { WAVE_ONE_RULE_IDS } from '../support/catalogue';

const APP = path.resolve(__dirname, '../../examples/clinic_app');


const LOOK_ALIKE = /\bok:\s*([a-z0-9-]+)/g;

/**
 * Reads `ok: <rule-id>` annotations. Like `expect:`, one on a line of its own applies to the
 * next line that is not blank or a comment, and one after code applies to its own line.
 */
function readLookAlikes(files: string[]): Expectation[] {
  const found: Expectation[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
    lines.forEach((text, index) => {
      for (const match of text.matchAll(LOOK_ALIKE)) {
        const before = text.slice(0, match.index);
        const commentStart = before.search(/\/\/|#|<!--/);
        if (commentStart < 0) continue;
        const ownLine = before.slice(0, commentStart).trim() === '';
        const line = ownLine ? nextCodeLine(lines, index) : index;
        found.push({ path: file, line, ruleId: match[1] });
      }
    });
  }
  return found;
}

function nextCodeLine(lines: string[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text !== '' && !/^(\/\/|#|<!--)/.test(text)) return i;
  }
  return from + 1;
}

function where(mark: Expectation): string {
  return `${path.relative(APP, mark.path)}:${mark.line + 1} ${mark.ruleId}`;
}

function isReported(findings: Finding[], mark: Expectation): boolean {
  return findings.some(
    (f) => f.ruleId === mark.ruleId && f.path === mark.path && f.range.start.line === mark.line,
  );
}

let files: string[];
let expectations: Expectation[];
let lookAlikes: Expectation[];
let findings: Finding[];

before(async () => {
  files = discoverFiles([APP]).files;
  expectations = readExpectations(files);
  lookAlikes = readLookAlikes(files);
  const loader = new ConfigLoader({ rules: allRules.map((rule) => rule.meta) });
  assert.deepEqual(loader.forFile(path.join(APP, 'lib/main.dart')).errors, []);
  // The harness builds a separate engine only when a grammar path is given, so pass the default
  // one to make it take the app's config.
  findings = await scan([APP], {
    dartGrammarPath: defaultDartGrammarPath(),
    configFor: (file) => loader.configFor(file),
  });
});

test('example app plants every wave-1 rule', () => {
  const planted = new Set(expectations.map((e) => e.ruleId));
  const missing = WAVE_ONE_RULE_IDS.filter((id) => !planted.has(id));
  assert.deepEqual(missing, [], `wave-1 rules without a planted problem: ${missing.join(', ')}`);
  assert.equal(planted.size, WAVE_ONE_RULE_IDS.length, 'planted rule count');
});

test('example annotations name registered rules', () => {
  const registered = new Set(allRules.map((rule) => rule.meta.id));
  const unknown = [...expectations, ...lookAlikes].filter((e) => !registered.has(e.ruleId));
  assert.deepEqual(unknown.map(where), []);
  for (const id of WAVE_ONE_RULE_IDS) assert.ok(registered.has(id), `${id} is not in rules/index.ts`);
});

test('example app reports every planted problem', () => {
  assert.ok(expectations.length >= WAVE_ONE_RULE_IDS.length, 'fewer annotations than wave-1 rules');
  const missed = expectations.filter((e) => !isReported(findings, e));
  assert.deepEqual(missed.map(where), [], 'planted problems that no finding reports');
});

test('example look-alikes are not reported', () => {
  assert.ok(lookAlikes.length > 0, 'the example has no "ok:" look-alikes');
  const reported = lookAlikes.filter((e) => isReported(findings, e));
  assert.deepEqual(reported.map(where), [], 'look-alikes that a rule reports');
});
