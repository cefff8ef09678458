import 'package:flutter/foundation.dart';

class Patient {
  Patient(this.ssn, this.displayName);
  final String ssn;
  final String displayName;
}

void onVisitOpened(Patient patient, String mrn, int visitCount) {
  if (kDebugMode) {
    print('Patient ${patient.ssn} opened visit $visitCount for chart $mrn');
  }
}
