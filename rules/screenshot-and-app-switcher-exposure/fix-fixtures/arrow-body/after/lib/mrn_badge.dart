import 'package:clinic/security/privacy_screen.dart';
import 'package:flutter/material.dart';

class MrnBadge extends StatelessWidget {
  const MrnBadge({super.key, required this.mrn});
  final String mrn;

  @override
  Widget build(BuildContext context) => PhiPrivacyScreen(
    child: Chip(label: Text('MRN $mrn')),
  );
}
