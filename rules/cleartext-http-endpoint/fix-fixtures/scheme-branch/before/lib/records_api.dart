import 'package:http/http.dart' as http;

Future<http.Response> vitals(String id, {bool useTls = true}) =>
    http.get(Uri.parse('${useTls ? 'https' : 'http'}://records.clinic.example/vitals/$id'));
