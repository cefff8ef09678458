import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readGitState } from '../../server/src/cli/evidence/git';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const SHA_MAIN = '0123456789abcdef0123456789abcdef01234567';
const SHA_PACKED = 'fedcba9876543210fedcba9876543210fedcba98';

function runCli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-evidence-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

/** A reason with markup, to check that the HTML escapes what comments contain. */
const HOSTILE_REASON = 'kiosk <script>alert("x")</script> & <b>co</b>';
const PHI_LITERAL = 'Jane Roe MRN 4410';

const PROJECT = {
  'pubspec.yaml': 'name: demo\n',
  'phi_guard.yaml': 'rules:\n  ios-ats-insecure-exception: error\n',
  'android/app/src/main/AndroidManifest.xml': [
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
    `  <!-- phi-guard-ignore android-cleartext-traffic-enabled: ${HOSTILE_REASON} [expires 2027-06-30] -->`,
    '  <application android:allowBackup="false" android:usesCleartextTraffic="true"/>',
    '</manifest>',
    '',
  ].join('\n'),
  'ios/Runner/Info.plist': [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<plist version="1.0">',
    '<dict>',
    '  <key>NSAppTransportSecurity</key>',
    '  <dict>',
    '    <key>NSAllowsArbitraryLoads</key>',
    '    <true/>',
    '  </dict>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n'),
  'lib/net.dart': [
    "import 'dart:io';",
    '',
    `const sample = '${PHI_LITERAL}';`,
    '',
    'HttpClient insecureClient() {',
    '  return HttpClient()..badCertificateCallback = (cert, host, port) => true;',
    '}',
    '',
    "final legacy = 1; // phi-guard-ignore cleartext-http-endpoint: old lab [expires 2026-01-31]",
    '',
  ].join('\n'),
};

function report(format: 'html' | 'markdown', root = makeTree(PROJECT)) {
  const out = path.join(root, `evidence.${format === 'html' ? 'html' : 'md'}`);
  const args = ['report', '--format', format, '--today', '2026-12-01', '--output', out, '.'];
  const result = runCli(args, root);
  assert.equal(result.code, 0, result.stderr);
  return readFileSync(out, 'utf8');
}

interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  suppression?: unknown;
}

/** Unsuppressed findings per 164.312 paragraph and severity, from the JSON and SARIF output. */
function expectedCounts(root: string): Map<string, Record<string, number>> {
  const json = JSON.parse(runCli(['--format', 'json', '--today', '2026-12-01', '.'], root).stdout);
  const sarif = JSON.parse(runCli(['--format', 'sarif', '.'], root).stdout);
  const hipaa = new Map<string, string[]>(
    sarif.runs[0].tool.driver.rules.map((r: { id: string; properties: { hipaa: string[] } }) => [
      r.id,
      r.properties.hipaa.map((p) => p.replace('45 CFR 164.312', '')),
    ]),
  );
  const counts = new Map<string, Record<string, number>>();
  for (const finding of json.findings as JsonFinding[]) {
    if (finding.suppression) continue;
    for (const paragraph of hipaa.get(finding.ruleId) ?? []) {
      const row = counts.get(paragraph) ?? { error: 0, warning: 0, info: 0 };
      row[finding.severity]++;
      counts.set(paragraph, row);
    }
  }
  return counts;
}

test('evidence html has every section', () => {
  const html = report('html');
  const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
  assert.deepEqual(headings, [
    'Summary',
    'Findings by HIPAA safeguard',
    'Findings by MASVS control',
    'Suppressions',
    'Rules',
    'Configuration in force',
  ]);
  assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="chart"/);
  const ruleRow = /<td><code class="id">invalid-suppression<\/code><\/td><td>warning<\/td>/;
  assert.match(html, ruleRow, 'rule id and severity in force');
  assert.match(html, /ios-ats-insecure-exception:\n +severity: error/, 'the merged config');
});

