import 'package:clinic_app/security/pinned_dio.dart';
import 'package:dio/dio.dart';

/// Reads observations from the clinic's FHIR server.
class FhirApi {
  final Dio _dio = createPinnedDio(
    BaseOptions(
      baseUrl: 'https://fhir.clinic.example/r4',
      connectTimeout: const Duration(seconds: 10),
    ),
  );

  Future<Response<dynamic>> observations(String patientId) =>
      _dio.get('/Observation', queryParameters: {'subject': patientId});
}
