import type { DartFile } from './model';
import { callSites, type CallSite, type SyntaxNode } from './syntax';

const cache = new WeakMap<DartFile, CallSite[]>();

/**
 * Lists the call sites of a parsed Dart file once per parsed version. Listing them walks the
 * whole tree and reads every chain, which costs far more than filtering the list afterwards, so
 * the cross-file rules share this list instead of calling `callSites` on each subtree.
 */
export function fileCallSites(dart: DartFile): CallSite[] {
  let calls = cache.get(dart);
  if (!calls) {
    calls = callSites(dart.root);
    cache.set(dart, calls);
  }
  return calls;
}

/** Selects the calls of the file whose chain starts inside `node`, in document order. */
export function callSitesWithin(dart: DartFile, node: SyntaxNode): CallSite[] {
  return fileCallSites(dart).filter(
    (call) => call.startIndex >= node.startIndex && call.startIndex < node.endIndex,
  );
}
