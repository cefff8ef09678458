import 'dart:io';

import 'package:http/io_client.dart';

// The cascade starts on its own line and its callback on the line after.
HttpClient imagingClient() => HttpClient();

IOClient wrappedClient() => IOClient(
    HttpClient());

bool _acceptAll(X509Certificate c, String h, int p) => true;

HttpClient namedCallback() => HttpClient();
