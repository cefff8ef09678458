import 'package:intake/security/phi_vault.dart';
import 'package:shared_preferences/shared_preferences.dart';

Future<String> restoreSsn() async {
  final prefs = SharedPreferencesAsync();
  final saved = await PhiVault.decryptOptionalString('patient_ssn', prefs.getString('patient_ssn'));
  return saved ?? '';
}

Future<String?> restoreSsnFromCache(SharedPreferencesWithCache cache) async {
  return await PhiVault.decryptOptionalString('patient_ssn', cache.getString('patient_ssn'));
}
