import 'package:dio/dio.dart' as dio;

final fhir = dio.Dio(dio.BaseOptions(baseUrl: 'https://fhir.northwind-clinic.example'));

Future<dio.Response<dynamic>> patient(String id) => fhir.get('/Patient/$id');
