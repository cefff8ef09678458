import { nameWords } from '../phi/classifier';
import type { Project } from '../workspace';
import type { DartFile } from './model';
import { routesIn, type RouteRegistration } from './routes';
import { signInCalls } from './sign-in';
import { readStringLiteral } from './strings';
import { descendantsOfType } from './syntax';

/**
 * Words of the first fixed part of a route path, or of a screen name, that make the route a
 * step of signing in (`/login`, `/verification_code/:email`, `SplashScreen`). Those routes run
 * before anyone is signed in, so asking them to check sign-in makes no sense.
 */
const SIGN_IN_WORDS = new Set([
  'login', 'logon', 'signin', 'signup', 'register', 'registration', 'onboarding', 'splash',
  'otp', 'verification', 'verify', 'forgot', 'auth', 'authentication',
]);

/** Word pairs that spell a sign-in step in two words: `sign-in`, `log_in`, `sign_up`. */
const SIGN_IN_PAIRS = new Set(['sign in', 'log in', 'sign up', 'reset password']);

/** True when the route is part of signing in, judged by its path or else by its screens. */
export function isSignInRoute(route: RouteRegistration): boolean {
  return routeNamed(route, (name) => namesSignIn(name, SIGN_IN_WORDS));
}

/**
 * Words that only an app with accounts uses. Onboarding and splash screens run before sign-in
 * when there is one, but apps without accounts have them too.
 */
const ACCOUNT_WORDS = new Set(
  [...SIGN_IN_WORDS].filter((word) => word !== 'onboarding' && word !== 'splash'),
);

function routeNamed(route: RouteRegistration, test: (name: string) => boolean): boolean {
  if (route.path !== undefined) {
    const first = route.path.split('/').find((part) => part !== '' && !part.startsWith(':'));
    return first !== undefined && test(first);
  }
  return route.screens.length > 0 && route.screens.every(test);
}

function namesSignIn(name: string, vocabulary: Set<string>): boolean {
  const words = nameWords(name);
  if (words.some((word) => vocabulary.has(word))) return true;
  return words.some((word, i) => SIGN_IN_PAIRS.has(`${word} ${words[i + 1]}`));
}

/**
 * Packages that sign users in or lock the app. `google_sign_in` and `oauth2` are left out: apps
 * use them to reach a cloud drive for backups as often as to sign in to the app itself.
 */
const SIGN_IN_PACKAGES = [
  'firebase_auth', 'firebase_ui_auth', 'supabase_flutter', 'supabase', 'gotrue',
  'amplify_auth_cognito', 'flutter_appauth', 'auth0_flutter', 'msal_flutter', 'aad_oauth',
  'local_auth', 'keycloak_wrapper',
];

/**
 * Class names of sign-in screens and routes (`LoginScreen`, `SignInPage`, `LoginRoute`). Names of
 * sign-in state (`isSignedIn`) do not count: apps keep those for a cloud drive used for backups.
 */
const SCREEN_PHRASES = ['loginscreen', 'loginpage', 'loginview', 'loginroute', 'signinscreen',
  'signinpage', 'signinview', 'signinroute'];
const SCREEN_TEXT = ['login', 'signin'];

/**
 * True when the app has any way to sign users in: an auth package, a password sign-in call, a
 * route or screen of the sign-in flow, or a redirect to one. An app with none has no session
 * for a route guard to check. The route rule also counts a guard that checks sign-in.
 */
export function projectHasSignIn(project: Project): boolean {
  if (SIGN_IN_PACKAGES.some((name) => project.dependsOn(name))) return true;
  return project.files('dart').some((file) => {
    const dart: DartFile | undefined = file.dart();
    if (!dart) return false;
    const accountRoute = (route: RouteRegistration) =>
      routeNamed(route, (name) => namesSignIn(name, ACCOUNT_WORDS));
    if (routesIn(dart).some(accountRoute) || signInCalls(dart, project).length > 0) return true;
    return namesSignInScreen(dart) || redirectsToSignIn(dart);
  });
}

function namesSignInScreen(dart: DartFile): boolean {
  const lower = dart.text.toLowerCase();
  if (!SCREEN_TEXT.some((text) => lower.includes(text))) return false;
  return descendantsOfType(dart.root, ['identifier', 'type_identifier']).some((node) => {
    if (!/^[A-Z]/.test(node.text)) return false;
    const joined = nameWords(node.text).join('');
    return SCREEN_PHRASES.some((phrase) => joined.includes(phrase));
  });
}

/** Checks for a string such as `'/login'` that a redirect or navigation call sends users to. */
function redirectsToSignIn(dart: DartFile): boolean {
  return descendantsOfType(dart.root, 'string_literal').some((node) => {
    const value = readStringLiteral(node).constant;
    if (!value || !value.startsWith('/') || value.length > 40) return false;
    const first = value.split('/').find((part) => part !== '');
    return first !== undefined && !first.startsWith(':') && namesSignIn(first, ACCOUNT_WORDS);
  });
}
