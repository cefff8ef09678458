import 'dart:convert';
import 'dart:io';
import 'dart:math';

// The handshake nonce travels in clear text and only proves the server read the request:
// a note, not an error.
Future<HttpClientRequest> upgrade(HttpClient client, Uri url) async {
  final r = Random.secure();
  final key = base64.encode(List<int>.generate(16, (_) => r.nextInt(255)));
  final request = await client.getUrl(url);
  request.headers.add('Connection', 'Upgrade');
  request.headers.add('Upgrade', 'websocket');
  request.headers.add('Sec-WebSocket-Key', key.toLowerCase());
  return request;
}

Map<String, String> handshakeHeaders() {
  final random = Random.secure();
  final key = base64.encode(List<int>.generate(16, (_) => random.nextInt(256)));
  return {'Upgrade': 'websocket', 'Sec-WebSocket-Key': key};
}
