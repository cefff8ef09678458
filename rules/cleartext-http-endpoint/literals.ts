import type { EngineConfig } from '../../server/src/engine/config';
import type { DartFile } from '../../server/src/engine/dart/model';
import type { SyntaxNode } from '../../server/src/engine/dart/syntax';
import {
  conditionalBranches,
  possibleStrings,
  possibleStringsOfNode,
} from '../../server/src/engine/dart/url-values';
import {
  isAllowedCleartextHost,
  isCleartextScheme,
  isIdentifierUrl,
  isPlaceholderHost,
  parseUrlText,
  type UrlText,
} from '../../server/src/engine/dart/urls';

/** A cleartext URL written in one string literal, before its uses are looked at. */
export interface CleartextLiteral {
  node: SyntaxNode;
  /** The first cleartext URL the literal can produce. */
  url: UrlText;
  /**
   * The source of the scheme. It is `direct` when the literal's own text starts with it,
   * `conditional` when an interpolated condition picks http or https, and `indirect` when an
   * interpolated constant supplies it.
   */
  mode: 'direct' | 'conditional' | 'indirect';
  /** For `conditional`: the condition and the branch literals that hold the cleartext scheme. */
  condition?: {
    text: string;
    cleartextWhen: boolean;
    branchLiterals: SyntaxNode[];
    /** The whole `cond ? a : b` expression. */
    node: SyntaxNode;
    /** The values of the cleartext branch and of the other one. */
    cleartextValues: string[];
    otherValues: string[];
    /** The source text of the other branch. */
    otherText: string;
  };
}

/** Checks whether a URL points at no network endpoint worth protecting. */
export function isExemptUrl(url: UrlText, config: EngineConfig): boolean {
  if (url.schemeOnly) return true;
  if (!url.host) return false;
  return (
    isAllowedCleartextHost(url.host, config.hosts.cleartextAllowed) ||
    isPlaceholderHost(url.host) ||
    isIdentifierUrl(url)
  );
}

function cleartextUrls(values: string[], config: EngineConfig): { bad: UrlText[]; good: number } {
  const urls = values.map(parseUrlText).filter((u): u is UrlText => u !== undefined);
  const bad = urls.filter((u) => isCleartextScheme(u.scheme) && !isExemptUrl(u, config));
  const good = urls.filter((u) => !isCleartextScheme(u.scheme)).length;
  return { bad, good };
}

/** Reads a string literal as a possible cleartext URL. */
export function readCleartextLiteral(
  file: DartFile,
  node: SyntaxNode,
  config: EngineConfig,
): CleartextLiteral | undefined {
  const parts = file.stringValue(node).parts;
  const first = parts[0];
  if (!first) return undefined;
  if (first.kind === 'text') {
    if (!/^\s*[a-z][a-z0-9+.-]*:\/\//i.test(first.value)) return undefined;
    const whole = concatenationHead(node) ?? node;
    const { bad } = cleartextUrls(possibleStringsOfNode(file, whole) ?? [], config);
    return bad.length > 0 ? { node, url: bad[0], mode: 'direct' } : undefined;
  }
  const schemes = possibleStringsOfNode(file, first.node);
  if (!schemes || !schemes.every((s) => /^[a-z]+(:\/\/)?$/i.test(s))) return undefined;
  const { bad, good } = cleartextUrls(possibleStringsOfNode(file, node) ?? [], config);
  if (bad.length === 0) return undefined;
  if (good === 0) return { node, url: bad[0], mode: 'indirect' };
  return { node, url: bad[0], mode: 'conditional', condition: readCondition(file, first.node) };
}

/** For `'http://' + host + '/x'`, the whole `+` expression that the literal starts. */
function concatenationHead(node: SyntaxNode): SyntaxNode | undefined {
  let head: SyntaxNode | undefined;
  let current = node;
  while (current.parent?.type === 'additive_expression') {
    if (current.parent.namedChildren[0]?.id !== current.id) break;
    head = current.parent;
    current = current.parent;
  }
  return head;
}

function readCondition(
  file: DartFile,
  node: SyntaxNode,
): CleartextLiteral['condition'] | undefined {
  const branches = conditionalBranches(node);
  if (!branches) return undefined;
  const isCleartext = (values: string[] | undefined) =>
    (values ?? []).some((v) => isCleartextScheme(v.replace(/:\/\/$/, '')));
  const trueValues = possibleStrings(file, branches.whenTrue);
  const cleartextWhen = isCleartext(trueValues);
  const [branch, other] = cleartextWhen
    ? [branches.whenTrue, branches.whenFalse]
    : [branches.whenFalse, branches.whenTrue];
  const branchLiterals = branch.nodes.filter((n) => n.type === 'string_literal');
  const slice = (e: { startIndex: number; endIndex: number }) =>
    file.text.slice(e.startIndex, e.endIndex);
  return {
    text: slice(branches.condition),
    cleartextWhen,
    branchLiterals,
    node,
    cleartextValues: possibleStrings(file, branch) ?? [],
    otherValues: possibleStrings(file, other) ?? [],
    otherText: slice(other),
  };
}

/**
 * Finds the offset of the scheme inside a literal's first fragment, as in `'http://...'` or
 * `r"http://..."`. It is undefined when an escape or interpolation comes first.
 */
export function schemeOffset(file: DartFile, node: SyntaxNode, scheme: string): number | undefined {
  const text = node.text;
  let index = /^[rR]/.test(text) ? 1 : 0;
  index += text.startsWith("'''", index) || text.startsWith('"""', index) ? 3 : 1;
  const offset = node.startIndex + index;
  const spelled = file.text.slice(offset, offset + scheme.length).toLowerCase();
  return spelled === scheme ? offset : undefined;
}
