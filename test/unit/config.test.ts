import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules';
import { defaultConfig, Engine, normalizePath } from '../../server/src/engine';
import {
  ALLOWED_KEYS,
  ConfigLoader,
  formatConfigError,
  type ConfigError,
} from '../../server/src/engine/config-loader';
import { closestMatch, editDistance } from '../../server/src/engine/config-loader-values';
import type { Range } from '../../server/src/engine/types';
import { schemaWithRuleIds } from '../../schemas/update-schema';

const REPO = path.resolve(__dirname, '../..');
const RULES = allRules.map((rule) => rule.meta);
const PIN_A = 'ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=';
const PIN_B = 'PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=';

/** Writes files under a new temporary folder and returns the folder (normalized). */
function makeTree(files: Record<string, string>): string {
  const root = normalizePath(mkdtempSync(path.join(tmpdir(), 'phi-guard-config-')));
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** Loads a single phi_guard.yaml with the given text. */
function loadText(text: string) {
  const root = makeTree({ 'phi_guard.yaml': text });
  return new ConfigLoader({ rules: RULES }).load(path.join(root, 'phi_guard.yaml'));
}

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

function onlyError(errors: ConfigError[]): ConfigError {
  assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'));
  return errors[0];
}

// Each key -------------------------------------------------------------------------------------

test('config without a file is the defaults', () => {
  const root = makeTree({ 'app/lib/main.dart': 'void main() {}\n' });
  const loaded = new ConfigLoader({ rules: RULES }).forFile(path.join(root, 'app/lib/main.dart'));
  assert.equal(loaded.path, undefined);
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.config, defaultConfig());
});

test('config reads every key', () => {
  const loaded = loadText(
    [
      'rules:',
      '  phi-in-logs: warning',
      '  cleartext-http-endpoint:',
      '    severity: info',
      '    options: { allow: [a] }',
      '  weak-crypto-algorithm: off',
      'phi:',
      '  add: [mrn, member_id]',
      '  remove: [notes]',
      '  classes: [Patient]',
      '  annotations: [Sensitive, meta.Phi]',
      'hosts:',
      '  phi:',
      '    - host: api.clinic.example',
      `      pins: [${PIN_A}, ${PIN_B}]`,
      '  cleartext_allowed: [localhost, dev.example, "[::1]"]',
      'auth:',
      '  require_mfa: false',
      '  role_checks: [hasRole, auth.canViewPhi]',
      '  idle_timeout_minutes: 5',
      'exclude: [lib/generated/**, "**/*.g.dart"]',
      'max_file_bytes: 1000',
      'helper_directory: lib/secure/',
      'suppressions:',
      '  require_reason: false',
      '  max_expiry_days: 30',
      '  non_suppressible: [tls-validation-disabled]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(loaded.errors, []);
  const config = loaded.config;
  assert.deepEqual(config.rules['phi-in-logs'], { severity: 'warning' });
  assert.deepEqual(config.rules['cleartext-http-endpoint'], {
    severity: 'info',
    options: { allow: ['a'] },
  });
  assert.deepEqual(config.rules['weak-crypto-algorithm'], { severity: 'off' });
  assert.deepEqual(config.phi, {
    add: ['mrn', 'member_id'],
    remove: ['notes'],
    classes: ['Patient'],
    annotations: ['Sensitive', 'meta.Phi'],
  });
  assert.deepEqual(config.hosts.phi, [{ host: 'api.clinic.example', pins: [PIN_A, PIN_B] }]);
  assert.deepEqual(config.hosts.cleartextAllowed, ['localhost', 'dev.example', '[::1]']);
  assert.deepEqual(config.auth, {
    requireMfa: false,
    roleChecks: ['hasRole', 'auth.canViewPhi'],
    idleTimeoutMinutes: 5,
  });
  assert.deepEqual(config.exclude, ['lib/generated/**', '**/*.g.dart']);
  assert.equal(config.maxFileBytes, 1000);
  assert.equal(config.helperDirectory, 'lib/secure');
  assert.deepEqual(config.suppressions, {
    requireReason: false,
    maxExpiryDays: 30,
    nonSuppressible: ['tls-validation-disabled'],
  });
});

test('config keeps defaults for unset keys', () => {
  const loaded = loadText('auth:\n  idle_timeout_minutes: 20\n');
  assert.deepEqual(loaded.errors, []);
  assert.equal(loaded.config.auth.idleTimeoutMinutes, 20);
  assert.equal(loaded.config.auth.requireMfa, true);
  assert.deepEqual(loaded.config.hosts, defaultConfig().hosts);
});

test('config accepts an empty file', () => {
  const loaded = loadText('# nothing set yet\n');
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.config, defaultConfig());
});

test('config accepts an empty section', () => {
  const loaded = loadText('rules:\n  # none yet\nauth:\n');
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.config, defaultConfig());
});

