import 'dart:math' as math;

class PasswordResetService {
  final math.Random _random = math.Random(42);

  String newResetCode() {
    final digits = List.generate(8, (_) => _random.nextInt(10));
    return digits.join();
  }
}
