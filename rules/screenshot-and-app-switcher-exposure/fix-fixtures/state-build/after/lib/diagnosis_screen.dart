import 'package:clinic/security/privacy_screen.dart';
import 'package:flutter/material.dart';

class DiagnosisScreen extends StatefulWidget {
  const DiagnosisScreen({super.key});

  @override
  State<DiagnosisScreen> createState() => _DiagnosisScreenState();
}

class _DiagnosisScreenState extends State<DiagnosisScreen> {
  List<String> diagnoses = [];
  bool loading = true;

  @override
  Widget build(BuildContext context) {
    if (loading) return PhiPrivacyScreen(
      child: const Center(child: CircularProgressIndicator()),
    );
    return PhiPrivacyScreen(
      child: ListView.builder(
        itemCount: diagnoses.length,
        itemBuilder: (context, index) {
          return Text(diagnoses[index]);
        },
      ),
    );
  }
}
