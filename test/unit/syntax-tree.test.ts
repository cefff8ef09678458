import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Parser, type Node } from 'web-tree-sitter';
import { dartLibrary } from '../../bench/generate';
import { SyntaxTree, type SyntaxNode } from '../../server/src/engine/dart/syntax-tree';
import {
  defaultDartGrammarPath,
  loadDartLanguage,
} from '../../server/src/engine/parsers/dart-grammar';

const ROOT = path.resolve(__dirname, '../..');
/** Types that rules search for, named and anonymous, and the error type. */
const SEARCHED = ['identifier', 'selector', 'string_literal', 'argument', '=', 'ERROR'];

let parser: Parser | undefined;

async function parse(text: string) {
  if (!parser) {
    const language = await loadDartLanguage(defaultDartGrammarPath());
    parser = new Parser();
    parser.setLanguage(language);
  }
  const parsed = parser.parse(text)!;
  return { parsed, copy: SyntaxTree.copy(parsed, text) };
}

function dartFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) dartFiles(full, found);
    else if (entry.name.endsWith('.dart')) found.push(full);
  }
  return found;
}

/** Texts with and without syntax errors: the example app, rule fixtures and broken variants. */
function samples(): Array<{ name: string; text: string }> {
  const files = [
    ...dartFiles(path.join(ROOT, 'examples/clinic_app/lib')),
    ...dartFiles(path.join(ROOT, 'rules')).filter((_, i) => i % 7 === 0),
  ];
  const texts = files.map((file) => ({
    name: path.relative(ROOT, file),
    text: readFileSync(file, 'utf8'),
  }));
  const broken = texts.slice(0, 12).map(({ name, text }) => ({
    name: `${name}, cut and unbalanced`,
    text: text.slice(0, Math.floor(text.length * 0.6)) + ' ((( { ' + text.slice(-40),
  }));
  return [...texts, ...broken, { name: 'generated', text: dartLibrary(300) }];
}

/** Describes a node by what rules read of it, so a mismatch names the first difference. */
function shape(node: Node | SyntaxNode, field: string | null): string {
  const flags = [node.isNamed, node.isMissing, node.hasError].map(Number).join('');
  return `${node.type}@${node.startIndex}-${node.endIndex} ${flags} ${field ?? '-'}`;
}

function flatten(node: Node, field: string | null, out: string[]): void {
  out.push(shape(node, field));
  node.children.forEach((child, i) => child && flatten(child, node.fieldNameForChild(i), out));
}

function flattenCopy(node: SyntaxNode, out: string[]): void {
  out.push(shape(node, node.field));
  for (const child of node.children) flattenCopy(child, out);
}

function spans(nodes: Array<Node | SyntaxNode | null>): string[] {
  return nodes.map((node) => (node ? `${node.type}@${node.startIndex}-${node.endIndex}` : '-'));
}

test('copy matches tree-sitter nodes and fields', async () => {
  const all = samples();
  assert.ok(all.some((s) => s.name.endsWith('unbalanced')), 'some samples have errors');
  for (const { name, text } of all) {
    const { parsed, copy } = await parse(text);
    const expected: string[] = [];
    const actual: string[] = [];
    flatten(parsed.rootNode, null, expected);
    flattenCopy(copy.rootNode, actual);
    assert.deepEqual(actual, expected, name);
    parsed.delete();
  }
});

test('type and offset searches match tree-sitter', async () => {
  for (const { name, text } of samples()) {
    const { parsed, copy } = await parse(text);
    const natives = parsed.rootNode.descendantsOfType(['block', 'arguments']).slice(0, 20);
    const copies = copy.rootNode.descendantsOfType(['block', 'arguments']).slice(0, 20);
    assert.deepEqual(spans(copies), spans(natives), `${name}: the roots of the searches`);
    const pairs: Array<[Node, SyntaxNode]> = [[parsed.rootNode, copy.rootNode]];
    natives.forEach((native, i) => native && pairs.push([native, copies[i]]));
    for (const [native, mine] of pairs) {
      for (const type of SEARCHED) {
        const where = `${name}: ${type} in ${native.type}@${native.startIndex}`;
        const expected = spans(native.descendantsOfType(type));
        assert.deepEqual(spans(mine.descendantsOfType(type)), expected, where);
      }
    }
    for (let offset = 0; offset <= text.length; offset += 37) {
      const end = Math.min(text.length, offset + (offset % 5));
      const root = parsed.rootNode;
      const where = `${name}: offsets ${offset}-${end}`;
      assert.deepEqual(
        spans([copy.rootNode.descendantForIndex(offset, end)]),
        spans([root.descendantForIndex(offset, end)]),
        where,
      );
      assert.deepEqual(
        spans([copy.rootNode.namedDescendantForIndex(offset, end)]),
        spans([root.namedDescendantForIndex(offset, end)]),
        where,
      );
    }
    parsed.delete();
  }
});

test('siblings, texts and ids of copies', async () => {
  const text = "void main() { final a = 1; print('x $a'); }\n";
  const { parsed, copy } = await parse(text);
  const statements = copy.rootNode.descendantsOfType('expression_statement');
  assert.equal(statements.length, 1);
  const call = statements[0];
  assert.equal(call.text, "print('x $a');");
  assert.equal(call.previousNamedSibling?.type, 'local_variable_declaration');
  assert.equal(call.nextSibling?.type, '}');
  assert.equal(call.nextNamedSibling, null);
  assert.equal(copy.rootNode.parent, null);
  const other = SyntaxTree.copy(parsed, text);
  assert.notEqual(other.rootNode.id, copy.rootNode.id, 'ids differ between trees');
  parsed.delete();
});
