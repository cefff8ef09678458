import * as vscode from 'vscode';
import type {
  ClientCapabilities,
  FeatureState,
  Middleware,
  StaticFeature,
} from 'vscode-languageclient/node';
import { SNIPPET_EDIT_CAPABILITY } from '../../shared/protocol';

/** Tells the server that this client turns `${1:...}` placeholders into snippet edits. */
export class SnippetEditFeature implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const experimental = (capabilities.experimental ?? {}) as Record<string, unknown>;
    experimental[SNIPPET_EDIT_CAPABILITY] = true;
    capabilities.experimental = experimental;
  }

  initialize(): void {}

  getState(): FeatureState {
    return { kind: 'static' };
  }

  clear(): void {}
}

const PLACEHOLDER = /\$\{\d+:/;

/**
 * Rewrites code actions whose edits hold snippet placeholders (the suppression comment's
 * reason) into snippet edits, so that VS Code selects the placeholder for typing. LSP 3.17 has
 * no snippet edits, which is why the server marks them with the placeholder syntax instead.
 */
export const snippetMiddleware: Middleware = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    if (!actions) return actions;
    for (const action of actions) {
      if (action instanceof vscode.CodeAction && action.edit)
        action.edit = withSnippets(action.edit);
    }
    return actions;
  },
};

function withSnippets(edit: vscode.WorkspaceEdit): vscode.WorkspaceEdit {
  const entries = edit.entries();
  const hasPlaceholder = entries.some(([, edits]) =>
    edits.some((e) => PLACEHOLDER.test(e.newText)),
  );
  // Only text edits survive the rewrite, so an edit that also creates files stays as it is.
  if (!hasPlaceholder || edit.size !== entries.length) return edit;
  const rewritten = new vscode.WorkspaceEdit();
  for (const [uri, edits] of entries) {
    rewritten.set(
      uri,
      edits.map((e) =>
        PLACEHOLDER.test(e.newText)
          ? new vscode.SnippetTextEdit(e.range, new vscode.SnippetString(e.newText))
          : e,
      ),
    );
  }
  return rewritten;
}