// Validation errors with exact ranges ------------------------------------------------------------

const INVALID: Array<{ name: string; text: string; message: RegExp; range: Range }> = [
  {
    name: 'unknown top-level key',
    text: 'rule:\n  phi-in-logs: off\n',
    message: /^Unknown key rule; did you mean rules\?$/,
    range: range(0, 0, 0, 4),
  },
  {
    name: 'unknown nested key',
    text: 'auth:\n  require_mfa: true\n  idle_timeout: 5\n',
    message: /^Unknown key idle_timeout in auth; did you mean idle_timeout_minutes\?$/,
    range: range(2, 2, 2, 14),
  },
  {
    name: 'unknown key without a close match',
    text: 'suppressions:\n  zzz: 1\n',
    message: /use one of require_reason, max_expiry_days, non_suppressible\.$/,
    range: range(1, 2, 1, 5),
  },
  {
    name: 'unknown rule id',
    text: 'rules:\n  phi-in-log: off\n',
    message: /^Unknown rule id phi-in-log; did you mean phi-in-logs\?$/,
    range: range(1, 2, 1, 12),
  },
  {
    name: 'invalid severity',
    text: 'rules:\n  phi-in-logs: fatal\n',
    message: /^Invalid severity "fatal" for phi-in-logs; use error, warning, info or off\.$/,
    range: range(1, 15, 1, 20),
  },
  {
    name: 'missing severity',
    text: 'rules:\n  phi-in-logs:\n',
    message: /^Invalid severity for phi-in-logs/,
    range: range(1, 2, 1, 13),
  },
  {
    name: 'unknown key in a rule mapping',
    text: 'rules:\n  phi-in-logs:\n    level: error\n',
    message: /^Unknown key level in rules\.<rule-id>; use one of severity, options\.$/,
    range: range(2, 4, 2, 9),
  },
  {
    name: 'options not a mapping',
    text: 'rules:\n  phi-in-logs:\n    options: [a]\n',
    message: /^options must be a mapping/,
    range: range(2, 13, 2, 16),
  },
  {
    name: 'rules not a mapping',
    text: 'rules: [phi-in-logs]\n',
    message: /^rules must be a mapping/,
    range: range(0, 7, 0, 20),
  },
  {
    name: 'list expected',
    text: 'phi:\n  add: mrn\n',
    message: /^add must be a list/,
    range: range(1, 7, 1, 10),
  },
  {
    name: 'list without a value',
    text: 'hosts:\n  cleartext_allowed:\n',
    message: /^cleartext_allowed has no value; write \[\] for an empty list or remove the key\.$/,
    range: range(1, 2, 1, 19),
  },
  {
    name: 'list item not a string',
    text: 'phi:\n  add: [mrn, 12]\n',
    message: /^Each item of add must be a string/,
    range: range(1, 13, 1, 15),
  },
  {
    name: 'vocabulary word with spaces',
    text: 'phi:\n  add: ["date of birth"]\n',
    message: /is not a field name/,
    range: range(1, 8, 1, 23),
  },
  {
    name: 'annotation written with @',
    text: 'phi:\n  annotations: ["@Phi"]\n',
    message: /not a Dart annotation name; write the name without the "@"/,
    range: range(1, 16, 1, 22),
  },
  {
    name: 'boolean expected',
    text: 'auth:\n  require_mfa: yes\n',
    message: /^require_mfa must be true or false\.$/,
    range: range(1, 15, 1, 18),
  },
  {
    name: 'zero idle timeout',
    text: 'auth:\n  idle_timeout_minutes: 0\n',
    message: /^idle_timeout_minutes must be a whole number of minutes, 1 or more\.$/,
    range: range(1, 24, 1, 25),
  },
  {
    name: 'fractional file size',
    text: 'max_file_bytes: 1.5\n',
    message: /^max_file_bytes must be a whole number of bytes/,
    range: range(0, 16, 0, 19),
  },
  {
    name: 'invalid glob',
    text: 'exclude:\n  - "lib/[gen"\n',
    message: /^Exclude glob "lib\/\[gen" is invalid \(Missing closing: "\]"\)/,
    range: range(1, 4, 1, 14),
  },
  {
    name: 'absolute glob',
    text: 'exclude: [/tmp/**]\n',
    message: /is absolute; write it relative to the folder of phi_guard\.yaml/,
    range: range(0, 10, 0, 17),
  },
  {
    name: 'short pin',
    text: 'hosts:\n  phi:\n    - host: api.example.com\n      pins: [abc=]\n',
    message: /^Pin is not 32 bytes in base64; use the base64 SHA-256/,
    range: range(3, 13, 3, 17),
  },
  {
    name: 'pin with sha256/ prefix',
    text: `hosts:\n  phi:\n    - host: a.example\n      pins: ["sha256/${PIN_A}"]\n`,
    message: /^Remove the "sha256\/" prefix/,
    range: range(3, 13, 3, 66),
  },
  {
    name: 'host with scheme',
    text: 'hosts:\n  phi:\n    - host: https://api.example.com\n',
    message: /without its scheme/,
    range: range(2, 12, 2, 35),
  },
  {
    name: 'wildcard PHI host',
    text: 'hosts:\n  phi:\n    - host: "*.clinic.example"\n',
    message: /without "\*\."; an entry already covers its subdomains\.$/,
    range: range(2, 12, 2, 30),
  },
  {
    name: 'wildcard cleartext host',
    text: 'hosts:\n  cleartext_allowed: ["*.dev.example"]\n',
    message: /^Wildcards are not supported in cleartext_allowed/,
    range: range(1, 22, 1, 37),
  },
  {
    name: 'host entry without host',
    text: `hosts:\n  phi:\n    - pins: [${PIN_A}]\n`,
    message: /has no host:/,
    range: range(2, 6, 3, 0),
  },
  {
    name: 'helper directory outside the project',
    text: 'helper_directory: ../shared\n',
    message: /must stay inside the project/,
    range: range(0, 18, 0, 27),
  },
  {
    name: 'unknown non-suppressible rule',
    text: 'suppressions:\n  non_suppressible: [tls-validation-disable]\n',
    message: /^Unknown rule id tls-validation-disable; did you mean tls-validation-disabled\?$/,
    range: range(1, 21, 1, 43),
  },
  {
    name: 'duplicate key',
    text: 'max_file_bytes: 10\nmax_file_bytes: 20\n',
    message: /^Duplicate key max_file_bytes; keep only one\.$/,
    range: range(1, 0, 1, 14),
  },
  {
    name: 'unknown package preset',
    text: 'include: package:flutter_lints/flutter.yaml\n',
    message: /^Unknown preset package:flutter_lints\/flutter\.yaml; use package:phi_guard/,
    range: range(0, 9, 0, 43),
  },
  {
    name: 'missing include file',
    text: 'include: ../nowhere.yaml\n',
    message: /^Cannot read the included file \.\.\/nowhere\.yaml \(ENOENT\)/,
    range: range(0, 9, 0, 24),
  },
  {
    name: 'top level not a mapping',
    text: '- rules\n',
    message: /must be a mapping of keys/,
    range: range(0, 0, 1, 0),
  },
  {
    name: 'invalid YAML',
    text: 'rules:\n  phi-in-logs: "off\n',
    message: /^Invalid YAML: Missing closing "quote; fix the syntax\.$/,
    range: range(2, 0, 2, 0),
  },
];

