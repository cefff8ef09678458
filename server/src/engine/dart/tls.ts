import type { DartFile } from './model';
import {
  children,
  closestAncestor,
  descendantsOfType,
  namedChildren,
  type CallSite,
  type SyntaxNode,
} from './syntax';

/**
 * Certificate callbacks in Dart code and what they decide. dart:io calls
 * `badCertificateCallback` (and `SecureSocket`'s `onBadCertificate`) only for certificates that
 * already failed validation, so returning `true` there accepts any certificate. dio 5 calls
 * `validateCertificate` for every response. WebView plugins ask their server-trust and
 * SSL-error handlers whether to proceed.
 */

/** Properties and named arguments that take a certificate decision. */
export const CERTIFICATE_CALLBACKS = new Set([
  'badCertificateCallback',
  'onBadCertificate',
  'validateCertificate',
  'onReceivedServerTrustAuthRequest',
  'androidOnReceivedServerTrustAuthRequest',
  'onSslAuthError',
]);

export interface CallbackSite {
  /** The syntax that installs the callback. */
  kind: 'assignment' | 'cascade' | 'named-argument';
  property: string;
  /** The assignment expression, cascade section or named argument. */
  node: SyntaxNode;
  /** The nodes of the value: a function expression or the name of a function. */
  value: SyntaxNode[];
}

/** Every place in the file that installs a certificate callback. */
export function callbackSites(file: DartFile): CallbackSite[] {
  const sites: CallbackSite[] = [];
  const names = [...CERTIFICATE_CALLBACKS];
  // Most files and most nodes name no certificate callback; a text search skips them cheaply.
  if (!names.some((name) => file.text.includes(name))) return sites;
  const types = ['assignment_expression', 'cascade_section', 'named_argument'];
  for (const node of descendantsOfType(file.root, types)) {
    const text = node.text;
    if (!names.some((name) => text.includes(name))) continue;
    const site = siteOf(node);
    if (site && CERTIFICATE_CALLBACKS.has(site.property)) sites.push(site);
  }
  return sites;
}

function siteOf(node: SyntaxNode): CallbackSite | undefined {
  const kids = namedChildren(node).filter((c) => c.type !== 'comment');
  if (node.type === 'named_argument') {
    const label = kids.find((c) => c.type === 'label');
    const property = label ? namedChildren(label)[0]?.text : undefined;
    return property ? { kind: 'named-argument', property, node, value: kids.slice(1) } : undefined;
  }
  if (node.type === 'assignment_expression') {
    const target = kids[0];
    if (!target || target.type !== 'assignable_expression') return undefined;
    const names = descendantsOfType(target, 'identifier');
    const property = names[names.length - 1]?.text;
    return property ? { kind: 'assignment', property, node, value: kids.slice(1) } : undefined;
  }
  if (!children(node).some((c) => c.type === '=')) return undefined;
  const selectorTypes = ['cascade_selector', 'unconditional_assignable_selector', 'selector'];
  const valueStart = kids.findIndex((c) => !selectorTypes.includes(c.type));
  if (valueStart <= 0) return undefined;
  const names = kids.slice(0, valueStart).flatMap((c) => descendantsOfType(c, 'identifier'));
  const property = names[names.length - 1]?.text;
  return property ? { kind: 'cascade', property, node, value: kids.slice(valueStart) } : undefined;
}

/** A callback's function: its parameter names and body. */
export interface CallbackFunction {
  parameters: SyntaxNode[];
  /** `function_expression_body` or `function_body`. */
  body: SyntaxNode;
}

