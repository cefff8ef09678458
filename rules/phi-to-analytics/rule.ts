import type { DartFile } from '../../server/src/engine/dart/model';
import {
  exprOf,
  type CallSite,
  type Expr,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
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

/** A method of an analytics SDK, and which of its arguments leave the device. */
interface AnalyticsSink {
  sdk: SdkClass;
  label: string;
  method: string;
  /** Arguments sent as they are (an id, a property value, a screen name). */
  values: ArgRef[];
  /** Arguments that contain a map of event properties, whose entries are checked one by one. */
  maps: ArgRef[];
}

const FIREBASE: SdkClass = {
  library: 'firebase_analytics',
  className: 'FirebaseAnalytics',
  accessors: ['instance'],
};
const MIXPANEL: SdkClass = {
  library: 'mixpanel_flutter',
  className: 'Mixpanel',
  accessors: ['init'],
};
const AMPLITUDE: SdkClass = {
  library: 'amplitude_flutter',
  className: 'Amplitude',
  accessors: ['getInstance'],
};
const SEGMENT: SdkClass = {
  library: 'flutter_segment',
  className: 'Segment',
  accessors: [],
  staticMethods: true,
};

function sink(sdk: SdkClass, method: string, values: ArgRef[], maps: ArgRef[]): AnalyticsSink {
  return { sdk, label: `${sdk.className}.${method}`, method, values, maps };
}

const SINKS: AnalyticsSink[] = [
  sink(FIREBASE, 'logEvent', [], ['parameters']),
  sink(FIREBASE, 'setUserProperty', ['value'], []),
  sink(FIREBASE, 'setUserId', ['id'], []),
  sink(FIREBASE, 'logScreenView', ['screenName', 'screenClass'], ['parameters']),
  sink(FIREBASE, 'setDefaultEventParameters', [], [0]),
  sink(MIXPANEL, 'track', [0], ['properties']),
  sink(MIXPANEL, 'identify', [0], []),
  sink(MIXPANEL, 'registerSuperProperties', [], [0]),
  sink(AMPLITUDE, 'logEvent', [0], ['eventProperties']),
  sink(AMPLITUDE, 'setUserId', [0], []),
  sink(AMPLITUDE, 'setUserProperties', [], [0]),
  sink(SEGMENT, 'track', ['eventName'], ['properties']),
  sink(SEGMENT, 'identify', ['userId'], ['traits']),
  sink(SEGMENT, 'screen', ['screenName'], ['properties']),
];

export default defineRule({
  meta: {
    id: 'phi-to-analytics',
    summary: 'A PHI value is sent to an analytics SDK as an event property, user id or screen.',
    category: 'side-channels',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(a)(1)'],
    masvs: ['MASVS-PRIVACY-1', 'MASVS-STORAGE-2'],
    cwe: [359],
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
      if (found) checkCall(context, dart, call, found);
    }
  },
});

function sinkOf(call: CallSite, dart: DartFile, flow: PhiFlow): AnalyticsSink | undefined {
  const method = call.callee[call.callee.length - 1];
  const candidates = SINKS.filter(
    (candidate) => candidate.method === method && dart.importsLibrary(candidate.sdk.library),
  );
  return candidates.find((candidate) => callsSdk(call, candidate.sdk, dart, flow));
}

function checkCall(
  context: RuleContext,
  dart: DartFile,
  call: CallSite,
  found: AnalyticsSink,
): void {
  for (const ref of found.values) {
    const arg = argument(call, ref);
    if (arg) reportIfPhi(context, dart, found, arg, arg);
  }
  for (const ref of found.maps) {
    const arg = argument(call, ref);
    if (arg) checkProperties(context, dart, found, arg);
  }
}

/** Checks a map literal entry by entry, so the finding points at the entry that leaks. */
function checkProperties(
  context: RuleContext,
  dart: DartFile,
  found: AnalyticsSink,
  arg: Expr,
): void {
  const literal = arg.nodes.length === 1 ? arg.nodes[0] : undefined;
  if (literal?.type !== 'set_or_map_literal') {
    reportIfPhi(context, dart, found, arg, arg);
    return;
  }
  for (const element of literal.namedChildren) {
    if (!element || element.type === 'comment' || element.type === 'type_arguments') continue;
    const value = element.type === 'pair' ? pairValue(element) : exprOf([element]);
    if (value) reportIfPhi(context, dart, found, value, exprOf([element])!);
  }
}

/** Returns the value of a map entry: the nodes after its colon. */
function pairValue(pair: SyntaxNode): Expr | undefined {
  const colon = pair.children.findIndex((c) => c?.type === ':');
  if (colon < 0) return undefined;
  const nodes = pair.children.slice(colon + 1).filter((c): c is SyntaxNode => !!c?.isNamed);
  return exprOf(nodes.filter((c) => c.type !== 'comment'));
}

const ANALYTICS_ADVICE =
  'Analytics vendors store this value, so send a coarse category or a pseudonymous id.';

function reportIfPhi(
  context: RuleContext,
  dart: DartFile,
  found: AnalyticsSink,
  value: Expr,
  at: Expr,
): void {
  const sink = { label: found.label, destination: 'analytics', advice: ANALYTICS_ADVICE };
  reportPhiSink(context, dart, sink, value, at);
}
