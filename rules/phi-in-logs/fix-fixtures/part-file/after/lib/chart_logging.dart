part of 'chart.dart';

void logChartOpened(String mrn) {
  debugPrint('Opened chart ${redact(mrn)}');
}
