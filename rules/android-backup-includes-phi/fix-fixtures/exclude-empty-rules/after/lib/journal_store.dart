import 'package:flutter_secure_storage/flutter_secure_storage.dart';
import 'package:path/path.dart' as p;
import 'package:sqflite/sqflite.dart';

const _storage = FlutterSecureStorage();

Future<void> saveSessionToken(String token) => _storage.write(key: 'session', value: token);

Future<Database> openJournal(String dir) => openDatabase(p.join(dir, 'journal.db'), version: 1);
