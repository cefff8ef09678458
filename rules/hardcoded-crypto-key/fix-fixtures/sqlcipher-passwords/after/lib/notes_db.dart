import 'package:clinic_notes/security/phi_vault.dart';
import 'package:sqflite_sqlcipher/sqflite.dart' as cipher;

const _buildPassphrase = String.fromEnvironment('NOTES_DB_KEY');

Future<cipher.Database> openNotes(String dir) async =>
    cipher.openDatabase('$dir/clinic_notes.db', password: await PhiVault.databasePassword('clinic_notes'), version: 1);

Future<cipher.Database> openDrafts(String path) async {
  return cipher.openDatabase(path, password: await PhiVault.databasePassword('open_drafts'), version: 2);
}
