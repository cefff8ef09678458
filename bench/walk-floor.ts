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

/** Visits every node in pre-order, calling `read` on each. */
function walkAll(tree: Tree, read: (typeId: number) => void, readType: boolean): void {
  const cursor = tree.walk();
  let descend = true;
  for (;;) {
    if (descend) {
      if (readType) read(cursor.nodeTypeId);
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

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 5000);
  const runs = Number(process.argv[3] ?? 7);
  const language = await loadDartLanguage(defaultDartGrammarPath());
  const parser = new Parser();
  parser.setLanguage(language);
  const text = dartLibrary(lines);
  const samples: Record<string, number[]> = {
    parse: [],
    walk: [],
    'walk reading types': [],
    copy: [],
  };
  let sum = 0;
  for (let run = 0; run < runs; run++) {
    let tree: Tree | null = null;
    samples.parse.push(timed(() => (tree = parser.parse(text))));
    const parsed = tree as unknown as Tree;
    samples.walk.push(timed(() => walkAll(parsed, () => undefined, false)));
    samples['walk reading types'].push(timed(() => walkAll(parsed, (id) => (sum += id), true)));
    samples.copy.push(timed(() => SyntaxTree.copy(parsed, text)));
    parsed.delete();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const parseMs = median(samples.parse);
  console.log(`${lines} generated Dart lines, median of ${runs} runs`);
  for (const [step, values] of Object.entries(samples)) {
    const ms = median(values);
    const share = (ms / parseMs).toFixed(2);
    console.log(`${step.padEnd(20)} ${ms.toFixed(1).padStart(7)} ms  ${share}x parse`);
  }
  if (sum < 0) console.log(sum);
}

void main();
