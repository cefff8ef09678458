import 'package:dio/dio.dart';
import 'package:http/http.dart' as http;
import 'package:web_socket_channel/web_socket_channel.dart';

const recordsBase = 'http://records.clinic.example/api';

final dio = Dio(BaseOptions(baseUrl: recordsBase));

// Never requested in this file, so the severity is lower.
const archiveUrl = 'http://archive.clinic.example/v2';

Future<http.Response> allergies(String patientId) => http.get(
    Uri.http('records.clinic.example', '/allergies', {'patient': patientId}));

Future<http.Response> notes(String server, String id) =>
    http.get(Uri.parse('http://$server/notes/$id'));

Future<http.Response> labs(String id) =>
    http.get(Uri.parse('http://' 'records.clinic.example' '/labs/$id'));

Future<http.Response> vitals(String id, {bool useTls = true}) =>
    http.get(Uri.parse('${useTls ? 'https' : 'http'}://records.clinic.example/vitals/$id'));

Future<http.Response> imaging(String host, String id) =>
    http.get(Uri.parse('http://' + host + '/imaging/' + id));

Uri chartUri(String id) => Uri.parse('http://records.clinic.example/chart/$id');

Future<http.Response> chart(String id) => http.get(chartUri(id));

WebSocketChannel vitalsStream() =>
    WebSocketChannel.connect(Uri.parse('ws://monitor.clinic.example/stream'));

final reports = Uri(scheme: 'http', host: 'reports.clinic.example', path: '/v1');

class Attachment {
  Attachment(this.url);

  // A model field named url stores a link and sends nothing, so this is not a request.
  String url;

  void reset() {
    url = 'http://files.clinic.example/placeholder.png';
  }
}
