import { execFile } from 'child_process';
import * as vscode from 'vscode';

const REPORT_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Writes the HTML evidence report of the workspace folders with the bundled CLI
 * (`dist/cli.js report`) and offers to open it. `target` skips the save dialog (tests and
 * scripted use). Returns the report's file, or undefined when nothing was written.
 */
export async function openEvidenceReport(
  extension: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  target?: unknown,
): Promise<vscode.Uri | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('Open a folder to write its PHI Guard evidence report.');
    return undefined;
  }
  const file = target instanceof vscode.Uri ? target : await askForFile(folders[0]);
  if (!file) return undefined;
  const cli = extension.asAbsolutePath('dist/cli.js');
  const args = [cli, 'report', ...folders.map((f) => f.uri.fsPath), '--format', 'html'];
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'PHI Guard: writing evidence report',
      },
      () => runNode([...args, '--output', file.fsPath]),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.error(`Writing the evidence report to ${file.fsPath} failed: ${reason}`);
    void offerOutput(output, 'PHI Guard could not write the evidence report.');
    return undefined;
  }
  output.info(`Evidence report written to ${file.fsPath}`);
  if (target === undefined) void offerToOpen(file);
  return file;
}

function askForFile(folder: vscode.WorkspaceFolder): Thenable<vscode.Uri | undefined> {
  return vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder.uri, 'phi-guard-evidence.html'),
    filters: { HTML: ['html'] },
    saveLabel: 'Write Report',
  });
}

/**
 * Runs the CLI on the Node that runs the extension host. In desktop VS Code that is Electron,
 * which ELECTRON_RUN_AS_NODE turns into plain Node.
 */
function runNode(args: string[]): Promise<void> {
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, timeout: REPORT_TIMEOUT_MS }, (error, _out, err) => {
      if (!error) return resolve();
      const detail = String(err).trim().split('\n').slice(0, 5).join(' ');
      reject(new Error(detail || error.message));
    });
  });
}

async function offerToOpen(file: vscode.Uri): Promise<void> {
  const open = 'Open in Browser';
  const choice = await vscode.window.showInformationMessage(
    `PHI Guard wrote the evidence report to ${vscode.workspace.asRelativePath(file)}.`,
    open,
  );
  if (choice === open) await vscode.env.openExternal(file);
}

async function offerOutput(output: vscode.LogOutputChannel, message: string): Promise<void> {
  const show = 'Show Output';
  if ((await vscode.window.showErrorMessage(message, show)) === show) output.show();
}
