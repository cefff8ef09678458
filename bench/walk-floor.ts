/**
 * Times what reading a Dart syntax tree through web-tree-sitter costs beside the parse itself:
 * a cursor walk that reads nothing, one that reads each node's type, and the engine's copy of
 * the tree. Usage: npx tsx bench/walk-floor.ts [lines] [runs]
 */
import { Parser, type Tree } from 'web-tree-sitter';
import { SyntaxTree } from '../server/src/engine/dart/syntax-tree';
import {
  defaultDartGrammarPath,
  loadDartLanguage,
} from '../server/src/engine/parsers/dart-grammar';
import { dartLibrary } from './generate';

/** Visits every node in pre-order, passing each node's type id to `read` when one is given. */
function walkAll(tree: Tree, read?: (typeId: number) => void): void {
  const cursor = tree.walk();
  let descend = true;
  for (;;) {
    if (descend) {
      read?.(cursor.nodeTypeId);
      if (cursor.gotoFirstChild()) continue;
    }
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) break;
    descend = false;
  }
  cursor.delete();
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1];
}

/** Times each step `runs` times on the same text and returns the samples by step. */
function measure(parser: Parser, text: string, runs: number): Map<string, number[]> {
  const samples = new Map<string, number[]>();
  const add = (step: string, ms: number) => samples.set(step, [...(samples.get(step) ?? []), ms]);
  let typeIds = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const parsed = parser.parse(text)!;
    add('parse', performance.now() - started);
    add('walk', timed(() => walkAll(parsed)));
    add('walk reading types', timed(() => walkAll(parsed, (id) => (typeIds += id))));
    add('copy', timed(() => SyntaxTree.copy(parsed, text)));
    parsed.delete();
  }
  // Using the sum keeps the type reads from being optimized away.
  if (typeIds < 0) throw new Error('negative type ids');
  return samples;
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 5000);
  const runs = Number(process.argv[3] ?? 7);
  const language = await loadDartLanguage(defaultDartGrammarPath());
  const parser = new Parser();
  parser.setLanguage(language);

  const samples = measure(parser, dartLibrary(lines), runs);
  const parseMs = median(samples.get('parse')!);
  console.log(`${lines} generated Dart lines, median of ${runs} runs`);
  for (const [step, values] of samples) {
    const ms = median(values);
    const share = (ms / parseMs).toFixed(2);
    console.log(`${step.padEnd(20)} ${ms.toFixed(1).padStart(7)} ms  ${share}x parse`);
  }
}

void main();
