import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { MAX_ELEMENT_DEPTH, tooDeepAt } from '../../server/src/engine/parsers/xml-depth';
import { SourceText } from '../../server/src/engine/text';

const nested = (depth: number, close: boolean) =>
  '<a>'.repeat(depth) + (close ? '</a>'.repeat(depth) : '');

test('depth limit admits the limit itself', () => {
  assert.equal(tooDeepAt(nested(MAX_ELEMENT_DEPTH, true)), undefined);
  const xml = new XmlDocument(new SourceText(nested(MAX_ELEMENT_DEPTH, true)));
  assert.deepEqual(xml.errors, []);
  assert.equal(xml.elements('a').length, MAX_ELEMENT_DEPTH);
});

test('depth limit reports the first deeper tag', () => {
  const text = nested(MAX_ELEMENT_DEPTH + 1, false);
  assert.equal(tooDeepAt(text), MAX_ELEMENT_DEPTH * 3);
});

test('depth ignores comments, CDATA and closed tags', () => {
  const sibling = '<item name="a>b"/><!-- <a><a> --><![CDATA[<a><a>]]><?pi <a>?>';
  const text = `<root>${sibling.repeat(MAX_ELEMENT_DEPTH * 2)}<b></b></root>`;
  assert.equal(tooDeepAt(text), undefined);
  assert.equal(tooDeepAt('<a><a><a>', 2), 6);
  assert.equal(tooDeepAt('<a></a><a></a><a></a>', 1), undefined);
});

test('unclosed nesting found by fuzzing fails fast', () => {
  // With a worker thread's 4 MB stack, 1,400 unclosed elements kept the parser busy for 36 s
  // instead of overflowing. The depth check rejects the file before the parser runs.
  const file = path.resolve(__dirname, '../fuzz-regressions/xml/unclosed-nesting-hang.xml');
  const xml = new XmlDocument(new SourceText(readFileSync(file, 'utf8')));
  assert.equal(xml.root, undefined);
  assert.match(xml.errors[0].message, /more than 128 levels/);
});
