import { isUrlWrapper, URL_SINK_CALLS, URL_SINK_LABELS } from './http';
import { nameWords } from '../phi/classifier';
import {
  closestAncestor,
  descendantsOfType,
  namedChildren,
  type SyntaxNode,
} from './syntax';
import { findBinding, isPrimaryName, type Binding } from './values';

/**
 * The destination of a URL value, inside one file: a request (an HTTP call, a client's base
 * URL, a WebSocket), a link handed to the browser (url_launcher), comparisons only (`==`,
 * `startsWith`, `case`), or a place the analysis cannot follow. The walk goes through
 * `Uri.parse`, interpolation, `+`, parentheses, conditionals, variables that contain the value
 * and functions that return it.
 */
export type UrlUse =
  | { kind: 'request'; node: SyntaxNode }
  | { kind: 'browser'; node: SyntaxNode }
  | { kind: 'comparison' }
  | { kind: 'unknown' };

const UNKNOWN: UrlUse = { kind: 'unknown' };
const COMPARISON: UrlUse = { kind: 'comparison' };
const MAX_DEPTH = 8;

/** Methods of String and Uri, and `RegExp`, that only compare or inspect the value. */
const COMPARISON_METHODS = new Set([
  'startsWith', 'endsWith', 'contains', 'compareTo', 'indexOf', 'lastIndexOf', 'matchAsPrefix',
  'hasMatch', 'split', 'replaceAll', 'replaceFirst', 'isScheme', 'length', 'RegExp', 'host',
]);

/**
 * url_launcher's calls and link widget: the URL opens in the browser or another app, which
 * sends no data of this app with it. `canLaunch*` only checks whether something can open it.
 */
const BROWSER_CALLS = new Set([
  'launch', 'launchUrl', 'launchUrlString', 'canLaunch', 'canLaunchUrl', 'canLaunchUrlString',
  'Link',
]);

/** url_launcher's calls, or an app's wrapper of them such as `launchURL` or `openLink`. */
function opensBrowser(name: string): boolean {
  if (BROWSER_CALLS.has(name)) return true;
  const words = nameWords(name);
  const target = words.some((word) => ['url', 'uri', 'link', 'website', 'browser'].includes(word));
  return target && (words[0] === 'launch' || words[0] === 'open');
}

/**
 * Logging calls and text widgets: writing a URL to the log or showing it as text opens no
 * connection, so these uses count like a comparison.
 */
const LOG_CALLS = new Set(['print', 'debugPrint', 'log', 'Text', 'SelectableText']);

const DECLARATORS = new Set([
  'initialized_variable_definition',
  'static_final_declaration',
  'initialized_identifier',
]);

/** Classifies the uses of the expression whose first node is `node`. */
export function urlUse(node: SyntaxNode): UrlUse {
  return useOf(node, 0, new Set());
}

function useOf(first: SyntaxNode, depth: number, seen: Set<number>): UrlUse {
  if (depth > MAX_DEPTH || seen.has(first.id)) return UNKNOWN;
  seen.add(first.id);
  const selectors = followingSelectors(first);
  if (selectors.some((s) => COMPARISON_METHODS.has(selectorName(s) ?? ''))) return COMPARISON;
  const container = first.parent;
  if (!container) return UNKNOWN;
  const next = (node: SyntaxNode) => useOf(node, depth + 1, seen);
  switch (container.type) {
    case 'argument':
      return argumentUse(container, next);
    case 'named_argument':
      return namedArgumentUse(container, next);
    case 'equality_expression':
    case 'constant_pattern':
    case 'switch_statement_case':
    case 'switch_expression_case':
      return COMPARISON;
    case 'assignment_expression':
      return assignmentUse(container, first, next);
    case 'template_substitution':
      return container.parent ? next(container.parent) : UNKNOWN;
    case 'additive_expression':
    case 'parenthesized_expression':
    case 'conditional_expression':
    case 'await_expression':
    case 'unary_expression':
      return next(outermostOfType(container));
    case 'return_statement':
      return returnedUse(container, next);
    default:
      if (DECLARATORS.has(container.type)) return declaratorUse(container, next);
      return container.type === 'function_body' ? returnedUse(container, next) : UNKNOWN;
  }
}

