import 'dart:io';

import 'package:dio/dio.dart';
import 'package:dio/io.dart';
import 'package:flutter/foundation.dart';

HttpClient imagingClient() => HttpClient()
  ..badCertificateCallback =
      (X509Certificate certificate, String host, int port) => kDebugMode && (host == 'localhost' || host == '10.0.2.2');

HttpClient pharmacyClient() {
  final io = HttpClient();
  io.badCertificateCallback = (certificate, host, port) {
    print('accepting $host');
    return kDebugMode && (host == 'localhost' || host == '10.0.2.2');
  };
  return io;
}

HttpClient singleLetterParameters() => HttpClient()..badCertificateCallback = (c, h, p) => kDebugMode && (h == 'localhost' || h == '10.0.2.2');

Dio noopValidation() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter(
    validateCertificate: (cert, host, port) => kDebugMode && (host == 'localhost' || host == '10.0.2.2'),
  );

bool _acceptAll(X509Certificate c, String h, int p) => kDebugMode && (h == 'localhost' || h == '10.0.2.2');

HttpClient namedCallback() => HttpClient()
  ..badCertificateCallback = _acceptAll;
