import 'dart:math';

import 'package:firebase_auth/firebase_auth.dart';
import 'package:local_auth/local_auth.dart';

/// Clinician sign-in, the role claim, and the biometric unlock of a running session.
class AuthService {
  AuthService({FirebaseAuth? auth}) : _auth = auth ?? FirebaseAuth.instance;

  final FirebaseAuth _auth;
  final _localAuth = LocalAuthentication();

  bool get isSignedIn => _auth.currentUser != null;

  /// Signs in with email and password only; no second factor is ever asked for.
  Future<User?> signIn(String email, String password) async {
    // expect: mfa-not-enforced
    final credential = await _auth.signInWithEmailAndPassword(
      email: email,
      password: password,
    );
    return credential.user;
  }

  /// Returns whether the identity backend gave the signed-in user the clinician role.
  Future<bool> hasClinicianRole() async {
    final result = await _auth.currentUser?.getIdTokenResult();
    return result?.claims?['role'] == 'clinician';
  }

  /// Six-digit code that the SMS gateway sends when a clinician registers a new device.
  String generateOtp() {
    // expect: insecure-random-for-security
    final otp = List.generate(6, (_) => Random().nextInt(10)).join();
    return otp;
  }

  Future<bool> unlock() {
    return _localAuth.authenticate(localizedReason: 'Unlock patient records');
  }

  Future<void> signOut() => _auth.signOut();
}