function followingSelectors(first: SyntaxNode): SyntaxNode[] {
  const selectors: SyntaxNode[] = [];
  for (let s = first.nextNamedSibling; s && s.type === 'selector'; s = s.nextNamedSibling) {
    selectors.push(s);
  }
  return selectors;
}

function selectorName(selector: SyntaxNode): string | undefined {
  const inner = namedChildren(selector)[0];
  if (!inner || !inner.type.endsWith('assignable_selector')) return undefined;
  return namedChildren(inner).find((c) => c.type === 'identifier')?.text;
}

type Next = (node: SyntaxNode) => UrlUse;

interface EnclosingCall {
  names: string[];
  /** The first node of the chain that makes the call. */
  primary: SyntaxNode;
}

/** Finds the call that owns an `arguments` node: its leading names and its chain's first node. */
export function enclosingCall(argumentsNode: SyntaxNode): EnclosingCall | undefined {
  const holder = argumentsNode.parent;
  if (!holder) return undefined;
  if (holder.type === 'new_expression' || holder.type === 'const_object_expression') {
    const names = namedChildren(holder)
      .filter((c) => c.type === 'type_identifier' || c.type === 'identifier')
      .map((c) => c.text);
    return { names, primary: holder };
  }
  const selector = holder.type === 'argument_part' ? holder.parent : undefined;
  if (!selector || selector.type !== 'selector') return undefined;
  const chain: SyntaxNode[] = [];
  let primary: SyntaxNode | null = selector.previousNamedSibling;
  while (primary && primary.type === 'selector') {
    chain.unshift(primary);
    primary = primary.previousNamedSibling;
  }
  if (!primary) return undefined;
  const names = [primary.text, ...chain.map((s) => selectorName(s)).filter((n) => n !== undefined)];
  return { names: names as string[], primary };
}

function argumentUse(argument: SyntaxNode, next: Next): UrlUse {
  const call = argument.parent ? enclosingCall(argument.parent) : undefined;
  if (!call) return UNKNOWN;
  if (isUrlWrapper(call.names) || isUriConstructor(call.names)) return next(call.primary);
  const name = call.names[call.names.length - 1];
  if (COMPARISON_METHODS.has(name) || LOG_CALLS.has(name)) return COMPARISON;
  if (opensBrowser(name)) return { kind: 'browser', node: call.primary };
  return URL_SINK_CALLS.has(name) ? { kind: 'request', node: call.primary } : UNKNOWN;
}

function isUriConstructor(names: string[]): boolean {
  return names[0] === 'Uri' && (names.length === 1 || ['http', 'https'].includes(names[1]));
}

function namedArgumentUse(argument: SyntaxNode, next: Next): UrlUse {
  const label = descendantsOfType(argument, 'label')[0]?.text.replace(/:$/, '').trim() ?? '';
  if (/namespace|xmlns/i.test(label)) return COMPARISON;
  const call = argument.parent ? enclosingCall(argument.parent) : undefined;
  if (call && (isUrlWrapper(call.names) || isUriConstructor(call.names))) return next(call.primary);
  if (call && opensBrowser(call.names[call.names.length - 1])) {
    return { kind: 'browser', node: argument };
  }
  return URL_SINK_LABELS.has(label) ? { kind: 'request', node: argument } : UNKNOWN;
}

