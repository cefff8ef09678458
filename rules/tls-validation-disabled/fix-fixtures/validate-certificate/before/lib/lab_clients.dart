import 'dart:io';

import 'package:dio/dio.dart';
import 'package:dio/io.dart';

// The fix must keep the adapter's other arguments.
Dio adapterWithFactory() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter(
    createHttpClient: () => HttpClient(),
    validateCertificate: (cert, host, port) => true,
  );

Dio noopValidation() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter(
    validateCertificate: (cert, host, port) => true,
  );
