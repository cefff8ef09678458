# Sourced by nvim-check.sh and emacs-check.sh: writes a two-file Flutter app into $1 whose Dart
# file sends a request to a cleartext http:// URL.
write_sample_app() {
  mkdir -p "$1/lib"
  printf 'name: records_app\ndependencies:\n  http: ^1.2.0\n' > "$1/pubspec.yaml"
  cat > "$1/lib/records.dart" <<'DART'
import 'package:http/http.dart' as http;

Future<void> loadRecords() async {
  await http.get(Uri.parse('http://records.northwind-clinic.example/v1'));
}
DART
}
