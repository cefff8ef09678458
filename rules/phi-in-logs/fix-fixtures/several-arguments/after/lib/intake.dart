import 'package:clinic/security/redacting_logger.dart';
import 'package:logging/logging.dart';

final _log = Logger('intake');

void onIntakeFailed(String insuranceId, String allergies, Object error) {
  _log.warning('Intake failed: ' + redact(insuranceId) + ' (' + redact(allergies) + ')', error);
  print('allergies: ${redact(allergies)}, plan: ${redact(insuranceId)}, retry: ${error.runtimeType}');
}
