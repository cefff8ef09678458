import type { DartFile } from '../../server/src/engine/dart/model';
import type { CallSite, Expr } from '../../server/src/engine/dart/syntax';
import {
  dartCallSites,
  isGeneratedDart,
  phiFlow,
  type PhiFlow,
} from '../../server/src/engine/phi';
import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';
import {
  argumentOf as argument,
  callsSdk,
  reportPhiSink,
  type ArgRef,
  type SdkClass,
} from '../../server/src/engine/dart/telemetry';
import { checkSentryOptions } from './sentry-options';

interface CrashSink {
  sdk: SdkClass;
  label: string;
  method: string;
  /** Arguments that end up in the crash report. */
  args: ArgRef[];
}

const CRASHLYTICS: SdkClass = {
  library: 'firebase_crashlytics',
  className: 'FirebaseCrashlytics',
  accessors: ['instance'],
};
const SENTRY: SdkClass = {
  library: 'sentry_flutter',
  className: 'Sentry',
  accessors: [],
  staticMethods: true,
};
const SENTRY_DART: SdkClass = { ...SENTRY, library: 'sentry' };

function sink(sdk: SdkClass, method: string, args: ArgRef[]): CrashSink {
  return { sdk, label: `${sdk.className}.${method}`, method, args };
}

const SINKS: CrashSink[] = [
  sink(CRASHLYTICS, 'setUserIdentifier', [0]),
  // Key names are constants chosen by the developer, so only the value is checked.
  sink(CRASHLYTICS, 'setCustomKey', [1]),
  sink(CRASHLYTICS, 'log', [0]),
  sink(CRASHLYTICS, 'recordError', [0, 'reason', 'information']),
  sink(CRASHLYTICS, 'recordFlutterError', [0]),
  ...[SENTRY, SENTRY_DART].flatMap((sdk) => [
    sink(sdk, 'captureMessage', [0]),
    sink(sdk, 'captureException', [0]),
  ]),
];

/** Named arguments of `SentryUser(...)` that identify the person. */
const SENTRY_USER_FIELDS = ['id', 'email', 'username', 'name', 'ipAddress', 'data'];

export default defineRule({
  meta: {
    id: 'phi-to-crash-reporter',
    summary: 'A PHI value or PII setting reaches a crash reporter (Crashlytics, Sentry).',
    category: 'side-channels',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(a)(1)'],
    masvs: ['MASVS-STORAGE-2', 'MASVS-PRIVACY-1'],
    cwe: [359, 532],
    wave: 2,
    fix: 'none',
  },
  check(context) {
    if (isGeneratedDart(context.file.path)) return;
    const dart = context.file.dart();
    const flow = dart ? phiFlow(dart, context.config) : undefined;
    if (!dart || !flow) return;
    for (const call of dartCallSites(dart)) {
      const found = sinkOf(call, dart, flow);
      if (found) checkArgs(context, dart, call, found.label, found.args);
      else if (isSentryUser(call, dart)) {
        checkArgs(context, dart, call, 'SentryUser', SENTRY_USER_FIELDS);
      }
    }
    checkSentryOptions(context, dart);
  },
});

function sinkOf(call: CallSite, dart: DartFile, flow: PhiFlow): CrashSink | undefined {
  const method = call.callee[call.callee.length - 1];
  const candidates = SINKS.filter(
    (candidate) => candidate.method === method && dart.importsLibrary(candidate.sdk.library),
  );
  return candidates.find((candidate) => callsSdk(call, candidate.sdk, dart, flow));
}

function isSentryUser(call: CallSite, dart: DartFile): boolean {
  if (call.receiver.length > 0 || call.callee[call.callee.length - 1] !== 'SentryUser') {
    return false;
  }
  return ['sentry_flutter', 'sentry'].some((lib) => dart.refersTo(call.callee, lib, 'SentryUser'));
}

function checkArgs(
  context: RuleContext,
  dart: DartFile,
  call: CallSite,
  label: string,
  refs: ArgRef[],
): void {
  for (const ref of refs) {
    const arg = argument(call, ref);
    if (arg) reportIfPhi(context, dart, label, arg);
  }
}

const CRASH_ADVICE =
  'Crash reports leave the device, so send a pseudonymous id or a generic text instead.';

function reportIfPhi(context: RuleContext, dart: DartFile, label: string, arg: Expr): void {
  const sink = { label, destination: 'a crash reporter', advice: CRASH_ADVICE };
  reportPhiSink(context, dart, sink, arg);
}
