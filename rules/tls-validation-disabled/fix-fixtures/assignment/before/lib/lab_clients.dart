import 'dart:io';

HttpClient pharmacyClient() {
  final io = HttpClient();
  io.badCertificateCallback = (certificate, host, port) {
    print('accepting $host');
    return true;
  };
  return io;
}

HttpClient proxied(bool allowInsecure) {
  final client = HttpClient();
  if (allowInsecure) {
    client.badCertificateCallback =
        ((X509Certificate cert, String host, int port) => true);
  }
  return client;
}

HttpClient staging(bool onStaging) {
  final client = HttpClient();
  if (onStaging) client.badCertificateCallback = (cert, host, port) => true;
  return client;
}

HttpClient labeled(bool trustAll) {
  final client = HttpClient();
  if (trustAll) {
    // Some lab devices use self-signed certificates.
    client.badCertificateCallback = (cert, host, port) => true;
  } else {
    client.connectionTimeout = const Duration(seconds: 5);
  }
  return client;
}

class TrustAllOverrides extends HttpOverrides {
  @override
  HttpClient createHttpClient(SecurityContext? context) {
    final client = super.createHttpClient(context);
    client.badCertificateCallback = (c, h, p) => true;
    return client;
  }
}
