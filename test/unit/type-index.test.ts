import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Parser, type Node, type Tree } from 'web-tree-sitter';
import { indexedDescendants } from '../../server/src/engine/dart/type-index';
import { callSitesWithin } from '../../server/src/engine/dart/file-calls';
import { DartFile } from '../../server/src/engine/dart/model';
import {
  defaultDartGrammarPath,
  loadDartLanguage,
} from '../../server/src/engine/parsers/dart-grammar';
import { SourceText } from '../../server/src/engine/text';

let parser: Parser | undefined;

async function parse(text: string): Promise<Tree> {
  if (!parser) {
    // Loading the grammar initialises web-tree-sitter, which must happen before `new Parser()`.
    const language = await loadDartLanguage(defaultDartGrammarPath());
    parser = new Parser();
    parser.setLanguage(language);
  }
  return parser.parse(text)!;
}

/** Code with chains, cascades, closures, a string with interpolation and a syntax error. */
const SAMPLE = `
import 'package:http/http.dart' as http;

class Visit extends StatelessWidget {
  final String diagnosis;
  Visit(this.diagnosis) : super();

  @override
  Widget build(BuildContext context) {
    final list = [1, 2].map((n) => n + 1).where((n) => n > 2).toList();
    final uri = Uri.parse('https://api.example/\${diagnosis}')..toString();
    http.get(uri, headers: {'a': 'b'});
    if (a < b && c > d) print(a);
    return Text(diagnosis, style: const TextStyle(fontSize: 12));
  }
}

void broken( {
  final x = foo(1;
}
`;

const TYPE_SETS = [
  ['identifier'],
  ['identifier', 'type_identifier'],
  ['argument', 'named_argument'],
  ['selector', 'new_expression', 'const_object_expression', 'cascade_section'],
  ['string_literal'],
  ['function_signature', 'getter_signature', 'setter_signature'],
];

function ids(nodes: (Node | null)[]): number[] {
  return nodes.filter((node): node is Node => node !== null).map((node) => node.id);
}

test('index matches native search on the whole tree', async () => {
  const tree = await parse(SAMPLE);
  for (const types of TYPE_SETS) {
    const indexed = indexedDescendants(tree.rootNode, types);
    assert.ok(indexed, `indexed search for ${types.join(', ')}`);
    assert.deepEqual(ids(indexed), ids(tree.rootNode.descendantsOfType(types)), types.join(', '));
  }
});

test('index matches native search on subtrees', async () => {
  const tree = await parse(SAMPLE);
  const roots = tree.rootNode
    .descendantsOfType(['class_body', 'block', 'arguments', 'argument', 'selector', 'ERROR'])
    .filter((node): node is Node => node !== null);
  assert.ok(roots.some((node) => node.type === 'ERROR'), 'sample contains a syntax error');
  for (const root of roots) {
    for (const types of TYPE_SETS) {
      const native = ids(root.descendantsOfType(types));
      assert.deepEqual(ids(indexedDescendants(root, types) ?? []), native, `${root.type} ${types}`);
    }
  }
});

test('index includes the search root itself', async () => {
  const tree = await parse('void f() { g(a); }');
  const argument = tree.rootNode.descendantsOfType('argument')[0]!;
  const found = indexedDescendants(argument, ['argument']);
  assert.deepEqual(ids(found ?? []), [argument.id]);
});

test('index excludes an ancestor with the same range', async () => {
  const tree = await parse('void f() { g(a); }');
  const argument = tree.rootNode.descendantsOfType('argument')[0]!;
  const name = argument.namedChildren[0]!;
  assert.equal(name.startIndex, argument.startIndex);
  assert.equal(name.endIndex, argument.endIndex);
  assert.deepEqual(ids(indexedDescendants(name, ['argument', 'identifier']) ?? []), [name.id]);
});

test('index handles empty nodes from error recovery', async () => {
  const tree = await parse('void f() { final x = ; g(x, ); }');
  const blocks = tree.rootNode.descendantsOfType(['block', 'ERROR', 'arguments']);
  for (const root of blocks.filter((node): node is Node => node !== null)) {
    const native = ids(root.descendantsOfType(['identifier', 'argument']));
    const found = indexedDescendants(root, ['identifier', 'argument']);
    assert.deepEqual(found ? ids(found) : native, native, root.type);
  }
});

test('index leaves other types to native search', async () => {
  const tree = await parse('void f() { g(a); }');
  assert.equal(indexedDescendants(tree.rootNode, ['block']), undefined);
  assert.equal(indexedDescendants(tree.rootNode, ['identifier', 'ERROR']), undefined);
});

test('calls within a class, in order', async () => {
  const text = 'class A { void m() { a(); b.c(); } }\nvoid f() { d(); }\n';
  const tree = await parse(text);
  const dart = new DartFile('/tmp/lib/a.dart', new SourceText(text), tree);
  const cls = tree.rootNode.descendantsOfType('class_definition')[0]!;
  const names = callSitesWithin(dart, cls).map((call) => call.callee.join('.'));
  assert.deepEqual(names, ['a', 'b.c']);
});
