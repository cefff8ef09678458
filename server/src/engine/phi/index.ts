/**
 * The PHI analysis that rules call: whether an expression carries protected health information or
 * an authentication secret, why (the source), and how it got there (the steps), within one file.
 *
 * Stable entry points for other rules: `phiOf`, `expressionIsPhi`, `classShowsPhi`,
 * `isPhiClassName`, `traceRelated`. They accept a `WorkspaceFile` or a `DartFile` and memoise
 * the analysis per parsed tree and configuration.
 */
import type { EngineConfig } from '../config';
import { DartFile } from '../dart/model';
import { descendantsOfType, type Expr, type SyntaxNode } from '../dart/syntax';
import type { RelatedInformation } from '../types';
import type { WorkspaceFile } from '../workspace';
import { PhiFlow } from './flow';
import type { PhiTrace } from './trace';
import { classNameNode } from './scope';
import { holdsNoRecords } from './classes';

export {
  classifyName,
  classifyRecordName,
  nameWords,
  type PhiKind,
  type PhiMatch,
} from './classifier';
export { FHIR_RESOURCE_TYPES } from './classes';
export { dartCallSites, PhiFlow } from './flow';
export { runFrom, valueRun } from './runs';
export type { PhiStep, PhiTrace, Span } from './trace';
export type { Binding, ClassInfo, FieldInfo, FunctionInfo, ParamInfo } from './scope';
export { releaseReach, type ReachResult, type ReleaseReach } from './guards';
export { schemaEvidence, sqlSchemaNames, storeNameEvidence, type RecordEvidence } from './records';

/** Input of `phiOf`: a node (an argument, a string literal, the primary of a chain), a run of
 * sibling nodes, or an `Expr` from `callSites`. */
export type PhiTarget = SyntaxNode | SyntaxNode[] | Expr;

type FileLike = WorkspaceFile | DartFile;

const flows = new WeakMap<DartFile, Map<EngineConfig, PhiFlow>>();

/** Returns the memoised data flow of a Dart file, or undefined when it is not parsed Dart. */
export function phiFlow(file: FileLike, config: EngineConfig): PhiFlow | undefined {
  const dart = file instanceof DartFile ? file : file.dart();
  if (!dart) return undefined;
  let byConfig = flows.get(dart);
  if (!byConfig) {
    byConfig = new Map();
    flows.set(dart, byConfig);
  }
  let flow = byConfig.get(config);
  if (!flow) {
    flow = new PhiFlow(dart, config);
    byConfig.set(config, flow);
  }
  return flow;
}

/**
 * Traces an expression to PHI: its kind (`phi` or `secret`), the vocabulary term or class
 * that made it so, and the steps from the source to the expression. Undefined when the value is
 * not PHI as far as this file shows. A node that starts a chain (`p` in `p.mrn`) stands for the
 * whole chain.
 */
export function phiOf(
  target: PhiTarget,
  file: FileLike,
  config: EngineConfig,
): PhiTrace | undefined {
  const flow = phiFlow(file, config);
  if (!flow) return undefined;
  if (Array.isArray(target)) return target.length > 0 ? flow.ofRun(target) : undefined;
  if ('nodes' in target && Array.isArray(target.nodes)) return flow.ofRun(target.nodes);
  return flow.ofNode(target as SyntaxNode);
}

/** Checks whether an expression carries PHI or a secret; `phiOf` also returns why. */
export function expressionIsPhi(target: PhiTarget, file: FileLike, config: EngineConfig): boolean {
  return phiOf(target, file, config) !== undefined;
}

/** Checks whether instances of a class are PHI (configured, annotated, FHIR, PHI fields). */
export function isPhiClassName(name: string, file: FileLike, config: EngineConfig): boolean {
  return phiFlow(file, config)?.phiClass(name) !== undefined;
}

/**
 * Traces whether a class (a widget, a route, a model) contains or renders PHI. It does when the
 * class itself is a PHI class, when one of its fields carries PHI, or when its `build` method
 * passes a PHI value to a widget. Only PHI counts here, not secrets or bare personal
 * identifiers (an e-mail address, a name). `classNode` is a
 * `class_definition`.
 */
export function classShowsPhi(
  classNode: SyntaxNode,
  file: FileLike,
  config: EngineConfig,
): PhiTrace | undefined {
  const flow = phiFlow(file, config);
  const name = classNameNode(classNode)?.text;
  const cls = name ? flow?.scope.classes.get(name) : undefined;
  if (!flow || !cls) return undefined;
  const own = flow.phiClass(cls.name);
  if (own) {
    const nameNode = classNameNode(classNode)!;
    const label = `Source: \`${cls.name}\` is a PHI class.`;
    return { kind: own.kind, term: own.term, steps: [{ ...offsets(nameNode), label }] };
  }
  for (const field of cls.fields.values()) {
    if (holdsNoRecords(field)) continue;
    const trace = flow.ofBinding({ kind: 'field', field });
    if (isHealthData(trace)) return trace;
  }
  const build = cls.members.get('build');
  return build?.body ? firstPhiArgument(flow, build.body) : undefined;
}

/** PHI other than a bare personal identifier: a sign-in form's e-mail field is not health data. */
function isHealthData(trace: PhiTrace | undefined): trace is PhiTrace {
  return trace?.kind === 'phi' && !trace.identifier;
}

function firstPhiArgument(flow: PhiFlow, body: SyntaxNode): PhiTrace | undefined {
  for (const node of descendantsOfType(body, ['argument', 'named_argument'])) {
    const trace = flow.ofNode(node);
    if (isHealthData(trace)) return trace;
  }
  return undefined;
}

/** Related information for each step of a trace, source first, in `file`. */
export function traceRelated(
  trace: PhiTrace,
  file: WorkspaceFile | DartFile,
): RelatedInformation[] {
  const source = file.source;
  return trace.steps.map((step) => ({
    path: file.path,
    range: source.rangeOf(step.startIndex, step.endIndex),
    message: step.label,
  }));
}

const GENERATED_SUFFIXES = [
  '.g.dart',
  '.freezed.dart',
  '.gr.dart',
  '.config.dart',
  '.mocks.dart',
  '.pb.dart',
];

/**
 * Whether a Dart file is written by a code generator (build_runner, freezed, protobuf). Data-flow
 * rules skip them: a finding there cannot be fixed in place, and such files are often large.
 */
export function isGeneratedDart(path: string): boolean {
  return GENERATED_SUFFIXES.some((suffix) => path.endsWith(suffix));
}

/** 'PHI' or 'a secret', for messages. */
export function describeKind(trace: PhiTrace): string {
  return trace.kind === 'phi' ? 'PHI' : 'a secret';
}

function offsets(node: SyntaxNode): { startIndex: number; endIndex: number } {
  return { startIndex: node.startIndex, endIndex: node.endIndex };
}
