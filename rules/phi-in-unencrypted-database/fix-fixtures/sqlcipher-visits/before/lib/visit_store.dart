import 'package:path/path.dart' as p;
import 'package:sqflite/sqflite.dart';

class VisitStore {
  Future<Database> openVisits() async {
    final dir = await getDatabasesPath();
    return openDatabase(
      p.join(dir, 'visit_queue.db'),
      version: 1,
      onCreate: (db, version) =>
          db.execute('CREATE TABLE visit(id INTEGER PRIMARY KEY, patient_name TEXT, complaint TEXT)'),
    );
  }
}

Future<Database> openTriage(String path) =>
    openDatabase(path, version: 1, onCreate: (db, version) async {
      await db.execute('CREATE TABLE triage(id INTEGER PRIMARY KEY, diagnosis TEXT)');
    });

Future<Database> openTileCache(String path) =>
    openDatabase(path, version: 1, onCreate: (db, version) =>
        db.execute('CREATE TABLE tile(z INTEGER, x INTEGER, y INTEGER, png BLOB)'));
