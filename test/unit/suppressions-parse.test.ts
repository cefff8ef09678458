import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceText } from '../../server/src/engine';
import { defaultConfig } from '../../server/src/engine/config';
import { assessSuppressions } from '../../server/src/engine/suppression-check';
import { parseSuppressionComments } from '../../server/src/engine/suppressions';

const TODAY = new Date('2026-12-01T00:00:00Z');
const KNOWN = ['cleartext-http-endpoint', 'release-debuggable', 'ios-ats-insecure-exception'];

interface ParseCase {
  name: string;
  lines: string[];
  ruleIds: string[];
  reason: string;
  /** 0-based line the suppression covers. */
  targetLine: number;
  fileLevel?: boolean;
  expires?: string;
}

const CASES: ParseCase[] = [
  {
    name: 'dart line above',
    lines: [
      '// phi-guard-ignore cleartext-http-endpoint: mock server [expires 2027-01-31]',
      "final url = Uri.parse('http://mock');",
    ],
    ruleIds: ['cleartext-http-endpoint'],
    reason: 'mock server',
    targetLine: 1,
    expires: '2027-01-31',
  },
  {
    name: 'dart end of line after a url',
    lines: ["final url = Uri.parse('http://mock'); // phi-guard-ignore cleartext-http-endpoint: mock"],
    ruleIds: ['cleartext-http-endpoint'],
    reason: 'mock',
    targetLine: 0,
  },
  {
    name: 'xml comment above an element',
    lines: [
      '<manifest>',
      '  <!-- phi-guard-ignore release-debuggable, cleartext-http-endpoint: QA build -->',
      '  <!-- another comment -->',
      '',
      '  <application android:debuggable="true"/>',
    ],
    ruleIds: ['release-debuggable', 'cleartext-http-endpoint'],
    reason: 'QA build',
    targetLine: 4,
  },
  {
    name: 'plist file-level comment',
    lines: [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!-- phi-guard-ignore-file ios-ats-insecure-exception: lab Wi-Fi only [expires 2027-02-01] -->',
      '<plist version="1.0"><dict/></plist>',
    ],
    ruleIds: ['ios-ats-insecure-exception'],
    reason: 'lab Wi-Fi only',
    targetLine: 2,
    fileLevel: true,
    expires: '2027-02-01',
  },
  {
    name: 'yaml hash comment at line end',
    lines: ['dependencies:', '  http: ^1.2.0 # phi-guard-ignore cleartext-http-endpoint: pinned'],
    ruleIds: ['cleartext-http-endpoint'],
    reason: 'pinned',
    targetLine: 1,
  },
  {
    name: 'gradle slash comment above',
    lines: [
      'release {',
      '    // phi-guard-ignore release-debuggable: internal QA track',
      '    debuggable true',
      '}',
    ],
    ruleIds: ['release-debuggable'],
    reason: 'internal QA track',
    targetLine: 2,
  },
  {
    name: 'kotlin block comment above',
    lines: [
      '/* phi-guard-ignore release-debuggable: kiosk device */',
      'class MainActivity : FlutterActivity()',
    ],
    ruleIds: ['release-debuggable'],
    reason: 'kiosk device',
    targetLine: 1,
  },
  {
    name: 'kotlin javadoc line',
    lines: [
      '/**',
      ' * phi-guard-ignore release-debuggable: kiosk device',
      ' */',
      'class MainActivity : FlutterActivity()',
    ],
    ruleIds: ['release-debuggable'],
    reason: 'kiosk device',
    targetLine: 3,
  },
];

for (const c of CASES) {
  test(`suppression parses in ${c.name}`, () => {
    const source = new SourceText(c.lines.join('\n'));
    const { suppressions, malformed } = parseSuppressionComments(source);
    assert.deepEqual(malformed, []);
    assert.equal(suppressions.length, 1);
    const [s] = suppressions;
    assert.deepEqual(s.ruleIds, c.ruleIds);
    assert.equal(s.reason, c.reason);
    assert.equal(s.targetLine, c.targetLine);
    assert.equal(s.fileLevel, c.fileLevel ?? false);
    assert.equal(s.expires, c.expires);
  });
}

