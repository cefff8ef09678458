import 'package:encrypt/encrypt.dart';

Encrypter wrapExplicit(RSAPublicKey server) =>
    Encrypter(RSA(publicKey: server, encoding: RSAEncoding.OAEP));
