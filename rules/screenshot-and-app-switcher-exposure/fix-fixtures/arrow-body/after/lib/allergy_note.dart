import 'package:clinic/security/privacy_screen.dart';
import 'package:flutter/material.dart';

class AllergyNote extends StatelessWidget {
  const AllergyNote({super.key, required this.allergies});
  final String allergies;

  @override
  Widget build(BuildContext context) => PhiPrivacyScreen(
    child: Text(
      '''
Allergies:
$allergies''',
      style: const TextStyle(fontSize: 14),
    ),
  );
}