for (const example of INVALID) {
  test(`config error: ${example.name}`, () => {
    const loaded = loadText(example.text);
    const error = onlyError(loaded.errors);
    assert.match(error.message, example.message);
    assert.deepEqual(error.range, example.range);
    assert.equal(error.path, loaded.path);
  });
}

test('config error messages end with a period or question mark', () => {
  for (const example of INVALID) {
    for (const error of loadText(example.text).errors) {
      assert.match(error.message, /[.?]$/, `${example.name}: ${error.message}`);
    }
  }
});

test('config errors in CRLF files keep UTF-16 columns', () => {
  const loaded = loadText('# é ünïcödé\r\nauth:\r\n  require_mfa: "no"\r\n');
  assert.deepEqual(onlyError(loaded.errors).range, range(2, 15, 2, 19));
});

test('config reports every error, not just the first', () => {
  const loaded = loadText('rule: 1\nmax_file_bytes: -1\nphi:\n  add: [" "]\n');
  assert.equal(loaded.errors.length, 3);
  assert.deepEqual(
    loaded.errors.map((e) => e.range.start.line),
    [0, 1, 3],
  );
});

// Did-you-mean ------------------------------------------------------------------------------------

test('editDistance counts single edits', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
});

test('closestMatch suggests near rule ids only', () => {
  const ids = RULES.map((rule) => rule.id);
  assert.equal(closestMatch('phi-in-log', ids), 'phi-in-logs');
  assert.equal(closestMatch('release-debugable', ids), 'release-debuggable');
  assert.equal(closestMatch('static-or-zero-ivs', ids), 'static-or-zero-iv');
  assert.equal(closestMatch('mfa', ids), undefined);
  assert.equal(closestMatch('completely-unrelated-name', ids), undefined);
});

