import 'package:sqflite_sqlcipher/sqflite.dart';
import 'package:vaccines/security/phi_vault.dart';

Future<Database> openVaccines(String path) async =>
    openDatabase(path, password: await PhiVault.databasePassword('open_vaccines'), version: 1);
