import type { DartFile } from './model';
import { fileCallSites } from './file-calls';
import {
  descendantsOfType,
  namedChildren,
  type CallSite,
  type Expr,
  type SyntaxNode,
} from './syntax';

/**
 * Knowledge of Dart's HTTP stacks for the transport rules: which calls create a client and which
 * send a request, in `package:http`, `package:dio`, `dart:io` and `package:web_socket_channel`.
 * All of them open sockets from Dart, so on Android none of them reads the network security
 * config, and on iOS none of them goes through App Transport Security.
 */

export type HttpStack = 'http' | 'dio' | 'dart:io' | 'web_socket_channel';

/** Client classes, by the library that defines them. */
const CLIENT_CLASSES: Array<{ stack: HttpStack; library: string; name: string }> = [
  { stack: 'dio', library: 'dio', name: 'Dio' },
  { stack: 'http', library: 'http', name: 'Client' },
  { stack: 'http', library: 'http', name: 'IOClient' },
  { stack: 'http', library: 'http', name: 'RetryClient' },
  { stack: 'dart:io', library: 'dart:io', name: 'HttpClient' },
];

/** Methods that send a request, per stack; the URL is the first positional argument. */
const REQUEST_METHODS: Record<HttpStack, string[]> = {
  dio: [
    'get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'download', 'fetch',
    'getUri', 'postUri', 'putUri', 'patchUri', 'deleteUri', 'headUri', 'requestUri',
    'downloadUri',
  ],
  http: ['get', 'post', 'put', 'patch', 'delete', 'head', 'read', 'readBytes', 'send'],
  'dart:io': [
    'getUrl', 'postUrl', 'putUrl', 'patchUrl', 'deleteUrl', 'headUrl', 'openUrl',
    'get', 'post', 'put', 'patch', 'delete', 'head', 'open',
  ],
  web_socket_channel: [],
};

/** `package:http` request classes; the URL is the second positional argument. */
const HTTP_REQUEST_CLASSES = ['Request', 'MultipartRequest', 'StreamedRequest'];

/** Calls that open a WebSocket; the URL is the first positional argument. */
const WEB_SOCKET_CONNECTS: Array<{ stack: HttpStack; library: string; symbol: string }> = [
  {
    stack: 'web_socket_channel',
    library: 'web_socket_channel',
    symbol: 'WebSocketChannel.connect',
  },
  {
    stack: 'web_socket_channel',
    library: 'web_socket_channel',
    symbol: 'IOWebSocketChannel.connect',
  },
  { stack: 'dart:io', library: 'dart:io', symbol: 'WebSocket.connect' },
];

export interface ClientCreation {
  stack: HttpStack;
  /** The class name without import prefix, such as `Dio` or `HttpClient`. */
  className: string;
  call: CallSite;
  /** The variable or field the client is stored in, when the creation initializes one. */
  variable?: string;
}

export interface HttpRequest {
  stack: HttpStack;
  call: CallSite;
  /** The URL or path argument, when the call has one. */
  url?: Expr;
  /** The variable or field of the client the request goes through. */
  clientVariable?: string;
  /** The client created in the same chain, as in `Dio().get(...)`. */
  inlineClient?: string;
}

/** The libraries that define the clients and calls above. */
const HTTP_LIBRARIES = ['http', 'dio', 'dart:io', 'web_socket_channel'];

/** Checks whether the file imports any library that can send an HTTP request. */
export function importsHttpLibrary(file: DartFile): boolean {
  return HTTP_LIBRARIES.some((library) => file.importsLibrary(library));
}

/** Lists every construction of an HTTP client class in the file. */
export function clientCreations(file: DartFile): ClientCreation[] {
  const found: ClientCreation[] = [];
  if (!importsHttpLibrary(file)) return found;
  for (const call of fileCallSites(file)) {
    const known = CLIENT_CLASSES.find((c) => file.refersTo(call.callee, c.library, c.name));
    if (!known) continue;
    found.push({
      stack: known.stack,
      className: known.name,
      call,
      variable: variableInitializedBy(file, call),
    });
  }
  return found;
}

/** Lists every request, WebSocket connection and `package:http` request object in the file. */
export function httpRequests(file: DartFile): HttpRequest[] {
  const found: HttpRequest[] = [];
  if (!importsHttpLibrary(file)) return found;
  const variables = clientVariables(file);
  for (const call of fileCallSites(file)) {
    const request = asRequest(file, call, variables);
    if (request) found.push(request);
  }
  return found;
}

function asRequest(
  file: DartFile,
  call: CallSite,
  variables: Map<string, HttpStack>,
): HttpRequest | undefined {
  const method = call.callee[call.callee.length - 1];
  const first = call.args.positional[0];
  if (REQUEST_METHODS.http.includes(method) && call.callee.length === 2) {
    if (file.refersTo(call.callee, 'http', method)) return { stack: 'http', call, url: first };
  }
  if (HTTP_REQUEST_CLASSES.some((name) => file.refersTo(call.callee, 'http', name))) {
    return { stack: 'http', call, url: call.args.positional[1] };
  }
  const socket = WEB_SOCKET_CONNECTS.find((s) => file.refersTo(call.callee, s.library, s.symbol));
  if (socket) return { stack: socket.stack, call, url: first };
  return throughClient(call, method, variables);
}

