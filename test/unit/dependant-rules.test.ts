import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileKind } from '../../server/src/engine';
import { defineRule, type Rule } from '../../server/src/engine/rule-api';
import { Analyzer } from '../../server/src/lsp/analysis';
import { ChangeTracker } from '../../server/src/lsp/changes';
import { UriMap } from '../../server/src/lsp/uri';
import { createEngine } from '../support/harness';

const ROOT = '/dependant-rules';
const NSC = `${ROOT}/android/app/src/main/res/xml/network_security_config.xml`;
const DART = `${ROOT}/lib/main.dart`;

/** Creates a rule that records each run and reports one finding on the file's first line. */
function countingRule(id: string, fileKinds: FileKind[], reads?: FileKind[]) {
  const runs: string[] = [];
  const rule: Rule = defineRule({
    meta: {
      id,
      summary: 'Counts its runs.',
      category: 'transport',
      defaultSeverity: 'warning',
      fileKinds,
      reads,
      hipaa: ['(e)(1)'],
      masvs: ['MASVS-NETWORK-1'],
      cwe: [319],
      wave: 1,
      fix: 'none',
    },
    check({ file, project, report }) {
      runs.push(file.path);
      const message = `Seen ${project.files('dart').length} Dart file(s).`;
      report({ range: file.source.rangeOf(0, 1), message });
    },
  });
  return { rule, runs };
}

async function setUp() {
  const reader = countingRule('reads-dart', ['network-security-config'], ['dart']);
  const local = countingRule('reads-nothing', ['network-security-config']);
  const engine = await createEngine({ rules: [reader.rule, local.rule] });
  engine.workspace.open(`${ROOT}/pubspec.yaml`, 'name: demo\n', 1);
  engine.workspace.open(NSC, '<network-security-config/>\n', 1);
  engine.workspace.open(DART, 'void main() {}\n', 1);
  const connection = { sendDiagnostics: async () => undefined };
  const logger = { error() {}, warn() {}, info() {}, debug() {} };
  const analyzer = new Analyzer(engine, connection as never, new UriMap(), logger as never);
  return { engine, analyzer, logger, reader, local };
}

test('analyzer re-runs only rules reading the changed kind', async () => {
  const { engine, analyzer, reader, local } = await setUp();
  analyzer.analyze(NSC);
  assert.deepEqual([reader.runs.length, local.runs.length], [1, 1]);
  engine.workspace.open(DART, 'void main() { print(1); }\n', 2);
  analyzer.analyzeAffected(NSC, ['dart']);
  assert.equal(reader.runs.length, 2);
  assert.equal(local.runs.length, 1);
  const ids = analyzer.result(NSC)!.result.findings.map((f) => f.ruleId);
  assert.deepEqual(ids.sort(), ['reads-dart', 'reads-nothing']);
});

test('analyzer runs all rules without a stored result', async () => {
  const { analyzer, reader, local } = await setUp();
  analyzer.analyzeAffected(NSC, ['dart']);
  assert.deepEqual([reader.runs.length, local.runs.length], [1, 1]);
});

function trackerFor(setUpResult: Awaited<ReturnType<typeof setUp>>): ChangeTracker {
  const { engine, analyzer, logger } = setUpResult;
  const isOpen = () => true;
  const configFilesMoved = () => undefined;
  const inWorkspace = () => true;
  return new ChangeTracker(engine, analyzer, logger as never, isOpen, configFilesMoved, inWorkspace);
}

/** Waits for the edit's typing pause (80 ms) and the dependants' pause (300 ms more). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

test('change tracker sends dependants the changed kind', async () => {
  const context = await setUp();
  const { engine, analyzer, reader, local } = context;
  analyzer.analyze(NSC);
  analyzer.analyze(DART);
  const tracker = trackerFor(context);
  engine.workspace.open(DART, 'void main() { print(2); }\n', 3);
  tracker.documentChanged(DART, true);
  await settle();
  tracker.dispose();
  assert.equal(reader.runs.filter((p) => p === NSC).length, 2);
  assert.equal(local.runs.filter((p) => p === NSC).length, 1);
});

test('change tracker runs all rules after a new document', async () => {
  const context = await setUp();
  const { engine, analyzer, reader, local } = context;
  analyzer.analyze(NSC);
  const tracker = trackerFor(context);
  engine.workspace.open(`${ROOT}/lib/new_screen.dart`, 'void show() {}\n', 1);
  tracker.documentChanged(`${ROOT}/lib/new_screen.dart`, true);
  await settle();
  tracker.dispose();
  assert.equal(reader.runs.filter((p) => p === NSC).length, 2);
  assert.equal(local.runs.filter((p) => p === NSC).length, 2);
});
