import {
  clientCreations,
  httpRequests,
  type ClientCreation,
  type HttpRequest,
  type HttpStack,
} from './http';
import type { DartFile } from './model';
import {
  callSites,
  closestAncestor,
  descendantsOfType,
  leadingNames,
  namedChildren,
  segmentsOf,
  type Expr,
  type SyntaxNode,
} from './syntax';
import {
  callbackFunction,
  callbackSites,
  decide,
  pinningApiCalls,
  untrustedRootsContexts,
} from './tls';
import { possibleStrings } from './url-values';
import { parseUrlText, type UrlText } from './urls';
import { findBinding } from './values';

/**
 * The HTTP clients of one Dart file, each with the URLs it is seen to talk to and whether it
 * pins certificates. A client is a construction (`Dio(...)`, `HttpClient()`, `http.Client()`),
 * a client variable whose construction is elsewhere, or a top-level `http.get(...)` call.
 */
export interface DartEndpoint {
  stack: HttpStack;
  /** How the client is named in messages, such as `Dio` or `http.get`. */
  label: string;
  /** Where the client is created, or the request itself when no client is visible. */
  site: { startIndex: number; endIndex: number };
  /**
   * Where the client comes from: a construction in this file, a variable, field or parameter
   * whose construction is elsewhere, or a top-level `package:http` call that makes its own.
   */
  origin: 'construction' | 'variable' | 'top-level-call';
  /** Base URLs and request URLs, resolved as far as one file shows. */
  urls: UrlText[];
  requests: HttpRequest[];
  /** True when the file shows certificate pinning for this client. */
  pinned: boolean;
}

const CLIENT_LABELS: Record<string, string> = { Dio: 'Dio client', Client: 'http Client' };

export function dartEndpoints(file: DartFile): DartEndpoint[] {
  const requests = httpRequests(file);
  const endpoints = clientCreations(file).map((creation) => fromCreation(file, creation, requests));
  const claimed = new Set(endpoints.flatMap((e) => e.requests));
  const byVariable = new Map<string, HttpRequest[]>();
  for (const request of requests) {
    if (claimed.has(request)) continue;
    if (request.clientVariable) {
      byVariable.set(request.clientVariable, [...(byVariable.get(request.clientVariable) ?? []), request]);
    } else if (!request.inlineClient) {
      endpoints.push(fromLoneRequest(file, request));
    }
  }
  for (const [variable, list] of byVariable) endpoints.push(fromVariable(file, variable, list));
  return endpoints;
}

function fromCreation(file: DartFile, creation: ClientCreation, all: HttpRequest[]): DartEndpoint {
  const requests = all.filter(
    (r) =>
      (creation.variable !== undefined && r.clientVariable === creation.variable) ||
      (r.inlineClient !== undefined && r.call.startIndex === creation.call.startIndex),
  );
  const bases = baseUrls(file, creation);
  return {
    stack: creation.stack,
    label: CLIENT_LABELS[creation.className] ?? creation.className,
    site: { startIndex: creation.call.startIndex, endIndex: creation.call.endIndex },
    origin: 'construction',
    urls: [...bases, ...requests.flatMap((r) => requestUrls(file, r, bases))],
    requests,
    pinned: creationPinned(file, creation),
  };
}

function fromLoneRequest(file: DartFile, request: HttpRequest): DartEndpoint {
  const names = request.call.callee;
  return {
    stack: request.stack,
    label: names.join('.'),
    site: { startIndex: request.call.startIndex, endIndex: request.call.endIndex },
    origin: 'top-level-call',
    urls: requestUrls(file, request, []),
    requests: [request],
    pinned: false,
  };
}

function fromVariable(file: DartFile, variable: string, requests: HttpRequest[]): DartEndpoint {
  const first = requests[0];
  return {
    stack: first.stack,
    label: variable,
    site: { startIndex: first.call.startIndex, endIndex: first.call.endIndex },
    origin: 'variable',
    urls: requests.flatMap((r) => requestUrls(file, r, [])),
    requests,
    pinned: variableStatements(file, variable).some((n) => hasPinningEvidence(file, n)),
  };
}

/** Dio base URLs: `BaseOptions(baseUrl: ...)` in the constructor and later `options.baseUrl =`. */
function baseUrls(file: DartFile, creation: ClientCreation): UrlText[] {
  const exprs: Expr[] = [];
  for (const call of callSites(creation.call.args.node)) {
    const base = call.args.named.get('baseUrl');
    if (base) exprs.push(base.expr);
  }
  for (const node of descendantsOfType(file.root, ['assignment_expression', 'cascade_section'])) {
    const names = descendantsOfType(namedChildren(node)[0] ?? node, 'identifier').map((n) => n.text);
    const target = node.type === 'cascade_section' ? cascadeTarget(node) : names;
    if (target.at(-1) !== 'baseUrl') continue;
    const owner = node.type === 'cascade_section' ? cascadeOwner(node, creation) : target[0] === creation.variable;
    if (!owner) continue;
    const value = namedChildren(node).at(-1);
    if (value) exprs.push({ nodes: [value], startIndex: value.startIndex, endIndex: value.endIndex });
  }
  return exprs.flatMap((expr) => urlsOf(possibleStrings(file, expr)));
}