function assignmentUse(assignment: SyntaxNode, value: SyntaxNode, next: Next): UrlUse {
  const target = namedChildren(assignment)[0];
  if (!target || target.id === value.id || target.type !== 'assignable_expression') return UNKNOWN;
  const names = descendantsOfType(target, 'identifier');
  const last = names[names.length - 1];
  if (!last) return UNKNOWN;
  // Only a client's base URL counts: a model field called `url` stores a value, it sends nothing.
  if (last.text === 'baseUrl') return { kind: 'request', node: assignment };
  if (names.length !== 1) return UNKNOWN;
  const binding = findBinding(last);
  // A field keeps the value for later readers in other files, which this walk cannot see.
  if (!binding || binding.scope !== 'local') return UNKNOWN;
  return combine(usesOfBinding(binding).map(next));
}

function declaratorUse(declarator: SyntaxNode, next: Next): UrlUse {
  const nameNode = namedChildren(declarator).find((c) => c.type === 'identifier');
  const binding = nameNode ? findBinding(nameNode) : undefined;
  if (!binding) return UNKNOWN;
  return combine(usesOfBinding(binding).map(next));
}

/** A value returned by a function or getter goes wherever the calls of that function go. */
function returnedUse(container: SyntaxNode, next: Next): UrlUse {
  const body =
    container.type === 'function_body' ? container : closestAncestor(container, 'function_body');
  const signature = body?.previousNamedSibling;
  if (!body || !signature) return UNKNOWN;
  const nameNode = functionName(signature);
  if (!nameNode) return UNKNOWN;
  const root = closestAncestor(body, 'program') ?? body;
  const uses = descendantsOfType(root, 'identifier').filter(
    (id) => id.text === nameNode.text && id.id !== nameNode.id && !isDeclarationName(id),
  );
  return combine(uses.map((use) => next(chainPrimary(use))));
}

function functionName(signature: SyntaxNode): SyntaxNode | undefined {
  const inner =
    signature.type === 'method_signature' ? namedChildren(signature)[0] : signature;
  if (!inner || !/(function|getter)_signature/.test(inner.type)) return undefined;
  const named = inner.childForFieldName('name');
  return named ?? namedChildren(inner).find((c) => c.type === 'identifier');
}

function isDeclarationName(node: SyntaxNode): boolean {
  const parent = node.parent;
  return !!parent && /signature$|formal_parameter/.test(parent.type);
}

/** For a name used after a dot (`api.endpoint`), the first node of its chain (`api`). */
function chainPrimary(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type.endsWith('assignable_selector')) {
    const selector = current.parent.parent;
    if (!selector || selector.type !== 'selector') break;
    let primary: SyntaxNode = selector;
    while (primary.previousNamedSibling && primary.type === 'selector') {
      primary = primary.previousNamedSibling;
    }
    current = primary;
  }
  return current;
}

function outermostOfType(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type === node.type) current = current.parent;
  return current;
}

/** Uses of a variable, including `$name` inside string interpolation. */
export function usesOfBinding(binding: Binding): SyntaxNode[] {
  const types = ['identifier', 'identifier_dollar_escaped'];
  const after = binding.scope === 'local' ? binding.nameNode.endIndex : 0;
  return descendantsOfType(binding.scopeNode, types).filter((node) => {
    if (node.id === binding.nameNode.id || node.startIndex < after) return false;
    if (node.text.replace(/^\$/, '') !== binding.name) return false;
    return node.type === 'identifier_dollar_escaped' || isPrimaryName(node);
  });
}

/**
 * Merges uses. A request anywhere wins. A browser link counts when every other use is a
 * comparison (`canLaunch` then `launch`), and comparisons count only when every use is one.
 */
function combine(uses: UrlUse[]): UrlUse {
  const request = uses.find((use) => use.kind === 'request');
  if (request) return request;
  if (uses.length === 0) return UNKNOWN;
  if (uses.every((use) => use.kind === 'comparison' || use.kind === 'browser')) {
    return uses.find((use) => use.kind === 'browser') ?? COMPARISON;
  }
  return UNKNOWN;
}
