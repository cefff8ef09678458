import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Parser } from 'web-tree-sitter';
import { defaultConfig } from '../../server/src/engine/config';
import { DartFile } from '../../server/src/engine/dart/model';
import { callSites } from '../../server/src/engine/dart/syntax';
import {
  defaultDartGrammarPath,
  loadDartLanguage,
} from '../../server/src/engine/parsers/dart-grammar';
import { phiOf } from '../../server/src/engine/phi';
import { SourceText } from '../../server/src/engine/text';

let parser: Parser | undefined;

async function sinkTerms(text: string): Promise<string[]> {
  if (!parser) {
    const language = await loadDartLanguage(defaultDartGrammarPath());
    parser = new Parser();
    parser.setLanguage(language);
  }
  const source = new SourceText(text);
  const dart = new DartFile('/tmp/lib/main.dart', source, parser.parse(source.text)!);
  return callSites(dart.root)
    .filter((call) => call.callee.join('.') === 'sink')
    .map((call) => phiOf(call.args.positional[0], dart, defaultConfig())?.term ?? '-');
}

// A chain whose first part is not a name once recursed between the flow and the chain walker
// until the stack overflowed.
test('literal and closure chains terminate', async () => {
  const terms = await sinkTerms(`
void f(int v, String diagnosis, String label) {
  sink({1: 'a', 2: 'b'}[v]!);
  sink({1: diagnosis}[v]!);
  sink((() => label)());
  sink(['x', 'y'][v].toUpperCase());
  sink(const {'k': 'v'}['k']!.length);
  sink(('a' + label).trim());
}
`);
  assert.equal(terms.length, 6);
  assert.deepEqual(terms, ['-', 'diagnosis', '-', '-', '-', '-']);
});

test('deep nesting stops without overflow', async () => {
  const nested = '('.repeat(3000) + 'diagnosis' + ')'.repeat(3000);
  const terms = await sinkTerms(`void f(String diagnosis) { sink(${nested}); }`);
  assert.equal(terms.length, 1);
});
