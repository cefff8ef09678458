import 'package:flutter/foundation.dart';

part 'chart_logging.dart';

class Chart {
  Chart(this.diagnosis);
  final String diagnosis;
}
