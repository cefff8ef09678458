import 'package:logging/logging.dart';

final _log = Logger('intake');

void onIntakeFailed(String insuranceId, String allergies, Object error) {
  _log.warning('Intake failed: ' + insuranceId + ' (' + allergies + ')', error);
  print('allergies: $allergies, plan: $insuranceId, retry: ${error.runtimeType}');
}
