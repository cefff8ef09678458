import 'package:shared_preferences/shared_preferences.dart';

Future<String> restoreSsn() async {
  final prefs = SharedPreferencesAsync();
  final saved = await prefs.getString('patient_ssn');
  return saved ?? '';
}

Future<String?> restoreSsnFromCache(SharedPreferencesWithCache cache) async {
  return cache.getString('patient_ssn');
}
