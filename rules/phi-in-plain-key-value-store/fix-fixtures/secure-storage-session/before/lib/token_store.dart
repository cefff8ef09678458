import 'package:shared_preferences/shared_preferences.dart';

const _kSession = 's';

class TokenStore {
  Future<void> rememberSession(String jwt) async {
    final prefs = SharedPreferencesAsync();
    await prefs.setString(_kSession, jwt);
  }

  Future<bool> hasSession() async {
    final prefs = SharedPreferencesAsync();
    return (await prefs.getString(_kSession)) != null;
  }

  Future<void> forget() async {
    final prefs = SharedPreferencesAsync();
    await prefs.remove(_kSession);
  }
}
