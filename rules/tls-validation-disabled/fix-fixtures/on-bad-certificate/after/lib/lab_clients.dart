import 'dart:io';

import 'package:dio/dio.dart';
import 'package:dio/io.dart';
import 'package:flutter_inappwebview/flutter_inappwebview.dart';
import 'package:http/io_client.dart';
import 'package:webview_flutter/webview_flutter.dart';

// A cascade whose callback starts on the next line: the finding starts at the cascade.
HttpClient imagingClient() => HttpClient()
  ..badCertificateCallback =
      (X509Certificate certificate, String host, int port) => true;

IOClient pharmacyClient() {
  final io = HttpClient();
  io.badCertificateCallback = (certificate, host, port) {
    print('accepting $host');
    return true;
  };
  return IOClient(io);
}

IOClient wrappedClient() => IOClient(
    HttpClient()..badCertificateCallback = (c, h, p) => true);

void legacyDio(Dio dio) {
  // An analyzer directive is not a PHI Guard suppression.
  // ignore: deprecated_member_use
  (dio.httpClientAdapter as IOHttpClientAdapter).onHttpClientCreate = (client) {
    client.badCertificateCallback = (c, h, p) => true;
    return client;
  };
}

Dio stagingDio({bool acceptSelfSigned = false}) {
  final dio = Dio();
  dio.httpClientAdapter = IOHttpClientAdapter(
    createHttpClient: () {
      final client = HttpClient();
      client.badCertificateCallback = (c, h, p) => acceptSelfSigned;
      return client;
    },
  );
  return dio;
}

final staging = stagingDio(acceptSelfSigned: bool.fromEnvironment('STAGING_TLS_OFF'));

Dio openAdapter() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter(
    createHttpClient: () => HttpClient(context: SecurityContext(withTrustedRoots: false)),
    validateCertificate: (cert, host, port) => true,
  );

Dio noopValidation() => Dio()
  ..httpClientAdapter = IOHttpClientAdapter(
    validateCertificate: (cert, host, port) => true,
  );

class TrustAllOverrides extends HttpOverrides {
  @override
  HttpClient createHttpClient(SecurityContext? context) {
    final client = super.createHttpClient(context);
    client.badCertificateCallback = (c, h, p) => true;
    return client;
  }
}

void installOverrides() {
  HttpOverrides.global = TrustAllOverrides();
}

bool _acceptAll(X509Certificate c, String h, int p) => true;

HttpClient namedCallback() => HttpClient()
  ..badCertificateCallback = _acceptAll;

Future<SecureSocket> rawSocket() => SecureSocket.connect(
      'records.clinic.example',
      443,
    );

HttpClient debugOnly() => HttpClient()
  ..badCertificateCallback = (c, h, p) => kDebugMode;

HttpClient stagingHost() => HttpClient()
  ..badCertificateCallback = (c, host, p) => host == 'staging.clinic.example';

InAppWebView portal() => InAppWebView(
      onReceivedServerTrustAuthRequest: (controller, challenge) async {
        return ServerTrustAuthResponse(action: ServerTrustAuthResponseAction.PROCEED);
      },
    );

NavigationDelegate delegate() => NavigationDelegate(
      onSslAuthError: (error) {
        error.proceed();
      },
    );

HttpClient proxied(bool allowInsecure) {
  final client = HttpClient();
  if (allowInsecure) {
    client.badCertificateCallback =
        ((X509Certificate cert, String host, int port) => true);
  }
  return client;
}

HttpClient userToggle(bool trustUserProxy) => HttpClient()
  ..badCertificateCallback = (c, h, p) => trustUserProxy;

HttpClient internalCaller() => buildClient(acceptAny: true);

HttpClient buildClient({bool acceptAny = false}) => HttpClient()
  ..badCertificateCallback = (c, h, p) => acceptAny;
