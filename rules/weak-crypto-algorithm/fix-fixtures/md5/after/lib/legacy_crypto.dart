import 'dart:convert';

import 'package:crypto/crypto.dart' as hash;

String hashPin(String pin) {
  return hash.sha256.convert(utf8.encode(pin)).toString();
}
