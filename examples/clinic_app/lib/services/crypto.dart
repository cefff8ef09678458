import 'dart:convert';
import 'dart:typed_data';

import 'package:crypto/crypto.dart';
import 'package:encrypt/encrypt.dart';

/// Encrypts clinical notes before they are cached on the device.
class NoteCipher {
  // expect: hardcoded-crypto-key
  static final _key = Key.fromUtf8('northwind-clinic-notes-key-32byt');
  // expect: static-or-zero-iv
  static final _iv = IV.allZerosOfLength(16);

  String seal(String note) {
    // expect: non-aead-encryption
    final encrypter = Encrypter(AES(_key, mode: AESMode.cbc));
    return encrypter.encrypt(note, iv: _iv).base64;
  }

  String open(String sealed) {
    final encrypter = Encrypter(AES(_key, mode: AESMode.cbc));
    return encrypter.decrypt64(sealed, iv: _iv);
  }
}

/// Encrypts scanned attachments in the format of the old export tool.
class AttachmentCipher {
  AttachmentCipher(this._key);

  final Key _key;

  Encrypted seal(Uint8List bytes) {
    // expect: weak-crypto-algorithm
    final encrypter = Encrypter(AES(_key, mode: AESMode.ecb));
    return encrypter.encryptBytes(bytes);
  }
}

/// Hashes the clinician's unlock PIN, to compare it at the lock screen.
String hashPin(String pin) {
  // expect: weak-crypto-algorithm
  return md5.convert(utf8.encode(pin)).toString();
}

/// File name for a cached thumbnail; the hash only spreads names, it protects nothing.
String thumbnailCacheName(String imageUrl) {
  // ok: weak-crypto-algorithm
  return sha256.convert(utf8.encode(imageUrl)).toString();
}

/// AES-256-GCM with a fresh 96-bit nonce per record, stored in front of the ciphertext.
class RecordCipher {
  RecordCipher(this._key);

  final Key _key;

  String seal(String record) {
    // ok: static-or-zero-iv
    final iv = IV.fromSecureRandom(12);
    // ok: non-aead-encryption
    final encrypter = Encrypter(AES(_key, mode: AESMode.gcm));
    return '${iv.base64}:${encrypter.encrypt(record, iv: iv).base64}';
  }

  String open(String sealed) {
    final parts = sealed.split(':');
    final encrypter = Encrypter(AES(_key, mode: AESMode.gcm));
    return encrypter.decrypt64(parts[1], iv: IV.fromBase64(parts[0]));
  }
}
