import 'dart:math' as math;
import 'dart:typed_data';

import 'package:encrypt/encrypt.dart' as enc;

final _rng = math.Random();

String sessionToken() =>
    List.generate(32, (_) => _rng.nextInt(16).toRadixString(16)).join();

String generateOtp() => math.Random().nextInt(900000).toString().padLeft(6, '0');

enc.IV freshIv() {
  final r = math.Random();
  return enc.IV(Uint8List.fromList(List.generate(16, (_) => r.nextInt(256))));
}