test('suppression parses with crlf and bom', () => {
  const text = '\uFEFFa\r\n// phi-guard-ignore cleartext-http-endpoint: mock\r\nb\r\n';
  const [s] = parseSuppressionComments(new SourceText(text)).suppressions;
  assert.equal(s.reason, 'mock');
  assert.equal(s.targetLine, 2);
  assert.deepEqual(s.range.start, { line: 1, character: 3 });
});

test('marker in prose is not malformed', () => {
  const source = new SourceText(
    [
      '/// Add a phi-guard-ignore comment to accept a finding.',
      '# see the phi-guard-ignore docs',
      "final s = 'phi-guard-ignore';",
    ].join('\n'),
  );
  assert.deepEqual(parseSuppressionComments(source), { suppressions: [], malformed: [] });
});

test('marker opening a comment is malformed', () => {
  const source = new SourceText(
    ['// phi-guard-ignore', '# phi-guard-ignore: no rule', '<!-- phi-guard-ignore -->'].join('\n'),
  );
  const { suppressions, malformed } = parseSuppressionComments(source);
  assert.deepEqual(suppressions, []);
  assert.deepEqual(
    malformed.map((m) => m.range.start),
    [
      { line: 0, character: 3 },
      { line: 1, character: 2 },
      { line: 2, character: 5 },
    ],
  );
});

function assess(line: string, today = TODAY, policy = defaultConfig().suppressions) {
  const source = new SourceText(`${line}\nfinal x = 1;\n`);
  const comments = parseSuppressionComments(source);
  return assessSuppressions(source, comments, { knownRuleIds: KNOWN, policy, today });
}

test('suppression expiry date is inclusive', () => {
  const line = '// phi-guard-ignore cleartext-http-endpoint: mock [expires 2026-12-01]';
  const [onTheDay] = assess(line);
  assert.equal(onTheDay.status, 'active');
  assert.deepEqual(onTheDay.problems, []);
  const [dayAfter] = assess(line, new Date('2026-12-02T00:00:00Z'));
  assert.equal(dayAfter.status, 'expired');
  assert.equal(dayAfter.problems.length, 1);
  assert.match(dayAfter.problems[0].message, /expired on 2026-12-01/);
});

test('problem ranges point at the cause', () => {
  const line = '// phi-guard-ignore cleartext-http, release-debuggable: mock [expires 2026-11-30]';
  const [entry] = assess(line);
  assert.equal(entry.status, 'invalid');
  const [unknown, expired] = entry.problems;
  assert.equal(
    unknown.message,
    'Suppression names unknown rule cleartext-http; did you mean cleartext-http-endpoint?',
  );
  assert.deepEqual(unknown.range, {
    start: { line: 0, character: 20 },
    end: { line: 0, character: 34 },
  });
  const { start, end } = expired.range;
  assert.equal(line.slice(start.character, end.character), '2026-11-30');
});

test('missing reason follows require_reason', () => {
  const line = '// phi-guard-ignore cleartext-http-endpoint';
  const [required] = assess(line);
  assert.equal(required.status, 'invalid');
  assert.match(required.problems[0].message, /gives no reason/);
  const waived = { ...defaultConfig().suppressions, requireReason: false };
  const [allowed] = assess(line, TODAY, waived);
  assert.equal(allowed.status, 'active');
});

test('max expiry days needs a near date', () => {
  const policy = { ...defaultConfig().suppressions, maxExpiryDays: 30 };
  const [none] = assess('// phi-guard-ignore cleartext-http-endpoint: mock', TODAY, policy);
  assert.match(none.problems[0].message, /needs an expiry within 30 days/);
  const far = '// phi-guard-ignore cleartext-http-endpoint: mock [expires 2027-01-01]';
  assert.match(assess(far, TODAY, policy)[0].problems[0].message, /later than the 30 days allowed/);
  const near = '// phi-guard-ignore cleartext-http-endpoint: mock [expires 2026-12-31]';
  assert.equal(assess(near, TODAY, policy)[0].status, 'active');
});

test('non-suppressible rule is invalid', () => {
  const policy = { ...defaultConfig().suppressions, nonSuppressible: ['release-debuggable'] };
  const [entry] = assess('// phi-guard-ignore release-debuggable: QA', TODAY, policy);
  assert.equal(entry.status, 'invalid');
  assert.equal(
    entry.problems[0].message,
    'Rule release-debuggable is non-suppressible under phi_guard.yaml, so the finding stays.',
  );
});
