/// <reference types="mocha" />
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { appRoot, appUri, waitForTab } from './support';

suite('commands', () => {
  test('create config writes a starter file', async () => {
    const config = appUri('phi_guard.yaml');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.unlinkSync(config.fsPath);
    await vscode.commands.executeCommand('phiGuard.createConfig');
    const text = fs.readFileSync(config.fsPath, 'utf8');
    assert.match(text, /^rules:/m);
    assert.match(text, /^# /m, 'the starter file explains itself in comments');
    await waitForTab((label) => label === 'phi_guard.yaml', 'the new config in an editor');
  });

  test('evidence report writes HTML', async () => {
    const output = path.join(path.dirname(appRoot()), 'evidence.html');
    await vscode.commands.executeCommand('phiGuard.openEvidenceReport', vscode.Uri.file(output));
    const html = fs.readFileSync(output, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/i);
    assert.match(html, /164\.312/);
  });
});
