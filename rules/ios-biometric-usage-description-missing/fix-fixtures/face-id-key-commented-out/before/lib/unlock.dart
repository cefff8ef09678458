import 'package:local_auth/local_auth.dart';

class RecordLock {
  final LocalAuthentication _biometrics = LocalAuthentication();

  Future<bool> open() => _biometrics.authenticate(
        localizedReason: 'Confirm it is you to open your records',
        options: const AuthenticationOptions(biometricOnly: true),
      );
}
