import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Edit, Point } from 'web-tree-sitter';

const BOM = '\uFEFF';

export interface ChangeResult {
  document: TextDocument;
  /**
   * The changes as tree-sitter edits, for incremental Dart parsing. Undefined when a change
   * replaced the whole text or the text starts with a byte order mark, which the engine strips
   * and which would shift every index by one.
   */
  treeEdits?: Edit[];
}

/**
 * The documents open in the editor, kept in sync with incremental `didChange` events. The
 * library's `TextDocuments` hides the individual changes, which incremental parsing needs.
 */
export class DocumentStore {
  private readonly documents = new Map<string, TextDocument>();

  open(uri: string, languageId: string, version: number, text: string): TextDocument {
    const document = TextDocument.create(uri, languageId, version, text);
    this.documents.set(uri, document);
    return document;
  }

  /** Applies the changes in order; returns undefined for a document that is not open. */
  change(
    uri: string,
    version: number,
    changes: TextDocumentContentChangeEvent[],
  ): ChangeResult | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    let treeEdits: Edit[] | undefined = [];
    for (const change of changes) {
      const before = document.getText();
      if ('range' in change && treeEdits && !before.startsWith(BOM)) {
        const start = document.offsetAt(change.range.start);
        const end = document.offsetAt(change.range.end);
        treeEdits.push(treeEditOf(before, start, end, change.text));
      } else {
        treeEdits = undefined;
      }
      TextDocument.update(document, [change], version);
    }
    if (treeEdits && document.getText().startsWith(BOM)) treeEdits = undefined;
    return { document, treeEdits };
  }

  close(uri: string): void {
    this.documents.delete(uri);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return [...this.documents.values()];
  }
}

/**
 * Describes replacing `text[start, end)` with `inserted` for tree-sitter: indices and columns
 * in UTF-16 code units, as web-tree-sitter 0.25 uses for JavaScript strings, and rows counted
 * at `\n` only, because tree-sitter does not treat a lone `\r` as a line break.
 */
export function treeEditOf(text: string, start: number, end: number, inserted: string): Edit {
  const startPosition = pointAt(text, start);
  return {
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + inserted.length,
    startPosition,
    oldEndPosition: pointAt(text, end),
    newEndPosition: advance(startPosition, inserted),
  };
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    row++;
    lineStart = at + 1;
  }
  return { row, column: offset - lineStart };
}

function advance(from: Point, inserted: string): Point {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: from.row, column: from.column + inserted.length };
  const rows = inserted.split('\n').length - 1;
  return { row: from.row + rows, column: inserted.length - lastBreak - 1 };
}
