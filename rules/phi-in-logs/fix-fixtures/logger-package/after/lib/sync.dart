import 'package:clinic/security/redacting_logger.dart';
import 'package:logger/logger.dart' as logging;

final logger = logging.Logger(filter: logging.ProductionFilter());

Future<void> syncMedications(String patientName, List<String> medications) async {
  logger.i('Syncing ${medications.length} medications');
  logger.w('Sync failed for ${redact(patientName)}', error: redact(medications));
}
