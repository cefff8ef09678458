import type { DartFile, DartImport } from './model';
import {
  callSites,
  chainFrom,
  segmentsOf,
  type CallSite,
  type Expr,
  type Segment,
  type SyntaxNode,
} from './syntax';
import { findBinding, isPrimaryName } from './values';

/**
 * Finds the places where a file uses a symbol of a package (`AESMode.ecb` of `encrypt`, `md5` of
 * `crypto`), going through import prefixes, `show`/`hide` combinators and declarations of the
 * file that hide an imported name.
 */

/** A use of a package symbol, called or not. */
export interface SymbolUse {
  /** The symbol without any import prefix, such as `IV.fromLength`. */
  symbol: string;
  library: string;
  /** From the first name (or the prefix) through the last name of the symbol. */
  names: Expr;
  /** The node of the symbol's last name. */
  nameNode: SyntaxNode;
  /** Set when the symbol itself is called, e.g. `IV.fromLength(16)`. */
  call?: CallSite;
  /** The whole chain that contains the use, e.g. `md5.convert(bytes).toString()`. */
  chain: Expr;
}

/** Returns whether an import makes `name` visible, given its `show` and `hide` lists. */
export function importShows(entry: DartImport, name: string): boolean {
  if (entry.show.length > 0 && !entry.show.includes(name)) return false;
  return !entry.hide.includes(name);
}

/**
 * True when the dotted `names` as written (for example `enc.IV.fromLength` or `IV.fromLength`)
 * denote `symbol` of one of `libraries`. An unprefixed name counts only when an unprefixed import
 * of the library shows it and no declaration visible at `at` has the same name.
 */
export function namesReferTo(
  file: DartFile,
  names: string[],
  libraries: string[],
  symbol: string,
  at?: SyntaxNode,
): boolean {
  const wanted = symbol.split('.');
  if (names.length === wanted.length + 1 && sameNames(names.slice(1), wanted)) {
    return file.imports.some(
      (e) => e.prefix === names[0] && libraries.includes(e.library) && importShows(e, wanted[0]),
    );
  }
  if (!sameNames(names, wanted)) return false;
  if (file.imports.some((e) => e.prefix === names[0])) return false;
  if (file.declaresTopLevel(wanted[0])) return false;
  if (at && at.type === 'identifier' && findBinding(at)) return false;
  return file.imports.some(
    (e) => e.prefix === undefined && libraries.includes(e.library) && importShows(e, wanted[0]),
  );
}

function sameNames(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** Lists every call in the file; `callSites` computes the whole-file list once per tree. */
export function fileCalls(file: DartFile): CallSite[] {
  return callSites(file.root);
}

/** Returns whether the file imports any of the libraries, so rules can skip most files fast. */
export function importsAny(file: DartFile, libraries: string[]): boolean {
  return file.imports.some((e) => libraries.includes(e.library));
}

/** Lists every use of the given symbols of `libraries` in the file, in document order. */
export function findSymbolUses(
  file: DartFile,
  libraries: string[],
  symbols: string[],
): SymbolUse[] {
  if (!importsAny(file, libraries)) return [];
  const uses: SymbolUse[] = [];
  for (const node of candidateStarts(file, libraries, symbols)) {
    const chain = chainFrom(node);
    const segments = segmentsOf(chain);
    for (const symbol of symbols) {
      const use = matchUse(file, chain, segments, libraries, symbol);
      if (use) uses.push(use);
    }
  }
  return uses;
}

/**
 * Nodes that may start a use: names equal to an import prefix of the libraries or to the first
 * part of a symbol, and `new`/`const` constructor calls. The tree's own type search keeps this
 * fast on large files.
 */
function candidateStarts(file: DartFile, libraries: string[], symbols: string[]): SyntaxNode[] {
  const wanted = new Set(symbols.map((symbol) => symbol.split('.')[0]));
  for (const entry of file.imports) {
    if (entry.prefix && libraries.includes(entry.library)) wanted.add(entry.prefix);
  }
  const types = ['identifier', 'new_expression', 'const_object_expression'];
  return file.root
    .descendantsOfType(types)
    .filter((node): node is SyntaxNode => node !== null)
    .filter((node) => node.type !== 'identifier' || (wanted.has(node.text) && isPrimaryName(node)));
}

function matchUse(
  file: DartFile,
  chain: Expr,
  segments: Segment[],
  libraries: string[],
  symbol: string,
): SymbolUse | undefined {
  const length = symbol.split('.').length;
  for (const count of [length, length + 1]) {
    const head = segments.slice(0, count);
    if (head.length < count || head.some((s) => s.kind !== 'name')) continue;
    const names = head.map((s) => (s as { name: string }).name);
    const first = chain.nodes[0];
    if (!namesReferTo(file, names, libraries, symbol, first)) continue;
    const last = head[head.length - 1].node;
    const next = segments[count];
    const call: CallSite | undefined =
      next?.kind === 'call'
        ? {
            callee: names,
            args: next.args,
            startIndex: chain.startIndex,
            endIndex: next.node.endIndex,
            nameNode: last,
            receiver: [],
          }
        : undefined;
    const library = libraryOfUse(file, names, libraries);
    const span = { nodes: [first], startIndex: chain.startIndex, endIndex: last.endIndex };
    return { symbol, library, names: span, nameNode: last, call, chain };
  }
  return undefined;
}

function libraryOfUse(file: DartFile, names: string[], libraries: string[]): string {
  const prefixed = file.imports.find((e) => e.prefix === names[0] && libraries.includes(e.library));
  if (prefixed) return prefixed.library;
  return file.imports.find((e) => e.prefix === undefined && libraries.includes(e.library))!.library;
}