/** The function a callback value stands for: a function expression or a function in the file. */
export function callbackFunction(
  file: DartFile,
  value: SyntaxNode[],
): CallbackFunction | undefined {
  let [first] = value;
  if (!first || value.length !== 1) return undefined;
  while (first.type === 'parenthesized_expression' && first.namedChildren.length === 1) {
    first = first.namedChildren[0]!;
  }
  if (first.type === 'function_expression') {
    const list = namedChildren(first).find((c) => c.type === 'formal_parameter_list');
    const body = namedChildren(first).find((c) => c.type === 'function_expression_body');
    return body ? { parameters: parameterNames(list), body } : undefined;
  }
  if (first.type !== 'identifier') return undefined;
  for (const signature of descendantsOfType(file.root, 'function_signature')) {
    const name = signature.childForFieldName('name');
    if (name?.text !== first.text) continue;
    const holder = signature.parent?.type === 'method_signature' ? signature.parent : signature;
    const body = holder.nextNamedSibling;
    const list = namedChildren(signature).find((c) => c.type === 'formal_parameter_list');
    if (body?.type === 'function_body') return { parameters: parameterNames(list), body };
  }
  return undefined;
}

function parameterNames(list: SyntaxNode | undefined): SyntaxNode[] {
  if (!list) return [];
  return descendantsOfType(list, 'formal_parameter').map((p) => {
    const ids = namedChildren(p).filter((c) => c.type === 'identifier');
    return ids[ids.length - 1] ?? p;
  });
}

/** What a certificate callback decides. */
export type Verdict =
  /** Accepts every certificate; `trueNodes` are the `true` literals it returns. */
  | { kind: 'accepts-all'; trueNodes: SyntaxNode[] }
  /** Returns the value of a name (a parameter or variable) that decides at run time. */
  | { kind: 'returns-name'; nameNode: SyntaxNode }
  /** Accepts every certificate, but only while `kDebugMode` (or `!kReleaseMode`) holds. */
  | { kind: 'debug-only' }
  /** Accepts certificates of the listed hosts only. */
  | { kind: 'host-allowlist'; hosts: string[] }
  /** Compares the certificate itself (PEM, DER, a hash) with a known value. */
  | { kind: 'checks-certificate' }
  | { kind: 'rejects' }
  | { kind: 'other' };

/** Reads what a `bool`-returning certificate callback returns. */
export function decide(file: DartFile, fn: CallbackFunction): Verdict {
  const results = returnedExpressions(fn.body);
  const unconditional = results.filter((r) => !r.conditional);
  const trueNodes = unconditional.flatMap((r) => (isLiteral(r.nodes, 'true') ? [r.nodes[0]] : []));
  if (trueNodes.length > 0) return { kind: 'accepts-all', trueNodes };
  if (results.length > 0 && results.every((r) => isLiteral(r.nodes, 'false'))) {
    return { kind: 'rejects' };
  }
  const last = unconditional[unconditional.length - 1] ?? results[results.length - 1];
  if (!last) return { kind: 'other' };
  const verdict = classifyExpression(last.nodes, fn);
  const mayCheck = verdict.kind === 'other' || verdict.kind === 'returns-name';
  if (mayCheck && refersToCertificate(fn, fn.body)) {
    return { kind: 'checks-certificate' };
  }
  return verdict;
}

interface Returned {
  nodes: SyntaxNode[];
  /** True when the return sits inside an `if`, loop or `try`, so it may not run. */
  conditional: boolean;
}

/** The expressions a body returns; returns of nested functions are skipped. */
export function returnedExpressions(body: SyntaxNode): Returned[] {
  const kids = namedChildren(body).filter((c) => c.type !== 'comment' && c.type !== 'async');
  const block = kids.find((c) => c.type === 'block');
  if (!block) return [{ nodes: kids, conditional: false }];
  const found: Returned[] = [];
  for (const statement of descendantsOfType(block, 'return_statement')) {
    const owner = closestAncestor(statement, ['function_expression_body', 'function_body']);
    if (owner?.id !== body.id) continue;
    const nodes = namedChildren(statement).filter((c) => c.type !== 'comment');
    found.push({ nodes, conditional: statement.parent?.id !== block.id });
  }
  return found;
}

function isLiteral(nodes: SyntaxNode[], value: 'true' | 'false'): boolean {
  return nodes.length === 1 && nodes[0].type === value;
}

const DEBUG_FLAGS = new Set(['kDebugMode', 'kProfileMode']);