function cascadeTarget(section: SyntaxNode): string[] {
  return namedChildren(section)
    .filter((c) => c.type.endsWith('selector'))
    .flatMap((c) => descendantsOfType(c, 'identifier').map((n) => n.text));
}

function cascadeOwner(section: SyntaxNode, creation: ClientCreation): boolean {
  const container = section.parent;
  return !!container && namedChildren(container).some((c) => c.startIndex === creation.call.startIndex);
}

/** The URLs a request goes to; a relative dio path is joined to each base URL. */
function requestUrls(file: DartFile, request: HttpRequest, bases: UrlText[]): UrlText[] {
  if (!request.url) return [];
  const names = leadingNames(segmentsOf(request.url)).join('.');
  const call = segmentsOf(request.url).find((s) => s.kind === 'call');
  if ((names === 'Uri.https' || names === 'Uri.http') && call?.kind === 'call') {
    const hosts = possibleStrings(file, call.args.positional[0]) ?? [];
    const paths = possibleStrings(file, call.args.positional[1]) ?? [''];
    const scheme = names.slice(4);
    return urlsOf(hosts.flatMap((h) => paths.map((p) => `${scheme}://${h}${p}`)));
  }
  const inner = names === 'Uri.parse' && call?.kind === 'call' ? call.args.positional[0] : request.url;
  const values = possibleStrings(file, inner) ?? [];
  const absolute = urlsOf(values);
  if (absolute.length > 0) return absolute;
  return bases.map((base) => ({ ...base, path: base.path + values.join('') }));
}

function urlsOf(values: string[] | undefined): UrlText[] {
  return (values ?? []).map(parseUrlText).filter((u): u is UrlText => u !== undefined);
}

/** The statement or declaration that holds a node, where pinning set-up usually sits too. */
function holdingStatement(node: SyntaxNode): SyntaxNode {
  return (
    closestAncestor(node, [
      'local_variable_declaration',
      'expression_statement',
      'return_statement',
      'declaration',
      'static_final_declaration',
      'function_body',
    ]) ?? node
  );
}

function creationPinned(file: DartFile, creation: ClientCreation): boolean {
  const node = file.root.namedDescendantForIndex(creation.call.startIndex, creation.call.endIndex);
  if (node && hasPinningEvidence(file, holdingStatement(node))) return true;
  if (creation.variable && variableStatements(file, creation.variable).some((n) => hasPinningEvidence(file, n))) {
    return true;
  }
  return wrappedClientPinned(file, creation);
}

/** `IOClient(inner)`: pinned when `inner` is set up with pinning in this file. */
function wrappedClientPinned(file: DartFile, creation: ClientCreation): boolean {
  return creation.call.args.positional.some((arg) => {
    const first = arg.nodes[0];
    if (arg.nodes.length !== 1 || first.type !== 'identifier') return false;
    const binding = findBinding(first);
    if (!binding) return false;
    const declaration = holdingStatement(binding.nameNode);
    if (hasPinningEvidence(file, declaration)) return true;
    return variableStatements(file, binding.name).some((n) => hasPinningEvidence(file, n));
  });
}

/** Statements that start with the variable: `dio.httpClientAdapter = ...`, `dio.interceptors.add(...)`. */
function variableStatements(file: DartFile, variable: string): SyntaxNode[] {
  return descendantsOfType(file.root, 'expression_statement').filter((statement) => {
    const first = descendantsOfType(statement, 'identifier')[0];
    return first?.text === variable && statement.text.replace(/^this\./, '').startsWith(variable);
  });
}

/**
 * Pinning set up below a node: a SecurityContext without the system roots, a pinning package,
 * or a dio `validateCertificate` that compares the certificate. A `badCertificateCallback`
 * that returns false is not pinning: dart:io never calls it for a certificate that passed.
 */
export function hasPinningEvidence(file: DartFile, node: SyntaxNode): boolean {
  if (untrustedRootsContexts(node).length > 0 || pinningApiCalls(node).length > 0) return true;
  return callbackSites(file)
    .filter((site) => site.property === 'validateCertificate')
    .filter((site) => node.startIndex <= site.node.startIndex && site.node.endIndex <= node.endIndex)
    .some((site) => {
      const fn = callbackFunction(file, site.value);
      return fn !== undefined && decide(file, fn).kind === 'checks-certificate';
    });
}

/**
 * Whether the file installs an `HttpOverrides` whose clients trust only pinned roots, which
 * covers every dart:io client of the app, including those of http and dio.
 */
export function installsPinnedHttpOverrides(file: DartFile): boolean {
  const installs = descendantsOfType(file.root, 'assignment_expression').some(
    (node) => namedChildren(node)[0]?.text.replace(/\s/g, '') === 'HttpOverrides.global',
  );
  if (!installs) return false;
  return descendantsOfType(file.root, 'class_definition').some((cls) => {
    const superclass = namedChildren(cls).find((c) => c.type === 'superclass');
    return !!superclass && /\bHttpOverrides\b/.test(superclass.text) && hasPinningEvidence(file, cls);
  });
}
