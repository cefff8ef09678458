/**
 * Times each rule on one edit of a generated Dart file in the engine, in process, to find what
 * dominates keystroke latency. Usage: npx tsx bench/profile-rules.ts [lines] [edits]
 */
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { allRules } from '../rules';
import { Engine } from '../server/src/engine';
import { dartLibrary } from './generate';

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 5000);
  const edits = Number(process.argv[3] ?? 10);
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-profile-'));
  const file = path.join(root, 'lib', 'large.dart');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(path.join(root, 'pubspec.yaml'), 'name: profile\n');
  const text = dartLibrary(lines);
  writeFileSync(file, text);
  const spent = new Map<string, number>();
  const rules = allRules.map((rule) => ({
    ...rule,
    check: (ctx: Parameters<typeof rule.check>[0]) => {
      const started = performance.now();
      rule.check(ctx);
      spent.set(rule.meta.id, (spent.get(rule.meta.id) ?? 0) + performance.now() - started);
    },
  }));
  const engine = await Engine.create({ rules });
  engine.workspace.setScanRoots([root]);
  engine.workspace.addPath(path.join(root, 'pubspec.yaml'));
  engine.workspace.open(file, text, 1);
  engine.analyzeFile(file);
  spent.clear();
  let parseMs = 0;
  let totalMs = 0;
  const at = text.indexOf("label = '") + 9;
  for (let v = 2; v < edits + 2; v++) {
    const typed = v % 2 === 0;
    const next = typed ? text.slice(0, at) + 'x' + text.slice(at) : text;
    const row = text.slice(0, at).split('\n').length - 1;
    const col = at - text.lastIndexOf('\n', at - 1) - 1;
    const edit = {
      startIndex: at, oldEndIndex: typed ? at : at + 1, newEndIndex: typed ? at + 1 : at,
      startPosition: { row, column: col }, oldEndPosition: { row, column: typed ? col : col + 1 },
      newEndPosition: { row, column: typed ? col + 1 : col },
    };
    const started = performance.now();
    engine.workspace.open(file, next, v, [edit]);
    const parsed = performance.now();
    engine.workspace.file(file)?.dart();
    parseMs += performance.now() - parsed;
    engine.analyzeFile(file);
    totalMs += performance.now() - started;
  }
  const rows = [...spent.entries()].sort((a, b) => b[1] - a[1]);
  const perEdit = (ms: number) => `${(ms / edits).toFixed(1)} ms/edit`;
  console.log(`${lines} lines, ${edits} edits: total ${perEdit(totalMs)}, parse+model ${perEdit(parseMs)}`);
  for (const [id, ms] of rows) console.log(`${(ms / edits).toFixed(2).padStart(9)} ms  ${id}`);
}

void main();
