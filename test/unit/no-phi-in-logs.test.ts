/**
 * PHI Guard reads PHI as part of its job and must never repeat it. This plants canary values (an
 * MRN, a patient name, a diagnosis, a token) in the Dart, XML, plist and YAML files of a scratch
 * app, including files that do not parse, and a hook that makes one rule throw with file text
 * in its error. Then it checks every output channel: the CLI in each format with stderr, and
 * the server's log messages, notifications, diagnostics, hovers and stderr at verbose trace.
 * Code action edits are left out: they rewrite the user's own source by design.
 * Needs `npm run build` (it runs dist/cli.js and dist/server.js).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WireServer, type ServerMessage } from '../../fuzz/lsp-wire';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const CANARIES = [
  'MRN-CANARY-7731',
  'Zebulon Quillfeather',
  'Canarypox Syndrome',
  'tok_CANARY_9f8e7d6c5b4a',
];
/** The rule the engine's test hook makes throw, with the start of the file in the message. */
const THROWING_RULE = 'phi-in-logs';
const HOOK_FIRED = new RegExp(`Rule ${THROWING_RULE} failed`);

const FILES: Record<string, string> = {
  'pubspec.yaml': 'name: canary_app\ndependencies:\n  http: any\n  shared_preferences: any\n',
  'pubspec.lock': 'packages:\n  http: [MRN-CANARY-7731\n  other: "Zebulon Quillfeather\n',
  'lib/patient.dart': `import 'package:http/http.dart' as http;
import 'package:shared_preferences/shared_preferences.dart';

// Zebulon Quillfeather, MRN-CANARY-7731, Canarypox Syndrome
const apiToken = 'tok_CANARY_9f8e7d6c5b4a';

class Patient {
  final String mrn = 'MRN-CANARY-7731';
  final String name = 'Zebulon Quillfeather';
  final String diagnosis = 'Canarypox Syndrome';
}

Future<void> save(Patient patient) async {
  print('Patient Zebulon Quillfeather MRN-CANARY-7731 has Canarypox Syndrome');
  print(patient.diagnosis);
  final prefs = await SharedPreferences.getInstance();
  await prefs.setString('diagnosis', 'Canarypox Syndrome');
  await prefs.setString('mrn', patient.mrn);
  await http.get(Uri.parse('http://api.northwind-clinic.net/p/MRN-CANARY-7731?n=Zebulon'),
      headers: {'Authorization': 'Bearer tok_CANARY_9f8e7d6c5b4a'});
}
`,
  'lib/broken.dart': "class Broken { final x = 'MRN-CANARY-7731' Zebulon Quillfeather ) ( {\n",
  'android/app/src/main/AndroidManifest.xml': `<manifest xmlns:android="http://schemas.android.com/apk/res/android">
  <application android:usesCleartextTraffic="true" android:label="Zebulon Quillfeather">
    <meta-data android:name="token" android:value="tok_CANARY_9f8e7d6c5b4a" />
  </application>
</manifest>
`,
  'android/app/src/main/res/xml/network_security_config.xml':
    '<network-security-config><domain-config>MRN-CANARY-7731</domain-config MRN-CANARY-7731>\n',
  'ios/Runner/Info.plist': `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>PatientName</key><string>Zebulon Quillfeather</string>
  <key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/></dict>
</dict></plist>
`,
  'ios/Runner/Runner.entitlements':
    '<plist><dict><key>Canarypox Syndrome</key><string tok_CANARY_9f8e7d6c5b4a></dict>',
};

function leaks(text: string): string[] {
  return CANARIES.filter((canary) => text.includes(canary));
}

