import * as vscode from 'vscode';

/**
 * The starter `phi_guard.yaml`: the recommended preset and commented examples of the keys a team
 * sets first. Every line that changes behaviour is commented out, so creating the file changes
 * no finding until someone edits it.
 */
export const STARTER_CONFIG = `# PHI Guard settings for this app. The nearest phi_guard.yaml above
# a file applies to it, in the editor and in CI alike. Every key is described in
# PHI Guard's docs/configuration.md.
include: recommended

# Severity per rule id: error, warning, info or off.
rules: {}
#  phi-in-logs: error
#  insecure-random-for-security: off

# Hosts that receive PHI, with the base64 SHA-256 pins of their public keys.
# hosts:
#   phi:
#     - host: api.clinic.example
#       pins: [<primary pin>, <backup pin>]
#   cleartext_allowed: [localhost, 10.0.2.2]

# Names and classes that hold PHI in this code base, on top of the built-in vocabulary.
# phi:
#   add: [mrn]
#   classes: [Patient]

# Generated code that is not worth scanning.
# exclude:
#   - '**/*.g.dart'
`;

export const CONFIG_FILE = 'phi_guard.yaml';

/**
 * Creates `phi_guard.yaml` in a workspace folder (asking which one when there are several) and
 * opens it. An existing file is opened, never overwritten.
 */
export async function createStarterConfig(): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) return undefined;
  const target = vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
  if (await exists(target)) {
    void vscode.window.showInformationMessage(`${folder.name} already has a ${CONFIG_FILE}.`);
  } else {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(STARTER_CONFIG));
  }
  await vscode.window.showTextDocument(target);
  return target;
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(`Open a folder to create a ${CONFIG_FILE} in it.`);
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder for ${CONFIG_FILE}` });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
