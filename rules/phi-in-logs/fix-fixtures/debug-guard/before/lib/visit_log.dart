class Patient {
  Patient(this.ssn, this.displayName);
  final String ssn;
  final String displayName;
}

void onVisitOpened(Patient patient, String mrn, int visitCount) {
  print('Patient ${patient.ssn} opened visit $visitCount for chart $mrn');
}
