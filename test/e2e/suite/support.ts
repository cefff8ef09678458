/// <reference types="mocha" />
/**
 * Helpers for the suite that runs inside a real VS Code extension host. Every wait listens to
 * VS Code events and gives up after a timeout, so no test sleeps for a fixed time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'phi-guard.phi-guard';
export const SOURCE = 'phi-guard';
/** Normal waits take well under two seconds, and a broken server should fail fast. */
const DEFAULT_WAIT_MS = 15_000;
/** The first workspace scan after start-up, on a busy two-core CI machine. */
export const FIRST_SCAN_WAIT_MS = 60_000;

/** Returns the copy of examples/clinic_app that run.sh opened as the workspace folder. */
export function appRoot(): string {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.strictEqual(folders.length, 1, 'exactly one workspace folder is open');
  return folders[0].uri.fsPath;
}

export function appUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(appRoot(), ...relative.split('/')));
}

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Resolves with the file's PHI Guard diagnostics once `done` accepts them, checking now and
 * on every diagnostics change of that file.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  done: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): void => {
      const list = ours(uri);
      if (!done(list)) return;
      stop();
      resolve(list);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      stop();
      const now = ours(uri).map(describe).join('; ') || 'none';
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; now: ${now}`));
    }, timeoutMs);
    function stop(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

export function withRule(rule: string): (list: vscode.Diagnostic[]) => boolean {
  return (list) => list.some((d) => ruleOf(d) === rule);
}

export function withoutRule(rule: string): (list: vscode.Diagnostic[]) => boolean {
  return (list) => !list.some((d) => ruleOf(d) === rule);
}

export function describe(d: vscode.Diagnostic): string {
  const { start, end } = d.range;
  return `${ruleOf(d)} ${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Resolves when VS Code opens a tab whose label passes `match`, or rejects on timeout. */
export function waitForTab(match: (label: string) => boolean, what: string): Promise<void> {
  const present = () =>
    vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => match(tab.label)));
  return new Promise((resolve, reject) => {
    if (present()) return resolve();
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!present()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out waiting for ${what}`));
    }, DEFAULT_WAIT_MS);
  });
}

export async function quickFixes(
  uri: vscode.Uri,
  range: vscode.Range,
): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions ?? [];
}

/** One finding of `node dist/cli.js --format json`, as far as the suite compares it. */
export interface CliFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  path: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Reads the CLI's findings for the same copy of the app, which run.sh writes next to it. */
export function cliFindings(): CliFinding[] {
  const file = path.join(path.dirname(appRoot()), 'cli-findings.json');
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: CliFinding[] };
  assert.ok(Array.isArray(report.findings), `${file} holds a findings list`);
  return report.findings;
}
