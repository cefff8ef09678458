import type { DartFile } from '../../server/src/engine/dart/model';
import {
  leadingNames,
  segmentsOf,
  type CallSite,
  type Expr,
} from '../../server/src/engine/dart/syntax';
import {
  fileCalls,
  findSymbolUses,
  importsAny,
  namesReferTo,
} from '../../server/src/engine/dart/symbols';
import { findBinding, valueSource } from '../../server/src/engine/dart/values';
import {
  CRYPTOGRAPHY,
  ENCRYPT,
  POINTYCASTLE,
  receiverName,
} from '../../server/src/engine/dart/crypto';
import { constantKey, placeAtValue, type KeyFinding } from './keys';

/**
 * Keys derived with PBKDF2 from a password or salt written in the source. A constant password
 * gives a constant key (error); a constant salt with a real password lets one precomputed
 * table serve every install (warning).
 */
export function derivationFindings(file: DartFile): KeyFinding[] {
  if (!importsAny(file, [...CRYPTOGRAPHY, ...ENCRYPT, ...POINTYCASTLE])) return [];
  const calls = fileCalls(file);
  const found: KeyFinding[] = [];
  if (importsAny(file, CRYPTOGRAPHY)) found.push(...cryptographyDerivations(file, calls));
  if (importsAny(file, ENCRYPT)) {
    for (const call of calls.filter((c) => lastName(c) === 'stretch')) {
      found.push(...constantSalt(file, 'Key.stretch', call.args.named.get('salt')?.expr));
    }
  }
  found.push(...pointycastleDerivations(file, calls));
  return found;
}

function cryptographyDerivations(file: DartFile, calls: CallSite[]): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const call of calls) {
    const method = lastName(call);
    const salt = call.args.named.get('nonce')?.expr;
    if (method === 'deriveKeyFromPassword') {
      const password = call.args.named.get('password')?.expr;
      found.push(...constantPassword(file, method, password));
      found.push(...constantSalt(file, method, salt));
    } else if (method === 'deriveBits') {
      found.push(...constantPassword(file, method, call.args.positional[0]));
      found.push(...constantSalt(file, method, salt));
    } else if (method === 'deriveKey' && call.args.named.has('secretKey')) {
      found.push(...constantSalt(file, method, salt));
    }
  }
  return found;
}

function pointycastleDerivations(file: DartFile, calls: CallSite[]): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const use of findSymbolUses(file, POINTYCASTLE, ['Pbkdf2Parameters'])) {
    const salt = use.call?.args.positional[0];
    found.push(...constantSalt(file, 'Pbkdf2Parameters', salt));
  }
  if (!importsAny(file, POINTYCASTLE)) return found;
  const derivations = calls.filter((c) => lastName(c) === 'process' || lastName(c) === 'deriveKey');
  for (const call of derivations) {
    if (isPbkdf2Receiver(file, call)) {
      found.push(...constantPassword(file, 'PBKDF2KeyDerivator', call.args.positional[0]));
    }
  }
  return found;
}

function isPbkdf2Receiver(file: DartFile, call: CallSite): boolean {
  const receiver = receiverName(call.nameNode);
  const init = receiver ? findBinding(receiver)?.init : undefined;
  if (!init) return false;
  const names = leadingNames(segmentsOf(init));
  return (
    namesReferTo(file, names, POINTYCASTLE, 'PBKDF2KeyDerivator') ||
    namesReferTo(file, names, POINTYCASTLE, 'KeyDerivator')
  );
}

function constantPassword(file: DartFile, name: string, expr: Expr | undefined): KeyFinding[] {
  const finding = constantKey(name, expr, file);
  if (!finding) return [];
  const message =
    finding.severity === 'warning'
      ? `${name} derives a key from a fromEnvironment password compiled into the app.`
      : `${name} derives a key from a hard-coded password.`;
  return [{ ...finding, message }];
}

function constantSalt(file: DartFile, name: string, expr: Expr | undefined): KeyFinding[] {
  const source = valueSource(file, expr);
  if (!expr || source.kind === 'unknown') return [];
  return [
    {
      ...placeAtValue(expr, source, name),
      message: `${name} uses a hard-coded salt, so equal passwords give equal keys.`,
      severity: 'warning',
    },
  ];
}

function lastName(call: CallSite): string {
  return call.callee[call.callee.length - 1];
}
