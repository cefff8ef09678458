// The unterminated interpolation in greet is a syntax error; the flag in initState still counts.
import 'package:flutter/material.dart';
import 'package:flutter_windowmanager/flutter_windowmanager.dart';

class MrnScreen extends StatefulWidget {
  const MrnScreen({super.key, required this.mrn});
  final String mrn;
  @override
  State<MrnScreen> createState() => _MrnScreenState();
}

class _MrnScreenState extends State<MrnScreen> {
  @override
  void initState() {
    super.initState();
    FlutterWindowManager.addFlags(FlutterWindowManager.FLAG_SECURE);
  }

  void greet(String name) {
    final msg = 'Hello ${name;
  }

  @override
  Widget build(BuildContext context) => Text(widget.mrn);
}
