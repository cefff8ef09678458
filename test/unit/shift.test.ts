import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { Analyzer } from '../../server/src/lsp/analysis';
import { moveDiagnostics, moveRange, type RangeChange } from '../../server/src/lsp/shift';
import { UriMap } from '../../server/src/lsp/uri';
import { createEngine } from '../support/harness';

const URI = 'file:///app/lib/a.dart';

function range(sl: number, sc: number, el: number, ec: number) {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

function change(sl: number, sc: number, el: number, ec: number, text: string): RangeChange {
  return { range: range(sl, sc, el, ec), text };
}

test('typing before a range on its line moves it right', () => {
  assert.deepEqual(moveRange(range(3, 10, 3, 20), change(3, 2, 3, 2, 'abc')), range(3, 13, 3, 23));
});

test('a new line above a range moves it down', () => {
  assert.deepEqual(moveRange(range(3, 10, 3, 20), change(1, 0, 1, 0, 'x\n')), range(4, 10, 4, 20));
});

test('joining lines moves a range up and along', () => {
  // Deleting the line break at the end of line 2 (length 7) joins line 3 onto it.
  assert.deepEqual(moveRange(range(3, 4, 3, 9), change(2, 7, 3, 0, '')), range(2, 11, 2, 16));
});

test('typing inside a range grows it', () => {
  assert.deepEqual(moveRange(range(3, 10, 3, 20), change(3, 15, 3, 15, 'xy')), range(3, 10, 3, 22));
});

test('typing right after a range leaves it alone', () => {
  assert.deepEqual(moveRange(range(3, 10, 3, 20), change(3, 20, 3, 20, 'x')), range(3, 10, 3, 20));
});

test('typing right before a range moves it', () => {
  assert.deepEqual(moveRange(range(3, 10, 3, 20), change(3, 10, 3, 10, 'x')), range(3, 11, 3, 21));
});

test('replacing all of a range drops it', () => {
  assert.equal(moveRange(range(3, 10, 3, 20), change(3, 8, 3, 22, 'y')), undefined);
});

test('replacing the start of a range keeps the rest', () => {
  assert.deepEqual(moveRange(range(3, 10, 3, 20), change(3, 5, 3, 12, '')), range(3, 5, 3, 13));
});

test('an empty range at the top of the file stays', () => {
  assert.deepEqual(moveRange(range(0, 0, 0, 0), change(0, 0, 0, 0, 'x')), range(0, 1, 0, 1));
});

test('changes apply in order, each on the text the previous one left', () => {
  const diagnostic: Diagnostic = {
    range: range(5, 4, 5, 8),
    message: 'm',
    relatedInformation: [
      { location: { uri: URI, range: range(9, 0, 9, 3) }, message: 'same file' },
      { location: { uri: 'file:///other.dart', range: range(1, 0, 1, 3) }, message: 'other' },
    ],
  };
  const changes = [change(0, 0, 0, 0, 'a\nb\n'), change(7, 0, 7, 0, 'z')];
  const [moved] = moveDiagnostics([diagnostic], changes, URI);
  assert.deepEqual(moved.range, range(7, 5, 7, 9));
  assert.deepEqual(moved.relatedInformation?.[0].location.range, range(11, 0, 11, 3));
  assert.deepEqual(moved.relatedInformation?.[1].location.range, range(1, 0, 1, 3));
});

test('a carriage-return line break counts as a new line', () => {
  assert.deepEqual(moveRange(range(2, 1, 2, 2), change(0, 0, 0, 0, 'x\r\ny\r')), range(4, 1, 4, 2));
});

test('the analyzer re-sends the last diagnostics moved, for the new version', async () => {
  const engine = await createEngine();
  const filePath = '/shift-check/lib/a.dart';
  engine.workspace.open(filePath, "final endpoint = 'http://api.northwind-clinic.com/v1/patients';\n", 1);
  const sent: Array<{ version?: number; diagnostics: Diagnostic[] }> = [];
  const connection = { sendDiagnostics: async (p: (typeof sent)[0]) => void sent.push(p) };
  const logger = { error() {}, warn() {}, info() {}, debug() {} };
  const analyzer = new Analyzer(engine, connection as never, new UriMap(), logger as never);
  analyzer.analyze(filePath);
  const first = sent.at(-1)!.diagnostics.find((d) => d.code === 'cleartext-http-endpoint');
  assert.ok(first, 'the fixture has a cleartext finding');
  analyzer.showMoved(filePath, [change(0, 0, 0, 0, '\n')], 2);
  const moved = sent.at(-1)!;
  assert.equal(moved.version, 2);
  const again = moved.diagnostics.find((d) => d.code === 'cleartext-http-endpoint');
  assert.deepEqual(again?.range.start, { line: 1, character: first.range.start.character });
});
