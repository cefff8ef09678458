import 'package:encrypt/encrypt.dart' as enc;

const _recordsKey = 'bm90LWEtcmVhbC1rZXktZm9yLXRlc3RzLW9ubHkhISE=';

final _notesKey = enc.Key.fromUtf8('clinic-notes-key-32-bytes-long!!');

final _recordKey = enc.Key.fromBase64(_recordsKey);

Future<String> sealNote(String note) async {
  final iv = enc.IV.fromSecureRandom(12);
  final sealed = enc.Encrypter(enc.AES(_notesKey, mode: enc.AESMode.gcm)).encrypt(note, iv: iv);
  return '${iv.base64}:${sealed.base64}';
}

Future<String> sealRecord(String record) async {
  final iv = enc.IV.fromSecureRandom(12);
  final aes = enc.AES(_recordKey, mode: enc.AESMode.gcm);
  return enc.Encrypter(aes).encrypt(record, iv: iv).base64;
}

Future<String> sealLab(String lab) async {
  final labKey = enc.Key.fromUtf8('lab-key-16-bytes');
  final iv = enc.IV.fromSecureRandom(12);
  return enc.Encrypter(enc.AES(labKey, mode: enc.AESMode.gcm)).encrypt(lab, iv: iv).base64;
}

Future<String> openLab(String sealed, String ivText) async {
  final labKey = enc.Key.fromUtf8('lab-key-16-bytes');
  final aes = enc.AES(labKey, mode: enc.AESMode.gcm);
  return enc.Encrypter(aes).decrypt64(sealed, iv: enc.IV.fromBase64(ivText));
}

String sealSync(String text) {
  final key = enc.Key.fromUtf8('sync-key-0123456');
  return enc.Encrypter(enc.AES(key)).encrypt(text, iv: enc.IV.fromSecureRandom(16)).base64;
}
