/// A patient as the clinic's FHIR facade returns it. Every field except [id] is PHI.
class Patient {
  const Patient({
    required this.id,
    required this.mrn,
    required this.name,
    required this.dob,
    required this.diagnosis,
  });

  factory Patient.fromJson(Map<String, dynamic> json) {
    return Patient(
      id: json['id'] as String,
      mrn: json['mrn'] as String,
      name: json['name'] as String,
      dob: DateTime.parse(json['dob'] as String),
      diagnosis: json['diagnosis'] as String,
    );
  }

  /// Server-side resource id; opaque and not linkable to the person without the server.
  final String id;

  /// Medical record number assigned by the clinic.
  final String mrn;
  final String name;
  final DateTime dob;
  final String diagnosis;

  Map<String, Object> toJson() {
    return {
      'id': id,
      'mrn': mrn,
      'name': name,
      'dob': dob.toIso8601String(),
      'diagnosis': diagnosis,
    };
  }
}
