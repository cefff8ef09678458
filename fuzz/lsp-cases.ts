/**
 * Malformed and hostile LSP input for the protocol fuzzer. Each case is a list of raw frames;
 * the fuzzer sends them and then checks that the server still answers a request.
 */
import { pathToFileURL } from 'node:url';
import { frame } from './lsp-wire';
import type { Random } from './mutate';

export interface FuzzContext {
  random: Random;
  /** Dart and platform file paths inside the scratch workspace. */
  files: string[];
  /** Texts of valid files, to open, mutate and edit. */
  seeds: string[];
  /** A byte count above the server's file size limit. */
  hugeBytes: number;
}

export interface LspCase {
  name: string;
  frames: Buffer[];
}

const BAD_BODIES = ['{', '{"jsonrpc":"2.0","method":', 'null', '[]', '"x"', '{}', '\u00ff\u0000'];

const msg = (body: object) => frame(JSON.stringify({ jsonrpc: '2.0', ...body }));

const WEIRD_VALUES: unknown[] = [
  null, 0, -1, 1e308, 'x', '', [], {}, true, { line: -5, character: 'a' }, [[[]]],
  'file:///', 'not a uri', 'untitled:Untitled-1', 'file:///%zz.dart', '\u0000', 2 ** 53,
];

function uri(ctx: FuzzContext): string {
  const r = ctx.random;
  if (r.next() < 0.15) return String(r.pick(WEIRD_VALUES));
  if (r.next() < 0.2) return pathToFileURL(`/nonexistent/${r.int(1000)}/never-opened.dart`).href;
  return pathToFileURL(r.pick(ctx.files)).href;
}

function position(ctx: FuzzContext): unknown {
  const r = ctx.random;
  if (r.next() < 0.1) return r.pick(WEIRD_VALUES);
  const big = r.next() < 0.3;
  return { line: big ? r.int(1_000_000) : r.int(60), character: big ? r.int(1e9) : r.int(120) };
}

function range(ctx: FuzzContext): unknown {
  if (ctx.random.next() < 0.1) return ctx.random.pick(WEIRD_VALUES);
  return { start: position(ctx), end: position(ctx) };
}

/** Replaces a few values of a message by values of the wrong type. */
function scramble(value: unknown, r: Random, depth = 0): unknown {
  if (r.next() < 0.12) return r.pick(WEIRD_VALUES);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scramble(v, r, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (r.next() < 0.05) continue;
    out[key] = scramble(v, r, depth + 1);
  }
  return out;
}

function open(ctx: FuzzContext, version = 1, text?: string): object {
  const body = text ?? ctx.random.pick(ctx.seeds);
  return {
    method: 'textDocument/didOpen',
    params: { textDocument: { uri: uri(ctx), languageId: 'dart', version, text: body } },
  };
}

function change(ctx: FuzzContext, version: unknown): object {
  const r = ctx.random;
  const full = r.next() < 0.2;
  const typed = ['x', '\n', '', 'http://', '}', '/*'];
  const text = r.next() < 0.1 ? String(r.pick(WEIRD_VALUES)) : r.pick(typed);
  return {
    method: 'textDocument/didChange',
    params: {
      textDocument: { uri: uri(ctx), version },
      contentChanges: full ? [{ text: r.pick(ctx.seeds) }] : [{ range: range(ctx), text }],
    },
  };
}

const REQUESTS = ['textDocument/hover', 'textDocument/codeAction', 'phiGuard/scanWorkspace'];

function request(ctx: FuzzContext, id: number): object {
  const r = ctx.random;
  const method = r.pick(REQUESTS);
  const params =
    method === 'textDocument/codeAction'
      ? { textDocument: { uri: uri(ctx) }, range: range(ctx), context: { diagnostics: [] } }
      : { textDocument: { uri: uri(ctx) }, position: position(ctx) };
  return { id, method, params };
}

type Maker = (ctx: FuzzContext, id: number) => Buffer[];

const SETTINGS = { enable: true, maxFileBytes: 1024, rules: { 'phi-in-logs': 'off' } };

function watchedFiles(ctx: FuzzContext): object {
  const change = { uri: uri(ctx), type: 1 + ctx.random.int(3) };
  return { method: 'workspace/didChangeWatchedFiles', params: { changes: [change] } };
}

const MAKERS: Record<string, Maker> = {
  'bad JSON': (ctx) => [frame(ctx.random.pick(BAD_BODIES))],
  'invalid UTF-8': () => [frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))],
  'too long Content-Length': (ctx) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'x/unknown' });
    const extra = 1 + ctx.random.int(8);
    // The extra bytes complete the announced length, so the next frame starts cleanly.
    return [frame(body + ' '.repeat(extra), body.length + extra)];
  },
  'too short Content-Length': (ctx) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'x/unknown', params: { a: 1 } });
    const cut = 1 + ctx.random.int(body.length - 1);
    return [frame(body.slice(0, cut))];
  },
  'unknown request': (_ctx, id) => [msg({ id, method: `custom/${id}` })],
  'unknown notification': (ctx) => [msg({ method: `$/custom${ctx.random.int(9)}`, params: [1] })],
  'wrong param types': (ctx, id) => {
    const valid = ctx.random.next() < 0.5 ? request(ctx, id) : change(ctx, 3);
    return [msg(scramble(valid, ctx.random) as object)];
  },
  'unopened document': (ctx, id) => [msg(request(ctx, id))],
  'huge payload': (ctx) => [msg(open(ctx, 1, 'x'.repeat(ctx.hugeBytes)))],
  'out-of-order versions': (ctx) => [
    msg(open(ctx, 5)),
    msg(change(ctx, 9)),
    msg(change(ctx, 2)),
    msg(change(ctx, ctx.random.pick([9, -1, null, 'v']))),
  ],
  'range past the end': (ctx) => {
    const past = { line: 100_000 + ctx.random.int(100), character: 5 };
    const edit = { range: { start: past, end: { line: past.line, character: 1 } }, text: 'y' };
    const target = pathToFileURL(ctx.random.pick(ctx.files)).href;
    return [
      msg(open(ctx, 1)),
      msg({
        method: 'textDocument/didChange',
        params: { textDocument: { uri: target, version: 2 }, contentChanges: [edit] },
      }),
    ];
  },
  'close unopened': (ctx) => [
    msg({ method: 'textDocument/didClose', params: { textDocument: { uri: uri(ctx) } } }),
  ],
  'watched files': (ctx) => [
    msg(scramble(watchedFiles(ctx), ctx.random) as object),
  ],
  'configuration': (ctx) => [
    msg({
      method: 'workspace/didChangeConfiguration',
      params: { settings: scramble({ phiGuard: SETTINGS }, ctx.random) },
    }),
  ],
  'batch array': (ctx, id) => [frame(JSON.stringify([request(ctx, id), request(ctx, id + 1)]))],
  'response without request': (ctx) => [msg({ id: 999_999 + ctx.random.int(9), result: { x: 1 } })],
  'cancel unknown': (ctx) => [
    msg({ method: '$/cancelRequest', params: { id: ctx.random.pick(WEIRD_VALUES) } }),
  ],
};

export const CASE_NAMES = Object.keys(MAKERS);

/** Builds one case; `id` is the first request id the case may use. */
export function makeCase(ctx: FuzzContext, id: number): LspCase {
  const name = ctx.random.pick(CASE_NAMES);
  return { name, frames: MAKERS[name](ctx, id) };
}
