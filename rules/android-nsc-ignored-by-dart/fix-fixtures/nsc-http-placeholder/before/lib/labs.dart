import 'package:http/http.dart' as http;

Future<String> latestResult(String patientId) =>
    http.read(Uri.https('labs.clinic.example', '/results/$patientId/latest'));
