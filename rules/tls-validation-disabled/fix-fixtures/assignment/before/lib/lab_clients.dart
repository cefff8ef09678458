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

class TrustAllOverrides extends HttpOverrides {
  @override
  HttpClient createHttpClient(SecurityContext? context) {
    final client = super.createHttpClient(context);
    client.badCertificateCallback = (c, h, p) => true;
    return client;
  }
}
