import type { DartFile } from '../../server/src/engine/dart/model';
import { readStringLiteral } from '../../server/src/engine/dart/strings';
import {
  namedChildren,
  type CallSite,
  type Expr,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import {
  classifyName,
  dartCallSites,
  isGeneratedDart,
  nameWords,
  phiFlow,
  traceRelated,
  valueRun,
  type PhiFlow,
  type PhiTrace,
} from '../../server/src/engine/phi';
import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';

/** Query keys that carry a credential or a one-time code even when the name is generic. */
const CREDENTIAL_KEYS = new Set([
  'code',
  'auth_code',
  'authcode',
  'id_token',
  'access_token',
  'refresh_token',
]);

/** Request methods of dio and package:http whose first argument is the URL. */
const REQUEST_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'request',
  'download',
  'read',
  'readBytes',
  'launchUrlString',
]);

/**
 * Terms whose URL use is the provider's documented scheme: Google Maps and similar web APIs take
 * the app's API key as a query parameter, and the fix is key restriction, not a header.
 */
const THIRD_PARTY_KEYS = new Set(['apikey']);

/** Schemes of links that open another app (mail, phone, text), which send no HTTP request. */
const LINK_SCHEMES = new Set(['mailto', 'tel', 'sms']);

/** Last words of names that hold an opaque record id rather than an identifier such as an MRN. */
const OPAQUE_ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid']);

interface UrlPart {
  /** The place that puts the value into the URL. */
  node: SyntaxNode;
  trace?: PhiTrace;
  /** The query key, when the value sits under one. */
  key?: string;
  where: 'path' | 'query' | 'url';
}

export default defineRule({
  meta: {
    id: 'phi-in-url',
    summary: 'A PHI identifier or a token is put in the path or query of a request URL.',
    category: 'side-channels',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-1', 'MASVS-AUTH-1'],
    cwe: [598],
    wave: 1,
    fix: 'none',
  },
  check(context) {
    if (isGeneratedDart(context.file.path)) return;
    const dart = context.file.dart();
    const flow = dart ? phiFlow(dart, context.config) : undefined;
    if (!dart || !flow) return;
    const seen = new Set<number>();
    const calls = dartCallSites(dart);
    const links = calls.filter((call) => isLocalLink(call, flow));
    for (const call of calls) {
      if (links.includes(call)) continue;
      for (const part of urlParts(call, dart, flow)) {
        if (seen.has(part.node.startIndex) || passesThrough(part, links)) continue;
        seen.add(part.node.startIndex);
        reportPart(context, dart, call, part);
      }
    }
  },
});

/** `Uri(scheme: 'mailto', path: email)`: a link handed to another app, not a request. */
function isLocalLink(call: CallSite, flow: PhiFlow): boolean {
  if (call.callee.join('.') !== 'Uri') return false;
  const scheme = call.args.named.get('scheme');
  const value = scheme ? flow.constantString(scheme.expr.nodes) : undefined;
  return value !== undefined && LINK_SCHEMES.has(value.toLowerCase());
}

/** Checks whether the value reached the URL through one of the `links`. */
function passesThrough(part: UrlPart, links: CallSite[]): boolean {
  const steps = part.trace?.steps ?? [];
  return links.some((link) =>
    steps.some((step) => step.startIndex >= link.startIndex && step.endIndex <= link.endIndex),
  );
}

function reportPart(context: RuleContext, dart: DartFile, call: CallSite, part: UrlPart): void {
  const range = dart.source.rangeOf(part.node.startIndex, part.node.endIndex);
  const callName = call.callee.join('.');
  const place = part.where === 'url' ? 'URL' : part.where;
  const advice = {
    path: context.file.path,
    range,
    message:
      'URLs end up in server, proxy and analytics logs; send this in a header or the request body.',
  };
  if (part.trace) {
    const description =
      part.trace.kind === 'phi'
        ? `a PHI value (${part.trace.term})`
        : `a secret (${part.trace.term})`;
    context.report({
      range,
      message: `\`${callName}\` puts ${description} in the request ${place}.`,
      related: [...traceRelated(part.trace, context.file), advice],
    });
    return;
  }
  context.report({
    range,
    severity: 'warning',
    message: `\`${callName}\` sends query parameter '${part.key}' in the request URL.`,
    related: [advice],
  });
}