test('evidence html is self-contained', () => {
  const html = report('html');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<link|<img|@import|url\(/i);
  assert.doesNotMatch(html, /\bsrc=/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

test('evidence html escapes values', () => {
  const html = report('html');
  const escaped = 'kiosk &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;';
  assert.ok(html.includes(escaped));
  assert.ok(!html.includes('<b>co</b>'));
  assert.ok(html.includes('android:usesCleartextTraffic=&quot;true&quot; lets native code'));
});

test('evidence report has no source text', () => {
  for (const format of ['html', 'markdown'] as const) {
    const text = report(format);
    assert.ok(!text.includes(PHI_LITERAL), `${format}: no string literal from the code`);
    assert.ok(!text.includes('(cert, host, port) => true'), `${format}: no code line`);
  }
});

test('evidence counts match the findings', () => {
  const root = makeTree(PROJECT);
  const markdown = report('markdown', root);
  const expected = expectedCounts(root);
  assert.ok(expected.size >= 2, 'the fixture has findings under two safeguards');
  for (const [paragraph, counts] of expected) {
    const row = new RegExp(
      `^\\| 164\\.312${paragraph.replace(/[()]/g, '\\$&')} [^|]+ \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$`,
      'm',
    ).exec(markdown);
    assert.ok(row, `summary row for ${paragraph}`);
    const expectedRow = [counts.error, counts.warning, counts.info];
    assert.deepEqual(row.slice(1).map(Number), expectedRow, paragraph);
  }
  const html = report('html', root);
  const json = JSON.parse(runCli(['--format', 'json', '--today', '2026-12-01', '.'], root).stdout);
  for (const [severity, label] of [['error', 'Errors'], ['warning', 'Warnings']]) {
    const card = `<span class="number">${json.summary[severity]}</span> ${label}`;
    assert.ok(html.includes(card), card);
  }
  assert.match(html, /<span class="number">1<\/span> Suppressed/);
});

test('evidence lists suppressions with status', () => {
  const markdown = report('markdown');
  assert.match(
    markdown,
    /\| `android-cleartext-traffic-enabled` \| `android\/app\/src\/main\/AndroidManifest\.xml:3` \| .* \| 2027-06-30 \|/,
  );
  assert.match(markdown, /\| `lib\/net\.dart:9` \| expired \| `cleartext-http-endpoint` \| 2026-01-31 \| old lab \|/);
  assert.match(markdown, /\| `android\/app\/src\/main\/AndroidManifest\.xml:2` \| active \|/);
});

test('evidence report names the git commit', () => {
  const root = makeTree({
    ...PROJECT,
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/refs/heads/main': `${SHA_MAIN}\n`,
  });
  const html = report('html', root);
  assert.match(html, new RegExp(`<code>${SHA_MAIN}</code> on <code>main</code>`));
  const outside = report('markdown');
  assert.match(outside, /\| Git commit \| not a git checkout \|/);
});

test('git state from packed refs', () => {
  const root = makeTree({
    '.git/HEAD': 'ref: refs/heads/release/1.2\n',
    '.git/packed-refs': `# pack-refs with: peeled fully-peeled sorted\n${SHA_PACKED} refs/heads/release/1.2\n`,
    'app/lib/main.dart': '',
  });
  const state = readGitState(path.join(root, 'app/lib'));
  assert.equal(state?.commit, SHA_PACKED);
  assert.equal(state?.ref, 'refs/heads/release/1.2');
  assert.equal(state?.root, root);
});

test('git state of a worktree and detached head', () => {
  const root = makeTree({
    'main/.git/worktrees/wt/HEAD': `${SHA_PACKED}\n`,
    'main/.git/worktrees/wt/commondir': '../..\n',
    'wt/.git': 'gitdir: ../main/.git/worktrees/wt\n',
    'unborn/.git/HEAD': 'ref: refs/heads/main\n',
    'escape/.git/HEAD': 'ref: refs/../../../etc/passwd\n',
  });
  const worktree = path.join(root, 'wt');
  const gitDir = path.join(root, 'main/.git/worktrees/wt');
  assert.deepEqual(readGitState(worktree), { root: worktree, gitDir, commit: SHA_PACKED });
  const unborn = readGitState(path.join(root, 'unborn'));
  assert.equal(unborn?.ref, 'refs/heads/main');
  assert.equal(unborn?.commit, undefined);
  const escape = path.join(root, 'escape');
  assert.deepEqual(readGitState(escape), { root: escape, gitDir: path.join(escape, '.git') });
});

test('report rejects scan-only options', () => {
  const root = makeTree({ 'pubspec.yaml': 'name: demo\n' });
  const sarif = runCli(['report', '--format', 'sarif', '.'], root);
  assert.equal(sarif.code, 2);
  assert.match(sarif.stderr, /Invalid --format "sarif" for report: use html or markdown/);
  const baseline = runCli(['report', '--baseline', 'b.json', '.'], root);
  assert.equal(baseline.code, 2);
  assert.match(baseline.stderr, /--baseline cannot be used with report/);
});
