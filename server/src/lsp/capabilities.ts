import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import {
  DART_GRAMMAR_ENV,
  FIX_ALL_KIND,
  SNIPPET_EDIT_CAPABILITY,
  type ServerInitializationOptions,
} from '../../../shared/protocol';
import { FILE_OPERATIONS } from './file-watching';
import type { EditSupport } from './workspace-edits';

/** Client features the server uses, read once from the `initialize` capabilities. */
export interface ClientFeatures {
  pullConfiguration: boolean;
  registerConfigurationChange: boolean;
  registerWatchers: boolean;
  workspaceFolders: boolean;
  editSupport: EditSupport;
  snippets: boolean;
}

export function clientFeaturesOf(capabilities: ClientCapabilities): ClientFeatures {
  const workspace = capabilities.workspace;
  const edits = workspace?.workspaceEdit;
  const experimental = capabilities.experimental as Record<string, unknown> | undefined;
  return {
    pullConfiguration: workspace?.configuration === true,
    registerConfigurationChange: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    registerWatchers: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    editSupport: {
      documentChanges: edits?.documentChanges === true,
      createFiles: edits?.resourceOperations?.includes('create') === true,
    },
    snippets: experimental?.[SNIPPET_EDIT_CAPABILITY] === true,
  };
}

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: {
    openClose: true,
    change: TextDocumentSyncKind.Incremental,
  },
  codeActionProvider: {
    codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
    resolveProvider: false,
  },
  hoverProvider: true,
  workspace: {
    workspaceFolders: { supported: true, changeNotifications: true },
    fileOperations: {
      didCreate: FILE_OPERATIONS,
      didRename: FILE_OPERATIONS,
      didDelete: FILE_OPERATIONS,
    },
  },
};

/**
 * Returns the Dart grammar to load: the client's option, else the environment variable, else
 * undefined for the bundled grammar.
 */
export function dartGrammarPathOf(params: InitializeParams): string | undefined {
  const options = params.initializationOptions as ServerInitializationOptions | undefined;
  const fromOptions = options?.dartGrammarPath;
  if (typeof fromOptions === 'string' && fromOptions.length > 0) return fromOptions;
  const fromEnvironment = process.env[DART_GRAMMAR_ENV];
  return fromEnvironment && fromEnvironment.length > 0 ? fromEnvironment : undefined;
}
