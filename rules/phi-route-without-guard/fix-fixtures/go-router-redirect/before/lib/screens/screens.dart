import 'package:flutter/material.dart';

class PatientSummaryScreen extends StatelessWidget {
  const PatientSummaryScreen({super.key, required this.id});
  final String id;
  @override
  Widget build(BuildContext context) => VitalsPanel(patientId: id);
}

class VitalsPanel extends StatelessWidget {
  const VitalsPanel({super.key, required this.patientId});
  final String patientId;
  @override
  Widget build(BuildContext context) => Text(diagnosisFor(patientId));
}

String diagnosisFor(String id) => id;