function urlParts(call: CallSite, dart: DartFile, flow: PhiFlow): UrlPart[] {
  const names = call.callee;
  const last = names[names.length - 1];
  const before = names[names.length - 2];
  const parts: UrlPart[] = [];
  const { positional, named } = call.args;
  if (before === 'Uri' && (last === 'https' || last === 'http')) {
    if (positional[1]) parts.push(...valueParts(positional[1], 'path', flow));
    if (positional[2]) parts.push(...queryParts(positional[2], flow));
  } else if (names.length === 1 && last === 'Uri') {
    for (const key of ['path', 'pathSegments', 'query']) {
      const arg = named.get(key);
      if (arg) parts.push(...valueParts(arg.expr, key === 'query' ? 'query' : 'path', flow));
    }
  } else if (before === 'Uri' && (last === 'parse' || last === 'tryParse')) {
    if (positional[0]) parts.push(...valueParts(positional[0], 'url', flow));
  } else if (REQUEST_METHODS.has(last) && isRequest(call, dart)) {
    const url = positional[0];
    if (url && isStringUrl(url)) parts.push(...valueParts(url, 'url', flow));
  }
  const query = named.get('queryParameters');
  if (query && (REQUEST_METHODS.has(last) || last === 'Uri'))
    parts.push(...queryParts(query.expr, flow));
  return parts.filter((part) => {
    if (!part.trace) return part.key !== undefined;
    return !isOpaqueId(part.trace, dart) && !THIRD_PARTY_KEYS.has(part.trace.term);
  });
}

/** Checks that a request method belongs to dio, package:http or url_launcher by the imports. */
function isRequest(call: CallSite, dart: DartFile): boolean {
  if (call.callee[0] === 'launchUrlString') return dart.importsLibrary('url_launcher');
  return dart.importsLibrary('dio') || dart.importsLibrary('http');
}

/** Checks for a string literal shaped like a URL or path: `'https://…'`, `'/x/$id'`. */
function isStringUrl(expr: Expr): boolean {
  const node = expr.nodes[0];
  if (expr.nodes.length !== 1 || node.type !== 'string_literal') return false;
  const shape = readStringLiteral(node).shape;
  return /^(\/|[a-z]+:\/\/|\u0000\/)/i.test(shape);
}

/** PHI interpolated into a URL or path string, or a PHI value used as the whole path. */
function valueParts(expr: Expr, where: UrlPart['where'], flow: PhiFlow): UrlPart[] {
  const node = expr.nodes[0];
  if (expr.nodes.length === 1 && node.type === 'string_literal')
    return stringParts(node, where, flow);
  const trace = flow.ofRun(expr.nodes);
  return trace ? [{ node, trace, where }] : [];
}

function stringParts(literal: SyntaxNode, where: UrlPart['where'], flow: PhiFlow): UrlPart[] {
  const parts: UrlPart[] = [];
  const scheme = /^([a-z]+):/i.exec(readStringLiteral(literal).shape)?.[1];
  if (scheme && LINK_SCHEMES.has(scheme.toLowerCase())) return parts;
  let text = '';
  for (const part of readStringLiteral(literal).parts) {
    if (part.kind === 'text') {
      text += part.value;
      continue;
    }
    const substitution =
      part.node.parent?.type === 'template_substitution' ? part.node.parent : part.node;
    const inQuery = where === 'query' || text.includes('?');
    const key = inQuery ? /([A-Za-z0-9_.-]+)=$/.exec(text)?.[1] : undefined;
    const trace = flow.ofRun(
      namedChildren(substitution).length > 0 ? namedChildren(substitution) : [part.node],
    );
    let place = where === 'url' ? 'path' : where;
    if (inQuery) place = 'query';
    if (trace) parts.push({ node: substitution, trace, key, where: place });
    else if (key && isCredentialKey(key, flow))
      parts.push({ node: substitution, key, where: 'query' });
    text += '\u0000';
  }
  return parts;
}

/** Entries of a query map: the value's trace, or a credential key with a non-constant value. */
function queryParts(expr: Expr, flow: PhiFlow): UrlPart[] {
  const node = expr.nodes[0];
  if (expr.nodes.length !== 1 || node.type !== 'set_or_map_literal') {
    const trace = flow.ofRun(expr.nodes);
    return trace ? [{ node, trace, where: 'query' }] : [];
  }
  const parts: UrlPart[] = [];
  for (const pair of namedChildren(node).filter((c) => c.type === 'pair')) {
    const key = flow.constantString(namedChildren(pair).slice(0, 1));
    const value = valueRun(pair);
    const trace = flow.ofRun(value);
    if (trace) parts.push({ node: pair, trace, key, where: 'query' });
    else if (key && isCredentialKey(key, flow) && flow.constantString(value) === undefined) {
      parts.push({ node: pair, key, where: 'query' });
    }
  }
  return parts;
}

function isCredentialKey(key: string, flow: PhiFlow): boolean {
  if (CREDENTIAL_KEYS.has(key.toLowerCase())) return true;
  return classifyName(key, flow.config) !== undefined;
}

/**
 * `'/patients/$patientId'` addresses a record by an opaque id, which is how REST and FHIR APIs
 * work; an MRN, a name or a token is different. The source's own name decides.
 */
function isOpaqueId(trace: PhiTrace, dart: DartFile): boolean {
  if (trace.kind === 'secret') return false;
  const source = trace.steps[0];
  const text = dart.text.slice(source.startIndex, source.endIndex);
  const words = nameWords(text.split('.').pop() ?? text);
  return OPAQUE_ID_WORDS.has(words[words.length - 1] ?? '');
}
