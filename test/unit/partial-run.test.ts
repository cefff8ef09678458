import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules';
import { discoverFiles, type Engine, type FileKind } from '../../server/src/engine';
import { rulesAffectedBy } from '../../server/src/engine/partial-run';
import { defineRule } from '../../server/src/engine/rule-api';
import { createEngine } from '../support/harness';

const RULES_DIR = path.resolve(__dirname, '../../rules');
const crossFileRules = allRules.filter((rule) => (rule.meta.reads ?? []).length > 0);

/** Lists the folders directly under a rule's fixtures/, such as `valid` and `invalid`. */
function fixtureFolders(ruleId: string): string[] {
  const fixtures = path.join(RULES_DIR, ruleId, 'fixtures');
  if (!existsSync(fixtures)) return [];
  return readdirSync(fixtures, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(fixtures, entry.name));
}

async function engineFor(folder: string): Promise<{ engine: Engine; files: string[] }> {
  const engine = await createEngine();
  const files = discoverFiles([folder]).files;
  engine.workspace.setScanRoots([folder]);
  for (const file of files) engine.workspace.addPath(file);
  return { engine, files };
}

function kindOf(engine: Engine, filePath: string): FileKind {
  return engine.workspace.file(filePath)!.kind;
}

/**
 * Changes one read file (emptied, the biggest change a file can go through) and checks that a
 * partial re-run of every target file equals a full run. Returns how many targets changed.
 */
async function checkFolder(folder: string, reads: FileKind[]): Promise<number> {
  const { engine, files } = await engineFor(folder);
  const before = new Map(files.map((p) => [p, engine.analyzeFile(p)]));
  let changedResults = 0;
  for (const changed of files) {
    const changedKind = kindOf(engine, changed);
    if (!reads.includes(changedKind)) continue;
    engine.workspace.open(changed, '', 1);
    for (const target of files.filter((p) => p !== changed)) {
      // Without the same-kind margin, so `meta.reads` alone must name what each rule reads.
      const kind = kindOf(engine, target);
      const ruleIds = rulesAffectedBy(allRules, kind, [changedKind], { sameKindMargin: false });
      const previous = before.get(target)!;
      const partial = engine.analyzeFile(target, { partial: { ruleIds, previous } });
      const full = engine.analyzeFile(target);
      const where = `${path.relative(RULES_DIR, target)} after emptying ${path.basename(changed)}`;
      assert.deepEqual(partial, full, where);
      if (JSON.stringify(full) !== JSON.stringify(previous)) changedResults++;
    }
    engine.workspace.close(changed, true);
  }
  return changedResults;
}

test('partial re-run equals full run on cross-file fixtures', async () => {
  let changedResults = 0;
  let folders = 0;
  for (const rule of crossFileRules) {
    for (const folder of fixtureFolders(rule.meta.id)) {
      folders++;
      changedResults += await checkFolder(folder, rule.meta.reads ?? []);
    }
  }
  assert.ok(folders >= crossFileRules.length, `${folders} fixture folders checked`);
  // Without results that really changed, the comparison above would prove nothing.
  assert.ok(changedResults > 0, 'some read-file change altered a result');
});

test('partial re-run keeps findings of rules not re-run', async () => {
  const folder = path.join(RULES_DIR, 'phi-in-plain-key-value-store', 'fixtures', 'invalid');
  const { engine, files } = await engineFor(folder);
  const dart = files.find((p) => p.endsWith('.dart') && engine.analyzeFile(p).findings.length > 0);
  assert.ok(dart, 'an invalid fixture with findings');
  const previous = engine.analyzeFile(dart);
  const kept = engine.analyzeFile(dart, { partial: { ruleIds: new Set(), previous } });
  assert.deepEqual(kept, previous);
  assert.notEqual(kept, previous);
});

test('partial re-run falls back when the text changed', async () => {
  const folder = path.join(RULES_DIR, 'phi-in-plain-key-value-store', 'fixtures', 'invalid');
  const { engine, files } = await engineFor(folder);
  const dart = files.find((p) => p.endsWith('.dart') && engine.analyzeFile(p).findings.length > 0)!;
  const previous = engine.analyzeFile(dart);
  engine.workspace.open(dart, 'void main() {}\n', 1);
  const result = engine.analyzeFile(dart, { partial: { ruleIds: new Set(), previous } });
  assert.deepEqual(result.findings, []);
});

test('rules affected by a change of kind', () => {
  const nsc = rulesAffectedBy(allRules, 'network-security-config', ['dart']);
  assert.ok(nsc.has('android-nsc-ignored-by-dart'));
  assert.ok(!nsc.has('android-nsc-cleartext-permitted'));
  const dart = rulesAffectedBy(allRules, 'dart', ['network-security-config']);
  assert.ok(dart.has('pinning-missing-for-phi-host'));
  assert.ok(!dart.has('phi-in-logs'));
  const sameKind = rulesAffectedBy(allRules, 'dart', ['dart']);
  assert.ok(sameKind.has('phi-in-logs'));
  const readsOnly = rulesAffectedBy(allRules, 'dart', ['dart'], { sameKindMargin: false });
  assert.ok(readsOnly.has('phi-in-plain-key-value-store'));
  assert.ok(!readsOnly.has('phi-in-logs'));
  const pubspec = rulesAffectedBy(allRules, 'android-manifest', ['pubspec']);
  assert.ok(pubspec.has('android-cleartext-traffic-enabled'));
});

test('partial re-run keeps failure notices of skipped rules', async () => {
  const meta = {
    summary: 'Test rule.',
    category: 'transport' as const,
    defaultSeverity: 'warning' as const,
    fileKinds: ['dart' as FileKind],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-1'],
    cwe: [319],
    wave: 1 as const,
    fix: 'none' as const,
  };
  const throwing = defineRule({
    meta: { ...meta, id: 'always-throws' },
    check() {
      throw new TypeError('broken');
    },
  });
  const reading = defineRule({
    meta: { ...meta, id: 'reads-dart', reads: ['dart'] },
    check({ file, report }) {
      report({ range: file.source.rangeOf(0, 1), message: 'Seen.' });
    },
  });
  const engine = await createEngine({ rules: [throwing, reading] });
  engine.workspace.open('/crash-check/lib/a.dart', 'void main() {}\n', 1);
  const previous = engine.analyzeFile('/crash-check/lib/a.dart');
  assert.equal(previous.notices.length, 1);
  const ruleIds = new Set(['reads-dart']);
  const partial = engine.analyzeFile('/crash-check/lib/a.dart', { partial: { ruleIds, previous } });
  assert.deepEqual(partial, previous);
  assert.match(partial.notices[0].message, /^Rule always-throws failed/);
});

test('partial re-run ignores a skipped result', async () => {
  const folder = path.join(RULES_DIR, 'phi-in-plain-key-value-store', 'fixtures', 'invalid');
  const { engine, files } = await engineFor(folder);
  const dart = files.find((p) => p.endsWith('.dart') && engine.analyzeFile(p).findings.length > 0)!;
  const skipped = { path: dart, findings: [], notices: [] };
  const result = engine.analyzeFile(dart, { partial: { ruleIds: new Set(), previous: skipped } });
  assert.deepEqual(result, engine.analyzeFile(dart));
  assert.ok(result.findings.length > 0);
});
