import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';
import type { FileChange, Fix } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import { callSites, type CallSite, type Expr } from '../../server/src/engine/dart/syntax';
import {
  fileCalls,
  findSymbolUses,
  importsAny,
  type SymbolUse,
} from '../../server/src/engine/dart/symbols';
import { valueSource, type ValueSource } from '../../server/src/engine/dart/values';
import {
  CRYPTOGRAPHY,
  ENCRYPT,
  POINTYCASTLE,
  compareVersions,
  encryptAesCalls,
  encryptionsUsingIv,
  toRelated,
  viaNotes,
  writtenName,
  type EncryptAes,
  type OffsetNote,
} from '../../server/src/engine/dart/crypto';
import { nonceFindings, reusedIvFindings, type IvFinding } from './nonces';
import { ivTransport, type IvTransport } from './iv-transport';
import { modeConsequence } from './modes';

/** The first `encrypt` release whose `IV.fromLength` draws from a secure random generator. */
const FIXED_FROM_LENGTH = '5.0.2';

const IV_SYMBOLS = [
  'IV',
  'IV.allZerosOfLength',
  'IV.fromLength',
  'IV.fromUtf8',
  'IV.fromBase64',
  'IV.fromBase16',
];

export default defineRule({
  meta: {
    id: 'static-or-zero-iv',
    summary: 'An IV or nonce is all zeros, a constant, or reused for several encryptions.',
    category: 'cryptography',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    reads: ['pubspec-lock'],
    hipaa: ['(a)(2)(iv)'],
    masvs: ['MASVS-CRYPTO-1'],
    cwe: [329, 1204],
    wave: 1,
    fix: 'unsafe',
  },
  check(ctx) {
    const file = ctx.file.dart();
    if (!file || !importsAny(file, [...ENCRYPT, ...CRYPTOGRAPHY, ...POINTYCASTLE])) return;
    const calls = fileCalls(file);
    const aes = encryptAesCalls(file);
    const findings = [
      ...encryptIvFindings(ctx, file, calls, aes),
      ...nonceFindings(file, calls),
    ];
    const reported = new Set(findings.map((f) => f.start));
    findings.push(...reusedIvFindings(file, calls, reported));
    for (const finding of findings) {
      ctx.report({
        range: file.source.rangeOf(finding.start, finding.end),
        message: finding.message,
        severity: finding.severity,
        related: toRelated(file, finding.related),
        fixes: finding.fixes,
      });
    }
  },
});

function encryptIvFindings(
  ctx: RuleContext,
  file: DartFile,
  calls: CallSite[],
  aes: EncryptAes[],
): IvFinding[] {
  const findings: IvFinding[] = [];
  for (const use of findSymbolUses(file, ENCRYPT, IV_SYMBOLS)) {
    if (!use.call) continue;
    const problem = ivProblem(ctx, file, use);
    if (!problem) continue;
    const uses = encryptionsUsingIv(file, use.names.startIndex, calls, aes);
    const related = uses.flatMap((u) => modeConsequence(u.aes, u.call));
    related.push(...problem.related);
    findings.push({
      start: use.names.startIndex,
      end: use.call.endIndex,
      message: problem.message,
      severity: problem.severity,
      related,
      fixes: problem.fix ? randomIvFixes(file, use, ivTransport(file, use, calls, aes)) : [],
    });
  }
  return findings;
}

interface IvProblem {
  message: string;
  severity?: 'error' | 'warning';
  related: OffsetNote[];
  /** Set when a random IV fixes the problem. */
  fix?: boolean;
}

function ivProblem(ctx: RuleContext, file: DartFile, use: SymbolUse): IvProblem | undefined {
  const name = writtenName(file, use);
  const arg = use.call!.args.positional[0];
  switch (use.symbol) {
    case 'IV.allZerosOfLength':
      return { message: `${name} creates an all-zero IV.`, related: [], fix: true };
    case 'IV.fromLength':
      return fromLengthProblem(ctx, name);
    case 'IV':
      return bytesProblem(name, valueSource(file, arg), arg);
    default:
      return constantProblem(name, valueSource(file, arg));
  }
}

function fromLengthProblem(ctx: RuleContext, name: string): IvProblem | undefined {
  const locked = ctx.project.lockedVersion('encrypt');
  const order = locked === undefined ? undefined : compareVersions(locked, FIXED_FROM_LENGTH);
  if (order !== undefined && order >= 0) return undefined;
  if (order === undefined) {
    const unknown = `encrypt < ${FIXED_FROM_LENGTH}; pubspec.lock has no version`;
    return {
      message: `${name} returns zeros on ${unknown}.`,
      severity: 'warning',
      related: [],
      fix: true,
    };
  }
  return {
    message: `${name} returns an all-zero IV in encrypt ${locked} (pubspec.lock).`,
    related: [],
    fix: true,
  };
}

function bytesProblem(
  name: string,
  source: ValueSource,
  arg: Expr | undefined,
): IvProblem | undefined {
  if (source.kind === 'zeros') {
    const fresh = source.via.length === 0 && arg?.nodes[0].text === 'Uint8List';
    return {
      message: fresh
        ? `${name}(Uint8List(n)) creates an all-zero IV: a new Uint8List is zero-filled.`
        : `${name} gets all-zero bytes, so every message uses the same IV.`,
      related: viaNotes(source.via),
      fix: fresh,
    };
  }
  return constantProblem(name, source);
}

function constantProblem(name: string, source: ValueSource): IvProblem | undefined {
  if (source.kind === 'literal' || source.kind === 'zeros') {
    return {
      message: `${name} builds the IV from a constant, so every message uses the same IV.`,
      related: viaNotes(source.via),
    };
  }
  if (source.kind === 'environment') {
    return {
      message: `${name} builds the IV from a compile-time constant (fromEnvironment).`,
      related: viaNotes(source.via),
    };
  }
  return undefined;
}

/**
 * Replaces the IV construction with `IV.fromSecureRandom(n)`, keeping any import prefix. When the
 * encrypting function returns the ciphertext as base64, the same fix prepends the IV to it.
 * No fix when the IV is shared or also decrypts, because a random IV there breaks decryption.
 */
function randomIvFixes(file: DartFile, use: SymbolUse, transport: IvTransport): Fix[] {
  if (transport.kind === 'blocked') return [];
  const call = use.call!;
  const written = writtenName(file, use);
  const prefix = written.slice(0, written.length - use.symbol.length);
  const lengthArg = ivLength(file, use);
  const replacement = `${prefix}IV.fromSecureRandom(${lengthArg})`;
  const range = file.source.rangeOf(use.names.startIndex, call.endIndex);
  const edits = [{ range, newText: replacement }];
  const prepended = transport.kind === 'prepended';
  if (prepended) edits.push(...transport.edits);
  const title = prepended
    ? `Replace with ${replacement} and prepend it to the ciphertext`
    : `Replace with ${replacement}`;
  const changes: FileChange[] = [{ kind: 'edit', path: file.path, edits }];
  return [{ title, safe: false, isPreferred: true, changes }];
}

/** Reads the IV length of `IV.allZerosOfLength(n)`, `IV.fromLength(n)` or `IV(Uint8List(n))`. */
function ivLength(file: DartFile, use: SymbolUse): string {
  const arg = use.call!.args.positional[0];
  if (!arg) return '16';
  if (use.symbol !== 'IV') return file.text.slice(arg.startIndex, arg.endIndex);
  const inner = callSites(arg.nodes[0].parent!).find((c) => c.callee.join('.') === 'Uint8List');
  const length = inner?.args.positional[0];
  return length ? file.text.slice(length.startIndex, length.endIndex) : '16';
}
