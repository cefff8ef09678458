import 'dart:convert';

import 'package:crypto/crypto.dart' as hash;

String hashPin(String pin) {
  return hash.md5.convert(utf8.encode(pin)).toString();
}
