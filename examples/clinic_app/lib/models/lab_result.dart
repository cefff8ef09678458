/// One analyte of a lab order, such as HbA1c or potassium.
class LabResult {
  const LabResult({
    required this.code,
    required this.test,
    required this.value,
    required this.unit,
    required this.abnormal,
  });

  factory LabResult.fromJson(Map<String, dynamic> json) {
    return LabResult(
      code: json['code'] as String,
      test: json['test'] as String,
      value: (json['value'] as num).toDouble(),
      unit: json['unit'] as String,
      abnormal: json['abnormal'] as bool? ?? false,
    );
  }

  /// LOINC code of the test.
  final String code;
  final String test;
  final double value;
  final String unit;
  final bool abnormal;

  Map<String, Object> toJson() {
    return {'code': code, 'test': test, 'value': value, 'unit': unit, 'abnormal': abnormal};
  }
}
