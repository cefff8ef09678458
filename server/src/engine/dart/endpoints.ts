import {
  clientCreations,
  httpRequests,
  type ClientCreation,
  type HttpRequest,
  type HttpStack,
} from './http';
import type { DartFile } from './model';
import { callSitesWithin } from './file-calls';
import {
  closestAncestor,
  descendantsOfType,
  exprOf,
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
  /** The client's name in messages, such as `Dio client` or `http.get`. */
  label: string;
  /** The construction of the client, or the request itself when no client is visible. */
  site: { startIndex: number; endIndex: number };
  /**
   * The client's source: a construction in this file, a variable, field or parameter whose
   * construction is elsewhere, or a top-level `package:http` call that makes its own client.
   */
  origin: 'construction' | 'variable' | 'top-level-call';
  /** Base URLs and request URLs, resolved as far as one file shows. */
  urls: UrlText[];
  requests: HttpRequest[];
  /** True when the file shows certificate pinning for this client. */
  pinned: boolean;
}

const CLIENT_LABELS: Record<string, string> = { Dio: 'Dio client', Client: 'http Client' };

/** Facts about one parsed file, built once per version because rules ask for them often. */
interface FileIndex {
  endpoints?: DartEndpoint[];
  /** `validateCertificate` callbacks that compare the certificate. */
  certificateChecks?: SyntaxNode[];
  /** Expression statements by the name they start with, such as `dio` in `dio.x = y;`. */
  statements?: Map<string, SyntaxNode[]>;
  statementNodes?: SyntaxNode[];
  /** Assignments and cascade sections that set `baseUrl`. */
  baseUrlSetters?: Array<{ node: SyntaxNode; target: string[] }>;
  installsOverrides?: boolean;
  declaresPinnedOverrides?: boolean;
  pinsAnywhere?: boolean;
}

const indexes = new WeakMap<DartFile, FileIndex>();

function indexOf(file: DartFile): FileIndex {
  let index = indexes.get(file);
  if (!index) {
    index = {};
    indexes.set(file, index);
  }
  return index;
}

/** Lists the HTTP clients of a file, computed once per parsed version. */
export function dartEndpoints(file: DartFile): DartEndpoint[] {
  const index = indexOf(file);
  index.endpoints ??= findEndpoints(file);
  return index.endpoints;
}

function findEndpoints(file: DartFile): DartEndpoint[] {
  const requests = httpRequests(file);
  const endpoints = clientCreations(file).map((creation) => fromCreation(file, creation, requests));
  const claimed = new Set(endpoints.flatMap((e) => e.requests));
  const byVariable = new Map<string, HttpRequest[]>();
  for (const request of requests) {
    if (claimed.has(request)) continue;
    if (request.clientVariable) {
      const list = byVariable.get(request.clientVariable) ?? [];
      byVariable.set(request.clientVariable, [...list, request]);
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
    pinned: pinnedThroughVariable(file, variable),
  };
}

/** Dio base URLs: `BaseOptions(baseUrl: ...)` in the constructor and later `options.baseUrl =`. */
function baseUrls(file: DartFile, creation: ClientCreation): UrlText[] {
  const exprs: Expr[] = [];
  for (const call of callSitesWithin(file, creation.call.args.node)) {
    const base = call.args.named.get('baseUrl');
    if (base) exprs.push(base.expr);
  }
  for (const { node, target } of baseUrlSetters(file)) {
    const cascade = node.type === 'cascade_section';
    const owner = cascade ? cascadeOwner(node, creation) : target[0] === creation.variable;
    const value = namedChildren(node).at(-1);
    if (owner && value) exprs.push(exprOf([value])!);
  }
  return exprs.flatMap((expr) => urlsOf(possibleStrings(file, expr)));
}

function baseUrlSetters(file: DartFile): Array<{ node: SyntaxNode; target: string[] }> {
  const index = indexOf(file);
  if (!index.baseUrlSetters) {
    const types = ['assignment_expression', 'cascade_section'];
    const mentioned = file.text.includes('baseUrl');
    index.baseUrlSetters = (mentioned ? descendantsOfType(file.root, types) : [])
      .filter((node) => node.text.includes('baseUrl'))
      .map((node) => ({
        node,
        target: node.type === 'cascade_section' ? cascadeTarget(node) : assignmentTarget(node),
      }))
      .filter((entry) => entry.target.at(-1) === 'baseUrl');
  }
  return index.baseUrlSetters;
}

function assignmentTarget(assignment: SyntaxNode): string[] {
  const target = namedChildren(assignment)[0] ?? assignment;
  return descendantsOfType(target, 'identifier').map((n) => n.text);
}

function cascadeTarget(section: SyntaxNode): string[] {
  return namedChildren(section)
    .filter((c) => c.type.endsWith('selector'))
    .flatMap((c) => descendantsOfType(c, 'identifier').map((n) => n.text));
}

function cascadeOwner(section: SyntaxNode, creation: ClientCreation): boolean {
  const container = section.parent;
  if (!container) return false;
  return namedChildren(container).some((c) => c.startIndex === creation.call.startIndex);
}

/** Lists the URLs a request goes to, joining a relative dio path to each base URL. */
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
  const parsed = names === 'Uri.parse' && call?.kind === 'call';
  const inner = parsed ? call.args.positional[0] : request.url;
  const values = possibleStrings(file, inner) ?? [];
  const absolute = urlsOf(values);
  if (absolute.length > 0) return absolute;
  return bases.map((base) => ({ ...base, path: base.path + values.join('') }));
}

