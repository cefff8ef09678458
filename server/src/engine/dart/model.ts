import type { Tree as ParsedTree } from 'web-tree-sitter';
import type { SourceText } from '../text';
import { readStringLiteral } from './strings';
import {
  closestAncestor,
  descendantsOfType,
  namedChildren,
  walk,
  SyntaxTree,
  type SyntaxNode,
} from './syntax';

export interface DartImport {
  /** The URI as written, for example `package:http/http.dart` or `dart:io`. */
  uri: string;
  /** The package name for `package:` URIs, `dart:io` style names for SDK libraries. */
  library: string;
  prefix?: string;
  show: string[];
  hide: string[];
  node: SyntaxNode;
}

/** What the engine knows about one parsed Dart file. */
export class DartFile {
  readonly imports: DartImport[];
  /** Offsets of ERROR and MISSING nodes; a rule may lower its confidence inside them. */
  readonly errorRanges: Array<{ startIndex: number; endIndex: number }>;

  /** The syntax tree the rules read. */
  readonly syntax: SyntaxTree;
  /**
   * tree-sitter's own tree, kept only for a file open in the editor because its next version
   * re-parses incrementally from it. Other files free it once `syntax` is made.
   */
  readonly tree?: ParsedTree;

  constructor(
    readonly path: string,
    readonly source: SourceText,
    parsed: ParsedTree,
    keepParsed = true,
  ) {
    this.syntax = SyntaxTree.copy(parsed, source.text);
    if (keepParsed) this.tree = parsed;
    else parsed.delete();
    this.imports = readImports(this.root);
    this.errorRanges = collectErrors(this.root);
  }

  get root(): SyntaxNode {
    return this.syntax.rootNode;
  }

  get text(): string {
    return this.source.text;
  }

  get hasErrors(): boolean {
    return this.errorRanges.length > 0;
  }

  /** True when the file imports the package (`http`) or SDK library (`dart:io`). */
  importsLibrary(library: string): boolean {
    return this.imports.some((entry) => entry.library === library);
  }

  /** Prefixes under which a library is imported; '' stands for an unprefixed import. */
  prefixesOf(library: string): string[] {
    return this.imports.filter((entry) => entry.library === library).map((e) => e.prefix ?? '');
  }

  /**
   * Splits a dotted name into the import it goes through and the rest: with
   * `import 'package:encrypt/encrypt.dart' as enc`, `enc.IV.fromLength` gives library `encrypt`
   * and names `IV.fromLength`. A name without a known prefix gives no library.
   */
  splitPrefix(names: string[]): { library?: string; names: string[] } {
    if (names.length > 1) {
      const entry = this.imports.find((e) => e.prefix === names[0]);
      if (entry) return { library: entry.library, names: names.slice(1) };
    }
    return { names };
  }

  /**
   * True when `names` (such as ['enc', 'AES'] or ['AES']) refers to `symbol` of `library`: either
   * through that library's prefix, or unprefixed while the library is imported without a prefix
   * and the file declares no class or function of the same name.
   */
  refersTo(names: string[], library: string, symbol: string): boolean {
    const split = this.splitPrefix(names);
    const wanted = symbolParts(symbol);
    if (split.library !== undefined) {
      return split.library === library && sameNames(split.names, wanted);
    }
    if (!sameNames(split.names, wanted)) return false;
    if (this.declaresTopLevel(wanted[0])) return false;
    return this.imports.some((e) => e.library === library && e.prefix === undefined);
  }

  private topLevelNames?: Set<string>;

  /** Names of classes, mixins, enums, extensions, functions and variables declared in this file. */
  declaresTopLevel(name: string): boolean {
    if (!this.topLevelNames) this.topLevelNames = readTopLevelNames(this.root);
    return this.topLevelNames.has(name);
  }

  /** The string value of a `string_literal` node. */
  stringValue(node: SyntaxNode) {
    return readStringLiteral(node);
  }

  /** Whether an offset lies inside a construct that the grammar could not parse. */
  inError(offset: number): boolean {
    return this.errorRanges.some((r) => r.startIndex <= offset && offset < r.endIndex);
  }

  enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
    return closestAncestor(node, ['function_body', 'function_expression_body']);
  }
}

/** Dotted symbols split once: rules pass the same few constants on every call site. */
const splitSymbols = new Map<string, string[]>();

function symbolParts(symbol: string): string[] {
  let parts = splitSymbols.get(symbol);
  if (!parts) {
    parts = symbol.split('.');
    splitSymbols.set(symbol, parts);
  }
  return parts;
}

function sameNames(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function readImports(root: SyntaxNode): DartImport[] {
  const imports: DartImport[] = [];
  for (const spec of descendantsOfType(root, 'import_specification')) {
    const uriNode = descendantsOfType(spec, 'string_literal')[0];
    if (!uriNode) continue;
    const uri = readStringLiteral(uriNode).constant ?? '';
    const kids = namedChildren(spec);
    const asIndex = spec.children.findIndex((c) => c?.type === 'as');
    const prefixNode = asIndex >= 0 ? spec.children[asIndex + 1] : null;
    const show: string[] = [];
    const hide: string[] = [];
    for (const combinator of kids.filter((k) => k.type === 'combinator')) {
      const names = descendantsOfType(combinator, 'identifier').map((n) => n.text);
      if (combinator.text.startsWith('show')) show.push(...names);
      else hide.push(...names);
    }
    imports.push({
      uri,
      library: libraryOf(uri),
      prefix: prefixNode?.type === 'identifier' ? prefixNode.text : undefined,
      show,
      hide,
      node: spec,
    });
  }
  return imports;
}

/** `package:http/http.dart` -> `http`; `dart:io` -> `dart:io`; relative URIs are kept as written. */
export function libraryOf(uri: string): string {
  const match = /^package:([^/]+)\//.exec(uri);
  if (match) return match[1];
  return uri;
}

function collectErrors(root: SyntaxNode): Array<{ startIndex: number; endIndex: number }> {
  const ranges: Array<{ startIndex: number; endIndex: number }> = [];
  if (!root.hasError) return ranges;
  walk(root, (node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      ranges.push({ startIndex: node.startIndex, endIndex: node.endIndex });
      return false;
    }
    return node.hasError;
  });
  return ranges;
}

const DECLARATION_TYPES = new Set([
  'class_definition',
  'mixin_declaration',
  'enum_declaration',
  'extension_declaration',
  'type_alias',
]);

function readTopLevelNames(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const child of namedChildren(root)) {
    if (DECLARATION_TYPES.has(child.type)) {
      const name = child.childForFieldName('name') ?? namedChildren(child).find((c) => c.type === 'identifier');
      if (name) names.add(name.text);
    } else if (child.type === 'function_signature') {
      const name = child.childForFieldName('name');
      if (name) names.add(name.text);
    } else if (child.type.endsWith('declaration_list')) {
      for (const id of descendantsOfType(child, 'identifier').slice(0, 1)) names.add(id.text);
    }
  }
  return names;
}
