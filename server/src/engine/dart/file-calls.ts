import type { DartFile } from './model';
import { callSites, type CallSite, type SyntaxNode } from './syntax';

/**
 * Lists the call sites of a parsed Dart file. `callSites` computes the whole-tree list once per
 * parsed tree and hands out copies, so every rule shares one computation.
 */
export function fileCallSites(dart: DartFile): CallSite[] {
  return callSites(dart.root);
}

/** Selects the calls of the file whose chain starts inside `node`, in document order. */
export function callSitesWithin(dart: DartFile, node: SyntaxNode): CallSite[] {
  return fileCallSites(dart).filter(
    (call) => call.startIndex >= node.startIndex && call.startIndex < node.endIndex,
  );
}
