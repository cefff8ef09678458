import 'package:flutter/material.dart';

class MrnBadge extends StatelessWidget {
  const MrnBadge({super.key, required this.mrn});
  final String mrn;

  @override
  Widget build(BuildContext context) => Chip(label: Text('MRN $mrn'));
}
