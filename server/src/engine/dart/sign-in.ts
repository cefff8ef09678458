import { nameWords } from '../phi/classifier';
import type { Project } from '../workspace';
import type { DartFile } from './model';
import { readStringLiteral } from './strings';
import { fileCallSites } from './file-calls';
import { descendantsOfType, namedChildren, type CallSite } from './syntax';

/**
 * Password sign-in calls of the common Flutter auth SDKs, and the code that handles a second
 * factor challenge for each of them.
 */
export type AuthProvider = 'firebase' | 'amplify' | 'supabase' | 'custom';

export interface SignInCall {
  provider: AuthProvider;
  /** The called method (`signInWithEmailAndPassword`), or the whole callee for a custom post. */
  method: string;
  call: CallSite;
}

const FIREBASE_SIGN_IN = new Set(['signInWithEmailAndPassword', 'signInWithCredential']);
const FIREBASE_MFA = new Set([
  'FirebaseAuthMultiFactorException',
  'MultiFactorResolver',
  'PhoneMultiFactorGenerator',
  'TotpMultiFactorGenerator',
]);
const SUPABASE_MFA = new Set(['challenge', 'verify', 'challengeAndVerify']);
const FIREBASE_LIBRARIES = ['firebase_auth'];
const SUPABASE_LIBRARIES = ['supabase_flutter', 'supabase', 'gotrue'];
const AMPLIFY_LIBRARIES = ['amplify_flutter', 'amplify_auth_cognito'];

export function signInCalls(dart: DartFile, project: Project): SignInCall[] {
  const found: SignInCall[] = [];
  for (const call of fileCallSites(dart)) {
    const provider = providerOf(dart, project, call);
    if (!provider) continue;
    const last = call.callee[call.callee.length - 1];
    const method = provider === 'custom' ? call.callee.join('.') : last;
    found.push({ provider, method, call });
  }
  return found;
}

function providerOf(dart: DartFile, project: Project, call: CallSite): AuthProvider | undefined {
  const names = call.callee;
  const last = names[names.length - 1];
  if (FIREBASE_SIGN_IN.has(last) && usesPackage(dart, project, FIREBASE_LIBRARIES)) {
    return 'firebase';
  }
  if (last === 'signIn' && names[names.length - 2] === 'Auth') {
    if (names[0] === 'Amplify' || usesPackage(dart, project, AMPLIFY_LIBRARIES)) return 'amplify';
  }
  if (last === 'signInWithPassword' && usesPackage(dart, project, SUPABASE_LIBRARIES)) {
    return 'supabase';
  }
  if ((last === 'post' || last === 'postUri') && postsPassword(call) && !isAccountChange(call)) {
    return 'custom';
  }
  return undefined;
}

function usesPackage(dart: DartFile, project: Project, packages: string[]): boolean {
  return packages.some((p) => dart.importsLibrary(p) || project.dependsOn(p));
}

/**
 * True when the request body has a plain `'password'` entry: `body: {'password': p}`. Keys such
 * as `newPassword` belong to password changes, not sign-in.
 */
function postsPassword(call: CallSite): boolean {
  return descendantsOfType(call.args.node, 'pair').some((pair) => {
    const key = namedChildren(pair)[0];
    if (key?.type !== 'string_literal') return false;
    const words = nameWords(readStringLiteral(key).constant ?? '');
    return words.length === 1 && (words[0] === 'password' || words[0] === 'passwd');
  });
}

const ACCOUNT_CHANGE_WORDS = new Set(['register', 'registration', 'signup', 'reset', 'change']);

/** True when the literal URL of the request names sign-up or a password reset or change. */
function isAccountChange(call: CallSite): boolean {
  const first = call.args.positional[0];
  const literals = first ? first.nodes.flatMap((n) => descendantsOfType(n, 'string_literal')) : [];
  return literals.some((literal) => {
    const words = nameWords(readStringLiteral(literal).shape.replace(/\u0000/g, '/'));
    if (words.some((word) => ACCOUNT_CHANGE_WORDS.has(word))) return true;
    return words.join('').includes('signup');
  });
}

/**
 * Text that every name of second-factor handling contains. A file without any of them is
 * skipped without walking its tree; the decision itself is made on the tree.
 */
const SECOND_FACTOR_TEXT = ['factor', 'confirmsignin', 'mfa', 'otp', '2fa'];

/** Lists the providers whose second-factor handling appears in a file. */
export function mfaHandlingIn(dart: DartFile): Set<AuthProvider> {
  const handled = new Set<AuthProvider>();
  const lower = dart.text.toLowerCase();
  if (!SECOND_FACTOR_TEXT.some((text) => lower.includes(text))) return handled;
  const identifiers = descendantsOfType(dart.root, ['identifier', 'type_identifier'])
    .map((n) => n.text);
  if (identifiers.some((name) => FIREBASE_MFA.has(name))) handled.add('firebase');
  if (identifiers.some((name) => name.startsWith('confirmSignInWith'))) handled.add('amplify');
  for (const call of fileCallSites(dart)) {
    const last = call.callee[call.callee.length - 1];
    if (call.callee.includes('multiFactor') && (last === 'enroll' || last === 'getSession')) {
      handled.add('firebase');
    }
    if (last === 'confirmSignIn') handled.add('amplify');
    if (call.callee.includes('mfa') && SUPABASE_MFA.has(last)) handled.add('supabase');
  }
  if (handled.size > 0 || identifiers.some(namesSecondFactor)) handled.add('custom');
  return handled;
}

/** Names such as `verifyOtp`, `mfaCode`, `totpSecret` or `twoFactorToken`. */
function namesSecondFactor(name: string): boolean {
  const words = nameWords(name);
  const joined = words.join('');
  if (words.some((w) => w === 'mfa' || w === 'otp' || w === 'totp' || w === '2fa')) return true;
  return ['twofactor', 'secondfactor', 'multifactor'].some((phrase) => joined.includes(phrase));
}

const cache = new WeakMap<DartFile, Set<AuthProvider>>();

/** Collects the providers whose second factor the project's Dart code handles. */
export function projectMfaHandling(project: Project): Set<AuthProvider> {
  const handled = new Set<AuthProvider>();
  for (const file of project.files('dart')) {
    const dart = file.dart();
    if (!dart) continue;
    let own = cache.get(dart);
    if (!own) {
      own = mfaHandlingIn(dart);
      cache.set(dart, own);
    }
    for (const provider of own) handled.add(provider);
  }
  return handled;
}