// Presets and includes ----------------------------------------------------------------------------

test('recommended preset keeps default severities', () => {
  const loaded = loadText('include: package:phi_guard/recommended.yaml\n');
  assert.deepEqual(loaded.errors, []);
  for (const rule of RULES) {
    assert.equal(loaded.config.rules[rule.id]?.severity, rule.defaultSeverity, rule.id);
  }
});

test('strict preset raises warnings and info', () => {
  for (const name of ['strict', 'package:phi_guard/strict.yaml']) {
    const loaded = loadText(`include: ${name}\n`);
    assert.deepEqual(loaded.errors, []);
    for (const rule of RULES) {
      const expected = rule.defaultSeverity === 'info' ? 'warning' : 'error';
      assert.equal(loaded.config.rules[rule.id]?.severity, expected, `${name}: ${rule.id}`);
    }
  }
});

test('file keys override the preset per rule', () => {
  const loaded = loadText(
    'include: strict\nrules:\n  phi-in-url: off\n  phi-in-logs:\n    options: { a: 1 }\n',
  );
  assert.deepEqual(loaded.errors, []);
  assert.equal(loaded.config.rules['phi-in-url'].severity, 'off');
  assert.deepEqual(loaded.config.rules['phi-in-logs'], { severity: 'error', options: { a: 1 } });
  assert.equal(loaded.config.rules['weak-crypto-algorithm'].severity, 'error');
});

test('include chain applies in order', () => {
  const root = makeTree({
    'base.yaml': 'include: strict\nauth:\n  idle_timeout_minutes: 5\nphi:\n  add: [mrn]\n',
    'team/middle.yaml': 'include: ../base.yaml\nrules:\n  phi-in-url: info\nexclude: [gen/**]\n',
    'team/app/phi_guard.yaml': 'include: [../middle.yaml]\nauth:\n  require_mfa: false\n',
  });
  const configPath = path.join(root, 'team/app/phi_guard.yaml');
  const loaded = new ConfigLoader({ rules: RULES }).load(configPath);
  assert.deepEqual(loaded.errors, []);
  assert.equal(loaded.config.rules['weak-crypto-algorithm'].severity, 'error');
  assert.equal(loaded.config.rules['phi-in-url'].severity, 'info');
  assert.deepEqual(loaded.config.auth, {
    requireMfa: false,
    roleChecks: [],
    idleTimeoutMinutes: 5,
  });
  assert.deepEqual(loaded.config.phi.add, ['mrn']);
  assert.deepEqual(loaded.config.exclude, ['gen/**']);
  assert.deepEqual(
    loaded.files.map((f) => path.relative(root, f)).sort(),
    ['base.yaml', 'team/app/phi_guard.yaml', 'team/middle.yaml'],
  );
});

test('include cycle is reported where it closes', () => {
  const root = makeTree({
    'phi_guard.yaml': 'include: a.yaml\n',
    'a.yaml': 'include: b.yaml\n',
    'b.yaml': 'rules:\n  phi-in-url: off\ninclude: a.yaml\n',
  });
  const loaded = new ConfigLoader({ rules: RULES }).load(path.join(root, 'phi_guard.yaml'));
  const error = onlyError(loaded.errors);
  assert.equal(error.path, path.join(root, 'b.yaml'));
  assert.deepEqual(error.range, range(2, 9, 2, 15));
  assert.equal(
    error.message,
    'Include cycle a.yaml -> b.yaml -> a.yaml; remove one of these includes.',
  );
  assert.deepEqual(loaded.config, defaultConfig(), 'a config with a cycle is not applied');
});

test('file that includes itself is a cycle', () => {
  const loaded = loadText('include: phi_guard.yaml\n');
  const error = onlyError(loaded.errors);
  assert.match(error.message, /^Include cycle phi_guard\.yaml -> phi_guard\.yaml/);
});

test('error in an included file names that file', () => {
  const root = makeTree({
    'phi_guard.yaml': 'include: shared.yaml\n',
    'shared.yaml': 'rules:\n  nope: off\n',
  });
  const loaded = new ConfigLoader({ rules: RULES }).load(path.join(root, 'phi_guard.yaml'));
  const error = onlyError(loaded.errors);
  assert.equal(error.path, path.join(root, 'shared.yaml'));
  assert.deepEqual(error.range, range(1, 2, 1, 6));
});

