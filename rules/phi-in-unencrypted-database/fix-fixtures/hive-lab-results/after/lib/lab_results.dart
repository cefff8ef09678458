import 'package:hive/hive.dart';
import 'package:clinic/security/phi_vault.dart';

Future<Box<String>> openLabResults() async {
  final box = await Hive.openBox<String>('lab_results', encryptionCipher: HiveAesCipher(await PhiVault.hiveKey()));
  return box;
}
