import type { Fix, TextEdit } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import { descendantsOfType, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import {
  findSymbolUses,
  importShows,
  namesReferTo,
  type SymbolUse,
} from '../../server/src/engine/dart/symbols';
import {
  contextNames,
  isKeyLabel,
  judgeName,
  PRESENTATION_WORDS,
} from '../../server/src/engine/dart/usage-context';
import {
  CRYPTOGRAPHY,
  HASHES,
  POINTYCASTLE,
  registryCipher,
  writtenName,
} from '../../server/src/engine/dart/crypto';
import { bindingDeclaredBy, usesOf } from '../../server/src/engine/dart/values';
import type { WeakFinding } from './ciphers';
import { CHANGE_WORDS, storedForComparison } from './change-detection';

/** Words that make a hash a password hash, a signature or an integrity check. */
const INTEGRITY_WORDS = [
  'password', 'passcode', 'passphrase', 'pin', 'secret', 'token', 'credential', 'signature',
  'sign', 'signed', 'verify', 'verification', 'integrity', 'checksum', 'tamper', 'auth', 'otp',
  'mac', 'hmac', 'apikey', 'salt', 'key', 'login',
];

const COLLISION_NOTE =
  'MD5 and SHA-1 collisions can be computed, and both are fast to brute-force.';

type Purpose = 'integrity' | 'benign' | 'unclear';

interface HashUse {
  use: SymbolUse;
  algorithm: 'MD5' | 'SHA-1';
  /** The replacement for the name node, when a drop-in stronger symbol exists. */
  replacement?: string;
}

/** MD5 and SHA-1 uses whose purpose is integrity or passwords (error) or unclear (warning). */
export function hashFindings(file: DartFile): WeakFinding[] {
  const found: WeakFinding[] = [];
  for (const hash of hashUses(file)) {
    const hmac = insideHmac(file, hash.use);
    const purpose = hmac ? 'integrity' : purposeOf(file, hash.use);
    if (purpose === 'benign') continue;
    const name = writtenName(file, hash.use);
    const message = hmac
      ? `HMAC with ${name} relies on ${hash.algorithm}; use SHA-256.`
      : purpose === 'integrity'
        ? `${name} (${hash.algorithm}) is too weak for passwords or integrity checks.`
        : `${name} (${hash.algorithm}) is weak; if it protects data, use SHA-256.`;
    const start = hash.use.names.startIndex;
    const end = hash.use.call?.endIndex ?? hash.use.names.endIndex;
    found.push({
      start,
      end,
      message,
      severity: purpose === 'integrity' && !hmac ? 'error' : 'warning',
      related: [{ start, end, message: COLLISION_NOTE }],
      fixes: hash.replacement ? [swapFix(file, hash)] : [],
    });
  }
  return found;
}

function hashUses(file: DartFile): HashUse[] {
  const uses: HashUse[] = [];
  for (const use of findSymbolUses(file, HASHES, ['md5', 'sha1'])) {
    uses.push({ use, algorithm: use.symbol === 'md5' ? 'MD5' : 'SHA-1', replacement: 'sha256' });
  }
  for (const use of findSymbolUses(file, POINTYCASTLE, ['MD5Digest', 'SHA1Digest'])) {
    if (use.call) uses.push({ use, algorithm: use.symbol === 'MD5Digest' ? 'MD5' : 'SHA-1' });
  }
  for (const use of findSymbolUses(file, POINTYCASTLE, ['Digest'])) {
    const name = use.call ? registryCipher(file, use.call)?.name : undefined;
    if (name === 'MD5' || name === 'SHA-1') uses.push({ use, algorithm: name });
  }
  for (const use of findSymbolUses(file, CRYPTOGRAPHY, ['Sha1', 'Hmac.sha1'])) {
    if (!use.call) continue;
    const replacement = use.symbol === 'Sha1' ? 'Sha256' : 'sha256';
    uses.push({ use, algorithm: 'SHA-1', replacement });
  }
  return uses;
}

/** True for `Hmac(sha1, key)` of `package:crypto` and `Hmac.sha1()` of `package:cryptography`. */
function insideHmac(file: DartFile, use: SymbolUse): boolean {
  if (use.symbol === 'Hmac.sha1') return true;
  const call = contextNames(first(use))[0];
  return call?.kind === 'call' && namesReferTo(file, call.callee ?? [], HASHES, 'Hmac');
}

function first(use: SymbolUse): SyntaxNode {
  return use.chain.nodes[0];
}

/**
 * Reads the names around the hash and the names of the hashed data: a password or signature
 * word makes it an integrity use, a cache or file word a harmless one, anything else unclear.
 * A neutral variable that holds the hash (`digest`) is followed to where it is used, including
 * the other arguments of the call that receives it (`setString(prefCacheHash, digest)`).
 * A digest stored under a key that is read back and compared only detects changed content.
 */
function purposeOf(file: DartFile, use: SymbolUse): Purpose {
  const names = surroundingNames(first(use), true);
  names.push(...hashedDataNames(use));
  const benign = [...PRESENTATION_WORDS, ...CHANGE_WORDS];
  const verdicts = names.map((n) => judgeName(n, INTEGRITY_WORDS, benign));
  if (verdicts.includes('security')) return 'integrity';
  if (verdicts.includes('benign') || storedForComparison(file, first(use))) return 'benign';
  return 'unclear';
}

function surroundingNames(node: SyntaxNode, follow: boolean): string[] {
  const names: string[] = [];
  for (const context of contextNames(node)) {
    if (context.kind === 'call') {
      names.push(...identifiersIn(context.node));
      continue;
    }
    if (isKeyLabel(context)) continue;
    names.push(context.name);
    if (context.kind !== 'variable' || !follow) continue;
    const binding = bindingDeclaredBy(context.node);
    for (const later of binding ? usesOf(binding) : []) {
      names.push(...surroundingNames(later, false));
    }
  }
  return names;
}

function identifiersIn(node: SyntaxNode): string[] {
  return descendantsOfType(node, 'identifier').map((id) => id.text);
}

/** Identifiers inside the argument lists of the chain, such as `password` in `convert(...)`. */
function hashedDataNames(use: SymbolUse): string[] {
  return use.chain.nodes
    .filter((node) => node.startIndex >= use.names.endIndex)
    .flatMap((node) => descendantsOfType(node, 'identifier'))
    .filter((node) => node.parent?.type !== 'unconditional_assignable_selector')
    .map((node) => node.text);
}

/** Swaps the weak hash for SHA-256, adding `sha256` to a `show` list when there is one. */
function swapFix(file: DartFile, hash: HashUse): Fix {
  const node = hash.use.nameNode;
  const replacement = hash.replacement!;
  const edits: TextEdit[] = [
    { range: file.source.rangeOf(node.startIndex, node.endIndex), newText: replacement },
  ];
  const showEdit = showListEdit(file, hash.use, replacement);
  if (showEdit) edits.push(showEdit);
  return {
    title: `Replace ${node.text} with ${replacement}`,
    safe: false,
    isPreferred: true,
    changes: [{ kind: 'edit', path: file.path, edits }],
  };
}

function showListEdit(file: DartFile, use: SymbolUse, symbol: string): TextEdit | undefined {
  if (use.symbol.includes('.')) return undefined;
  const written = writtenName(file, use);
  const prefix = written.length > use.symbol.length ? written.split('.')[0] : undefined;
  const entry = file.imports.find(
    (e) => e.library === use.library && e.prefix === prefix && importShows(e, use.symbol),
  );
  if (!entry || entry.show.length === 0 || entry.show.includes(symbol)) return undefined;
  const show = entry.node.children.find(
    (c) => c?.type === 'combinator' && c.text.startsWith('show'),
  );
  if (!show) return undefined;
  return { range: file.source.rangeOf(show.endIndex, show.endIndex), newText: `, ${symbol}` };
}
