import 'package:clinic/security/redacting_logger.dart';
import 'package:flutter/foundation.dart';

part 'chart_logging.dart';

class Chart {
  Chart(this.diagnosis);
  final String diagnosis;
}
