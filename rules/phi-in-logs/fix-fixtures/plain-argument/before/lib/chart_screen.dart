import 'package:flutter/foundation.dart';

class ChartScreen {
  ChartScreen(this.diagnosis);
  final String diagnosis;

  // Arrow bodies cannot take an if statement, but the argument can still be masked.
  void show() => debugPrint(diagnosis);

  void save(String labResult) {
    debugPrint(labResult);
  }
}
