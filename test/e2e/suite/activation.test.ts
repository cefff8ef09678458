/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support';

const COMMANDS = [
  'phiGuard.restartServer',
  'phiGuard.scanWorkspace',
  'phiGuard.showOutput',
  'phiGuard.showRuleDocumentation',
  'phiGuard.createConfig',
  'phiGuard.openEvidenceReport',
  'phiGuard.showActions',
];

suite('activation', () => {
  test('packaged extension registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    assert.ok(extension.isActive);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], 'every contributed command is registered');
  });

  test('Dart files get the dart id', async () => {
    const files = await vscode.workspace.findFiles('lib/main.dart');
    assert.strictEqual(files.length, 1);
    const document = await vscode.workspace.openTextDocument(files[0]);
    assert.strictEqual(document.languageId, 'dart');
  });

  test('Info.plist opens as XML', async () => {
    const files = await vscode.workspace.findFiles('ios/Runner/Info.plist');
    assert.strictEqual(files.length, 1);
    const document = await vscode.workspace.openTextDocument(files[0]);
    assert.strictEqual(document.languageId, 'xml');
  });
});
