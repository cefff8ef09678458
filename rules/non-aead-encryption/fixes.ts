import type { DartFile } from '../../server/src/engine/dart/model';
import { writtenName, type EncryptAes } from '../../server/src/engine/dart/crypto';
import type { SymbolUse } from '../../server/src/engine/dart/symbols';
import type { Fix } from '../../server/src/engine/types';

/**
 * Rewrites `AES(key, mode: ...)` of package:encrypt (5.x) to GCM without padding. The key
 * argument stays; `mode` and `padding` are replaced. Unsafe: data encrypted before cannot be
 * decrypted with the new mode, and GCM needs a fresh 12-byte IV per message.
 */
export function encryptGcmFix(file: DartFile, aes: EncryptAes): Fix[] {
  const key = aes.call.args.positional[0];
  const argumentsNode = aes.call.args.node;
  if (!key || aes.call.args.positional.length !== 1) return [];
  const name = writtenName(file, aes.use);
  const prefix = name.slice(0, name.length - 'AES'.length);
  const keyText = file.text.slice(key.startIndex, key.endIndex);
  const newText = `(${keyText}, mode: ${prefix}AESMode.gcm, padding: null)`;
  const range = file.source.rangeOf(argumentsNode.startIndex, argumentsNode.endIndex);
  return [
    {
      title: `Switch ${name} to AESMode.gcm without padding`,
      safe: false,
      isPreferred: true,
      changes: [{ kind: 'edit', path: file.path, edits: [{ range, newText }] }],
    },
  ];
}

const GCM_REPLACEMENTS: Record<string, string> = {
  'AesCbc.with128bits': 'AesGcm.with128bits',
  'AesCbc.with192bits': 'AesGcm.with192bits',
  'AesCbc.with256bits': 'AesGcm.with256bits',
  'AesCtr.with128bits': 'AesGcm.with128bits',
  'AesCtr.with192bits': 'AesGcm.with192bits',
  'AesCtr.with256bits': 'AesGcm.with256bits',
};

/**
 * Replaces `AesCbc.with256bits(macAlgorithm: ...)` of package:cryptography (2.x) with
 * `AesGcm.with256bits()` of the same key size, whose 16-byte tag authenticates each box.
 * Unsafe: boxes written before cannot be decrypted by the new cipher.
 */
export function cryptographyGcmFix(file: DartFile, use: SymbolUse): Fix[] {
  const replacement = GCM_REPLACEMENTS[use.symbol];
  if (!replacement || !use.call) return [];
  const name = writtenName(file, use);
  const prefix = name.slice(0, name.length - use.symbol.length);
  const range = file.source.rangeOf(use.names.startIndex, use.call.endIndex);
  return [
    {
      title: `Replace ${name} with ${prefix}${replacement}()`,
      safe: false,
      isPreferred: true,
      changes: [
        { kind: 'edit', path: file.path, edits: [{ range, newText: `${prefix}${replacement}()` }] },
      ],
    },
  ];
}
