import 'package:flutter/material.dart';

class AllergyListScreen extends StatelessWidget {
  const AllergyListScreen({super.key, required this.allergies});
  final List<String> allergies;

  @override
  Widget build(BuildContext context) => ListView(
        children: [for (final a in allergies) Text(a)],
      );
}
