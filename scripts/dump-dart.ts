/**
 * Prints the tree-sitter-dart syntax tree of a Dart file, one node a line, for writing rules.
 * Usage: npx tsx scripts/dump-dart.ts FILE [FROM_LINE TO_LINE]
 */
import { readFileSync } from 'node:fs';
import { Parser, type Node as SyntaxNode } from 'web-tree-sitter';
import { defaultDartGrammarPath, loadDartLanguage } from '../server/src/engine/parsers/dart-grammar';

async function main(): Promise<void> {
  const [file, from, to] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx scripts/dump-dart.ts FILE [FROM_LINE TO_LINE]');
    process.exit(2);
  }
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const language = await loadDartLanguage(defaultDartGrammarPath());
  const parser = new Parser();
  parser.setLanguage(language);
  const tree = parser.parse(text)!;
  const first = from ? Number(from) - 1 : 0;
  const last = to ? Number(to) - 1 : Number.MAX_SAFE_INTEGER;
  const print = (node: SyntaxNode, depth: number) => {
    const row = node.startPosition.row;
    const inRange = row >= first && row <= last;
    const leaf = node.childCount === 0 ? ` ${JSON.stringify(node.text)}` : '';
    if (inRange && (node.isNamed || node.type.length > 1)) {
      console.log(`${'  '.repeat(depth)}${node.type}${leaf}  [line ${row + 1}]`);
    }
    for (const child of node.children) if (child) print(child, depth + 1);
  };
  print(tree.rootNode, 0);
}

void main();
