import 'package:fieldclinic/security/phi_vault.dart';
import 'package:path/path.dart' as p;
import 'package:sqflite_sqlcipher/sqflite.dart';

class VisitStore {
  Future<Database> openVisits() async {
    final dir = await getDatabasesPath();
    return openDatabase(
      p.join(dir, 'visit_queue.db'),
      version: 1,
      onCreate: (db, version) =>
          db.execute('CREATE TABLE visit(id INTEGER PRIMARY KEY, patient_name TEXT, complaint TEXT)'),
      password: await PhiVault.databasePassword('visit_queue'),
    );
  }
}

Future<Database> openTriage(String path) async =>
    openDatabase(path, version: 1, onCreate: (db, version) async {
      await db.execute('CREATE TABLE triage(id INTEGER PRIMARY KEY, diagnosis TEXT)');
    }, password: await PhiVault.databasePassword('open_triage'));

Future<Database> openTileCache(String path) =>
    openDatabase(path, version: 1, onCreate: (db, version) =>
        db.execute('CREATE TABLE tile(z INTEGER, x INTEGER, y INTEGER, png BLOB)'));
