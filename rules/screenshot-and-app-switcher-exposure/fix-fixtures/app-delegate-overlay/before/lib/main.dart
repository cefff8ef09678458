import 'package:flutter/material.dart';
import 'package:screen_protector/screen_protector.dart';

Future<void> main() async {
  WidgetsFlutterBinding.ensureInitialized();
  await ScreenProtector.protectDataLeakageOn();
  runApp(const MaterialApp(home: Text('Home')));
}

class AllergyCard extends StatelessWidget {
  const AllergyCard({super.key, required this.allergies});
  final List<String> allergies;

  @override
  Widget build(BuildContext context) => Text(allergies.join(', '));
}
