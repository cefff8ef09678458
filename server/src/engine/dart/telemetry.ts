/**
 * Resolves the receiver of an SDK call (`_crash.log`, `FirebaseAnalytics.instance.logEvent`,
 * `Amplitude.getInstance().logEvent`) to the SDK class it belongs to, through the file's imports.
 * Also reads a call's arguments and reports PHI that reaches one. Shared by the telemetry rules
 * (phi-to-analytics, phi-to-crash-reporter).
 */
import { describeKind, phiOf, traceRelated, type PhiFlow } from '../phi';
import type { RuleContext } from '../rule-api';
import type { DartFile } from './model';
import {
  leadingNames,
  segmentsOf,
  exprOf,
  type CallSite,
  type Expr,
  type Segment,
  type SyntaxNode,
} from './syntax';

/** An SDK class and the ways to reach an instance of it. */
export interface SdkClass {
  library: string;
  className: string;
  /** Static members that return an instance: `instance`, `getInstance`, `init`. */
  accessors: string[];
  /** True when the SDK's methods are static, as in `Segment.track(...)`. */
  staticMethods?: boolean;
}

/** Checks whether the call's receiver is an instance (or, for static SDKs, the class) of `sdk`. */
export function callsSdk(call: CallSite, sdk: SdkClass, dart: DartFile, flow: PhiFlow): boolean {
  const names = call.callee.slice(0, -1);
  if (names[0] === '..') return false;
  if (call.receiver.length > 0) return segmentsReachSdk(call.receiver, sdk, dart);
  if (namesReachSdk(names, sdk, dart)) return true;
  if (names.length !== 1) return false;
  return bindingReachesSdk(call.nameNode, names[0], sdk, dart, flow);
}

/** Checks for `FirebaseAnalytics.instance`, `fa.FirebaseAnalytics.instance` or `Segment`. */
function namesReachSdk(names: string[], sdk: SdkClass, dart: DartFile): boolean {
  if (sdk.staticMethods && refersToClass(names, sdk, dart)) return true;
  const last = names[names.length - 1];
  if (names.length < 2 || !sdk.accessors.includes(last)) return false;
  return refersToClass(names.slice(0, -1), sdk, dart);
}

function refersToClass(names: string[], sdk: SdkClass, dart: DartFile): boolean {
  return names.length > 0 && dart.refersTo(names, sdk.library, sdk.className);
}

/** Checks a chain such as `Amplitude.getInstance()` or `Mixpanel.init('token')`. */
function segmentsReachSdk(segments: Segment[], sdk: SdkClass, dart: DartFile): boolean {
  const names = leadingNames(segments);
  if (namesReachSdk(names, sdk, dart)) return true;
  // A constructor call such as `Mixpanel(...)` also gives an instance.
  return segments[names.length]?.kind === 'call' && refersToClass(names, sdk, dart);
}

/** Checks for a variable, field or parameter of the SDK type or initialised from it. */
function bindingReachesSdk(
  use: SyntaxNode,
  name: string,
  sdk: SdkClass,
  dart: DartFile,
  flow: PhiFlow,
): boolean {
  const binding = flow.scope.resolve(use, name);
  if (binding?.kind === 'param') return typeIsSdk(binding.param.type?.name, sdk, dart);
  if (binding?.kind !== 'variable' && binding?.kind !== 'field') return false;
  if (typeIsSdk(binding.field.type?.name, sdk, dart)) return true;
  const initializer = exprOf(unwrapAwait(binding.field.initializer));
  return initializer ? segmentsReachSdk(segmentsOf(initializer), sdk, dart) : false;
}

function typeIsSdk(typeName: string | undefined, sdk: SdkClass, dart: DartFile): boolean {
  return typeName !== undefined && refersToClass(typeName.split('.'), sdk, dart);
}

/** Returns the chain inside `await Mixpanel.init(...)`, which the await expression wraps. */
function unwrapAwait(nodes: SyntaxNode[]): SyntaxNode[] {
  let current = nodes;
  while (current.length === 1 && WRAPPERS.has(current[0].type)) {
    current = current[0].namedChildren.filter(
      (c): c is SyntaxNode => c !== null && c.type !== 'await',
    );
  }
  return current;
}

const WRAPPERS = new Set(['unary_expression', 'await_expression', 'parenthesized_expression']);

/** An argument by position (0-based) or by name. */
export type ArgRef = number | string;

export function argumentOf(call: CallSite, ref: ArgRef): Expr | undefined {
  if (typeof ref === 'number') return call.args.positional[ref];
  return call.args.named.get(ref)?.expr;
}

export interface PhiSinkReport {
  /** The SDK call as the message names it, such as `FirebaseCrashlytics.log`. */
  label: string;
  /** Where the data goes, for the message: `analytics`, `a crash reporter`. */
  destination: string;
  /** One sentence on what to send instead, shown as related information. */
  advice: string;
}

/**
 * Reports `value` when the PHI analysis classifies it as PHI or a secret, at `at` (the argument
 * or map entry at fault), with the data-flow path and the advice as related information.
 */
export function reportPhiSink(
  context: RuleContext,
  dart: DartFile,
  sink: PhiSinkReport,
  value: Expr,
  at: Expr = value,
): void {
  const trace = phiOf(value, dart, context.config);
  if (!trace) return;
  const range = dart.source.rangeOf(at.startIndex, at.endIndex);
  const related = traceRelated(trace, context.file);
  related.push({ path: context.file.path, range, message: sink.advice });
  context.report({
    range,
    message: `\`${sink.label}\` sends ${describeKind(trace)} (${trace.term}) to ${sink.destination}.`,
    related,
  });
}
