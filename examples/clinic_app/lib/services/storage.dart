import 'package:encrypt/encrypt.dart';
import 'package:flutter_secure_storage/flutter_secure_storage.dart';
import 'package:hive/hive.dart';
import 'package:path/path.dart' as p;
import 'package:shared_preferences/shared_preferences.dart';
import 'package:sqflite/sqflite.dart';

import '../models/lab_result.dart';
import '../models/patient.dart';

/// Local copies of what the clinician opened last, so the app works offline.
class ClinicStorage {
  static const _secure = FlutterSecureStorage();

  Future<void> rememberPatient(Patient patient) async {
    final prefs = await SharedPreferences.getInstance();
    // expect: phi-in-plain-key-value-store
    await prefs.setString('last_patient_mrn', patient.mrn);
    // ok: phi-in-plain-key-value-store
    await prefs.setBool('has_seen_onboarding', true);
  }

  Future<void> saveSession(String accessToken, String refreshToken) async {
    final prefs = await SharedPreferences.getInstance();
    // expect: phi-in-plain-key-value-store
    await prefs.setString('access_token', accessToken);
    // ok: phi-in-plain-key-value-store
    await _secure.write(key: 'refresh_token', value: refreshToken);
  }

  Future<String> accessToken() async {
    final prefs = await SharedPreferences.getInstance();
    return prefs.getString('access_token') ?? '';
  }

  /// Returns the record key, creating it on first use. It is kept only in secure storage,
  /// which the Keystore and the Keychain back.
  Future<Key> recordKey() async {
    final stored = await _secure.read(key: 'record_key');
    if (stored != null) return Key.fromBase64(stored);
    // ok: hardcoded-crypto-key
    final key = Key.fromSecureRandom(32);
    await _secure.write(key: 'record_key', value: key.base64);
    return key;
  }

  Future<Database> openPatientDatabase() async {
    final path = p.join(await getDatabasesPath(), 'patients.db');
    // expect: phi-in-unencrypted-database
    return openDatabase(
      path,
      version: 1,
      onCreate: (db, version) => db.execute(
        'CREATE TABLE patients '
        '(id TEXT PRIMARY KEY, mrn TEXT, name TEXT, dob TEXT, diagnosis TEXT)',
      ),
    );
  }

  Future<void> cachePatient(Database db, Patient patient) async {
    await db.insert('patients', patient.toJson());
  }

  Future<void> cacheLabResults(String orderId, List<LabResult> results) async {
    // expect: phi-in-unencrypted-database
    final box = await Hive.openBox<List<dynamic>>('lab_results');
    await box.put(orderId, results.map((result) => result.toJson()).toList());
  }
}
