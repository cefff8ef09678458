import 'package:encrypt/encrypt.dart' as enc;

final _key = enc.Key.fromSecureRandom(32);

// No mode argument: encrypt 5.0.3 defaults to AESMode.sic, which is CTR.
String sealChart(String chart, enc.IV iv) {
  final encrypter = enc.Encrypter(enc.AES(_key));
  return encrypter.encrypt(chart, iv: iv).base64;
}

const _mode = enc.AESMode.cbc;

String sealVitals(String vitals, enc.IV iv) =>
    enc.Encrypter(enc.AES(_key, mode: _mode)).encrypt(vitals, iv: iv).base64;

String sealAllergies(String allergies, enc.IV iv) =>
    enc.Encrypter(enc.AES(_key, mode: enc.AESMode.ctr, padding: null))
        .encrypt(allergies, iv: iv)
        .base64;
