import 'package:flutter_secure_storage/flutter_secure_storage.dart';
import 'package:shared_preferences/shared_preferences.dart';

const _kSession = 's';

class TokenStore {
  Future<void> rememberSession(String jwt) async {
    final prefs = SharedPreferencesAsync();
    await const FlutterSecureStorage().write(key: _kSession, value: jwt);
  }

  Future<bool> hasSession() async {
    final prefs = SharedPreferencesAsync();
    return (await const FlutterSecureStorage().read(key: _kSession)) != null;
  }

  Future<void> forget() async {
    final prefs = SharedPreferencesAsync();
    await prefs.remove(_kSession);
  }
}
