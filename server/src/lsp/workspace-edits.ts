import { existsSync } from 'node:fs';
import { CreateFile, TextDocumentEdit, TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { FileChange, Fix } from '../engine';
import { mergeFixes } from '../engine/fixes/apply';
import type { DocumentStore } from './documents';
import type { UriMap } from './uri';

/** Edit features the client supports, from its `workspace.workspaceEdit` capabilities. */
export interface EditSupport {
  documentChanges: boolean;
  createFiles: boolean;
}

export interface EditTarget {
  /** The file the fix was computed for and the editor version of that computation. */
  path: string;
  version: number | null;
}

/**
 * Turns engine fixes into one `WorkspaceEdit`. Edits to the analysed file carry the version
 * they were computed for, so the client rejects them if the document moved on. A file to
 * create that already exists is left alone unless the fix sets `overwrite`. Returns
 * undefined when the client cannot apply the fix (a file to create without `documentChanges`).
 */
export function workspaceEditOf(
  fixes: Fix[],
  target: EditTarget,
  support: EditSupport,
  context: { uris: UriMap; documents: DocumentStore },
): WorkspaceEdit | undefined {
  const changes = mergeFixes(fixes).changes;
  const creates = changes.filter((c) => c.kind === 'create' && needsCreate(c, context));
  if (creates.length > 0 && !(support.documentChanges && support.createFiles)) return undefined;
  if (!support.documentChanges) return plainEdit(changes, context.uris);
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const change of changes) {
    const uri = context.uris.uriOf(change.path);
    if (change.kind === 'create') {
      if (!creates.includes(change)) continue;
      documentChanges.push(CreateFile.create(uri, { overwrite: change.overwrite === true }));
      const insert = TextEdit.insert({ line: 0, character: 0 }, change.content);
      documentChanges.push(TextDocumentEdit.create({ uri, version: null }, [insert]));
      continue;
    }
    const version = versionOf(change.path, target, context);
    documentChanges.push(TextDocumentEdit.create({ uri, version }, change.edits));
  }
  return { documentChanges };
}

function needsCreate(
  change: Extract<FileChange, { kind: 'create' }>,
  context: { uris: UriMap; documents: DocumentStore },
): boolean {
  if (change.overwrite) return true;
  const open = context.documents.get(context.uris.uriOf(change.path));
  return !open && !existsSync(change.path);
}

function versionOf(
  filePath: string,
  target: EditTarget,
  context: { uris: UriMap; documents: DocumentStore },
): number | null {
  if (filePath === target.path) return target.version;
  return context.documents.get(context.uris.uriOf(filePath))?.version ?? null;
}

function plainEdit(changes: FileChange[], uris: UriMap): WorkspaceEdit {
  const result: Record<string, TextEdit[]> = {};
  for (const change of changes) {
    if (change.kind === 'edit') result[uris.uriOf(change.path)] = change.edits;
  }
  return { changes: result };
}
