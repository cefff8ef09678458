import 'package:intake/security/phi_vault.dart';
import 'package:shared_preferences/shared_preferences.dart';

class PatientCache {
  Future<void> remember(String ssn, String mrn) async {
    final prefs = await SharedPreferences.getInstance();
    await prefs.setString('patient_ssn', await PhiVault.encryptString('patient_ssn', ssn));
    await prefs.setString('theme', 'dark');
  }

  Future<int> ssnLength() async {
    final prefs = await SharedPreferences.getInstance();
    return (await PhiVault.decryptOptionalString('patient_ssn', prefs.getString('patient_ssn')))!.length;
  }
}
