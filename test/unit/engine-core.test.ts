import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFile } from '../../server/src/engine/file-kind';
import { findBlocks, parseGradle } from '../../server/src/engine/parsers/gradle';
import { PlistDocument, dictEntry } from '../../server/src/engine/parsers/plist';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { YamlFile } from '../../server/src/engine/parsers/yaml';
import { covers, parseSuppressions } from '../../server/src/engine/suppressions';
import { SourceText } from '../../server/src/engine/text';
import { createEngine } from '../support/harness';

test('source text strips BOM and counts CRLF once', () => {
  const source = new SourceText('\uFEFFab\r\ncd\ref\n');
  assert.equal(source.hadBom, true);
  assert.equal(source.text.startsWith('ab'), true);
  assert.equal(source.lineCount, 4);
  assert.deepEqual(source.positionAt(source.text.indexOf('c')), { line: 1, character: 0 });
  assert.deepEqual(source.positionAt(source.text.indexOf('e')), { line: 2, character: 0 });
  assert.equal(source.lineText(0), 'ab');
});

test('source text columns are UTF-16 units', () => {
  const source = new SourceText('x = "\u{1FA7A}患者" + "http://a"\r\n');
  const offset = source.text.indexOf('"http');
  assert.deepEqual(source.positionAt(offset), { line: 0, character: 13 });
  assert.equal(source.offsetAt({ line: 0, character: 13 }), offset);
});

test('source text never puts CR inside a range end', () => {
  const source = new SourceText('abc\r\ndef');
  assert.deepEqual(source.positionAt(4), { line: 0, character: 3 });
});

test('file kinds come from names and roots', () => {
  assert.equal(classifyFile('/a/lib/main.dart'), 'dart');
  assert.equal(classifyFile('/a/android/app/build.gradle.kts'), 'gradle');
  assert.equal(classifyFile('/a/android/app/build.gradle.groovy-legacy'), 'other');
  assert.equal(
    classifyFile('/a/android/app/src/main/res/xml/nsc.xml', '<!-- x --><network-security-config/>'),
    'network-security-config',
  );
  assert.equal(
    classifyFile('/a/android/app/src/main/res/xml/b.xml', '<data-extraction-rules/>'),
    'backup-rules',
  );
  assert.equal(classifyFile('/a/ios/Runner/Info.plist'), 'plist');
});

test('xml parser survives deep nesting', () => {
  const text = '<a>'.repeat(20000) + '</a>'.repeat(20000);
  const xml = new XmlDocument(new SourceText(text));
  assert.equal(xml.root, undefined);
  assert.match(xml.errors[0].message, /nested too deeply/);
});

test('xml attribute ranges cover name to quote', () => {
  const text = '<manifest>\r\n  <application android:debuggable="true"/>\r\n</manifest>';
  const xml = new XmlDocument(new SourceText(text));
  const application = xml.elements('application')[0];
  const attribute = xml.attribute(application, 'android:debuggable');
  assert.ok(attribute);
  assert.deepEqual(attribute.range, { start: { line: 1, character: 15 }, end: { line: 1, character: 40 } });
  assert.deepEqual(attribute.valueRange?.start, { line: 1, character: 34 });
});

test('plist pairs keys across comments', () => {
  const text = [
    '<plist><dict>',
    '<key>NSAllowsArbitraryLoads</key>',
    '<!-- legacy -->',
    '<true />',
    '<key>Other</key><false/>',
    '</dict></plist>',
  ].join('\n');
  const plist = new PlistDocument(new XmlDocument(new SourceText(text)));
  const entry = dictEntry(plist.topDict, 'NSAllowsArbitraryLoads');
  assert.equal(entry?.value?.type, 'boolean');
  assert.equal(entry?.value?.type === 'boolean' && entry.value.value, true);
  const other = dictEntry(plist.topDict, 'Other');
  assert.equal(other?.value?.type === 'boolean' && other.value.value, false);
});

test('yaml parser survives deep nesting', () => {
  const yaml = new YamlFile(new SourceText('a: ' + '['.repeat(50000)));
  assert.ok(yaml.errors.length > 0);
});

test('gradle reads both DSLs and ignores comments', () => {
  const kts = parseGradle(
    'android {\n  buildTypes {\n    getByName("release") {\n      // isDebuggable = false\n' +
      '      isDebuggable = true\n    }\n  }\n}\n',
  );
  const release = findBlocks(kts.root, ['android', 'buildTypes', 'release'])[0];
  assert.equal(release.via, 'getByName');
  assert.deepEqual(release.properties.map((p) => [p.name, p.value.map((t) => t.text).join('')]), [
    ['isDebuggable', 'true'],
  ]);
  const groovy = parseGradle('android { buildTypes { release {\n debuggable true\n } } }');
  const groovyRelease = findBlocks(groovy.root, ['android', 'buildTypes', 'release'])[0];
  assert.equal(groovyRelease.properties[0].name, 'debuggable');
  assert.equal(groovyRelease.properties[0].style, ' ');
});

test('suppressions need a rule id and reason', () => {
  const source = new SourceText(
    [
      'final a = 1;',
      '// phi-guard-ignore cleartext-http-endpoint: mock server only [expires 2027-01-31]',
      "final url = 'http://mock';",
      "final b = 'http://x'; // phi-guard-ignore cleartext-http-endpoint",
      '<!-- phi-guard-ignore-file android-cleartext-traffic-enabled: kiosk build -->',
    ].join('\n'),
  );
  const [lineLevel, noReason, fileLevel] = parseSuppressions(source);
  const today = new Date('2026-12-01T00:00:00Z');
  assert.equal(lineLevel.targetLine, 2);
  assert.equal(lineLevel.expires, '2027-01-31');
  assert.equal(covers(lineLevel, 'cleartext-http-endpoint', 2, today), true);
  assert.equal(covers(lineLevel, 'cleartext-http-endpoint', 2, new Date('2027-02-01T00:00:00Z')), false);
  assert.equal(covers(lineLevel, 'phi-in-url', 2, today), false);
  assert.equal(noReason.targetLine, 3);
  assert.equal(covers(noReason, 'cleartext-http-endpoint', 3, today), false);
  assert.equal(fileLevel.fileLevel, true);
  assert.equal(covers(fileLevel, 'android-cleartext-traffic-enabled', 40, today), true);
});

test('dart ignore comments are not suppressions', () => {
  const source = new SourceText('// ignore: deprecated_member_use\nfinal x = 1;\n');
  assert.deepEqual(parseSuppressions(source), []);
});

test('a truncated manifest is explained in plain words', async () => {
  const engine = await createEngine();
  const file = '/xml-notice/android/app/src/main/AndroidManifest.xml';
  const text = '<manifest>\n  <application\n    android:allowBackup="true"\n';
  engine.workspace.open(file, text, 1);
  const messages = engine.analyzeFile(file).notices.map((notice) => notice.message);
  assert.deepEqual(messages, [
    "Malformed XML at line 4, column 1 (expected '>' or '/>', but the file ends); " +
      'fix the file so it can be fully analysed.',
  ]);
});
