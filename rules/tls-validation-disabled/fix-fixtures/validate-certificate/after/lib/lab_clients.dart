import 'dart:io';

import 'package:dio/dio.dart';
import 'package:dio/io.dart';

// The fix must keep the adapter's other arguments.
Dio adapterWithFactory() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter(
    createHttpClient: () => HttpClient(),
  );

Dio noopValidation() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter();
