import 'package:flutter/material.dart';

class AllergyNote extends StatelessWidget {
  const AllergyNote({super.key, required this.allergies});
  final String allergies;

  @override
  Widget build(BuildContext context) => Text(
        '''
Allergies:
$allergies''',
        style: const TextStyle(fontSize: 14),
      );
}
