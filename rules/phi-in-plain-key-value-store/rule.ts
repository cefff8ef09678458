import { posix } from 'node:path';
import type { DartFile } from '../../server/src/engine/dart/model';
import { walk, type CallSite, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import {
  dartCallSites,
  isGeneratedDart,
  classifyName,
  phiFlow,
  phiOf,
  traceRelated,
  type FieldInfo,
  type PhiFlow,
  type PhiTrace,
  type Span,
} from '../../server/src/engine/phi';
import { keyValueFixes, writesVaultRecord } from './fixes';
import { heldPreferences } from './held-store';
import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';

/** Classes of plain (unencrypted) key-value stores and the package that declares each. */
const STORE_CLASSES: Record<string, string> = {
  SharedPreferences: 'shared_preferences',
  SharedPreferencesAsync: 'shared_preferences',
  SharedPreferencesWithCache: 'shared_preferences',
  GetStorage: 'get_storage',
  LocalStorage: 'localstorage',
  localStorage: 'localstorage',
};

/** Methods that write a value under a key. Reads and removals are never findings. */
const WRITES = new Set([
  'setString',
  'setStringList',
  'setInt',
  'setDouble',
  'write',
  'writeIfNull',
  'writeInMemory',
  'setItem',
]);

export default defineRule({
  meta: {
    id: 'phi-in-plain-key-value-store',
    summary: 'A PHI value or secret is written to an unencrypted key-value store.',
    category: 'data-at-rest',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    reads: ['dart'],
    hipaa: ['(a)(2)(iv)'],
    masvs: ['MASVS-STORAGE-1'],
    cwe: [312, 922],
    wave: 1,
    fix: 'unsafe',
  },
  check(context) {
    if (isGeneratedDart(context.file.path)) return;
    const dart = context.file.dart();
    const flow = dart ? phiFlow(dart, context.config) : undefined;
    if (!dart || !flow) return;
    for (const call of dartCallSites(dart)) {
      const method = call.callee[call.callee.length - 1];
      if (!WRITES.has(method) || call.args.positional.length < 2) continue;
      const store =
        storeOf(call, dart, flow) ??
        unresolvedStore(call, dart, flow, context) ??
        heldPreferences(call, dart, context);
      if (store) checkWrite(context, dart, flow, call, store);
    }
    if (dart.importsLibrary('hydrated_bloc')) checkHydratedStates(context, dart, flow);
  },
});

const HYDRATED_TYPES = new Set(['HydratedBloc', 'HydratedCubit', 'HydratedMixin']);

/**
 * Reports a HydratedBloc or HydratedCubit whose `toJson` returns a PHI value or a secret:
 * hydrated_bloc writes that map to a Hive box on every state change. The box is encrypted only
 * when the app builds its `HydratedStorage` with `encryptionCipher`, which is set in another
 * file, so the finding is a warning.
 */
function checkHydratedStates(context: RuleContext, dart: DartFile, flow: PhiFlow): void {
  for (const cls of flow.scope.classes.values()) {
    const superclass = cls.node.namedChildren.find((c) => c?.type === 'superclass');
    const types = superclass?.descendantsOfType('type_identifier') ?? [];
    if (!types.some((t) => t && HYDRATED_TYPES.has(t.text))) continue;
    const toJson = cls.members.get('toJson');
    const trace = toJson ? flow.ofReturn(toJson) : undefined;
    if (!toJson || !trace) continue;
    const at = placeInBody(trace, toJson.body) ?? toJson.signature;
    const range = dart.source.rangeOf(at.startIndex, at.endIndex);
    const description = describeTrace(trace);
    context.report({
      range,
      severity: 'warning',
      message: `\`${cls.name}.toJson\` persists ${description} in hydrated_bloc storage.`,
      related: [
        ...traceRelated(trace, context.file),
        {
          path: context.file.path,
          range,
          message: 'HydratedStorage keeps states in a Hive box; build it with encryptionCipher.',
        },
      ],
    });
  }
}

/** Finds the step of the trace inside `body` nearest to the source, such as a map entry. */
function placeInBody(trace: PhiTrace, body: SyntaxNode | undefined): Span | undefined {
  if (!body) return undefined;
  return trace.steps.find((s) => s.startIndex >= body.startIndex && s.endIndex <= body.endIndex);
}

function describeTrace(trace: PhiTrace): string {
  return trace.kind === 'phi' ? `a PHI value (${trace.term})` : `a secret (${trace.term})`;
}

function checkWrite(
  context: RuleContext,
  dart: DartFile,
  flow: PhiFlow,
  call: CallSite,
  store: string,
): void {
  const [key, value] = call.args.positional;
  const method = `${store}.${call.callee[call.callee.length - 1]}`;
  const range = dart.source.rangeOf(call.startIndex, call.endIndex);
  const advice = {
    path: context.file.path,
    range,
    message: `${store} keeps values in a plain file; write this with FlutterSecureStorage instead.`,
  };
  const trace = phiOf(value, dart, context.config);
  if (trace) {
    const description =
      trace.kind === 'phi' ? `a PHI value (${trace.term})` : `a secret (${trace.term})`;
    context.report({
      range,
      message: `\`${method}\` stores ${description} unencrypted.`,
      related: [...traceRelated(trace, context.file), advice],
      fixes: keyValueFixes(context, dart, call, store),
    });
    return;
  }
  const keyText = flow.constantString(key.nodes);
  const keyMatch = keyText ? classifyName(keyText, context.config) : undefined;
  if (!keyMatch || flow.constantString(value.nodes) !== undefined || isLiteral(value.nodes)) return;
  // A PhiVault record under a PHI-named key is ciphertext, which the encrypt fix writes.
  if (writesVaultRecord(dart, call)) return;
  context.report({
    range,
    severity: 'warning',
    message: `\`${method}\` stores a value under the ${describe(keyMatch.kind)} key '${keyText}'.`,
    related: [advice],
    fixes: keyValueFixes(context, dart, call, store),
  });
}

function describe(kind: 'phi' | 'secret'): string {
  return kind === 'phi' ? 'PHI' : 'credential';
}

function isLiteral(nodes: SyntaxNode[]): boolean {
  return nodes.length === 1 && /literal$|^true$|^false$/.test(nodes[0].type);
}

/**
 * Finds the store class behind the receiver of a write. The store is created inline
 * (`SharedPreferencesAsync().setString`), or held in a variable or field initialised from one
 * (`await SharedPreferences.getInstance()`) or declared with the store's type.
 */
function storeOf(call: CallSite, dart: DartFile, flow: PhiFlow): string | undefined {
  if (call.receiver.length > 0) {
    return storeIn(
      call.receiver.map((s) => s.node),
      dart,
      flow,
    );
  }
  if (call.callee.length < 2) return undefined;
  const first = call.callee[0];
  const binding = flow.scope.resolve(call.nameNode, first);
  if (!binding) return isStoreName(first, dart, flow) ? first : undefined;
  if (binding.kind === 'param') return storeType(binding.param.type?.name, dart, flow);
  if (binding.kind !== 'variable' && binding.kind !== 'field') return undefined;
  return storeOfVariable(binding.field, dart, flow);
}

/** Looks up a receiver name that this file does not declare in the app files it imports. */
function unresolvedStore(
  call: CallSite,
  dart: DartFile,
  flow: PhiFlow,
  context: RuleContext,
): string | undefined {
  if (call.receiver.length > 0 || call.callee.length !== 2) return undefined;
  if (flow.scope.resolve(call.nameNode, call.callee[0])) return undefined;
  return importedStore(call.callee[0], dart, context);
}

function storeOfVariable(field: FieldInfo, dart: DartFile, flow: PhiFlow): string | undefined {
  const declared = storeType(field.type?.name, dart, flow);
  return declared ?? storeIn(field.initializer, dart, flow);
}

/**
 * Finds a store held in a top-level variable of a file that this file imports from the same app,
 * such as `SharedPreferences? prefs;` declared in `main.dart` and set at start-up.
 */
function importedStore(name: string, dart: DartFile, context: RuleContext): string | undefined {
  for (const entry of dart.imports) {
    const target = importedPath(entry.uri, dart.path, context.project.root);
    const other = target ? context.project.get(target)?.dart() : undefined;
    const otherFlow = other ? phiFlow(other, context.config) : undefined;
    const variable = otherFlow?.scope.topVariables.get(name);
    if (other && otherFlow && variable) return storeOfVariable(variable, other, otherFlow);
  }
  return undefined;
}

function importedPath(uri: string, from: string, root: string): string | undefined {
  const packageMatch = /^package:[^/]+\/(.+)$/.exec(uri);
  if (packageMatch) return posix.join(root, 'lib', packageMatch[1]);
  if (/^[a-z]+:/.test(uri)) return undefined;
  return posix.resolve(posix.dirname(from), uri);
}

function storeType(name: string | undefined, dart: DartFile, flow: PhiFlow): string | undefined {
  return name && isStoreName(name, dart, flow) ? name : undefined;
}

function storeIn(nodes: SyntaxNode[], dart: DartFile, flow: PhiFlow): string | undefined {
  let found: string | undefined;
  for (const node of nodes) {
    walk(node, (inner) => {
      if (found) return false;
      if (inner.type === 'identifier' && isStoreName(inner.text, dart, flow)) found = inner.text;
      return undefined;
    });
  }
  return found;
}

function isStoreName(name: string, dart: DartFile, flow: PhiFlow): boolean {
  const library = STORE_CLASSES[name];
  if (!library || flow.scope.classes.has(name)) return false;
  return dart.importsLibrary(library);
}
