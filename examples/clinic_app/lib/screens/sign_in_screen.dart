import 'package:flutter/material.dart';
import 'package:go_router/go_router.dart';

import '../services/auth.dart';
import '../services/storage.dart';

class SignInScreen extends StatefulWidget {
  const SignInScreen({super.key});

  @override
  State<SignInScreen> createState() => _SignInScreenState();
}

/// Shows only what the clinician types; the password field is obscured.
// ok: screenshot-and-app-switcher-exposure
class _SignInScreenState extends State<SignInScreen> {
  final _email = TextEditingController();
  final _password = TextEditingController();
  final _auth = AuthService();
  String? _error;

  Future<void> _submit() async {
    final user = await _auth.signIn(_email.text.trim(), _password.text);
    if (user == null) {
      setState(() => _error = 'Email or password is wrong.');
      return;
    }
    final idToken = await user.getIdToken();
    await ClinicStorage().saveSession(idToken ?? '', user.refreshToken ?? '');
    if (mounted) context.go('/patients');
  }

  @override
  void dispose() {
    _email.dispose();
    _password.dispose();
    super.dispose();
  }

  @override
  Widget build(BuildContext context) {
    return Scaffold(
      body: Padding(
        padding: const EdgeInsets.all(24),
        child: Column(
          mainAxisAlignment: MainAxisAlignment.center,
          children: [
            TextField(
              controller: _email,
              keyboardType: TextInputType.emailAddress,
              decoration: const InputDecoration(labelText: 'Email'),
            ),
            TextField(
              controller: _password,
              obscureText: true,
              enableSuggestions: false,
              autocorrect: false,
              enableIMEPersonalizedLearning: false,
              decoration: InputDecoration(labelText: 'Password', errorText: _error),
            ),
            const SizedBox(height: 16),
            FilledButton(onPressed: _submit, child: const Text('Sign in')),
          ],
        ),
      ),
    );
  }
}
