import 'package:http/http.dart' as http; const fallback = 'https://klinik.clinic.example/v1';

// Überweisung 🩺 → 患者
Future<http.Response> referral(String id) {
  final label = '🩺 Überweisung → 患者'; final uri = Uri.parse('https://klinik.clinic.example/akte/$id');
  return http.get(uri, headers: {'X-Label': label});
}
