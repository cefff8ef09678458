/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  appUri,
  cliFindings,
  FIRST_SCAN_WAIT_MS,
  ruleOf,
  waitForDiagnostics,
  type CliFinding,
} from './support';

const SEVERITY: Record<CliFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function key(rule: string, range: CliFinding['range'], severity: number, message: string) {
  const { start, end } = range;
  const where = `${start.line}:${start.character}-${end.line}:${end.character}`;
  return `${where} ${rule} ${severity} ${message}`;
}

/** Only the first wait covers the start-up scan; later files are published by then. */
let startupScanPending = true;

/**
 * The editor must show exactly what the CLI reports for the same file: same rules, ranges,
 * severities and messages. The workspace scan publishes them without opening the file.
 */
async function assertMatchesCli(relative: string, mustInclude: string): Promise<void> {
  const expected = cliFindings()
    .filter((f) => f.path === relative)
    .map((f) => key(f.ruleId, f.range, SEVERITY[f.severity], f.message))
    .sort();
  assert.ok(expected.length > 0, `the CLI reports findings in ${relative}`);
  const uri = appUri(relative);
  const timeoutMs = startupScanPending ? FIRST_SCAN_WAIT_MS : undefined;
  startupScanPending = false;
  const shown = await waitForDiagnostics(
    uri,
    (list) => list.length >= expected.length,
    `${expected.length} diagnostics in ${relative}`,
    timeoutMs,
  );
  const actual = shown.map((d) => key(ruleOf(d), d.range, d.severity, d.message)).sort();
  assert.deepStrictEqual(actual, expected);
  assert.ok(actual.some((line) => line.includes(` ${mustInclude} `)), `${mustInclude} shown`);
}

suite('diagnostics match the CLI', () => {
  test('Dart: lib/services/api_client.dart', async () => {
    await assertMatchesCli('lib/services/api_client.dart', 'cleartext-http-endpoint');
  });

  test('Android: AndroidManifest.xml', async () => {
    await assertMatchesCli(
      'android/app/src/main/AndroidManifest.xml',
      'android-cleartext-traffic-enabled',
    );
  });

  test('iOS: Info.plist', async () => {
    await assertMatchesCli('ios/Runner/Info.plist', 'ios-ats-insecure-exception');
  });

  test('cleartext range covers the URL', async () => {
    const uri = appUri('lib/services/api_client.dart');
    const document = await vscode.workspace.openTextDocument(uri);
    const [diagnostic] = (
      await waitForDiagnostics(uri, (l) => l.length > 0, 'Dart diagnostics')
    ).filter((d) => ruleOf(d) === 'cleartext-http-endpoint');
    assert.ok(diagnostic, 'a cleartext-http-endpoint diagnostic');
    assert.match(document.getText(diagnostic.range), /^'?http:\/\/labs\./);
  });
});
