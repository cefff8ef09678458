/**
 * Checks the extension inside a real VS Code extension host (`run.sh` starts one). Exports
 * `run()`, the entry VS Code calls for `--extensionTestsPath`. The workspace folder is the small
 * Flutter app that `run.sh` writes.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

const CLEARTEXT_URL = 'cleartext-http-endpoint';
const CLEARTEXT_MANIFEST = 'android-cleartext-traffic-enabled';

async function waitFor<T>(probe: () => T | undefined, description: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function folder(): string {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folders.length > 0, 'a workspace folder is open');
  return folders[0].uri.fsPath;
}

function findingsOf(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === rule);
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object'
    ? String(code.value)
    : code === undefined
      ? undefined
      : String(code);
}

async function openDart(): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.file(path.join(folder(), 'lib', 'api.dart'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

const tests: Array<[string, () => Promise<void>]> = [
  [
    'extension activates with its commands',
    async () => {
      const extension = vscode.extensions.getExtension('phi-guard.phi-guard');
      assert.ok(extension, 'extension installed');
      await extension.activate();
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['restartServer', 'scanWorkspace', 'showOutput', 'showRuleDocumentation']) {
        assert.ok(commands.includes(`phiGuard.${id}`), `phiGuard.${id} registered`);
      }
    },
  ],
  [
    'closed manifest gets a diagnostic',
    async () => {
      const uri = vscode.Uri.file(
        path.join(folder(), 'android', 'app', 'src', 'main', 'AndroidManifest.xml'),
      );
      const found = await waitFor(() => {
        const list = findingsOf(uri, CLEARTEXT_MANIFEST);
        return list.length > 0 ? list : undefined;
      }, 'the manifest diagnostic');
      assert.strictEqual(found[0].source, 'phi-guard');
      assert.strictEqual(found[0].range.start.line, 1);
    },
  ],
  [
    'Dart quick fix clears the diagnostic',
    async () => {
      const document = await openDart();
      const [diagnostic] = await waitFor(() => {
        const list = findingsOf(document.uri, CLEARTEXT_URL);
        return list.length > 0 ? list : undefined;
      }, 'the Dart diagnostic');
      assert.match(diagnostic.message, /cleartext/i);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes(`Suppress ${CLEARTEXT_URL} with a reason`), titles.join(', '));
      assert.ok(titles.includes(`Show documentation for ${CLEARTEXT_URL}`), titles.join(', '));
      const fix = actions.find((a) => a.isPreferred && a.edit);
      assert.ok(fix, `a preferred fix among ${titles.join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'edit applied');
      assert.ok(document.getText().includes("'https://records.northwind-clinic.net/v1'"));
      await waitFor(
        () => (findingsOf(document.uri, CLEARTEXT_URL).length === 0 ? true : undefined),
        'the diagnostic to clear',
      );
    },
  ],
  [
    'suppression reason is a snippet',
    async () => {
      const document = await openDart();
      const editor = vscode.window.activeTextEditor!;
      const line = document.lineAt(3);
      await editor.edit((builder) =>
        builder.replace(line.range, line.text.replace('https', 'http')),
      );
      const [diagnostic] = await waitFor(() => {
        const list = findingsOf(document.uri, CLEARTEXT_URL);
        return list.length > 0 ? list : undefined;
      }, 'the Dart diagnostic again');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const suppress = actions.find((a) => a.title === `Suppress ${CLEARTEXT_URL} with a reason`);
      assert.ok(suppress?.edit, 'a suppress action with an edit');
      assert.ok(await vscode.workspace.applyEdit(suppress.edit));
      const inserted = document.lineAt(3).text;
      assert.strictEqual(inserted, `  // phi-guard-ignore ${CLEARTEXT_URL}: reason required`);
      const selected = document.getText(editor.selection);
      assert.strictEqual(selected, 'reason required', 'the placeholder is selected for typing');
    },
  ],
  [
    'documentation command opens a preview',
    async () => {
      await vscode.commands.executeCommand('phiGuard.showRuleDocumentation', CLEARTEXT_URL);
      await waitFor(() => {
        const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
        return tabs.some((tab) => tab.label.includes('README')) ? true : undefined;
      }, 'a README tab');
    },
  ],
];

export async function run(): Promise<void> {
  let passes = 0;
  let failures = 0;
  for (const [name, check] of tests) {
    try {
      await check();
      passes++;
      console.log(`ok - ${name}`);
    } catch (error) {
      failures++;
      console.log(`not ok - ${name}: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  console.log(`EXT-TESTS-RESULT passes=${passes} failures=${failures}`);
  if (failures > 0) throw new Error(`${failures} extension test(s) failed`);
}
