import 'package:dio/dio.dart';

final records = Dio(BaseOptions(baseUrl: 'https://eu.records.clinic.example/v1'));

Future<Response<dynamic>> history(String patientId) => records.get('/history/$patientId');
