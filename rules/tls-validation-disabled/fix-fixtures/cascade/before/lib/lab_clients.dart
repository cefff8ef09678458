import 'dart:io';

import 'package:http/io_client.dart';

// The cascade starts on its own line and its callback on the line after.
HttpClient imagingClient() => HttpClient()
  ..badCertificateCallback =
      (X509Certificate certificate, String host, int port) => true;

IOClient wrappedClient() => IOClient(
    HttpClient()..badCertificateCallback = (c, h, p) => true);

bool _acceptAll(X509Certificate c, String h, int p) => true;

HttpClient namedCallback() => HttpClient()
  ..badCertificateCallback = _acceptAll;