// Broken-config fallback --------------------------------------------------------------------------

test('broken config falls back to the defaults', () => {
  const loaded = loadText('rules:\n  phi-in-logs: off\n  phi-in-url: nope\n');
  assert.equal(loaded.errors.length, 1);
  assert.deepEqual(loaded.config, defaultConfig(), 'the valid phi-in-logs: off is not applied');
});

test('broken config falls back to the last good config', () => {
  const root = makeTree({ 'phi_guard.yaml': 'rules:\n  phi-in-logs: off\n' });
  const file = path.join(root, 'phi_guard.yaml');
  const loader = new ConfigLoader({ rules: RULES });
  const good = loader.load(file).config;
  writeFileSync(file, 'rules:\n  phi-in-logs: of\n');
  const broken = loader.load(file, good);
  assert.equal(broken.errors.length, 1);
  assert.equal(broken.config, good);
  assert.equal(loader.load(file).config.rules['phi-in-logs'], undefined, 'defaults without it');
});

test('keepLastGood remembers the last good config', () => {
  const root = makeTree({ 'phi_guard.yaml': 'max_file_bytes: 10\n' });
  const file = path.join(root, 'phi_guard.yaml');
  const loader = new ConfigLoader({ rules: RULES, keepLastGood: true });
  assert.equal(loader.load(file).config.maxFileBytes, 10);
  writeFileSync(file, 'max_file_bytes: ten\n');
  const broken = loader.load(file);
  assert.equal(broken.errors.length, 1);
  assert.equal(broken.config.maxFileBytes, 10);
});

test('unreadable config is an error at 1:1', () => {
  const root = makeTree({});
  const loaded = new ConfigLoader({ rules: RULES }).load(path.join(root, 'missing.yaml'));
  const error = onlyError(loaded.errors);
  assert.match(error.message, /^Cannot read the config file \(ENOENT\)/);
  assert.deepEqual(error.range, range(0, 0, 0, 0));
  assert.equal(formatConfigError(error, root), `missing.yaml:1:1: ${error.message}`);
});

// Cache -------------------------------------------------------------------------------------------

test('loader caches by path and content', () => {
  const root = makeTree({
    'phi_guard.yaml': 'include: shared.yaml\n',
    'shared.yaml': 'exclude: [a]\n',
  });
  const file = path.join(root, 'phi_guard.yaml');
  const loader = new ConfigLoader({ rules: RULES });
  const first = loader.load(file).config;
  assert.equal(loader.load(file).config, first, 'unchanged files give the cached config');
  writeFileSync(path.join(root, 'shared.yaml'), 'exclude: [b]\n');
  const second = loader.load(file).config;
  assert.notEqual(second, first);
  assert.deepEqual(second.exclude, ['b']);
});

test('loader reads text through readText', () => {
  const texts: Record<string, string> = { '/virtual/phi_guard.yaml': 'max_file_bytes: 7\n' };
  const loader = new ConfigLoader({
    rules: RULES,
    readText: (p) => texts[p] ?? assert.fail(`unexpected read of ${p}`),
    fileExists: (p) => p in texts,
  });
  assert.equal(loader.configFor('/virtual/lib/a.dart').maxFileBytes, 7);
  texts['/virtual/phi_guard.yaml'] = 'max_file_bytes: 8\n';
  assert.equal(loader.configFor('/virtual/lib/a.dart').maxFileBytes, 8);
});

// Nearest-file lookup -----------------------------------------------------------------------------

test('nearest config wins for two apps', () => {
  const root = makeTree({
    'phi_guard.yaml': 'auth:\n  idle_timeout_minutes: 30\n',
    'patient_app/phi_guard.yaml': 'auth:\n  idle_timeout_minutes: 5\n',
    'patient_app/lib/main.dart': '',
    'staff_app/phi_guard.yaml': 'auth:\n  idle_timeout_minutes: 10\n',
    'staff_app/lib/src/deep/main.dart': '',
    'shared_ui/lib/ui.dart': '',
  });
  const loader = new ConfigLoader({ rules: RULES });
  const minutes = (relative: string) =>
    loader.configFor(path.join(root, relative)).auth.idleTimeoutMinutes;
  assert.equal(loader.findConfigFile(path.join(root, 'patient_app/lib/main.dart')),
    path.join(root, 'patient_app/phi_guard.yaml'));
  assert.equal(minutes('patient_app/lib/main.dart'), 5);
  assert.equal(minutes('staff_app/lib/src/deep/main.dart'), 10);
  assert.equal(minutes('shared_ui/lib/ui.dart'), 30);
  assert.equal(minutes('patient_app/phi_guard.yaml'), 5, 'a config applies to itself');
});

