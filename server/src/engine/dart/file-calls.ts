import type { DartFile } from './model';
import { callSites, type CallSite, type SyntaxNode } from './syntax';

/**
 * Lists the call sites of a parsed Dart file. `callSites` computes the whole-tree list once per
 * parsed tree and hands out copies, so every rule shares one computation.
 */
export function fileCallSites(dart: DartFile): CallSite[] {
  return callSites(dart.root);
}

/** One copy of a file's call sites, and whether their start offsets never decrease. */
interface SortedCalls {
  calls: CallSite[];
  sorted: boolean;
}

const sortedCalls = new WeakMap<DartFile, SortedCalls>();

function callsOf(dart: DartFile): SortedCalls {
  let entry = sortedCalls.get(dart);
  if (!entry) {
    const calls = fileCallSites(dart);
    const sorted = calls.every((call, i) => i === 0 || calls[i - 1].startIndex <= call.startIndex);
    entry = { calls, sorted };
    sortedCalls.set(dart, entry);
  }
  return entry;
}

/** Selects the calls of the file whose chain starts inside `node`, in document order. */
export function callSitesWithin(dart: DartFile, node: SyntaxNode): CallSite[] {
  const { calls, sorted } = callsOf(dart);
  const start = node.startIndex;
  const end = node.endIndex;
  // Rules ask this for every class or function of a file, so a sorted list is binary-searched.
  if (!sorted) return calls.filter((call) => call.startIndex >= start && call.startIndex < end);
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (calls[middle].startIndex < start) low = middle + 1;
    else high = middle;
  }
  let last = low;
  while (last < calls.length && calls[last].startIndex < end) last++;
  return calls.slice(low, last);
}
