import 'package:sqflite_sqlcipher/sqflite.dart';

Future<Database> openVaccines(String path) =>
    openDatabase(path, password: '', version: 1);
