import type { CallSite } from '../../server/src/engine/dart/syntax';
import { MODE_LABELS, type EncryptAes, type OffsetNote } from '../../server/src/engine/dart/crypto';

/**
 * Explains what a fixed IV does in the AES mode that receives it. The default mode of
 * `package:encrypt`'s `AES(key)` is SIC, a counter mode, so a fixed IV repeats the key stream;
 * it is not ECB.
 */
export function modeConsequence(aes: EncryptAes | undefined, call: CallSite): OffsetNote[] {
  const at = { start: call.nameNode.startIndex, end: call.endIndex };
  if (!aes) return [{ ...at, message: 'The IV is used for encryption here.' }];
  const where = { start: aes.use.names.startIndex, end: aes.call.endIndex };
  if (aes.mode === undefined) {
    return [{ ...where, message: 'The IV is used with this AES cipher.' }];
  }
  const label = MODE_LABELS[aes.mode];
  const mode = aes.defaultMode ? `${label} mode, the default of AES(key)` : `${label} mode`;
  return [{ ...where, message: `The IV is used with AES in ${mode}: ${effect(aes.mode)}` }];
}

function effect(mode: NonNullable<EncryptAes['mode']>): string {
  switch (mode) {
    case 'sic':
    case 'ctr':
    case 'ofb64':
    case 'ofb64Gctr':
      return 'a fixed IV repeats the key stream, so two ciphertexts XOR to their plaintexts.';
    case 'gcm':
      return 'a repeated nonce reveals the XOR of plaintexts and lets an attacker forge tags.';
    case 'ecb':
      return 'ECB ignores the IV; the mode itself is the weakness (weak-crypto-algorithm).';
    default:
      return 'messages that start alike encrypt to ciphertexts that start alike.';
  }
}