function throughClient(
  call: CallSite,
  method: string,
  variables: Map<string, HttpStack>,
): HttpRequest | undefined {
  const url = method === 'openUrl' ? call.args.positional[1] : call.args.positional[0];
  const receiverName = call.callee.filter((name) => name !== 'this').at(-2);
  const stack = receiverName ? variables.get(receiverName) : undefined;
  if (stack && REQUEST_METHODS[stack].includes(method)) {
    return { stack, call, url, clientVariable: receiverName };
  }
  const inline = call.receiver[0];
  if (call.callee.length === 1 && inline?.kind === 'name') {
    const known = CLIENT_CLASSES.find((c) => c.name === inline.name);
    if (known && REQUEST_METHODS[known.stack].includes(method)) {
      return { stack: known.stack, call, url, inlineClient: known.name };
    }
  }
  return undefined;
}

/**
 * Names of variables, fields and parameters that hold an HTTP client, from their declared type
 * (`Dio dio`, `final http.Client client`) or from the client they are initialized with.
 */
export function clientVariables(file: DartFile): Map<string, HttpStack> {
  const variables = new Map<string, HttpStack>();
  for (const creation of clientCreations(file)) {
    if (creation.variable) variables.set(creation.variable, creation.stack);
  }
  for (const typeNode of descendantsOfType(file.root, 'type_identifier')) {
    const names = typeNode.previousNamedSibling?.type === 'type_identifier'
      ? [typeNode.previousNamedSibling.text, typeNode.text]
      : [typeNode.text];
    const known = CLIENT_CLASSES.find((c) => file.refersTo(names, c.library, c.name));
    const declared = known ? declaredNameAfter(typeNode) : undefined;
    if (known && declared) variables.set(declared, known.stack);
  }
  return variables;
}

const TYPE_PARTS = new Set(['type_identifier', 'type_arguments', 'nullable_type']);

/** Returns the name that the declaration of a type annotation declares. */
function declaredNameAfter(typeNode: SyntaxNode): string | undefined {
  for (let next = typeNode.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type === 'identifier') return next.text;
    if (next.type === 'initialized_identifier_list' || next.type === 'initialized_identifier') {
      return descendantsOfType(next, 'identifier')[0]?.text;
    }
    if (!TYPE_PARTS.has(next.type)) return undefined;
  }
  return undefined;
}

const DECLARATORS = new Set([
  'initialized_variable_definition',
  'static_final_declaration',
  'initialized_identifier',
]);

/** Returns the variable that the call initializes or is assigned to. */
export function variableInitializedBy(file: DartFile, call: CallSite): string | undefined {
  const primary = file.root.descendantForIndex(call.startIndex, call.startIndex);
  let node: SyntaxNode | null = primary;
  while (node?.parent && node.parent.startIndex === call.startIndex) {
    if (DECLARATORS.has(node.parent.type) || node.parent.type === 'assignment_expression') break;
    node = node.parent;
  }
  const container = node?.parent;
  if (!container) return undefined;
  if (DECLARATORS.has(container.type)) {
    return namedChildren(container).find((child) => child.type === 'identifier')?.text;
  }
  if (container.type === 'assignment_expression') {
    const target = namedChildren(container)[0];
    const names = descendantsOfType(target, 'identifier');
    return names[names.length - 1]?.text;
  }
  return undefined;
}

/** Checks whether the file creates a client or sends a request through a Dart HTTP stack. */
export function usesDartHttp(file: DartFile): boolean {
  return clientCreations(file).length > 0 || httpRequests(file).length > 0;
}

/**
 * Names of calls and constructors whose URL argument is fetched or opened, used to tell a URL
 * that is requested from one that is only stored or compared. Checked by name only, because
 * the URL is cleartext whichever library sends it.
 */
export const URL_SINK_CALLS = new Set([
  ...REQUEST_METHODS.dio,
  ...REQUEST_METHODS.http,
  ...REQUEST_METHODS['dart:io'],
  ...HTTP_REQUEST_CLASSES,
  'connect',
  'loadRequest',
  'loadUrl',
  'launchUrl',
  'launchUrlString',
  'launch',
  'NetworkImage',
  'network',
  'CachedNetworkImageProvider',
]);

/** Named arguments and properties that configure where a client or widget connects. */
export const URL_SINK_LABELS = new Set([
  'baseUrl',
  'url',
  'uri',
  'initialUrl',
  'imageUrl',
  'endpoint',
  'serverUrl',
  'apiUrl',
]);

const URL_WRAPPERS = new Set([
  'Uri.parse',
  'Uri.tryParse',
  'Uri.encodeFull',
  'WebUri',
  'WebUri.uri',
  'URLRequest',
]);

/** Calls that wrap a URL string without changing where it points. */
export function isUrlWrapper(names: string[]): boolean {
  const joined = names.join('.');
  return URL_WRAPPERS.has(joined);
}
