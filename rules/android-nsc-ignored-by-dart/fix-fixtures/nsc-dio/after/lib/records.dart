import 'package:dio/dio.dart';
import 'package:records_app/security/pinned_dio.dart';

final records = createPinnedDio(BaseOptions(baseUrl: 'https://eu.records.clinic.example/v1'));

Future<Response<dynamic>> history(String patientId) => records.get('/history/$patientId');