test('fixed config path replaces the lookup', () => {
  const root = makeTree({
    'app/phi_guard.yaml': 'max_file_bytes: 1\n',
    'ci.yaml': 'max_file_bytes: 2\n',
  });
  const loader = new ConfigLoader({ rules: RULES, configPath: path.join(root, 'ci.yaml') });
  assert.equal(loader.configFor(path.join(root, 'app/lib/a.dart')).maxFileBytes, 2);
});

test('exclude globs are relative to the config folder', () => {
  const root = makeTree({
    'phi_guard.yaml': 'include: shared/base.yaml\n',
    'shared/base.yaml': 'exclude: [lib/generated/**, "**/*.g.dart"]\n',
  });
  const loader = new ConfigLoader({ rules: RULES });
  assert.equal(loader.isExcluded(path.join(root, 'lib/generated/api.dart')), true);
  assert.equal(loader.isExcluded(path.join(root, 'lib/model.g.dart')), true);
  assert.equal(loader.isExcluded(path.join(root, 'lib/model.dart')), false);
  assert.equal(loader.isExcluded(path.join(root, 'shared/lib/generated/x.dart')), false);
});

// Engine wiring -----------------------------------------------------------------------------------

test('engine does not run rules on phi_guard.yaml', async () => {
  const root = makeTree({ 'phi_guard.yaml': '# http://insecure.example\nrules: {}\n' });
  const engine = await Engine.create({ rules: allRules });
  engine.workspace.addPath(path.join(root, 'phi_guard.yaml'));
  const result = engine.analyzeFile(path.join(root, 'phi_guard.yaml'));
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.notices, []);
});

test('engine applies max_file_bytes per file', async () => {
  const root = makeTree({
    'small/phi_guard.yaml': 'max_file_bytes: 10\n',
    'small/lib/a.dart': 'void main() {}\n',
    'large/lib/a.dart': 'void main() {}\n',
  });
  const loader = new ConfigLoader({ rules: RULES });
  // No rules: the size limit is the workspace's, and a rule's own notice would only add noise.
  const engine = await Engine.create({ rules: [], configFor: (p) => loader.configFor(p) });
  for (const app of ['small', 'large']) {
    engine.workspace.addPath(path.join(root, app, 'lib/a.dart'));
  }
  const small = engine.analyzeFile(path.join(root, 'small/lib/a.dart'));
  const notice = small.notices[0]?.message ?? '';
  assert.match(notice, /more than the limit of 10, so its findings are not reported/);
  assert.deepEqual(engine.analyzeFile(path.join(root, 'large/lib/a.dart')).notices, []);
});

const SUPPRESSED_MANIFEST = (comment: string) =>
  [
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
    `  <!-- ${comment} -->`,
    '  <application android:usesCleartextTraffic="true"/>',
    '</manifest>',
    '',
  ].join('\n');

/** Whether the cleartext finding of a manifest is suppressed under a phi_guard.yaml. */
async function suppressedUnder(config: string, comment: string): Promise<boolean> {
  const root = makeTree({
    'phi_guard.yaml': config,
    'android/app/src/main/AndroidManifest.xml': SUPPRESSED_MANIFEST(comment),
  });
  const loader = new ConfigLoader({ rules: RULES });
  assert.deepEqual(loader.load(path.join(root, 'phi_guard.yaml')).errors, []);
  const engine = await Engine.create({
    rules: allRules,
    today: new Date('2026-12-01T00:00:00Z'),
    configFor: (p) => loader.configFor(p),
  });
  const manifest = path.join(root, 'android/app/src/main/AndroidManifest.xml');
  engine.workspace.addPath(manifest);
  const findings = engine.analyzeFile(manifest).findings;
  const finding = findings.find((f) => f.ruleId === 'android-cleartext-traffic-enabled');
  assert.ok(finding, 'the cleartext finding is reported');
  return finding.suppression !== undefined;
}

test('suppression policy applies per config', async () => {
  const id = 'android-cleartext-traffic-enabled';
  const reasoned = `phi-guard-ignore ${id}: kiosk build`;
  assert.equal(await suppressedUnder('', reasoned), true);
  const locked = `suppressions:\n  non_suppressible: [${id}]\n`;
  assert.equal(await suppressedUnder(locked, reasoned), false);
});

