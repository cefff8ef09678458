/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  appUri,
  quickFixes,
  ruleOf,
  waitForDiagnostics,
  waitForTab,
  withoutRule,
  withRule,
} from './support';

const RULE = 'cleartext-http-endpoint';
const API = 'lib/services/api_client.dart';
const NEW_CALL =
  '\nFuture<http.Response> ping() =>\n' +
  "    http.get(Uri.parse('http://status.northwind-clinic.example/'));\n";

async function openApi(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(appUri(API));
  return vscode.window.showTextDocument(document);
}

async function findingOf(uri: vscode.Uri, what: string): Promise<vscode.Diagnostic> {
  const list = await waitForDiagnostics(uri, withRule(RULE), what);
  return list.find((d) => ruleOf(d) === RULE)!;
}

suite('editing', () => {
  test('https quick fix clears diagnostic', async () => {
    const editor = await openApi();
    const uri = editor.document.uri;
    const diagnostic = await findingOf(uri, 'the cleartext diagnostic');
    const actions = await quickFixes(uri, diagnostic.range);
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, `a preferred fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.strictEqual(fix.title, 'Replace http:// with https://');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    const line = editor.document.lineAt(diagnostic.range.start.line).text;
    assert.ok(line.includes("Uri.parse('https://labs.northwind-clinic.example/v1/"), line);
    await waitForDiagnostics(uri, withoutRule(RULE), 'the cleartext diagnostic to clear');
    assert.ok(await editor.document.save());
  });

  test('new cleartext request gets diagnostic', async () => {
    const editor = await openApi();
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((builder) => builder.insert(end, NEW_CALL)));
    const line = editor.document.lineCount - 2;
    const diagnostic = await findingOf(editor.document.uri, 'a diagnostic for the new call');
    assert.strictEqual(diagnostic.range.start.line, line);
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(editor.document.getText(diagnostic.range), /http:\/\/status\./);
  });

  test('suppress action selects the reason', async () => {
    const editor = await openApi();
    const uri = editor.document.uri;
    const diagnostic = await findingOf(uri, 'the diagnostic of the new call');
    const actions = await quickFixes(uri, diagnostic.range);
    const suppress = actions.find((a) => a.title === `Suppress ${RULE} with a reason`);
    assert.ok(suppress?.edit, `a suppress action among: ${actions.map((a) => a.title)}`);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    const comment = editor.document.lineAt(diagnostic.range.start.line).text.trim();
    assert.strictEqual(comment, `// phi-guard-ignore ${RULE}: reason required`);
    assert.strictEqual(editor.document.getText(editor.selection), 'reason required');
    await waitForDiagnostics(uri, withoutRule(RULE), 'the suppressed diagnostic to go');
    assert.ok(await editor.document.save());
  });

  test('documentation action opens rule README', async () => {
    const uri = appUri('android/app/src/main/AndroidManifest.xml');
    const rule = 'android-cleartext-traffic-enabled';
    const list = await waitForDiagnostics(uri, withRule(rule), 'the manifest diagnostic');
    await vscode.window.showTextDocument(uri);
    const diagnostic = list.find((d) => ruleOf(d) === rule)!;
    const actions = await quickFixes(uri, diagnostic.range);
    const docs = actions.find((a) => a.title === `Show documentation for ${rule}`);
    assert.ok(docs?.command, `a documentation action among: ${actions.map((a) => a.title)}`);
    await vscode.commands.executeCommand(docs.command.command, ...(docs.command.arguments ?? []));
    await waitForTab((label) => label.includes('README'), 'the README preview');
  });
});
