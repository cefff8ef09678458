import type { DartEndpoint } from '../dart/endpoints';
import { fileCallSites } from '../dart/file-calls';
import type { DartFile } from '../dart/model';
import type { TextEdit } from '../types';
import {
  PINNED_CLIENT_FILE_NAME,
  PINNED_DIO_FILE_NAME,
  PINNED_HTTP_FILE_NAME,
} from './pinned-client-source';

/** The package:http top-level functions that `http.Client` also has, with the same signature. */
const HTTP_TOP_LEVEL_FUNCTIONS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'read', 'readBytes',
]);

/** One unpinned client rewritten to a pinned one. */
export interface SiteRewrite {
  edit: TextEdit;
  /** The generated helper that the file must import for the new code. */
  helperFile: string;
  stack: 'http' | 'dio' | 'dart:io';
}

/**
 * Rewrites where an unpinned client is made: `Dio(...)` becomes `createPinnedDio(...)` with the
 * same options, `http.Client()` becomes `createPinnedHttpClient()`, `HttpClient()` becomes
 * `PinnedHttpClient.create()`, and a top-level `http.get(...)` (or another top-level function)
 * becomes `sharedPinnedHttpClient.get(...)`. Returns undefined for a client made elsewhere or
 * through a constructor the helpers do not mirror (`IOClient`, `RetryClient`, `HttpClient`
 * with a context), which need a hand-written change.
 */
export function rewriteClientSite(file: DartFile, endpoint: DartEndpoint): SiteRewrite | undefined {
  const call = endpoint.requests.find((r) => r.call.startIndex === endpoint.site.startIndex)?.call;
  if (endpoint.origin === 'top-level-call') {
    const method = call?.callee.at(-1);
    if (!call || endpoint.stack !== 'http' || !HTTP_TOP_LEVEL_FUNCTIONS.has(method ?? '')) {
      return undefined;
    }
    const receiver = 'sharedPinnedHttpClient.';
    const edit = replace(file, call.startIndex, call.nameNode.startIndex, receiver);
    return { edit, helperFile: PINNED_HTTP_FILE_NAME, stack: 'http' };
  }
  if (endpoint.origin !== 'construction') return undefined;
  return rewriteConstruction(file, endpoint);
}

function rewriteConstruction(file: DartFile, endpoint: DartEndpoint): SiteRewrite | undefined {
  const { startIndex, endIndex } = endpoint.site;
  const call = fileCallSites(file).find(
    (site) => site.startIndex === startIndex && site.endIndex === endIndex,
  );
  if (!call) return undefined;
  const constructor = call.callee.at(-1);
  const empty = call.args.positional.length === 0 && call.args.named.size === 0;
  const argumentsStart = call.args.node.startIndex;
  if (endpoint.stack === 'dio' && constructor === 'Dio') {
    const edit = replace(file, startIndex, argumentsStart, 'createPinnedDio');
    return { edit, helperFile: PINNED_DIO_FILE_NAME, stack: 'dio' };
  }
  if (endpoint.stack === 'http' && constructor === 'Client' && empty) {
    const edit = replace(file, startIndex, call.args.node.endIndex, 'createPinnedHttpClient()');
    return { edit, helperFile: PINNED_HTTP_FILE_NAME, stack: 'http' };
  }
  if (endpoint.stack === 'dart:io' && constructor === 'HttpClient' && empty) {
    const edit = replace(file, startIndex, call.args.node.endIndex, 'PinnedHttpClient.create()');
    return { edit, helperFile: PINNED_CLIENT_FILE_NAME, stack: 'dart:io' };
  }
  return undefined;
}

function replace(file: DartFile, start: number, end: number, newText: string): TextEdit {
  return { range: file.source.rangeOf(start, end), newText };
}
