/**
 * Entry of the PHI Guard language server. `createConnection` picks the transport from the
 * command line: `--stdio`, `--node-ipc` or `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { describeError } from './lsp/log';
import { PhiGuardServer } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);

// A bug in one handler must not take down analysis for the whole editor session.
process.on('uncaughtException', (error) => {
  connection.console.error(`Unexpected error: ${describeError(error)}`);
});
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Unhandled rejection: ${describeError(reason)}`);
});

new PhiGuardServer(connection).listen();
