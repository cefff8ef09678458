import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, type Engine, type EngineConfig } from '../../server/src/engine';
import { applyEdits } from '../../server/src/engine/platform/text-edits';
import { SourceText } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { checkRuleFixtures, createEngine, scan } from '../../test/support/harness';

const ID = 'cleartext-http-endpoint';
const FIXTURES = path.join(__dirname, 'fixtures');
const API = path.join(FIXTURES, 'invalid/lib/records_api.dart');
const I18N = path.join(FIXTURES, 'invalid/lib/i18n_referral.dart');

test('cleartext-http-endpoint fixtures', async () => {
  await checkRuleFixtures(ID, FIXTURES);
});

async function findingsIn(file: string): Promise<Finding[]> {
  const findings = await scan([path.join(FIXTURES, 'invalid')]);
  return findings.filter((f) => f.ruleId === ID && f.path === file);
}

function lineOf(text: string, needle: string): number {
  return text.split(/\r\n|\n/).findIndex((line) => line.includes(needle));
}

test('ranges start at the literal or Uri.http', async () => {
  const text = readFileSync(API, 'utf8');
  const findings = await findingsIn(API);
  const expected: Array<[string, string]> = [
    ["'http://' 'records.clinic.example'", "'http://' 'records"],
    ['Uri.http(', 'Uri.http('],
    ["'http://$server", "'http://$server"],
    ["'${useTls", "'${useTls"],
  ];
  for (const [lineNeedle, columnNeedle] of expected) {
    const line = lineOf(text, lineNeedle);
    const finding = findings.find((f) => f.range.start.line === line);
    assert.ok(finding, `no finding on the line of ${lineNeedle}`);
    const column = text.split('\n')[line].indexOf(columnNeedle);
    assert.equal(finding.range.start.character, column, `start column of ${lineNeedle}`);
  }
});

test('adjacent literals are one URL', async () => {
  const text = readFileSync(API, 'utf8');
  const line = lineOf(text, "'http://' 'records.clinic.example'");
  const finding = (await findingsIn(API)).find((f) => f.range.start.line === line);
  const message = 'Request to http://records.clinic.example goes over cleartext HTTP.';
  assert.equal(finding?.message, message);
  const lineText = text.split('\n')[line];
  assert.equal(finding?.range.end.character, lineText.indexOf("/labs/$id'") + "/labs/$id'".length);
});

test('ternary scheme names its condition', async () => {
  const text = readFileSync(API, 'utf8');
  const line = lineOf(text, 'useTls ?');
  const finding = (await findingsIn(API)).find((f) => f.range.start.line === line);
  assert.equal(finding?.severity, 'warning');
  assert.equal(finding?.message, 'URL scheme may be http when `useTls` is false.');
});

test('UTF-16 columns with BOM, CRLF and emoji', async () => {
  const findings = await findingsIn(I18N);
  const first = findings.find((f) => f.range.start.line === 0);
  assert.deepEqual(first?.range, {
    start: { line: 0, character: 58 },
    end: { line: 0, character: 91 },
  });
  const request = findings.find((f) => f.range.start.line === 4);
  assert.deepEqual(request?.range, {
    start: { line: 4, character: 61 },
    end: { line: 4, character: 100 },
  });
  assert.equal(request?.severity, 'error');
});

let editor: Promise<Engine> | undefined;
let version = 0;

async function analyzeOpen(file: string, text: string, config?: EngineConfig): Promise<Finding[]> {
  const engine = config
    ? await createEngine({ configFor: () => config })
    : await (editor ??= createEngine());
  engine.workspace.open(file, text, ++version);
  return engine.analyzeFile(file).findings.filter((f) => f.ruleId === ID);
}

test('each fix edits only the scheme, or drops a condition whose branches agree', async () => {
  for (const file of [API, I18N]) {
    const raw = readFileSync(file, 'utf8');
    const source = new SourceText(raw);
    const before = await findingsIn(file);
    for (const finding of before) {
      const fix = finding.fixes[0];
      if (!fix) continue;
      assert.equal(fix.safe, true);
      const change = fix.changes[0];
      if (change.kind !== 'edit') throw new Error('a cleartext fix only edits');
      for (const edit of change.edits) {
        const start = source.offsetAt(edit.range.start);
        const replaced = source.text.slice(start, source.offsetAt(edit.range.end));
        if (fix.title.startsWith('Replace the condition')) {
          assert.match(replaced, /\?.*:/, `${fix.title} replaces ${replaced}`);
        } else {
          assert.ok(['http', 'ws'].includes(replaced), `${fix.title} replaces ${replaced}`);
        }
        assert.match(edit.newText, /^(https|wss|'https'|'wss')(:\/\/)?$/);
      }
      const after = applyEdits(source, change.edits);
      const findings = await analyzeOpen(file, after);
      const where = `${fix.title} at line ${finding.range.start.line + 1}`;
      assert.equal(findings.length, before.length - 1, where);
      const engine = await editor!;
      assert.equal(engine.workspace.file(file)?.dart()?.hasErrors, false);
    }
  }
});

test('every records_api finding has a fix', async () => {
  const findings = await findingsIn(API);
  assert.ok(findings.length > 0);
  for (const finding of findings) {
    assert.ok(finding.fixes.length > 0, `no fix at line ${finding.range.start.line + 1}`);
  }
});

test('config allow-list controls loopback', async () => {
  const text = [
    "const dev = 'http://10.0.2.2:8080/api';",
    "const api = 'http://records.clinic.example';",
    '',
  ].join('\n');
  const file = path.join(FIXTURES, 'valid/lib/allow_list_probe.dart');
  const strict = defaultConfig();
  strict.hosts.cleartextAllowed = [];
  assert.equal((await analyzeOpen(file, text, strict)).length, 2);
  const relaxed = defaultConfig();
  relaxed.hosts.cleartextAllowed = ['10.0.2.2', 'records.clinic.example'];
  assert.equal((await analyzeOpen(file, text, relaxed)).length, 0);
  assert.equal((await analyzeOpen(file, text, defaultConfig())).length, 1);
});
