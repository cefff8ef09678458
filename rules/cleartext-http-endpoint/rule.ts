import type { DartFile } from '../../server/src/engine/dart/model';
import { fileCallSites } from '../../server/src/engine/dart/file-calls';
import {
  descendantsOfType,
  type CallSite,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import { possibleStrings } from '../../server/src/engine/dart/url-values';
import { urlUse, type UrlUse } from '../../server/src/engine/dart/url-flow';
import { CLEARTEXT_SCHEMES, parseUrlText, UNKNOWN_PART } from '../../server/src/engine/dart/urls';
import {
  defineRule,
  type Fix,
  type RelatedInformation,
  type RuleContext,
  type Severity,
} from '../../server/src/engine/rule-api';
import { isExemptUrl, readCleartextLiteral, schemeOffset, type CleartextLiteral } from './literals';

const ID = 'cleartext-http-endpoint';

/** Directives whose strings are library URIs, never network addresses. */
const DIRECTIVES = [
  'import_or_export',
  'part_directive',
  'part_of_directive',
  'library_name',
  'uri',
];

const WHY =
  "Flutter's Dart HTTP stack ignores Android cleartext settings and iOS App Transport " +
  'Security, so nothing blocks this URL at run time.';

export default defineRule({
  meta: {
    id: ID,
    summary: 'An http:// or ws:// URL in Dart code sends data without TLS.',
    category: 'transport',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(e)(1)', '(e)(2)(ii)'],
    masvs: ['MASVS-NETWORK-1'],
    cwe: [319],
    wave: 1,
    fix: 'safe',
  },
  check(context) {
    const file = context.file.dart();
    // Every form the rule reads spells `http` or `ws` somewhere in the file.
    if (!file || !/http|ws/i.test(file.text)) return;
    // Ranges, not `closestAncestor`: each `parent` step costs the node's depth in tree-sitter,
    // so climbing from deeply nested interpolations took minutes (found by the fuzzer).
    const directives = descendantsOfType(file.root, DIRECTIVES);
    const inDirective = (node: SyntaxNode) =>
      directives.some((d) => node.startIndex >= d.startIndex && node.endIndex <= d.endIndex);
    for (const node of descendantsOfType(file.root, 'string_literal')) {
      if (inDirective(node)) continue;
      const literal = readCleartextLiteral(file, node, context.config);
      if (literal) reportLiteral(context, file, literal);
    }
    for (const call of fileCallSites(file)) checkUriConstructor(context, file, call);
  },
});

function reportLiteral(context: RuleContext, file: DartFile, literal: CleartextLiteral): void {
  const use = urlUse(literal.node);
  if (use.kind === 'comparison') return;
  const { scheme, host } = literal.url;
  const fixes: Fix[] = [];
  let message: string;
  let severity = severityOf(use);
  if (literal.mode === 'conditional') {
    severity = use.kind === 'browser' ? 'info' : 'warning';
    message = conditionalMessage(literal);
    const fix = branchFix(context, file, literal);
    if (fix) fixes.push(fix);
  } else {
    message = urlMessage(scheme, host, use);
    if (literal.mode === 'direct') {
      const fix = literalFix(context, file, literal.node, scheme);
      if (fix) fixes.push(fix);
    }
  }
  const range = context.file.source.rangeOf(literal.node.startIndex, literal.node.endIndex);
  context.report({ range, message, severity, related: related(context, use, range), fixes });
}

/**
 * A request sends the app's data over the link: error. A URL handed to url_launcher opens in
 * the browser, which carries nothing of the app's but the URL itself, yet the page still
 * loads without TLS: info. A URL whose destination is unknown: warning.
 */
function severityOf(use: UrlUse): Severity {
  if (use.kind === 'request') return 'error';
  return use.kind === 'browser' ? 'info' : 'warning';
}

function urlMessage(scheme: string, host: string | undefined, use: UrlUse): string {
  const target = host ? `${scheme}://${shorten(host)}` : `an ${scheme}:// URL`;
  const channel = scheme === 'ws' ? 'a cleartext WebSocket' : 'cleartext HTTP';
  if (use.kind === 'request') return `Request to ${target} goes over ${channel}.`;
  if (use.kind === 'browser') return `Browser link to ${target} uses ${channel}.`;
  return host ? `URL ${target} uses ${channel}.` : `URL with scheme ${scheme}:// uses ${channel}.`;
}

function conditionalMessage(literal: CleartextLiteral): string {
  const condition = literal.condition;
  const scheme = literal.url.scheme;
  if (!condition || condition.text.length > 30 || /\s/.test(condition.text.trim())) {
    return `URL scheme may be ${scheme}, depending on a condition.`;
  }
  return `URL scheme may be ${scheme} when \`${condition.text}\` is ${condition.cleartextWhen}.`;
}

function shorten(host: string): string {
  return host.length > 40 ? `${host.slice(0, 37)}...` : host;
}

function related(
  context: RuleContext,
  use: UrlUse,
  range: RelatedInformation['range'],
): RelatedInformation[] {
  const path = context.file.path;
  const items: RelatedInformation[] = [{ path, range, message: WHY }];
  if (use.kind === 'request' || use.kind === 'browser') {
    const at = context.file.source.rangeOf(use.node.startIndex, use.node.endIndex);
    const message =
      use.kind === 'request' ? 'The URL reaches this request.' : 'The browser opens the URL here.';
    items.push({ path, range: at, message });
  }
  return items;
}

function schemeEdit(
  context: RuleContext,
  file: DartFile,
  node: SyntaxNode,
  scheme: string,
): { range: RelatedInformation['range']; newText: string } | undefined {
  const offset = schemeOffset(file, node, scheme);
  const secure = CLEARTEXT_SCHEMES[scheme];
  if (offset === undefined || !secure) return undefined;
  return { range: context.file.source.rangeOf(offset, offset + scheme.length), newText: secure };
}

function literalFix(
  context: RuleContext,
  file: DartFile,
  node: SyntaxNode,
  scheme: string,
): Fix | undefined {
  const edit = schemeEdit(context, file, node, scheme);
  if (!edit) return undefined;
  return {
    title: `Replace ${scheme}:// with ${edit.newText}://`,
    safe: true,
    isPreferred: true,
    changes: [{ kind: 'edit', path: context.file.path, edits: [edit] }],
  };
}

function branchFix(
  context: RuleContext,
  file: DartFile,
  literal: CleartextLiteral,
): Fix | undefined {
  const scheme = literal.url.scheme;
  const collapsed = collapseFix(context, literal);
  if (collapsed) return collapsed;
  const edits = (literal.condition?.branchLiterals ?? [])
    .map((node) => schemeEdit(context, file, node, scheme))
    .filter((edit) => edit !== undefined);
  if (edits.length === 0) return undefined;
  return {
    title: `Replace the '${scheme}' branch with '${CLEARTEXT_SCHEMES[scheme]}'`,
    safe: true,
    isPreferred: true,
    changes: [{ kind: 'edit', path: context.file.path, edits }],
  };
}

/**
 * Replaces a scheme condition with its secure branch when fixing the other branch would make
 * both equal (`useTls ? 'https' : 'http'`), because a condition with equal branches is dead code.
 */
function collapseFix(context: RuleContext, literal: CleartextLiteral): Fix | undefined {
  const condition = literal.condition;
  const scheme = literal.url.scheme;
  const secure = CLEARTEXT_SCHEMES[scheme];
  if (!condition || !secure || condition.otherValues.length === 0) return undefined;
  const secured = (v: string) => (v.startsWith(scheme) ? secure + v.slice(scheme.length) : v);
  const fixed = new Set(condition.cleartextValues.map(secured));
  const other = new Set(condition.otherValues);
  if (fixed.size !== other.size || [...fixed].some((v) => !other.has(v))) return undefined;
  const edit = collapseEdit(condition.node, condition.otherText, other);
  const range = context.file.source.rangeOf(edit.start, edit.end);
  return {
    title: `Replace the condition with its '${secure}' branch`,
    safe: true,
    isPreferred: true,
    changes: [{ kind: 'edit', path: context.file.path, edits: [{ range, newText: edit.text }] }],
  };
}

/**
 * Builds the edit that puts `otherText` in place of a condition. Inside `${...}` of a string,
 * a single plain value replaces the whole substitution, so `'${tls ? 'https' : 'http'}://h'`
 * becomes `'https://h'` rather than `'${'https'}://h'`.
 */
function collapseEdit(node: SyntaxNode, otherText: string, values: Set<string>) {
  const substitution = node.parent?.type === 'template_substitution' ? node.parent : undefined;
  const [value] = values;
  if (substitution && values.size === 1 && /^[a-z]+(:\/\/)?$/.test(value)) {
    return { start: substitution.startIndex, end: substitution.endIndex, text: value };
  }
  return { start: node.startIndex, end: node.endIndex, text: otherText };
}

/** `Uri.http(host, path)` and `Uri(scheme: 'http', ...)` build cleartext URLs without `http://`. */
function checkUriConstructor(context: RuleContext, file: DartFile, call: CallSite): void {
  if (call.callee[0] !== 'Uri' || file.declaresTopLevel('Uri')) return;
  const named = call.callee.length === 2 && call.callee[1] === 'http';
  const schemeArg = call.callee.length === 1 ? call.args.named.get('scheme') : undefined;
  if (!named && !schemeArg) return;
  const scheme = named ? 'http' : (possibleStrings(file, schemeArg!.expr)?.[0] ?? '').toLowerCase();
  if (!CLEARTEXT_SCHEMES[scheme]) return;
  const hostExpr = named ? call.args.positional[0] : call.args.named.get('host')?.expr;
  const hostValues = possibleStrings(file, hostExpr) ?? [UNKNOWN_PART];
  const hosts = hostValues.map((h) => parseUrlText(`${scheme}://${h}`));
  if (hosts.every((url) => url && isExemptUrl(url, context.config))) return;
  const primary = chainPrimary(file, call);
  const use = urlUse(primary);
  if (use.kind === 'comparison') return;
  const host = hosts.find((url) => url?.host)?.host;
  const range = context.file.source.rangeOf(call.startIndex, call.endIndex);
  const constructor = named ? 'Uri.http' : `Uri(scheme: '${scheme}')`;
  context.report({
    range,
    message: `${constructor} builds a cleartext URL${host ? ` for ${shorten(host)}` : ''}.`,
    severity: severityOf(use),
    related: related(context, use, range),
    fixes: [
      named
        ? uriHttpFix(context, call)
        : uriSchemeFix(context, file, schemeArg!.expr.nodes[0], scheme),
    ].filter((fix): fix is Fix => fix !== undefined),
  });
}

function chainPrimary(file: DartFile, call: CallSite): SyntaxNode {
  let node = file.root.namedDescendantForIndex(call.startIndex, call.startIndex)!;
  const holder = node.parent;
  if (holder && (holder.type === 'new_expression' || holder.type === 'const_object_expression')) {
    node = holder;
  }
  return node;
}

function uriHttpFix(context: RuleContext, call: CallSite): Fix {
  const name = call.nameNode;
  return {
    title: 'Replace Uri.http with Uri.https',
    safe: true,
    isPreferred: true,
    changes: [
      {
        kind: 'edit',
        path: context.file.path,
        edits: [
          { range: context.file.source.rangeOf(name.startIndex, name.endIndex), newText: 'https' },
        ],
      },
    ],
  };
}

function uriSchemeFix(
  context: RuleContext,
  file: DartFile,
  node: SyntaxNode | undefined,
  scheme: string,
): Fix | undefined {
  if (!node || node.type !== 'string_literal') return undefined;
  const edit = schemeEdit(context, file, node, scheme);
  if (!edit) return undefined;
  return {
    title: `Replace scheme '${scheme}' with '${edit.newText}'`,
    safe: true,
    isPreferred: true,
    changes: [{ kind: 'edit', path: context.file.path, edits: [edit] }],
  };
}
