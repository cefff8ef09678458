import 'dart:convert';

import 'package:crypto/crypto.dart';
import 'package:shared_preferences/shared_preferences.dart';

const prefRecordDigest = 'record_digest';

// Stored, but never read back and compared: the purpose stays unclear.
Future<void> rememberRecord(SharedPreferences prefs, String body) async {
  final digest = sha1.convert(utf8.encode(body));
  await prefs.setString(prefRecordDigest, digest.toString());
}
