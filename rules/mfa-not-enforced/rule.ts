import {
  projectMfaHandling,
  signInCalls,
  type AuthProvider,
} from '../../server/src/engine/dart/sign-in';
import { defineRule } from '../../server/src/engine/rule-api';

/** What each provider expects the app to do when the account has a second factor. */
const EXPECTED_RESOLVER: Record<AuthProvider, string> = {
  firebase:
    'Catch FirebaseAuthMultiFactorException here and finish sign-in with its MultiFactorResolver.',
  amplify:
    'Read the result nextStep.signInStep and answer MFA steps with Amplify.Auth.confirmSignIn.',
  supabase:
    'After this call, check the assurance level and run auth.mfa.challenge and auth.mfa.verify.',
  custom:
    'Have the server require a second factor and handle its one-time code challenge here.',
};

export default defineRule({
  meta: {
    id: 'mfa-not-enforced',
    summary: 'The app signs users in with a password and handles no second factor.',
    category: 'identity-and-access',
    defaultSeverity: 'warning',
    fileKinds: ['dart'],
    reads: ['dart', 'pubspec'],
    hipaa: ['(d)'],
    masvs: ['MASVS-AUTH-1', 'MASVS-AUTH-3'],
    cwe: [308],
    wave: 1,
    fix: 'none',
  },
  check(context) {
    if (!context.config.auth.requireMfa) return;
    const dart = context.file.dart();
    if (!dart) return;
    const calls = signInCalls(dart, context.project);
    if (calls.length === 0) return;
    const handled = projectMfaHandling(context.project);
    const source = context.file.source;
    for (const signIn of calls) {
      if (handled.has(signIn.provider)) continue;
      const range = source.rangeOf(signIn.call.nameNode.startIndex, signIn.call.endIndex);
      context.report({
        range,
        message: `${signIn.method} signs users in, but the app handles no second factor.`,
        related: [{ path: context.file.path, range, message: EXPECTED_RESOLVER[signIn.provider] }],
      });
    }
  },
});
