import 'package:dio/dio.dart';
import 'package:records_app/security/pinned_dio.dart';

/// Reads a patient's record history through a client kept in a typed field.
class RecordsApi {
  final Dio _dio = createPinnedDio(BaseOptions(baseUrl: 'https://eu.records.clinic.example/v1'));

  Future<Response<dynamic>> history(String patientId) => _dio.get('/history/$patientId');
}
