import { defineRule } from '../../server/src/engine/rule-api';
import type { DartFile } from '../../server/src/engine/dart/model';
import {
  leadingNames,
  segmentsOf,
  type Expr,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import { findSymbolUses, namesReferTo, type SymbolUse } from '../../server/src/engine/dart/symbols';
import {
  CRYPTOGRAPHY,
  MODE_LABELS,
  POINTYCASTLE,
  encryptAesCalls,
  registryCipher,
  toRelated,
  writtenName,
  WEAK_ENGINES,
  type OffsetNote,
} from '../../server/src/engine/dart/crypto';
import { macRanges, inMacScope } from './mac';
import { cryptographyGcmFix, encryptGcmFix } from './fixes';
import type { Fix } from '../../server/src/engine/types';

interface Unauthenticated {
  start: number;
  end: number;
  message: string;
  anchor: SyntaxNode;
  fixes?: Fix[];
}

const GCM_ADVICE =
  'Use AES-256-GCM with a fresh 96-bit nonce per record; its tag detects any change.';

export default defineRule({
  meta: {
    id: 'non-aead-encryption',
    summary: 'AES runs in a mode without authentication (CBC, CTR, SIC, CFB, OFB) and no MAC.',
    category: 'cryptography',
    defaultSeverity: 'warning',
    fileKinds: ['dart'],
    hipaa: ['(a)(2)(iv)', '(c)(2)'],
    masvs: ['MASVS-CRYPTO-1'],
    cwe: [353, 327],
    wave: 1,
    fix: 'unsafe',
  },
  check(ctx) {
    const file = ctx.file.dart();
    if (!file) return;
    const found = [
      ...encryptFindings(file),
      ...pointycastleFindings(file),
      ...cryptographyFindings(file),
    ];
    if (found.length === 0) return;
    const macs = macRanges(file);
    for (const item of found) {
      if (inMacScope(item.anchor, macs)) continue;
      const note: OffsetNote = { start: item.start, end: item.end, message: GCM_ADVICE };
      ctx.report({
        range: file.source.rangeOf(item.start, item.end),
        message: item.message,
        related: toRelated(file, [note]),
        fixes: item.fixes,
      });
    }
  },
});

function encryptFindings(file: DartFile): Unauthenticated[] {
  const found: Unauthenticated[] = [];
  for (const aes of encryptAesCalls(file)) {
    if (!aes.mode || aes.mode === 'gcm' || aes.mode === 'ecb') continue;
    const name = writtenName(file, aes.use);
    const mode = MODE_LABELS[aes.mode];
    const message = aes.defaultMode
      ? `${name}(...) uses the default SIC (CTR) mode, which has no integrity check.`
      : `${name} in ${mode} mode has no integrity check, so tampering goes unseen.`;
    const fixes = encryptGcmFix(file, aes);
    found.push({ ...span(aes.use), message, anchor: aes.use.nameNode, fixes });
  }
  return found;
}

const POINTYCASTLE_MODES: Record<string, string> = {
  CBCBlockCipher: 'CBC',
  SICStreamCipher: 'SIC (CTR)',
  CTRStreamCipher: 'CTR',
  CTRBlockCipher: 'CTR',
  CFBBlockCipher: 'CFB',
  OFBBlockCipher: 'OFB',
};

const UNAUTHENTICATED_REGISTRY_MODES = ['CBC', 'CTR', 'SIC', 'CFB', 'OFB'];

function pointycastleFindings(file: DartFile): Unauthenticated[] {
  const found: Unauthenticated[] = [];
  for (const use of findSymbolUses(file, POINTYCASTLE, Object.keys(POINTYCASTLE_MODES))) {
    if (!use.call || usesWeakEngine(file, use)) continue;
    const message = `${use.symbol} (${POINTYCASTLE_MODES[use.symbol]}) has no integrity check.`;
    found.push({ ...span(use), message, anchor: use.nameNode });
  }
  const factories = ['BlockCipher', 'PaddedBlockCipher', 'StreamCipher'];
  for (const use of findSymbolUses(file, POINTYCASTLE, factories)) {
    const spec = use.call ? registryCipher(file, use.call) : undefined;
    if (!spec || spec.algorithm !== 'AES') continue;
    if (!UNAUTHENTICATED_REGISTRY_MODES.some((m) => spec.mode?.startsWith(m))) continue;
    const message = `${use.symbol}('${spec.name}') has no integrity check.`;
    found.push({ ...span(use), message, anchor: use.nameNode });
  }
  return found;
}

function usesWeakEngine(file: DartFile, use: SymbolUse): boolean {
  const engine = use.call!.args.positional[0];
  if (!engine) return false;
  const names = leadingNames(segmentsOf(engine));
  return WEAK_ENGINES.some((weak) => namesReferTo(file, names, POINTYCASTLE, weak));
}

const CRYPTOGRAPHY_CIPHERS = [
  'AesCbc.with128bits',
  'AesCbc.with192bits',
  'AesCbc.with256bits',
  'AesCtr.with128bits',
  'AesCtr.with192bits',
  'AesCtr.with256bits',
  'AesCbc',
  'AesCtr',
  'Chacha20',
];

/** Version 1 constants of `package:cryptography` for ciphers that carry no MAC. */
const LEGACY_CONSTANTS = ['aesCbc', 'aesCtr', 'chacha20'];

function cryptographyFindings(file: DartFile): Unauthenticated[] {
  const found: Unauthenticated[] = [];
  for (const use of findSymbolUses(file, CRYPTOGRAPHY, CRYPTOGRAPHY_CIPHERS)) {
    if (!use.call) continue;
    const mac = use.call.args.named.get('macAlgorithm')?.expr;
    if (mac && !isEmptyMac(file, mac)) continue;
    const name = writtenName(file, use);
    const message = mac
      ? `${name} uses MacAlgorithm.empty, so tampering goes unseen.`
      : `${name} has no macAlgorithm, so tampering goes unseen.`;
    const fixes = cryptographyGcmFix(file, use);
    found.push({ ...span(use), message, anchor: use.nameNode, fixes });
  }
  for (const use of findSymbolUses(file, CRYPTOGRAPHY, LEGACY_CONSTANTS)) {
    if (use.call) continue;
    const message = `${writtenName(file, use)} encrypts without a MAC, so tampering goes unseen.`;
    const at = { start: use.names.startIndex, end: use.names.endIndex };
    found.push({ ...at, message, anchor: use.nameNode });
  }
  return found;
}

function isEmptyMac(file: DartFile, expr: Expr): boolean {
  return namesReferTo(file, leadingNames(segmentsOf(expr)), CRYPTOGRAPHY, 'MacAlgorithm.empty');
}

function span(use: SymbolUse): { start: number; end: number } {
  return { start: use.names.startIndex, end: use.call?.endIndex ?? use.names.endIndex };
}
