import 'package:encrypt/encrypt.dart';

final _key = Key.fromSecureRandom(32);

String sealVisitNote(String note) {
  final iv = IV.fromLength(16);
  final sealed = Encrypter(AES(_key, mode: AESMode.gcm)).encrypt(note, iv: iv);
  return '${iv.base64}:${sealed.base64}';
}
