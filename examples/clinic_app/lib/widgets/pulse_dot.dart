import 'dart:math';

import 'package:flutter/material.dart';

/// A dot that pulses while records sync. The random jitter only keeps several dots out of step.
class PulseDot extends StatefulWidget {
  const PulseDot({super.key});

  @override
  State<PulseDot> createState() => _PulseDotState();
}

class _PulseDotState extends State<PulseDot> with SingleTickerProviderStateMixin {
  // ok: insecure-random-for-security
  final _jitter = Random();
  late final AnimationController _controller = AnimationController(
    vsync: this,
    duration: Duration(milliseconds: 900 + _jitter.nextInt(200)),
  )..repeat(reverse: true);

  @override
  void dispose() {
    _controller.dispose();
    super.dispose();
  }

  @override
  Widget build(BuildContext context) {
    return FadeTransition(
      opacity: Tween<double>(begin: 0.3, end: 1).animate(_controller),
      child: const Icon(Icons.circle, size: 10),
    );
  }
}
