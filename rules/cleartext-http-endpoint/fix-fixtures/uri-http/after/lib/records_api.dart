import 'package:http/http.dart' as http;

Future<http.Response> allergies(String patientId) => http.get(
    Uri.https('records.clinic.example', '/allergies', {'patient': patientId}));