function classifyExpression(nodes: SyntaxNode[], fn: CallbackFunction): Verdict {
  if (nodes.length !== 1) return { kind: 'other' };
  const node = nodes[0];
  if (node.type === 'identifier') {
    if (DEBUG_FLAGS.has(node.text)) return { kind: 'debug-only' };
    const isParameter = fn.parameters.some((p) => p.text === node.text);
    return isParameter ? { kind: 'other' } : { kind: 'returns-name', nameNode: node };
  }
  if (node.type === 'unary_expression' && /^!\s*kReleaseMode$/.test(node.text)) {
    return { kind: 'debug-only' };
  }
  if (node.type === 'parenthesized_expression') return classifyExpression(namedChildren(node), fn);
  if (node.type === 'logical_and_expression') {
    const first = namedChildren(node)[0];
    if (first && DEBUG_FLAGS.has(first.text)) return { kind: 'other' };
  }
  const hosts = allowlistedHosts(node, fn);
  return hosts ? { kind: 'host-allowlist', hosts } : { kind: 'other' };
}

/** `host == 'a' || host == 'b'` gives ['a', 'b']; anything else gives undefined. */
function allowlistedHosts(node: SyntaxNode, fn: CallbackFunction): string[] | undefined {
  const hostParameter = fn.parameters[1]?.text;
  if (!hostParameter) return undefined;
  if (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node);
    return inner.length === 1 ? allowlistedHosts(inner[0], fn) : undefined;
  }
  if (node.type === 'logical_or_expression') {
    const parts = namedChildren(node).filter((c) => c.type !== 'logical_or_operator');
    const lists = parts.map((part) => allowlistedHosts(part, fn));
    return lists.every((l) => l !== undefined) ? lists.flat() as string[] : undefined;
  }
  if (node.type !== 'equality_expression') return undefined;
  const [left, operator, right] = namedChildren(node);
  if (operator?.text !== '==' || !left || !right) return undefined;
  const [name, literal] = left.type === 'string_literal' ? [right, left] : [left, right];
  if (name.type !== 'identifier' || name.text !== hostParameter) return undefined;
  if (literal.type !== 'string_literal') return undefined;
  return [literal.text.replace(/^r?['"]+|['"]+$/g, '').toLowerCase()];
}

/** Checks whether the body reads the certificate, as `cert.pem == pem` or a hash of it do. */
function refersToCertificate(fn: CallbackFunction, body: SyntaxNode): boolean {
  const certificate = fn.parameters[0]?.text;
  if (!certificate) return false;
  return descendantsOfType(body, 'identifier').some((id) => id.text === certificate);
}

/**
 * Whether a WebView server-trust or SSL-error handler lets the load go on: it returns
 * `ServerTrustAuthResponseAction.PROCEED` or calls `proceed()` outside any condition.
 */
export function webViewProceeds(fn: CallbackFunction): boolean {
  const proceed = descendantsOfType(fn.body, 'identifier').filter(
    (id) => id.text === 'PROCEED' || id.text === 'proceed',
  );
  const conditions = ['if_statement', 'conditional_expression', 'switch_statement'];
  return proceed.some((id) => !closestAncestor(id, conditions));
}

/** Selects `SecurityContext(withTrustedRoots: false)` calls, which trust only the app's CAs. */
export function untrustedRootsContexts(calls: CallSite[]): SyntaxNode[] {
  return calls
    .filter((call) => call.callee[call.callee.length - 1] === 'SecurityContext')
    .filter((call) => call.args.named.get('withTrustedRoots')?.expr.nodes[0]?.type === 'false')
    .map((call) => call.nameNode);
}

/** Classes and calls of pinning packages (http_certificate_pinning, ssl_pinning_plugin, ...). */
export const PINNING_APIS = new Set([
  'CertificatePinningInterceptor',
  'SecureHttpClient',
  'HttpCertificatePinning',
  'SslPinningPlugin',
  'PinnedHttpClient',
]);

/** Selects the calls of pinning-package APIs. */
export function pinningApiCalls(calls: CallSite[]): SyntaxNode[] {
  return calls
    .filter((call) => call.callee.some((name) => PINNING_APIS.has(name)))
    .map((call) => call.nameNode);
}
