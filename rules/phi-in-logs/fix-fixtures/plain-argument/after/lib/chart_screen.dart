import 'package:clinic/security/redacting_logger.dart';
import 'package:flutter/foundation.dart';

class ChartScreen {
  ChartScreen(this.diagnosis);
  final String diagnosis;

  // Arrow bodies cannot take an if statement, but the argument can still be masked.
  void show() => debugPrint(redact(diagnosis));

  void save(String labResult) {
    debugPrint(redact(labResult));
  }
}
