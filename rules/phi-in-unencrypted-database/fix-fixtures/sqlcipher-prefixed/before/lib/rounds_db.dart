import "package:sqflite/sqflite.dart" as plain;
import 'package:sqflite_sqlcipher/sqflite.dart' as cipher;

Future<cipher.Database> openMedications(String path, String key) =>
    cipher.openDatabase(path, password: key, version: 1);

Future<plain.Database> openRounds(String path) =>
    plain.openDatabase(path, version: 1, onCreate: (db, v) =>
        db.execute('CREATE TABLE round(id INTEGER PRIMARY KEY, patient_name TEXT, complaint TEXT)'));

Future<plain.Database> openMapTiles(String path) =>
    plain.openDatabase(path, version: 1, onCreate: (db, v) =>
        db.execute('CREATE TABLE tile(z INTEGER, x INTEGER, y INTEGER, png BLOB)'));
