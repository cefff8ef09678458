/**
 * The PHI Guard VS Code extension: starts the language server (`dist/server.js`) over Node IPC
 * and adds commands, a status item and one log channel. All analysis happens in the server.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_NODE_OPTIONS } from '../../shared/node-options';
import { STATUS_NOTIFICATION, type StatusParams } from '../../shared/protocol';
import { registerCommands } from './commands';
import { CrashLimitErrorHandler } from './error-handler';
import { DOCUMENT_SELECTOR } from './selector';
import { snippetMiddleware, SnippetEditFeature } from './snippet-edits';
import { StatusItem } from './status';

/** The client id; VS Code reads the protocol trace level from `phiGuard.trace.server`. */
const CLIENT_ID = 'phiGuard';

let client: LanguageClient | undefined;

/** Set once `client.start()` runs. From then on the client reports its own start failure. */
let clientStarting = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('PHI Guard', { log: true });
  context.subscriptions.push(output);
  try {
    await start(context, output);
  } catch (error) {
    output.error(
      `PHI Guard failed to start: ${error instanceof Error ? error.stack : String(error)}`,
    );
    // The language client already showed its error, with a button to this output.
    if (clientStarting) return;
    // VS Code does not notify the user when activation fails, so show the error here.
    const show = 'Show Output';
    const choice = await vscode.window.showErrorMessage('PHI Guard failed to start.', show);
    if (choice === show) output.show();
  }
}

async function start(context: vscode.ExtensionContext, output: vscode.LogOutputChannel) {
  const version = String(context.extension.packageJSON.version ?? 'unknown');
  output.info(`PHI Guard ${version} activating (VS Code ${vscode.version})`);
  const serverModule = context.asAbsolutePath('dist/server.js');
  if (!fs.existsSync(serverModule)) {
    throw new Error(`The language server ${serverModule} is missing. Reinstall the extension.`);
  }
  const serverOptions: ServerOptions = {
    run: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_OPTIONS] },
    },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=127.0.0.1:6009'] },
    },
  };

  const errorHandler = new CrashLimitErrorHandler(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler,
    middleware: snippetMiddleware,
  };
  client = new LanguageClient(CLIENT_ID, 'PHI Guard', serverOptions, clientOptions);
  client.registerFeature(new SnippetEditFeature());

  const status = new StatusItem();
  const commands = registerCommands({ extension: context, client, output, errorHandler });
  context.subscriptions.push(status, ...commands);
  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.update(params)),
    client.onDidChangeState((event) => {
      if (event.newState === State.Stopped) status.stopped();
    }),
  );
  clientStarting = true;
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
