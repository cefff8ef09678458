import type { Fix, Severity } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import type { CallSite, Expr, SyntaxNode } from '../../server/src/engine/dart/syntax';
import { findSymbolUses, importsAny } from '../../server/src/engine/dart/symbols';
import { usesOf, valueSource, type Binding } from '../../server/src/engine/dart/values';
import {
  CRYPTOGRAPHY,
  ENCRYPT,
  ENCRYPT_METHODS,
  POINTYCASTLE,
  bindingInitializedAt,
  viaNotes,
  type OffsetNote,
} from '../../server/src/engine/dart/crypto';

/** A finding of this rule before it is turned into ranges. */
export interface IvFinding {
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  related: OffsetNote[];
  fixes: Fix[];
}

/** Methods of ciphers in `package:cryptography` that take a `nonce:` argument. */
const NONCE_METHODS = new Set(['encrypt', 'encryptString', 'encryptStream']);

/** Constant or all-zero nonces in `package:cryptography` and IVs in pointycastle parameters. */
export function nonceFindings(file: DartFile, calls: CallSite[]): IvFinding[] {
  const checks: Array<{ subject: string; expr: Expr | undefined }> = [];
  for (const use of findSymbolUses(file, CRYPTOGRAPHY, ['Nonce', 'SecretBox'])) {
    if (!use.call) continue;
    const expr = use.symbol === 'Nonce' ? use.call.args.positional[0] : nonceArg(use.call);
    checks.push({ subject: `The nonce given to ${use.symbol}`, expr });
  }
  if (importsAny(file, CRYPTOGRAPHY)) {
    for (const call of calls) {
      const method = call.callee[call.callee.length - 1];
      if (!NONCE_METHODS.has(method)) continue;
      checks.push({ subject: `The nonce passed to ${method}`, expr: nonceArg(call) });
    }
  }
  for (const use of findSymbolUses(file, ENCRYPT, ['Salsa20'])) {
    // encrypt 1.x took the IV as the second argument: Salsa20(key, '8bytesiv').
    const iv = use.call?.args.positional[1];
    if (iv) checks.push({ subject: 'The IV given to Salsa20', expr: iv });
  }
  for (const use of findSymbolUses(file, POINTYCASTLE, ['ParametersWithIV', 'AEADParameters'])) {
    if (!use.call) continue;
    const index = use.symbol === 'ParametersWithIV' ? 1 : 2;
    const expr = use.call.args.positional[index];
    checks.push({ subject: `The IV given to ${use.symbol}`, expr });
  }
  return checks.flatMap(({ subject, expr }) => constantFinding(file, subject, expr));
}

function nonceArg(call: CallSite): Expr | undefined {
  return call.args.named.get('nonce')?.expr;
}

function constantFinding(file: DartFile, subject: string, expr: Expr | undefined): IvFinding[] {
  const source = valueSource(file, expr);
  if (!expr || source.kind === 'unknown') return [];
  const detail =
    source.kind === 'zeros'
      ? 'is all zeros'
      : source.kind === 'environment'
        ? 'is a compile-time constant'
        : 'is a constant';
  return [
    {
      start: expr.startIndex,
      end: expr.endIndex,
      message: `${subject} ${detail}, so every message reuses it.`,
      related: viaNotes(source.via),
      fixes: [],
    },
  ];
}

/** Methods that encrypt and take the IV or nonce as a named argument. */
const IV_TAKING_METHODS = new Set([...ENCRYPT_METHODS, ...NONCE_METHODS]);

/**
 * IV and nonce objects that several encryptions share: one variable passed to two encrypt
 * calls, to one call inside a loop or closure, or a field or top-level IV built once.
 */
export function reusedIvFindings(
  file: DartFile,
  calls: CallSite[],
  reported: Set<number>,
): IvFinding[] {
  const findings: IvFinding[] = [];
  for (const start of ivConstructions(file, calls)) {
    if (reported.has(start)) continue;
    const binding = bindingInitializedAt(file, start);
    if (!binding) continue;
    const finding = reuseOf(file, binding, calls);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** Start offsets of expressions that create an IV or nonce. */
function ivConstructions(file: DartFile, calls: CallSite[]): number[] {
  const starts = findSymbolUses(file, ENCRYPT, [
    'IV',
    'IV.fromSecureRandom',
    'IV.fromLength',
    'IV.allZerosOfLength',
    'IV.fromUtf8',
    'IV.fromBase64',
    'IV.fromBase16',
  ])
    .filter((use) => use.call)
    .map((use) => use.names.startIndex);
  starts.push(
    ...findSymbolUses(file, CRYPTOGRAPHY, ['Nonce.randomBytes', 'Nonce'])
      .filter((use) => use.call)
      .map((use) => use.names.startIndex),
  );
  if (importsAny(file, CRYPTOGRAPHY)) {
    const fresh = calls.filter((c) => c.callee[c.callee.length - 1] === 'newNonce');
    starts.push(...fresh.map((c) => c.startIndex));
  }
  return starts;
}

function reuseOf(file: DartFile, binding: Binding, calls: CallSite[]): IvFinding | undefined {
  const names = new Set(usesOf(binding).map((n) => n.startIndex));
  const encryptions = calls.filter((call) => {
    const method = call.callee[call.callee.length - 1];
    const arg = call.args.named.get('iv')?.expr ?? call.args.named.get('nonce')?.expr;
    return IV_TAKING_METHODS.has(method) && arg?.nodes.length === 1 && names.has(arg.startIndex);
  });
  if (encryptions.length === 0 || !binding.init) return undefined;
  const related = encryptions.map((call) => ({
    start: call.nameNode.startIndex,
    end: call.endIndex,
    message: `${binding.name} is used for this encryption.`,
  }));
  const at = { start: binding.init.startIndex, end: binding.init.endIndex, related, fixes: [] };
  if (encryptions.length >= 2) {
    const count = encryptions.length;
    const message =
      `The IV in ${binding.name} is used for ${count} encryptions; each needs a fresh IV.`;
    return { ...at, message };
  }
  const repeated = repeatingAncestor(encryptions[0], binding);
  if (repeated) {
    const message = `The IV in ${binding.name} is reused by an encryption inside a ${repeated}.`;
    return { ...at, message };
  }
  if ((binding.scope === 'field' || binding.scope === 'top-level') && !binding.reassigned) {
    return {
      ...at,
      severity: 'warning',
      message: `The IV in ${binding.name} is created once and reused by every encryption.`,
    };
  }
  return undefined;
}

const REPEATING: Record<string, string> = {
  for_statement: 'loop',
  while_statement: 'loop',
  do_statement: 'loop',
  function_expression: 'closure',
};

/** Names a loop or closure between the encryption and the IV's declaration, which repeats it. */
function repeatingAncestor(call: CallSite, binding: Binding): string | undefined {
  for (let node: SyntaxNode | null = call.nameNode.parent; node; node = node.parent) {
    if (node.id === binding.scopeNode.id) return undefined;
    const contains =
      node.startIndex <= binding.nameNode.startIndex && binding.nameNode.endIndex <= node.endIndex;
    if (REPEATING[node.type] && !contains) return REPEATING[node.type];
  }
  return undefined;
}
