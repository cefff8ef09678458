import 'dart:typed_data';

import 'package:cryptography/cryptography.dart';
import 'package:encrypt/encrypt.dart' as enc;
import 'package:pointycastle/export.dart';

final _key = enc.Key.fromSecureRandom(32);

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

Uint8List legacyBlock(Uint8List key, Uint8List iv, Uint8List data) {
  final cipher = PaddedBlockCipherImpl(PKCS7Padding(), CBCBlockCipher(AESEngine()))
    ..init(true, PaddedBlockCipherParameters(ParametersWithIV(KeyParameter(key), iv), null));
  return cipher.process(data);
}

final _stream = StreamCipher('AES/SIC');

final _cbc = AesCbc.with256bits(macAlgorithm: MacAlgorithm.empty);

final _ctr = AesGcm.with128bits();
