/// <reference types="mocha" />
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { appUri, ours, ruleOf, waitForDiagnostics, withoutRule, withRule } from './support';

const PLIST = 'ios/Runner/Info.plist';
const ATS_RULE = 'ios-ats-insecure-exception';

async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  edit.replace(document.uri, whole, text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save());
}

suite('configuration and file changes', () => {
  test('rule turned off in phi_guard.yaml', async () => {
    const plist = appUri(PLIST);
    await waitForDiagnostics(plist, withRule(ATS_RULE), 'the ATS diagnostic');
    const config = await vscode.workspace.openTextDocument(appUri('phi_guard.yaml'));
    const original = config.getText();
    await replaceText(config, `${original}rules:\n  ${ATS_RULE}: off\n`);
    await waitForDiagnostics(plist, withoutRule(ATS_RULE), 'the ATS diagnostic to go');
    await replaceText(config, original);
    await waitForDiagnostics(plist, withRule(ATS_RULE), 'the ATS diagnostic to return');
  });

  test('deleted file keeps no diagnostics', async () => {
    const uri = appUri('lib/services/crypto.dart');
    await waitForDiagnostics(uri, (list) => list.length > 0, 'crypto.dart diagnostics');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.unlinkSync(uri.fsPath);
    await waitForDiagnostics(uri, (list) => list.length === 0, 'crypto.dart diagnostics to go');
  });

  test('renamed file moves its diagnostics', async () => {
    const from = appUri('lib/services/storage.dart');
    const to = appUri('lib/services/vault.dart');
    const rule = 'phi-in-plain-key-value-store';
    const before = await waitForDiagnostics(from, withRule(rule), 'storage.dart diagnostics');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the rename applies');
    await waitForDiagnostics(from, (list) => list.length === 0, 'the old name to clear');
    const after = await waitForDiagnostics(to, withRule(rule), 'vault.dart diagnostics');
    assert.deepStrictEqual(after.map(ruleOf).sort(), before.map(ruleOf).sort());
    assert.strictEqual(ours(from).length, 0);
  });
});
