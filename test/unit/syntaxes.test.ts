/**
 * The suppression-comment injection grammar, run through the real TextMate engine that VS Code
 * uses (vscode-textmate with the Oniguruma wasm). Stand-in host grammars give each language a
 * comment scope; the injection selector decides where the suppression patterns apply.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const require = createRequire(__filename);
const ROOT = path.resolve(__dirname, '../..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes/phi-guard-suppressions.tmLanguage.json');
const INJECTION = 'phi-guard.suppression.injection';
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const grammarJson = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));

/** Builds a host grammar with only comments and strings, enough to give text a comment scope. */
function hostGrammar(scopeName: string, comments: Array<[string, string]>): object {
  const suffix = scopeName.split('.').pop();
  return {
    scopeName,
    patterns: [
      ...comments.map(([begin, end]) => ({ begin, end, name: `comment.block.${suffix}` })),
      { begin: "'", end: "'", name: `string.quoted.single.${suffix}` },
    ],
  };
}

const LINE = '(?=$)';
const HOSTS: Record<string, object> = {
  'source.dart': hostGrammar('source.dart', [['//', LINE], ['/\\*', '\\*/']]),
  'text.xml': hostGrammar('text.xml', [['<!--', '-->']]),
  'source.yaml': hostGrammar('source.yaml', [['#', LINE]]),
  'source.groovy': hostGrammar('source.groovy', [['//', LINE]]),
  'source.kotlin': hostGrammar('source.kotlin', [['//', LINE]]),
};

let registry: textmate.Registry;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length));
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const raw = scopeName === INJECTION ? grammarJson : HOSTS[scopeName];
      return raw ? textmate.parseRawGrammar(JSON.stringify(raw), `${scopeName}.json`) : null;
    },
    getInjections: (scopeName) => (HOSTS[scopeName] ? [INJECTION] : undefined),
  });
});

/** Tokenizes one line and returns [text, innermost phi-guard scope] for each token. */
async function tokens(scopeName: string, line: string): Promise<Array<[string, string]>> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} loads`);
  const result = grammar.tokenizeLine(line, textmate.INITIAL);
  return result.tokens.map((token) => {
    const ours = token.scopes.filter((s) => s.endsWith('.phi-guard'));
    return [line.slice(token.startIndex, token.endIndex), ours[ours.length - 1] ?? ''];
  });
}

/** Returns the text of every token whose scope starts with `prefix`, in order. */
async function scoped(scopeName: string, line: string, prefix: string): Promise<string[]> {
  return (await tokens(scopeName, line)).filter(([, s]) => s.startsWith(prefix)).map(([t]) => t);
}

describe('suppression injection grammar', () => {
  test('grammar file declares its scopes', () => {
    assert.equal(typeof grammarJson.$schema, 'string');
    assert.equal(grammarJson.scopeName, INJECTION);
    for (const host of ['source.dart', 'text.xml', 'source.yaml', 'source.groovy']) {
      assert.match(grammarJson.injectionSelector, new RegExp(`L:${host} comment`));
    }
  });

  test('package.json injects it into hosts', () => {
    const entry = manifest.contributes.grammars.find(
      (g: { scopeName: string }) => g.scopeName === INJECTION,
    );
    assert.ok(entry, 'a contributes.grammars entry');
    assert.equal(path.resolve(ROOT, entry.path), GRAMMAR_PATH);
    for (const host of Object.keys(HOSTS)) assert.ok(entry.injectTo.includes(host), host);
  });

  test('Dart comment parts are scoped', async () => {
    const line =
      '// phi-guard-ignore cleartext-http-endpoint: emulator mock, no PHI [expires 2027-03-31]';
    const all = await tokens('source.dart', line);
    const of = (scope: string) => all.filter(([, s]) => s.startsWith(scope)).map(([t]) => t);
    assert.deepEqual(of('keyword.other.directive'), ['phi-guard-ignore']);
    assert.deepEqual(of('entity.name.type.rule-id'), ['cleartext-http-endpoint']);
    assert.deepEqual(of('punctuation.separator.reason'), [':']);
    assert.deepEqual(of('string.unquoted.reason'), ['emulator mock, no PHI ']);
    assert.deepEqual(of('keyword.other.expires'), ['expires']);
    assert.deepEqual(of('constant.numeric.date'), ['2027-03-31']);
  });

  test('rule id list splits at commas', async () => {
    const line = '// phi-guard-ignore-file phi-in-logs, phi-in-url: demo screens only';
    assert.deepEqual(await scoped('source.dart', line, 'keyword.other.directive'), [
      'phi-guard-ignore-file',
    ]);
    assert.deepEqual(await scoped('source.dart', line, 'entity.name.type.rule-id'), [
      'phi-in-logs',
      'phi-in-url',
    ]);
    assert.deepEqual(await scoped('source.dart', line, 'punctuation.separator.comma'), [',']);
  });

  test('XML reason stops before -->', async () => {
    const line =
      '<!-- phi-guard-ignore-file android-cleartext-traffic-enabled: lab kiosk ' +
      '[expires 2027-01-31] -->';
    assert.deepEqual(await scoped('text.xml', line, 'string.unquoted.reason'), ['lab kiosk ']);
    assert.deepEqual(await scoped('text.xml', line, 'constant.numeric.date'), ['2027-01-31']);
    const bare = '<!-- phi-guard-ignore android-backup-includes-phi: cache only -->';
    assert.deepEqual(await scoped('text.xml', bare, 'string.unquoted.reason'), ['cache only ']);
  });

  test('YAML, Groovy and Kotlin comments', async () => {
    const cases: Array<[string, string]> = [
      ['source.yaml', '# phi-guard-ignore vulnerable-dependency: patched fork'],
      ['source.groovy', '    // phi-guard-ignore release-debuggable: internal QA build'],
      ['source.kotlin', '// phi-guard-ignore screenshot-and-app-switcher-exposure: no PHI'],
    ];
    for (const [scope, line] of cases) {
      assert.deepEqual(await scoped(scope, line, 'keyword.other.directive'), ['phi-guard-ignore']);
      assert.equal((await scoped(scope, line, 'entity.name.type.rule-id')).length, 1, line);
    }
  });

  test('code and look-alikes stay plain', async () => {
    const lines = [
      "final note = 'phi-guard-ignore cleartext-http-endpoint: no';",
      '// see the my-phi-guard-ignore-list for details',
      '// phi-guard-ignored: not the marker',
    ];
    for (const line of lines) {
      assert.deepEqual(await scoped('source.dart', line, 'keyword.other.directive'), [], line);
    }
  });

  test('malformed expiry date stays plain', async () => {
    const line = '// phi-guard-ignore phi-in-logs: temporary [expires 2027-3-1]';
    assert.deepEqual(await scoped('source.dart', line, 'constant.numeric.date'), []);
  });
});
