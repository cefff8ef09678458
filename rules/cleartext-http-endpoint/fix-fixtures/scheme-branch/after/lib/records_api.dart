import 'package:http/http.dart' as http;

Future<http.Response> vitals(String id, {bool useTls = true}) =>
    http.get(Uri.parse('https://records.clinic.example/vitals/$id'));
