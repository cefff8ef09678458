import 'dart:convert';
import 'dart:io';

import 'package:dio/dio.dart';
import 'package:http/http.dart' as http;
import 'package:http/io_client.dart';

import '../models/lab_result.dart';
import '../models/patient.dart';

/// Coding system of FHIR's own code lists. It is an identifier, never requested.
// ok: cleartext-http-endpoint
const fhirSystem = 'http://hl7.org/fhir';

/// Talks to the clinic's FHIR facade and to the older lab system.
class ClinicApiClient {
  ClinicApiClient(this._accessToken);

  final String _accessToken;

  // expect: pinning-missing-for-phi-host
  final Dio _dio = Dio(BaseOptions(baseUrl: 'https://api.northwind-clinic.example/fhir'));

  Map<String, String> get _headers => {'Authorization': 'Bearer $_accessToken'};

  /// Looks a patient up by medical record number and date of birth.
  Future<Patient> findPatient(String mrn, DateTime dob) async {
    final day = dob.toIso8601String().substring(0, 10);
    final response = await _dio.get<Map<String, dynamic>>(
      // expect: phi-in-url
      '/Patient/lookup?mrn=$mrn&dob=$day',
      options: Options(headers: _headers),
    );
    return Patient.fromJson(response.data!);
  }

  /// Results of one lab order. The lab system has no TLS endpoint yet.
  Future<List<LabResult>> labResults(String orderId) async {
    final response = await http.get(
      // expect: cleartext-http-endpoint
      Uri.parse('http://labs.northwind-clinic.example/v1/orders/$orderId/results'),
      headers: _headers,
    );
    final rows = jsonDecode(response.body) as List<dynamic>;
    return rows.map((row) => LabResult.fromJson(row as Map<String, dynamic>)).toList();
  }

  /// Fetches the server's capability statement, which is public metadata, over HTTPS.
  Future<Map<String, dynamic>> capabilities() async {
    // ok: cleartext-http-endpoint
    final metadata = Uri.https('api.northwind-clinic.example', '/fhir/metadata');
    final response = await http.get(metadata);
    return jsonDecode(response.body) as Map<String, dynamic>;
  }

  /// Client for the document scanner on the clinic LAN, which has a self-signed certificate.
  http.Client scannerClient() {
    // expect: tls-validation-disabled
    final inner = HttpClient()..badCertificateCallback = (cert, host, port) => true;
    return IOClient(inner);
  }

  /// Whether a coding comes from one of FHIR's own code lists.
  bool isFhirCoding(Map<String, dynamic> coding) => coding['system'] == fhirSystem;
}
