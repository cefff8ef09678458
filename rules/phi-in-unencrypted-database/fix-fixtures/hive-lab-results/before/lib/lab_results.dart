import 'package:hive/hive.dart';

Future<Box<String>> openLabResults() async {
  final box = await Hive.openBox<String>('lab_results');
  return box;
}