function urlsOf(values: string[] | undefined): UrlText[] {
  return (values ?? []).map(parseUrlText).filter((u): u is UrlText => u !== undefined);
}

/** Finds the statement or declaration around a node, where pinning set-up usually is too. */
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
  if (creation.variable && pinnedThroughVariable(file, creation.variable)) return true;
  return wrappedClientPinned(file, creation);
}

function pinnedThroughVariable(file: DartFile, variable: string): boolean {
  const statements = variableStatements(file, variable);
  return statements.some((statement) => hasPinningEvidence(file, statement));
}

/** `IOClient(inner)`: pinned when `inner` is set up with pinning in this file. */
function wrappedClientPinned(file: DartFile, creation: ClientCreation): boolean {
  return creation.call.args.positional.some((arg) => {
    const first = arg.nodes[0];
    if (arg.nodes.length !== 1 || first.type !== 'identifier') return false;
    const binding = findBinding(first);
    if (!binding) return false;
    const declaration = holdingStatement(binding.nameNode);
    return hasPinningEvidence(file, declaration) || pinnedThroughVariable(file, binding.name);
  });
}

/** Statements that start with the variable, such as `dio.interceptors.add(...)`. */
function variableStatements(file: DartFile, variable: string): SyntaxNode[] {
  const index = indexOf(file);
  index.statements ??= new Map();
  let found = index.statements.get(variable);
  if (!found) {
    index.statementNodes ??= descendantsOfType(file.root, 'expression_statement');
    const prefix = new RegExp(`^(await\\s+)?(this\\.)?${variable.replace(/\$/g, '\\$')}\\b`);
    found = index.statementNodes
      .filter((statement) => prefix.test(statement.text))
      .filter((statement) => leadingName(statement) === variable);
    index.statements.set(variable, found);
  }
  return found;
}

/** Returns the first name of a statement's expression, skipping `await` and `this.`. */
function leadingName(statement: SyntaxNode): string | undefined {
  let node: SyntaxNode | undefined = statement;
  for (let depth = 0; node && depth < 4; depth++) {
    const first: SyntaxNode | undefined = namedChildren(node)[0];
    if (!first) return undefined;
    if (first.type === 'identifier') return first.text;
    if (first.type === 'this') {
      return descendantsOfType(first.nextNamedSibling ?? first, 'identifier')[0]?.text;
    }
    node = first;
  }
  return undefined;
}

/**
 * Checks for pinning set up below a node: a SecurityContext without the system roots, a
 * pinning package, or a dio `validateCertificate` that compares the certificate. A
 * `badCertificateCallback` that returns false is not pinning, because dart:io never calls it
 * for a certificate that passed validation.
 */
export function hasPinningEvidence(file: DartFile, node: SyntaxNode): boolean {
  const calls = callSitesWithin(file, node);
  if (untrustedRootsContexts(calls).length > 0 || pinningApiCalls(calls).length > 0) return true;
  return certificateChecks(file).some(
    (check) => node.startIndex <= check.startIndex && check.endIndex <= node.endIndex,
  );
}

function certificateChecks(file: DartFile): SyntaxNode[] {
  const index = indexOf(file);
  index.certificateChecks ??= callbackSites(file)
    .filter((site) => site.property === 'validateCertificate')
    .filter((site) => {
      const fn = callbackFunction(file, site.value);
      return fn !== undefined && decide(file, fn).kind === 'checks-certificate';
    })
    .map((site) => site.node);
  return index.certificateChecks;
}

/** Checks whether the file shows certificate pinning anywhere, for any client. */
export function pinsAnywhere(file: DartFile): boolean {
  const index = indexOf(file);
  index.pinsAnywhere ??= hasPinningEvidence(file, file.root);
  return index.pinsAnywhere;
}

/** Checks whether the file sets `HttpOverrides.global`. */
export function installsHttpOverrides(file: DartFile): boolean {
  const index = indexOf(file);
  index.installsOverrides ??=
    file.text.includes('HttpOverrides') &&
    descendantsOfType(file.root, 'assignment_expression').some(
      (node) => namedChildren(node)[0]?.text.replace(/\s/g, '') === 'HttpOverrides.global',
    );
  return index.installsOverrides;
}

/**
 * Checks whether the file declares an `HttpOverrides` subclass that trusts only pinned roots.
 * Installed as `HttpOverrides.global`, it covers every dart:io client of the app, those of
 * http and dio included.
 */
export function declaresPinnedHttpOverrides(file: DartFile): boolean {
  const index = indexOf(file);
  index.declaresPinnedOverrides ??=
    file.text.includes('HttpOverrides') &&
    descendantsOfType(file.root, 'class_definition').some((cls) => {
      const superclass = namedChildren(cls).find((c) => c.type === 'superclass');
      if (!superclass || !/\bHttpOverrides\b/.test(superclass.text)) return false;
      return hasPinningEvidence(file, cls);
    });
  return index.declaresPinnedOverrides;
}
