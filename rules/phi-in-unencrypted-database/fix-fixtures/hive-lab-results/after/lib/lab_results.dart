import 'package:clinic/security/phi_vault.dart';
import 'package:hive/hive.dart';

Future<Box<String>> openLabResults() async {
  final box = await Hive.openBox<String>('lab_results', encryptionCipher: HiveAesCipher(await PhiVault.hiveKey()));
  return box;
}
