import 'package:flutter/material.dart';

class MedicationListScreen extends StatelessWidget {
  const MedicationListScreen({super.key, required this.medications});
  final List<String> medications;

  @override
  Widget build(BuildContext context) => ListView(
        children: [for (final m in medications) Text(m)],
      );
}
