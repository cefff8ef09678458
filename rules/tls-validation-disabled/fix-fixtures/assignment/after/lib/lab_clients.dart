import 'dart:io';

HttpClient pharmacyClient() {
  final io = HttpClient();
  return io;
}

HttpClient proxied(bool allowInsecure) {
  final client = HttpClient();
  if (allowInsecure) {
  }
  return client;
}

class TrustAllOverrides extends HttpOverrides {
  @override
  HttpClient createHttpClient(SecurityContext? context) {
    final client = super.createHttpClient(context);
    return client;
  }
}
