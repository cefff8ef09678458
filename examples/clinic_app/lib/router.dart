import 'dart:async';

import 'package:flutter/widgets.dart';
import 'package:go_router/go_router.dart';

import 'models/patient.dart';
import 'screens/lab_results_screen.dart';
import 'screens/patient_list_screen.dart';
import 'screens/sign_in_screen.dart';
import 'services/auth.dart';

final router = GoRouter(
  initialLocation: '/patients',
  routes: [
    // Signing in must work without being signed in.
    // ok: phi-route-without-guard
    GoRoute(path: '/sign-in', builder: (context, state) => const SignInScreen()),
    // ok: phi-route-without-guard
    GoRoute(
      path: '/patients',
      redirect: requireClinician,
      builder: (context, state) => const PatientListScreen(),
    ),
    // The lab results route was added later and has no redirect of its own.
    // expect: phi-route-without-guard
    GoRoute(path: '/labs/:orderId', builder: (context, state) {
      return LabResultsScreen(
        orderId: state.pathParameters['orderId']!,
        patient: state.extra! as Patient,
      );
    }),
  ],
);

/// Sends anyone who is not a signed-in clinician to the sign-in screen.
FutureOr<String?> requireClinician(BuildContext context, GoRouterState state) async {
  final auth = AuthService();
  if (!auth.isSignedIn) return '/sign-in';
  return await auth.hasClinicianRole() ? null : '/sign-in';
}
