import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  Commands,
  isRuleId,
  SCAN_WORKSPACE_REQUEST,
  type ScanWorkspaceResult,
} from '../../shared/protocol';
import type { CrashLimitErrorHandler } from './error-handler';
import { openEvidenceReport } from './evidence-report';
import { createStarterConfig } from './starter-config';

/** Commands that only the client registers. The server never sends them. */
export const ClientCommands = {
  createConfig: 'phiGuard.createConfig',
  openEvidenceReport: 'phiGuard.openEvidenceReport',
  showActions: 'phiGuard.showActions',
} as const;

export interface CommandContext {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  errorHandler: CrashLimitErrorHandler;
}

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const { client, output } = context;
  return [
    vscode.commands.registerCommand(Commands.restartServer, () => restart(context)),
    vscode.commands.registerCommand(Commands.scanWorkspace, () => scanWorkspace(client, output)),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.showRuleDocumentation, (id?: unknown) =>
      showRuleDocumentation(context.extension, output, id),
    ),
    vscode.commands.registerCommand(ClientCommands.createConfig, () => createStarterConfig()),
    vscode.commands.registerCommand(ClientCommands.openEvidenceReport, (target?: unknown) =>
      openEvidenceReport(context.extension, output, target),
    ),
    vscode.commands.registerCommand(ClientCommands.showActions, () => showActions()),
  ];
}

const ACTIONS: Array<vscode.QuickPickItem & { command: string }> = [
  { label: 'Scan Workspace', command: Commands.scanWorkspace },
  { label: 'Show Output', command: Commands.showOutput },
  { label: 'Restart Server', command: Commands.restartServer },
  { label: 'Open Evidence Report', command: ClientCommands.openEvidenceReport },
  { label: 'Create phi_guard.yaml', command: ClientCommands.createConfig },
];

/** Shows the actions menu behind the language status item, which has room for one link. */
async function showActions(): Promise<void> {
  const picked = await vscode.window.showQuickPick(ACTIONS, { placeHolder: 'PHI Guard' });
  if (picked) await vscode.commands.executeCommand(picked.command);
}

async function restart({ client, output, errorHandler }: CommandContext): Promise<void> {
  errorHandler.reset();
  output.info('Restarting the PHI Guard server on request.');
  try {
    if (client.state === State.Running) await client.restart();
    else await client.start();
  } catch (error) {
    output.error(`Restarting the PHI Guard server failed: ${String(error)}`);
    void vscode.window.showErrorMessage('PHI Guard could not restart its server; see the output.');
  }
}

async function scanWorkspace(client: LanguageClient, output: vscode.LogOutputChannel) {
  if (client.state !== State.Running) {
    void vscode.window.showWarningMessage('The PHI Guard server is not running; restart it first.');
    return;
  }
  const result = await client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST);
  output.info(
    `Workspace scan: ${result.files} files, ${result.findings} findings, ${result.durationMs} ms`,
  );
  void vscode.window.setStatusBarMessage(
    `PHI Guard: ${result.findings} findings in ${result.files} files`,
    5000,
  );
}

/**
 * Opens the README of a rule bundled with the extension in the Markdown preview. Without an id
 * (from the command palette) it offers the bundled rules to pick from.
 */
async function showRuleDocumentation(
  extension: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  id: unknown,
): Promise<void> {
  const rulesFolder = vscode.Uri.joinPath(extension.extensionUri, 'rules');
  const ruleId = id === undefined ? await pickRule(rulesFolder) : id;
  if (ruleId === undefined) return;
  if (!isRuleId(ruleId)) {
    output.warn(`Show rule documentation: invalid rule id ${JSON.stringify(ruleId)}`);
    return;
  }
  const readme = vscode.Uri.joinPath(rulesFolder, ruleId, 'README.md');
  try {
    await vscode.workspace.fs.stat(readme);
  } catch {
    output.warn(`No bundled documentation for rule ${ruleId} at ${readme.fsPath}`);
    void vscode.window.showWarningMessage(`PHI Guard has no bundled documentation for ${ruleId}.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', readme);
}

async function pickRule(rulesFolder: vscode.Uri): Promise<string | undefined> {
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(rulesFolder);
  } catch {
    // No bundled rules folder; the quick pick below is then empty.
  }
  const ids = entries
    .filter(([name, type]) => type === vscode.FileType.Directory && isRuleId(name))
    .map(([name]) => name)
    .sort();
  return vscode.window.showQuickPick(ids, { placeHolder: 'Rule to show the documentation of' });
}
