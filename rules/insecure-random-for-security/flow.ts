import type { DartFile } from '../../server/src/engine/dart/model';
import {
  chainFrom,
  descendantsOfType,
  segmentsOf,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import { namesReferTo, type SymbolUse } from '../../server/src/engine/dart/symbols';
import { bindingDeclaredBy, isPrimaryName, usesOf } from '../../server/src/engine/dart/values';
import { bindingInitializedAt, KEY_MATERIAL_SYMBOLS } from '../../server/src/engine/dart/crypto';
import {
  contextNames,
  isKeyLabel,
  judgeName,
  WIDGET_KEY_CLASSES,
  type ContextName,
} from '../../server/src/engine/dart/usage-context';
import { onlyHandshakeNonce } from './handshake';

function isHandshakeNonce(context: ContextName): boolean {
  return context.kind === 'variable' && onlyHandshakeNonce(context.node);
}

function nonceUse(context: ContextName): SecurityUse {
  const note = `${context.name} only fills the Sec-WebSocket-Key header, a nonce sent in clear.`;
  return { ...describe(context), note, handshakeNonce: true };
}

/** The place where a Random's output meets a name or constructor that needs secrecy. */
export interface SecurityUse {
  start: number;
  end: number;
  /** The name or call the value feeds, for the message: `sessionToken` or `IV(...)`. */
  label: string;
  note: string;
  /** Set when the value is only a WebSocket handshake nonce: worth a note, not a secret. */
  handshakeNonce?: boolean;
}

const DRAW_METHODS = new Set(['nextInt', 'nextDouble', 'nextBool']);

/**
 * Follows a `Random()` to the places that draw from it (inline, or through the variable or
 * field it initializes) and reads the names each value flows into, innermost first. The first
 * name that reads as secret decides. A name that reads as presentation (colour, jitter,
 * shuffle) clears that draw, and a neutral name such as `bytes` is followed one step further.
 */
export function securityUse(file: DartFile, use: SymbolUse): SecurityUse | undefined {
  for (const draw of drawSites(file, use)) {
    const found = judgeContexts(file, contextNames(draw), 0);
    if (found) return found;
  }
  const binding = bindingInitializedAt(file, use.names.startIndex);
  if (binding && judgeName(binding.name) === 'security' && drawSites(file, use).length > 0) {
    if (onlyHandshakeNonce(binding.nameNode)) {
      return nonceUse({ kind: 'variable', name: binding.name, node: binding.nameNode });
    }
    return describe({ kind: 'variable', name: binding.name, node: binding.nameNode });
  }
  return undefined;
}

/** Finds the first node of each expression that draws a value from this Random. */
function drawSites(file: DartFile, use: SymbolUse): SyntaxNode[] {
  const sites: SyntaxNode[] = [];
  const after = segmentsOf(use.chain).filter((s) => s.node.startIndex >= use.call!.endIndex);
  if (after[0]?.kind === 'name' && DRAW_METHODS.has(after[0].name)) sites.push(use.chain.nodes[0]);
  const binding = bindingInitializedAt(file, use.names.startIndex);
  if (!binding) return sites;
  for (const name of usesOf(binding)) {
    const member = name.nextNamedSibling;
    const called = member?.type === 'selector' ? member.text.replace(/^[?.!]+/, '') : '';
    if (DRAW_METHODS.has(called)) sites.push(name);
  }
  return sites;
}

function judgeContexts(
  file: DartFile,
  contexts: ContextName[],
  depth: number,
): SecurityUse | undefined {
  for (const context of contexts) {
    if (context.kind === 'call') {
      if (isKeyMaterialCall(file, context)) return describe(context);
      if (WIDGET_KEY_CLASSES.has(context.name)) return undefined;
      continue;
    }
    if (isKeyLabel(context)) continue;
    const verdict = judgeName(context.name);
    if (verdict === 'security' && isHandshakeNonce(context)) return nonceUse(context);
    if (verdict === 'security') return describe(context);
    if (verdict === 'benign') return undefined;
    if (context.kind === 'variable' && depth < 2) {
      const followed = followVariable(file, context, depth);
      if (followed !== 'neutral') return followed;
    }
  }
  return undefined;
}

/** Judges the uses of a neutral local such as `bytes` in `final bytes = ...nextInt(256)...`. */
function followVariable(
  file: DartFile,
  context: ContextName,
  depth: number,
): SecurityUse | undefined | 'neutral' {
  const binding = bindingDeclaredBy(context.node);
  if (!binding) return 'neutral';
  for (const use of usesOf(binding)) {
    const found = judgeContexts(file, contextNames(use), depth + 1);
    if (found) return found;
  }
  return 'neutral';
}

function isKeyMaterialCall(file: DartFile, context: ContextName): boolean {
  const callee = context.callee ?? [];
  return KEY_MATERIAL_SYMBOLS.some(({ libraries, symbols }) =>
    symbols.some((symbol) => namesReferTo(file, callee, libraries, symbol)),
  );
}

function describe(context: ContextName): SecurityUse {
  const label = context.kind === 'call' ? `${(context.callee ?? []).join('.')}(...)` : context.name;
  const node = context.node;
  return {
    start: node.startIndex,
    end: node.endIndex,
    label,
    note: `The random value becomes ${label}, which must be unpredictable.`,
  };
}

const CLOCK_FIELDS = new Set(['millisecondsSinceEpoch', 'microsecondsSinceEpoch']);

/** A clock reading used as random bytes, and what those bytes become. */
export interface ClockBytes {
  start: number;
  end: number;
  evidence: SecurityUse;
}

/**
 * Finds `DateTime.now().millisecondsSinceEpoch` (or microseconds) inside a `List.generate`
 * callback whose list becomes a key, token or other secret: bytes from the clock are as easy
 * to guess as the time the app ran. Other uses of the clock are ordinary and not judged.
 */
export function clockBytes(file: DartFile): ClockBytes[] {
  if (!file.text.includes('DateTime') || file.declaresTopLevel('DateTime')) return [];
  const found: ClockBytes[] = [];
  // The whole-file search is shared with other rules, while a native search walks the tree again.
  for (const node of descendantsOfType(file.root, 'identifier')) {
    if (node.text !== 'DateTime' || !isPrimaryName(node)) continue;
    const segments = segmentsOf(chainFrom(node));
    const [, now, call, field] = segments;
    const reading = now?.kind === 'name' && now.name === 'now' && call?.kind === 'call';
    if (!reading || field?.kind !== 'name' || !CLOCK_FIELDS.has(field.name)) continue;
    const contexts = contextNames(node);
    if (!contexts.some((c) => c.kind === 'call' && c.name === 'generate')) continue;
    const evidence = judgeContexts(file, contexts, 0);
    if (evidence) found.push({ start: node.startIndex, end: field.node.endIndex, evidence });
  }
  return found;
}
