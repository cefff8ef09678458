import 'dart:convert';

import 'package:http/http.dart' as http;

Future<Map<String, dynamic>> loadChart(String chartId) async {
  final response = await http.get(
    Uri.parse('https://portal.clinic.example/charts/$chartId'),
    headers: {'Accept': 'application/json'},
  );
  return jsonDecode(response.body) as Map<String, dynamic>;
}

Future<void> uploadNote(String note) async {
  final client = http.Client();
  try {
    await client.post(Uri.parse('https://portal.clinic.example/notes'), body: note);
  } finally {
    client.close();
  }
}
