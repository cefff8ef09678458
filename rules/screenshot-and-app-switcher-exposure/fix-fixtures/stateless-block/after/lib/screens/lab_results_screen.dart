import 'package:clinic/security/privacy_screen.dart';
import 'package:flutter/material.dart';

class LabResultsScreen extends StatelessWidget {
  const LabResultsScreen({super.key, required this.patientName, required this.labValues});

  final String patientName;
  final List<String> labValues;

  @override
  Widget build(BuildContext context) {
    // The title names the patient.
    return PhiPrivacyScreen(
      child: Scaffold(
        appBar: AppBar(title: Text('Results for $patientName')),
        body: ListView(
          children: [for (final value in labValues) Text(value)],
        ),
      ),
    );
  }
}
