import type { DartFile } from '../../server/src/engine/dart/model';
import {
  exprOf,
  leadingNames,
  segmentsOf,
  valueExpr,
  type CallSite,
  type Expr,
  type Segment,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import {
  dartCallSites,
  isGeneratedDart,
  phiFlow,
  phiOf,
  traceRelated,
  type PhiFlow,
  type PhiTrace,
} from '../../server/src/engine/phi';
import { releaseReach } from '../../server/src/engine/phi/guards';
import { phiLogFixes } from './fixes';
import { defineRule, type RuleContext, type Severity } from '../../server/src/engine/rule-api';

/** A logging call and how far its output reaches. */
interface LogSink {
  /** The name shown in the message: `print`, `debugPrint`, `log`, `Logger.w`. */
  label: string;
  /** `release` sinks write to the device log, and `devtools` sinks only to the VM service. */
  reach: 'release' | 'devtools';
  severity: Severity;
  /** The arguments that carry the logged text or object. */
  args: Expr[];
}

const TOP_LEVEL_LOGGERS = new Set(['print', 'debugPrint', 'log']);
const LOGGER_METHODS = new Set(['t', 'v', 'd', 'i', 'w', 'e', 'f', 'wtf', 'log']);
const LOGGING_METHODS = new Set([
  'finest',
  'finer',
  'fine',
  'config',
  'info',
  'warning',
  'severe',
  'shout',
  'log',
]);

export default defineRule({
  meta: {
    id: 'phi-in-logs',
    summary: 'A PHI value or secret is written to a log that release builds keep.',
    category: 'side-channels',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(a)(1)', '(b)'],
    masvs: ['MASVS-STORAGE-2'],
    cwe: [532],
    wave: 1,
    fix: 'safe',
  },
  check(context) {
    if (isGeneratedDart(context.file.path)) return;
    const dart = context.file.dart();
    const flow = dart ? phiFlow(dart, context.config) : undefined;
    if (!dart || !flow) return;
    for (const call of dartCallSites(dart)) {
      const sink = logSink(call, dart, flow);
      if (sink) checkSink(context, dart, flow, call, sink);
    }
  },
});

function checkSink(
  context: RuleContext,
  dart: DartFile,
  flow: PhiFlow,
  call: CallSite,
  sink: LogSink,
): void {
  const reach = releaseReach(call.nameNode, flow.scope);
  if (reach.reach === 'debug-only') return;
  const trace = firstTrace(sink.args, dart, context);
  if (!trace) return;
  const description =
    trace.kind === 'phi' ? `a PHI value (${trace.term})` : `a secret (${trace.term})`;
  const range = dart.source.rangeOf(call.startIndex, call.endIndex);
  const related = traceRelated(trace, context.file);
  if (sink.reach === 'devtools') {
    context.report({
      range,
      severity: 'info',
      message: `\`${sink.label}\` sends ${description} to the VM service log.`,
      related,
      fixes: phiLogFixes(context, dart, call, sink.args, { debugGuard: false }),
    });
    return;
  }
  if (reach.reach === 'define-flag' && reach.guard) {
    related.push({
      path: context.file.path,
      range: dart.source.rangeOf(reach.guard.startIndex, reach.guard.endIndex),
      message:
        'This flag comes from bool.fromEnvironment, so a --dart-define turns it on in release.',
    });
    context.report({
      range,
      severity: 'warning',
      message: `\`${sink.label}\` logs ${description} behind a flag a build define can set.`,
      related,
      fixes: phiLogFixes(context, dart, call, sink.args, { debugGuard: true }),
    });
    return;
  }
  related.push({
    path: context.file.path,
    range,
    message: 'Release builds keep this call; log an id instead, or wrap it in if (kDebugMode).',
  });
  context.report({
    range,
    severity: sink.severity,
    message: `\`${sink.label}\` logs ${description} in release builds.`,
    related,
    fixes: phiLogFixes(context, dart, call, sink.args, { debugGuard: true }),
  });
}

function firstTrace(args: Expr[], dart: DartFile, context: RuleContext): PhiTrace | undefined {
  for (const arg of args) {
    const trace = phiOf(arg, dart, context.config);
    if (trace) return trace;
  }
  return undefined;
}

function logSink(call: CallSite, dart: DartFile, flow: PhiFlow): LogSink | undefined {
  const names = call.callee;
  const last = names[names.length - 1];
  const message = [...call.args.positional, ...namedArgs(call, ['message', 'error'])];
  if (names.length === 1 && call.receiver.length === 0) {
    if (!TOP_LEVEL_LOGGERS.has(last) || declaredHere(call.nameNode, last, flow)) return undefined;
    if (last === 'print' || last === 'debugPrint') {
      return { label: last, reach: 'release', severity: 'error', args: message };
    }
    if (last === 'log' && dart.importsLibrary('dart:developer')) {
      return { label: 'log', reach: 'devtools', severity: 'info', args: message.slice(0, 1) };
    }
    return undefined;
  }
  if (names.length === 2 && dart.refersTo(names, 'dart:developer', 'log')) {
    return {
      label: names.join('.'),
      reach: 'devtools',
      severity: 'info',
      args: message.slice(0, 1),
    };
  }
  return loggerSink(call, dart, flow, message);
}

function loggerSink(
  call: CallSite,
  dart: DartFile,
  flow: PhiFlow,
  message: Expr[],
): LogSink | undefined {
  const method = call.callee[call.callee.length - 1];
  const logger = LOGGER_METHODS.has(method) && dart.importsLibrary('logger');
  const logging = LOGGING_METHODS.has(method) && dart.importsLibrary('logging');
  if (!logger && !logging) return undefined;
  const creation = loggerCreation(call, flow);
  if (!creation) return undefined;
  if (dart.refersTo(creation.names, 'logger', 'Logger') && LOGGER_METHODS.has(method)) {
    if (!filterLogsInRelease(creation.node, dart, flow)) return undefined;
    return { label: `Logger.${method}`, reach: 'release', severity: 'error', args: message };
  }
  if (dart.refersTo(creation.names, 'logging', 'Logger') && LOGGING_METHODS.has(method)) {
    return { label: `Logger.${method}`, reach: 'release', severity: 'warning', args: message };
  }
  return undefined;
}

/** Finds the `Logger(...)` expression that created the receiver, inline or in an initializer. */
function loggerCreation(
  call: CallSite,
  flow: PhiFlow,
): { names: string[]; node: SyntaxNode } | undefined {
  if (call.receiver.length > 0) return creationIn(call.receiver);
  if (call.callee.length !== 2) return undefined;
  const binding = flow.scope.resolve(call.nameNode, call.callee[0]);
  if (binding?.kind !== 'variable' && binding?.kind !== 'field') return undefined;
  const initializer = exprOf(binding.field.initializer);
  return initializer ? creationIn(segmentsOf(initializer)) : undefined;
}

/** `Logger(...)` or `logging.Logger(...)`: the names before the first call, and its arguments. */
function creationIn(segments: Segment[]): { names: string[]; node: SyntaxNode } | undefined {
  const names = leadingNames(segments);
  const call = segments[names.length];
  return call?.kind === 'call' ? { names, node: call.args.node } : undefined;
}

/**
 * package:logger prints in release only with a filter that allows it: its own DevelopmentFilter
 * checks an assert, so the default logger is silent in release. A class of this file with the
 * same name shadows the package's filter and is treated as unknown.
 */
function filterLogsInRelease(argsNode: SyntaxNode, dart: DartFile, flow: PhiFlow): boolean {
  const filter = argsNode.namedChildren.find(
    (c) => c?.type === 'named_argument' && c.text.startsWith('filter'),
  );
  if (!filter) return false;
  const value = valueExpr(filter);
  const className = value?.nodes[0]?.type === 'identifier' ? value.nodes[0].text : undefined;
  if (!className) return true;
  if (flow.scope.classes.has(className)) return true;
  return !(className === 'DevelopmentFilter' && dart.importsLibrary('logger'));
}

function namedArgs(call: CallSite, names: string[]): Expr[] {
  return names.flatMap((name) => {
    const arg = call.args.named.get(name);
    return arg ? [arg.expr] : [];
  });
}

/** Checks for a function or method of this file with the name, which hides Flutter's. */
function declaredHere(node: SyntaxNode, name: string, flow: PhiFlow): boolean {
  const binding = flow.scope.resolve(node, name);
  return binding !== undefined;
}
