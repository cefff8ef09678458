import 'dart:convert';
import 'dart:typed_data';

import 'package:crypto/crypto.dart' as hash;
import 'package:dart_des/dart_des.dart';
import 'package:encrypt/encrypt.dart';
import 'package:pointycastle/export.dart' as pc;

final _key = Key.fromSecureRandom(32);

final _scanCipher = Encrypter(AES(_key, mode: AESMode.ecb));

Encrypter wrapForServer(RSAPublicKey server) => Encrypter(RSA(publicKey: server));

Encrypter wrapExplicit(RSAPublicKey server) =>
    Encrypter(RSA(publicKey: server, encoding: RSAEncoding.PKCS1));

String hashPin(String pin) {
  return hash.md5.convert(utf8.encode(pin)).toString();
}

bool verifyDownload(List<int> bytes, String expected) => hash.sha1.convert(bytes).toString() == expected;

String fingerprint(List<int> bytes) => hash.sha1.convert(bytes).toString();

final _signer = hash.Hmac(hash.sha1, utf8.encode('per-install-secret'));

final _des = DES3(key: List<int>.filled(24, 1), mode: DESMode.CBC, iv: List<int>.filled(8, 0));

final _rc4 = pc.RC4Engine();

pc.BlockCipher ecbBlocks() =>
    pc.ECBBlockCipher(pc.AESEngine());

final _tripleDes = pc.BlockCipher('DESede/CBC');

final _rsaPkcs1 = pc.PKCS1Encoding(pc.RSAEngine());

Uint8List legacyDigest(Uint8List data) =>
    pc.Digest('MD5').process(data);
