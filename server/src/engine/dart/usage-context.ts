import { nameWords } from '../phi/classifier';
import { namedChildren, type SyntaxNode } from './syntax';

/**
 * The names that surround a value where it is used: the variable or field it initializes, the
 * target of an assignment, the named argument it fills, the call it is passed to, and the
 * function that contains it. Crypto rules read them to tell a session token from a colour.
 */

export type ContextKind = 'variable' | 'assignment' | 'named-argument' | 'call' | 'function';

export interface ContextName {
  kind: ContextKind;
  name: string;
  /** For `call`: the dotted callee as written, such as ['enc', 'IV']. */
  callee?: string[];
  node: SyntaxNode;
}

const DECLARATORS = new Set([
  'initialized_variable_definition',
  'static_final_declaration',
  'initialized_identifier',
]);

/** Context names of the expression that starts at `node`, innermost first. */
export function contextNames(node: SyntaxNode): ContextName[] {
  const names: ContextName[] = [];
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    const found = contextAt(current, child);
    if (found) names.push(found);
    if (found?.kind === 'function' || current.type === 'class_body') break;
  }
  return names;
}

function contextAt(node: SyntaxNode, child: SyntaxNode): ContextName | undefined {
  if (DECLARATORS.has(node.type)) {
    const name = namedChildren(node).find((c) => c.type === 'identifier');
    if (!name || name.id === child.id) return undefined;
    return { kind: 'variable', name: name.text, node: name };
  }
  switch (node.type) {
    case 'assignment_expression':
      return assignmentTarget(node, child);
    case 'named_argument': {
      const label = namedChildren(node).find((c) => c.type === 'label');
      const name = label ? namedChildren(label)[0] : undefined;
      return name ? { kind: 'named-argument', name: name.text, node: name } : undefined;
    }
    case 'arguments':
      return calleeOf(node);
    case 'function_body':
      return functionName(node);
    default:
      return undefined;
  }
}

function assignmentTarget(node: SyntaxNode, child: SyntaxNode): ContextName | undefined {
  const target = namedChildren(node)[0];
  if (!target || target.id === child.id) return undefined;
  if (target.type !== 'assignable_expression') return undefined;
  const identifiers = target.descendantsOfType('identifier').filter((n) => n !== null);
  const last = identifiers[identifiers.length - 1];
  return last ? { kind: 'assignment', name: last.text, node: last } : undefined;
}

/** Describes the call whose argument list is `args` by the names written before it. */
function calleeOf(args: SyntaxNode): ContextName | undefined {
  const parent = args.parent;
  const callee =
    parent?.type === 'new_expression' || parent?.type === 'const_object_expression'
      ? namedChildren(parent).filter(isName).map((n) => n.text)
      : namesBefore(parent?.type === 'argument_part' ? parent.parent : args);
  if (callee.length === 0) return undefined;
  return { kind: 'call', name: callee[callee.length - 1], callee, node: args };
}

/** Collects the dotted names written before a chain part, back to the start of the chain. */
function namesBefore(part: SyntaxNode | null): string[] {
  const names: string[] = [];
  for (let previous = part?.previousNamedSibling ?? null; previous; ) {
    const name = nameOfChainPart(previous);
    if (name === undefined) break;
    names.unshift(name);
    if (previous.type !== 'selector') break;
    previous = previous.previousNamedSibling;
  }
  return names;
}

function isName(node: SyntaxNode): boolean {
  return node.type === 'identifier' || node.type === 'type_identifier';
}

function nameOfChainPart(node: SyntaxNode): string | undefined {
  if (isName(node)) return node.text;
  if (node.type !== 'selector') return undefined;
  const inner = namedChildren(node)[0];
  if (!inner || !inner.type.endsWith('assignable_selector')) return undefined;
  const name = namedChildren(inner).find(isName);
  return name?.text;
}

function functionName(body: SyntaxNode): ContextName | undefined {
  let signature = body.previousNamedSibling;
  if (signature?.type === 'method_signature') signature = namedChildren(signature)[0] ?? null;
  if (!signature || !/signature$/.test(signature.type)) return undefined;
  const name = namedChildren(signature).find((c) => c.type === 'identifier');
  return name ? { kind: 'function', name: name.text, node: name } : undefined;
}

/** The security reading of a name. */
export type NameVerdict = 'security' | 'benign' | 'neutral';

/** Words that mark values which must be unpredictable or secret. */
export const SECRET_VALUE_WORDS = [
  'token', 'nonce', 'iv', 'key', 'salt', 'otp', 'code', 'password', 'passcode', 'passphrase',
  'pin', 'session', 'secret', 'csrf', 'auth', 'verification', 'credential', 'cipher', 'encrypt',
  'encryption', 'crypto', 'apikey', 'totp', 'hotp', 'challenge', 'signature', 'sign', 'mac',
  'hmac', 'integrity', 'checksum', 'verify', 'tamper', 'login', 'authenticate', 'authorize',
];

/** Words that mark values used for presentation, scheduling, caching or test data. */
export const PRESENTATION_WORDS = [
  'animation', 'animate', 'color', 'colour', 'hue', 'jitter', 'delay', 'backoff', 'shuffle',
  'shuffled', 'duration', 'offset', 'position', 'angle', 'opacity', 'index', 'sample', 'demo',
  'mock', 'fake', 'placeholder', 'avatar', 'gravatar', 'tile', 'particle', 'confetti', 'width',
  'height', 'size', 'speed', 'retry', 'chart', 'dice', 'quote', 'tip', 'greeting', 'emoji',
  'widget', 'cache', 'etag', 'gradient', 'shade', 'thumbnail', 'image', 'file', 'filename',
  'path', 'bucket', 'shard', 'dedupe', 'dedup', 'uuid', 'hero', 'tag', 'layout', 'scroll',
];

/** Flutter's widget key classes: a random value inside one identifies a widget, not a secret. */
export const WIDGET_KEY_CLASSES = new Set([
  'Key',
  'ValueKey',
  'ObjectKey',
  'UniqueKey',
  'GlobalKey',
  'GlobalObjectKey',
  'PageStorageKey',
]);

/**
 * True for contexts that say nothing about secrecy although they contain a secret word: the
 * `key:` named argument, which in Flutter is the widget key and in storage APIs the entry name.
 */
export function isKeyLabel(context: ContextName): boolean {
  return context.kind === 'named-argument' && context.name === 'key';
}

/** Classifies a name by its words; a presentation word wins over a secret word (`animationKey`). */
export function judgeName(
  name: string,
  security: string[] = SECRET_VALUE_WORDS,
  benign: string[] = PRESENTATION_WORDS,
): NameVerdict {
  const words = nameWords(name);
  if (words.some((w) => benign.includes(w))) return 'benign';
  if (words.some((w) => security.includes(w))) return 'security';
  return 'neutral';
}