test('suppression policy requires a near expiry', async () => {
  const id = 'android-cleartext-traffic-enabled';
  const config = 'suppressions:\n  max_expiry_days: 30\n';
  assert.equal(await suppressedUnder(config, `phi-guard-ignore ${id}: kiosk`), false);
  const soon = `phi-guard-ignore ${id}: kiosk [expires 2026-12-31]`;
  assert.equal(await suppressedUnder(config, soon), true);
  const late = `phi-guard-ignore ${id}: kiosk [expires 2027-01-01]`;
  assert.equal(await suppressedUnder(config, late), false);
});

test('suppression policy can waive the reason', async () => {
  const bare = 'phi-guard-ignore android-cleartext-traffic-enabled';
  assert.equal(await suppressedUnder('', bare), false);
  const waived = 'suppressions:\n  require_reason: false\n';
  assert.equal(await suppressedUnder(waived, bare), true);
});

// Schema, docs and package.json -------------------------------------------------------------------

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  $ref?: string;
};

const SCHEMA = JSON.parse(readFileSync(path.join(REPO, 'schemas/phi_guard.schema.json'), 'utf8'));

function resolveRef(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  return resolveRef(SCHEMA.definitions[name]);
}

/** The schema's keys in the shape of ALLOWED_KEYS: map path to its key names. */
function schemaKeys(node: SchemaNode, where: string, out: Record<string, string[]>): void {
  const resolved = resolveRef(node);
  for (const branch of resolved.oneOf ?? []) schemaKeys(branch, where, out);
  if (resolved.items) schemaKeys(resolved.items, `${where}[]`, out);
  if (!resolved.properties) return;
  if (where === 'rules') {
    const ruleSetting = Object.values(resolved.properties)[0];
    if (ruleSetting) schemaKeys(ruleSetting, 'rules.*', out);
    return;
  }
  const keys = Object.keys(resolved.properties);
  if (keys.length > 0) out[where] = keys;
  for (const key of keys) {
    schemaKeys(resolved.properties[key], where === '' ? key : `${where}.${key}`, out);
  }
}

test('schema lists exactly the loader keys', () => {
  const fromSchema: Record<string, string[]> = {};
  schemaKeys(SCHEMA, '', fromSchema);
  const sorted = (table: Record<string, readonly string[]>) =>
    Object.fromEntries(Object.entries(table).map(([k, v]) => [k, [...v].sort()]));
  assert.deepEqual(sorted(fromSchema), sorted(ALLOWED_KEYS));
});

test('schema rejects keys it does not list', () => {
  const closed: string[] = [];
  const walk = (node: SchemaNode, where: string) => {
    const resolved = resolveRef(node);
    if (resolved.properties && resolved.additionalProperties !== false) closed.push(where);
    for (const [key, child] of Object.entries(resolved.properties ?? {})) {
      walk(child, `${where}.${key}`);
    }
    if (resolved.items) walk(resolved.items, `${where}[]`);
    for (const branch of resolved.oneOf ?? []) walk(branch, where);
  };
  walk(SCHEMA, '');
  assert.deepEqual(closed, [], 'objects with properties set additionalProperties: false');
});

// Only ids are compared: summaries change while rules are written, and a stale summary in the
// schema misleads less than a test that fails on every wording change.
test('schema rule ids match the rules', () => {
  const regenerated = schemaWithRuleIds(JSON.parse(JSON.stringify(SCHEMA)));
  const fix = 'run: npx tsx schemas/update-schema.ts';
  const ids = (schema: typeof SCHEMA) => Object.keys(schema.properties.rules.properties);
  assert.deepEqual(ids(SCHEMA), ids(regenerated), fix);
  assert.deepEqual(SCHEMA.definitions.ruleId.enum, regenerated.definitions.ruleId.enum, fix);
  assert.deepEqual([...ids(SCHEMA)].sort(), RULES.map((r) => r.id).sort());
});

test('package.json registers the schema', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const entry = manifest.contributes.yamlValidation.find(
    (e: { fileMatch: string }) => e.fileMatch === 'phi_guard.yaml',
  );
  assert.ok(entry, 'contributes.yamlValidation has phi_guard.yaml');
  assert.equal(path.resolve(REPO, entry.url), path.join(REPO, 'schemas/phi_guard.schema.json'));
});

