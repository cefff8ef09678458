import 'package:shared_preferences/shared_preferences.dart';

class PatientCache {
  Future<void> remember(String ssn, String mrn) async {
    final prefs = await SharedPreferences.getInstance();
    await prefs.setString('patient_ssn', ssn);
    await prefs.setString('theme', 'dark');
  }

  Future<int> ssnLength() async {
    final prefs = await SharedPreferences.getInstance();
    return prefs.getString('patient_ssn')!.length;
  }
}
