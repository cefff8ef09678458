import type { Fix, Severity } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import { findSymbolUses, type SymbolUse } from '../../server/src/engine/dart/symbols';
import {
  ENCRYPT,
  POINTYCASTLE,
  WEAK_ENGINES,
  registryCipher,
  writtenName,
  type OffsetNote,
} from '../../server/src/engine/dart/crypto';

/** A finding of this rule before it is turned into ranges. */
export interface WeakFinding {
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  related: OffsetNote[];
  fixes: Fix[];
}

const ECB_NOTE = 'ECB encrypts equal 16-byte blocks to equal output, so patterns in records show.';
const LEGACY_NOTE = 'DES, 3DES and Blowfish have 64-bit blocks and RC4 has biased output.';
const PKCS1_NOTE =
  'PKCS#1 v1.5 encryption padding allows padding-oracle attacks; OAEP does not.';

/** Packages other than pointycastle that implement DES or 3DES. */
const DES_PACKAGES: Array<{ libraries: string[]; symbols: string[] }> = [
  { libraries: ['dart_des'], symbols: ['DES', 'DES3'] },
  { libraries: ['tripledes', 'tripledes_nullsafety'], symbols: ['TripleDESEngine', 'DESEngine'] },
];

/** ECB, DES, 3DES, Blowfish, RC4 and RSA PKCS#1 v1.5 encryption. */
export function cipherFindings(file: DartFile): WeakFinding[] {
  return [
    ...encryptPackageFindings(file),
    ...pointycastleFindings(file),
    ...DES_PACKAGES.flatMap(({ libraries, symbols }) =>
      findSymbolUses(file, libraries, symbols)
        .filter((use) => use.call)
        .map((use) => legacyFinding(file, use, writtenName(file, use))),
    ),
  ];
}

function encryptPackageFindings(file: DartFile): WeakFinding[] {
  const found: WeakFinding[] = [];
  for (const use of findSymbolUses(file, ENCRYPT, ['AESMode.ecb', 'RSAEncoding.PKCS1'])) {
    if (use.symbol === 'AESMode.ecb') {
      found.push(finding(file, use, `${writtenName(file, use)} selects ECB mode.`, ECB_NOTE));
      continue;
    }
    const message = `${writtenName(file, use)} selects RSA PKCS#1 v1.5 encryption padding.`;
    const fixes = [oaepFix(file, use)];
    found.push({ ...finding(file, use, message, PKCS1_NOTE), severity: 'warning', fixes });
  }
  for (const use of findSymbolUses(file, ENCRYPT, ['RSA'])) {
    if (!use.call || use.call.args.named.has('encoding')) continue;
    const message = `${writtenName(file, use)}(...) defaults to PKCS#1 v1.5 encryption padding.`;
    const fixes = [addOaepFix(file, use)];
    found.push({ ...finding(file, use, message, PKCS1_NOTE), severity: 'warning', fixes });
  }
  return found;
}

function legacyFinding(file: DartFile, use: SymbolUse, name: string): WeakFinding {
  return finding(file, use, `${name} is a legacy cipher.`, LEGACY_NOTE);
}

function pointycastleFindings(file: DartFile): WeakFinding[] {
  const found: WeakFinding[] = [];
  const classes = ['ECBBlockCipher', ...WEAK_ENGINES, 'PKCS1Encoding'];
  for (const use of findSymbolUses(file, POINTYCASTLE, classes)) {
    if (!use.call) continue;
    if (use.symbol === 'ECBBlockCipher') {
      found.push(finding(file, use, 'ECBBlockCipher encrypts in ECB mode.', ECB_NOTE));
    } else if (use.symbol === 'PKCS1Encoding') {
      const message = 'PKCS1Encoding applies RSA PKCS#1 v1.5 encryption padding.';
      found.push({ ...finding(file, use, message, PKCS1_NOTE), severity: 'warning' });
    } else {
      found.push(legacyFinding(file, use, use.symbol));
    }
  }
  const factories = ['BlockCipher', 'PaddedBlockCipher', 'StreamCipher', 'AsymmetricBlockCipher'];
  for (const use of findSymbolUses(file, POINTYCASTLE, factories)) {
    const spec = use.call ? registryCipher(file, use.call) : undefined;
    if (!spec) continue;
    const problem = registryProblem(spec.algorithm, spec.mode);
    if (!problem) continue;
    const message = `${use.symbol}('${spec.name}') ${problem.text}.`;
    found.push({ ...finding(file, use, message, problem.note), severity: problem.severity });
  }
  return found;
}

const LEGACY_ALGORITHMS = ['DES', 'DESede', 'Blowfish', 'RC4'];

function registryProblem(
  algorithm: string,
  mode: string | undefined,
): { text: string; note: string; severity?: Severity } | undefined {
  if (LEGACY_ALGORITHMS.includes(algorithm)) {
    return { text: 'uses a legacy cipher', note: LEGACY_NOTE };
  }
  if (mode === 'ECB') return { text: 'encrypts in ECB mode', note: ECB_NOTE };
  if (algorithm === 'RSA' && mode === 'PKCS1') {
    return { text: 'uses PKCS#1 v1.5 padding', note: PKCS1_NOTE, severity: 'warning' };
  }
  return undefined;
}

function finding(file: DartFile, use: SymbolUse, message: string, why: string): WeakFinding {
  const end = use.call?.endIndex ?? use.names.endIndex;
  return {
    start: use.names.startIndex,
    end,
    message,
    related: [{ start: use.names.startIndex, end, message: why }],
    fixes: [],
  };
}

/** `RSAEncoding.PKCS1` -> `RSAEncoding.OAEP`; the other side must decrypt with OAEP too. */
function oaepFix(file: DartFile, use: SymbolUse): Fix {
  const range = file.source.rangeOf(use.nameNode.startIndex, use.nameNode.endIndex);
  return {
    title: 'Replace RSAEncoding.PKCS1 with RSAEncoding.OAEP',
    safe: false,
    isPreferred: true,
    changes: [{ kind: 'edit', path: file.path, edits: [{ range, newText: 'OAEP' }] }],
  };
}

/** Adds `encoding: RSAEncoding.OAEP` to an `RSA(...)` call, keeping the import prefix. */
function addOaepFix(file: DartFile, use: SymbolUse): Fix {
  const args = use.call!.args;
  const written = writtenName(file, use);
  const prefix = written.slice(0, written.length - 'RSA'.length);
  const close = args.node.endIndex - 1;
  const before = file.text.slice(args.node.startIndex + 1, close).trimEnd();
  const separator = before.length === 0 ? '' : before.endsWith(',') ? ' ' : ', ';
  const insertAt = args.node.startIndex + 1 + before.length;
  const newText = `${separator}encoding: ${prefix}RSAEncoding.OAEP`;
  return {
    title: `Add encoding: ${prefix}RSAEncoding.OAEP`,
    safe: false,
    isPreferred: true,
    changes: [
      {
        kind: 'edit',
        path: file.path,
        edits: [{ range: file.source.rangeOf(insertAt, insertAt), newText }],
      },
    ],
  };
}
