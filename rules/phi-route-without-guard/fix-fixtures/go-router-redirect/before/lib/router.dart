import 'package:go_router/go_router.dart';
import 'screens/screens.dart';

final router = GoRouter(
  routes: [
    GoRoute(
      path: '/summary/:id',
      builder: (context, state) => PatientSummaryScreen(id: state.pathParameters['id']!),
    ),
    GoRoute(
      path: '/clinician-summary/:id',
      redirect: _clinicianOnly,
      builder: (context, state) => PatientSummaryScreen(id: state.pathParameters['id']!),
    ),
  ],
);

String? _clinicianOnly(BuildContext context, GoRouterState state) {
  if (!session.isLoggedIn) return '/login';
  if (!session.hasRole('clinician')) return '/forbidden';
  return null;
}
