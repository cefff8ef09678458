import 'package:dio/dio.dart' as dio;
import 'package:northwind/security/pinned_dio.dart';

final fhir = createPinnedDio(dio.BaseOptions(baseUrl: 'https://fhir.northwind-clinic.example'));

Future<dio.Response<dynamic>> patient(String id) => fhir.get('/Patient/$id');