let root: string;

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'phi-guard-canary-'));
  for (const [relative, text] of Object.entries(FILES)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('the CLI repeats no planted PHI', () => {
  const runs: Array<[string, string[]]> = [
    ['text', ['--format', 'text', '--show-suppressed']],
    ['json', ['--format', 'json']],
    ['sarif', ['--format', 'sarif']],
    ['suppression list', ['--list-suppressions']],
    ['markdown report', ['report', '--format', 'markdown']],
    ['html report', ['report', '--format', 'html']],
  ];
  for (const [name, args] of runs) {
    test(`${name}, with a rule that throws`, () => {
      const run = spawnSync(process.execPath, [CLI, ...args, root], {
        encoding: 'utf8',
        env: { ...process.env, PHI_GUARD_TEST_THROW_RULE: THROWING_RULE, NO_COLOR: '1' },
      });
      assert.ok(run.stdout.length > 0, `no output: ${run.stderr}`);
      // The hook must have fired, or this test would prove nothing about crash notices.
      if (args.includes('json')) assert.match(run.stdout, HOOK_FIRED);
      assert.deepEqual(leaks(run.stdout), [], 'stdout');
      assert.deepEqual(leaks(run.stderr), [], 'stderr');
    });
  }

  test('the canaries are in the analysed files, so the checks above can fail', () => {
    const planted = Object.values(FILES).join('\n');
    assert.deepEqual(leaks(planted), CANARIES);
  });
});

describe('the server repeats no planted PHI', () => {
  test('in logs, notifications, diagnostics, hovers or stderr at verbose trace', async () => {
    const server = WireServer.start({ PHI_GUARD_TEST_THROW_RULE: THROWING_RULE });
    server.configuration = { trace: { server: 'verbose' } };
    const seen: ServerMessage[] = [];
    try {
      await initialize(server, root);
      await server.waitFor((m) => m.method === 'phiGuard/status' && isReady(m), 60_000);
      seen.push(...server.messages);
      server.forget();
      await editAndHover(server, path.join(root, 'lib/patient.dart'), seen);
      const text = JSON.stringify(seen.map(withoutEdits));
      assert.match(text, HOOK_FIRED, 'the throwing hook did not fire');
      assert.ok(seen.some((m) => m.method === 'window/logMessage'), 'no log messages captured');
      assert.deepEqual(leaks(text), [], 'protocol output');
      assert.deepEqual(leaks(server.stderr), [], 'stderr');
    } finally {
      server.kill();
    }
  });
});

function isReady(message: ServerMessage): boolean {
  return (message.params as { state?: string }).state === 'ready';
}

async function initialize(server: WireServer, folder: string): Promise<void> {
  const uri = `file://${folder}`;
  server.send({
    id: 1,
    method: 'initialize',
    params: {
      processId: null,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'canary' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
      trace: 'verbose',
    },
  });
  await server.waitFor((m) => m.id === 1, 30_000);
  server.send({ method: 'initialized', params: {} });
  server.send({ method: '$/setTrace', params: { value: 'verbose' } });
}

/** Opens and edits the Dart file, then asks for hovers on each diagnostic. */
async function editAndHover(server: WireServer, file: string, seen: ServerMessage[]) {
  const uri = `file://${file}`;
  const text = readFileSync(file, 'utf8');
  server.send({
    method: 'textDocument/didOpen',
    params: { textDocument: { uri, languageId: 'dart', version: 1, text } },
  });
  const at = { line: 3, character: 3 };
  server.send({
    method: 'textDocument/didChange',
    params: {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at, end: at }, text: 'MRN-CANARY-7731 ' }],
    },
  });
  const published = await server.waitFor(
    (m) =>
      m.method === 'textDocument/publishDiagnostics' &&
      (m.params as { version?: number }).version === 2,
    30_000,
  );
  const params = published?.params as { diagnostics?: Array<{ range: { start: object } }> };
  const diagnostics = params?.diagnostics ?? [];
  assert.ok(diagnostics.length > 0, 'no diagnostics for the edited file');
  let id = 10;
  for (const diagnostic of diagnostics) {
    const position = diagnostic.range.start;
    server.send({ id: ++id, method: 'textDocument/hover', params: { textDocument: { uri }, position } });
  }
  await server.waitFor((m) => m.id === id, 30_000);
  seen.push(...server.messages);
}

/** Drops code action edits, which carry the user's own text back into the same file. */
function withoutEdits(message: ServerMessage): ServerMessage {
  const drop = (key: string, value: unknown) =>
    key === 'edit' || key === 'newText' ? undefined : value;
  return JSON.parse(JSON.stringify(message, drop)) as ServerMessage;
}
