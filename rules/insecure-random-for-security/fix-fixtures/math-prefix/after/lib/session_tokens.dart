import 'dart:convert';
import 'dart:math' as math;
import 'dart:typed_data';

import 'package:encrypt/encrypt.dart' as enc;

final _rng = math.Random.secure();

String sessionToken() =>
    List.generate(32, (_) => _rng.nextInt(16).toRadixString(16)).join();

String generateOtp() => math.Random.secure().nextInt(900000).toString().padLeft(6, '0');

enc.IV freshIv() {
  final r = math.Random.secure();
  return enc.IV(Uint8List.fromList(List.generate(16, (_) => r.nextInt(256))));
}

class PasswordResetService {
  final math.Random _random = math.Random(42);

  String newResetCode() {
    final digits = List.generate(8, (_) => _random.nextInt(10));
    return digits.join();
  }
}

String wrapRecord(String record) {
  final source = math.Random.secure();
  final bytes = List<int>.generate(32, (_) => source.nextInt(256));
  final salt = base64Url.encode(bytes);
  return '$salt:$record';
}

List<int> databaseKeyBytes() {
  final bytes = List<int>.generate(
    32,
    (i) => DateTime.now().millisecondsSinceEpoch + i,
  );
  final key = base64.encode(bytes);
  return utf8.encode(key);
}
