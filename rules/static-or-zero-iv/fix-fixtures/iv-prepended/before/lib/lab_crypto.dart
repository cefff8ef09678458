import 'dart:typed_data';

import 'package:encrypt/encrypt.dart' as enc;

final _key = enc.Key.fromSecureRandom(32);

String sealNote(String note) {
  final iv = enc.IV.allZerosOfLength(16);
  final e = enc.Encrypter(enc.AES(_key, mode: enc.AESMode.gcm));
  return e.encrypt(note, iv: iv).base64;
}

String sealLab(String lab) {
  final iv = enc.IV(Uint8List(16));
  return enc.Encrypter(enc.AES(_key, mode: enc.AESMode.gcm)).encrypt(lab, iv: iv).base64;
}