test('docs example loads and uses every key', () => {
  const docs = readFileSync(path.join(REPO, 'docs/configuration.md'), 'utf8');
  const example = /## Example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
  assert.ok(example, 'docs/configuration.md has a yaml block under ## Example');
  const loaded = loadText(example);
  assert.deepEqual(loaded.errors, []);
  for (const [where, keys] of Object.entries(ALLOWED_KEYS)) {
    for (const key of keys) {
      assert.match(example, new RegExp(`^\\s*(- )?${key}:`, 'm'), `${where} ${key} in the example`);
    }
  }
});

// CLI ---------------------------------------------------------------------------------------------

const MANIFEST = [
  '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
  '  <application android:allowBackup="false" android:usesCleartextTraffic="true"/>',
  '</manifest>',
  '',
].join('\n');

function runCli(args: string[]) {
  const main = path.join(REPO, 'server/src/cli/main.ts');
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cleartextApp(config?: string): string {
  const files: Record<string, string> = {
    'pubspec.yaml': 'name: demo\n',
    'android/app/src/main/AndroidManifest.xml': MANIFEST,
  };
  if (config !== undefined) files['ci/phi_guard.yaml'] = config;
  return makeTree(files);
}

function ruleFindings(stdout: string, ruleId: string): Array<{ severity: string }> {
  const report = JSON.parse(stdout);
  return report.findings.filter((f: { ruleId: string }) => f.ruleId === ruleId);
}

test('cli --config with errors exits 2', () => {
  const root = cleartextApp('rules:\n  android-cleartext-traffic-enable: off\n');
  const config = path.join(root, 'ci/phi_guard.yaml');
  const result = runCli(['--format', 'json', '--config', config, root]);
  assert.equal(result.code, 2, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.complete, false, 'the JSON report says the scan did not run');
  assert.deepEqual(report.findings, []);
  assert.match(report.errors[0], /Unknown rule id android-cleartext-traffic-enable;/);
  assert.equal(
    result.stderr,
    `phi-guard: ${config}:2:3: Unknown rule id android-cleartext-traffic-enable; ` +
      'did you mean android-cleartext-traffic-enabled?\n',
  );
});

test('cli --config that is missing exits 2', () => {
  const root = cleartextApp();
  const result = runCli(['--config', path.join(root, 'none.yaml'), root]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^phi-guard: .*none\.yaml:1:1: Cannot read the config file/);
  assert.match(result.stderr, /\(ENOENT\)/);
});

test('cli --config turns a rule off', () => {
  const root = cleartextApp('rules:\n  android-cleartext-traffic-enabled: off\n');
  const before = runCli(['--format', 'json', root]);
  assert.equal(ruleFindings(before.stdout, 'android-cleartext-traffic-enabled').length, 1);
  const config = path.join(root, 'ci/phi_guard.yaml');
  const result = runCli(['--format', 'json', '--config', config, root]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(ruleFindings(result.stdout, 'android-cleartext-traffic-enabled'), []);
});

test('cli --config raises a severity', () => {
  const root = cleartextApp('include: strict\n');
  const config = path.join(root, 'ci/phi_guard.yaml');
  const result = runCli(['--format', 'json', '--config', config, root]);
  assert.equal(result.code, 1, result.stderr);
  const findings = ruleFindings(result.stdout, 'android-cleartext-traffic-enabled');
  assert.deepEqual(findings.map((f) => f.severity), ['error']);
});

test('cli applies the nearest config and its excludes', () => {
  const root = makeTree({
    'pubspec.yaml': 'name: demo\n',
    'phi_guard.yaml': 'exclude: [legacy/**]\n',
    'android/app/src/main/AndroidManifest.xml': MANIFEST,
    'legacy/android/app/src/main/AndroidManifest.xml': MANIFEST,
  });
  const before = runCli(['--format', 'json', '--config', path.join(root, 'none.yaml'), root]);
  assert.equal(before.code, 2, 'a missing --config file stops the scan');
  const result = runCli(['--format', 'json', root]);
  assert.equal(result.code, 0, result.stderr);
  const paths = JSON.parse(result.stdout).findings.map((f: { path: string }) => f.path);
  assert.deepEqual(paths, ['android/app/src/main/AndroidManifest.xml']);
});

test('cli stops on an invalid nearest config', () => {
  const root = makeTree({
    'pubspec.yaml': 'name: demo\n',
    'phi_guard.yaml': 'auth:\n  idle_timeout_minutes: soon\n',
    'android/app/src/main/AndroidManifest.xml': MANIFEST,
  });
  const result = runCli([root]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /phi_guard\.yaml:2:25: idle_timeout_minutes must be a whole number/);
});
