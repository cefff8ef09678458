import 'dart:typed_data';

import 'package:encrypt/encrypt.dart' as enc;
import 'package:notes/security/phi_vault.dart';


Future<enc.Key> get _notesKey async => enc.Key(Uint8List.fromList(await PhiVault.secretBytes('notes_key')));

Future<enc.Key> get _recordKey async => enc.Key(Uint8List.fromList(await PhiVault.secretBytes('record_key')));

Future<String> sealNote(String note) async {
  final iv = enc.IV.fromSecureRandom(12);
  final sealed = enc.Encrypter(enc.AES(await _notesKey, mode: enc.AESMode.gcm)).encrypt(note, iv: iv);
  return '${iv.base64}:${sealed.base64}';
}

Future<String> sealRecord(String record) async {
  final iv = enc.IV.fromSecureRandom(12);
  final aes = enc.AES(await _recordKey, mode: enc.AESMode.gcm);
  return enc.Encrypter(aes).encrypt(record, iv: iv).base64;
}

Future<String> sealLab(String lab) async {
  final labKey = enc.Key(Uint8List.fromList(await PhiVault.secretBytes('seal_lab_lab_key', length: 16)));
  final iv = enc.IV.fromSecureRandom(12);
  return enc.Encrypter(enc.AES(labKey, mode: enc.AESMode.gcm)).encrypt(lab, iv: iv).base64;
}

Future<String> openLab(String sealed, String ivText) async {
  final labKey = enc.Key(Uint8List.fromList(await PhiVault.secretBytes('seal_lab_lab_key', length: 16)));
  final aes = enc.AES(labKey, mode: enc.AESMode.gcm);
  return enc.Encrypter(aes).decrypt64(sealed, iv: enc.IV.fromBase64(ivText));
}

String sealSync(String text) {
  final key = enc.Key.fromUtf8('sync-key-0123456');
  return enc.Encrypter(enc.AES(key)).encrypt(text, iv: enc.IV.fromSecureRandom(16)).base64;
}
