import "package:sqflite_sqlcipher/sqflite.dart" as plain;
import 'package:sqflite_sqlcipher/sqflite.dart' as cipher;
import "package:ward_rounds/security/phi_vault.dart";

Future<cipher.Database> openMedications(String path, String key) =>
    cipher.openDatabase(path, password: key, version: 1);

Future<plain.Database> openRounds(String path) async =>
    plain.openDatabase(path, version: 1, onCreate: (db, v) =>
        db.execute('CREATE TABLE round(id INTEGER PRIMARY KEY, patient_name TEXT, complaint TEXT)'), password: await PhiVault.databasePassword('open_rounds'));

Future<plain.Database> openMapTiles(String path) =>
    plain.openDatabase(path, version: 1, onCreate: (db, v) =>
        db.execute('CREATE TABLE tile(z INTEGER, x INTEGER, y INTEGER, png BLOB)'));
