import 'package:encrypt/encrypt.dart';

Encrypter wrapForServer(RSAPublicKey server) => Encrypter(RSA(publicKey: server));
