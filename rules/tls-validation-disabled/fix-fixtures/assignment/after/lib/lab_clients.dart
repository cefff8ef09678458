import 'dart:io';

HttpClient pharmacyClient() {
  final io = HttpClient();
  return io;
}

HttpClient proxied(bool allowInsecure) {
  final client = HttpClient();
  return client;
}

HttpClient staging(bool onStaging) {
  final client = HttpClient();
  return client;
}

HttpClient labeled(bool trustAll) {
  final client = HttpClient();
  if (trustAll) {
    // Some lab devices use self-signed certificates.
  } else {
    client.connectionTimeout = const Duration(seconds: 5);
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
