import 'dart:io';

import 'package:dio/dio.dart';
import 'package:dio/io.dart';

HttpClient imagingClient() => HttpClient()
  ..badCertificateCallback =
      (X509Certificate certificate, String host, int port) => true;

HttpClient pharmacyClient() {
  final io = HttpClient();
  io.badCertificateCallback = (certificate, host, port) {
    print('accepting $host');
    return true;
  };
  return io;
}

HttpClient singleLetterParameters() => HttpClient()..badCertificateCallback = (c, h, p) => true;

Dio noopValidation() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter(
    validateCertificate: (cert, host, port) => true,
  );

bool _acceptAll(X509Certificate c, String h, int p) => true;

HttpClient namedCallback() => HttpClient()
  ..badCertificateCallback = _acceptAll;
