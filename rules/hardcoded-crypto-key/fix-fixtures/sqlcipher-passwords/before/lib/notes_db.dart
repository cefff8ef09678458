import 'package:sqflite_sqlcipher/sqflite.dart' as cipher;

const _buildPassphrase = String.fromEnvironment('NOTES_DB_KEY');

Future<cipher.Database> openNotes(String dir) =>
    cipher.openDatabase('$dir/clinic_notes.db', password: 'null', version: 1);

Future<cipher.Database> openDrafts(String path) async {
  return cipher.openDatabase(path, password: _buildPassphrase, version: 2);
}
