import type { DartFile } from '../../server/src/engine/dart/model';
import { walk, type CallSite, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import {
  dartCallSites,
  isGeneratedDart,
  classifyName,
  phiFlow,
  phiOf,
  traceRelated,
  type PhiFlow,
} from '../../server/src/engine/phi';
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
    hipaa: ['(a)(2)(iv)'],
    masvs: ['MASVS-STORAGE-1'],
    cwe: [312, 922],
    wave: 1,
    fix: 'none',
  },
  check(context) {
    if (isGeneratedDart(context.file.path)) return;
    const dart = context.file.dart();
    const flow = dart ? phiFlow(dart, context.config) : undefined;
    if (!dart || !flow) return;
    for (const call of dartCallSites(dart)) {
      const method = call.callee[call.callee.length - 1];
      if (!WRITES.has(method) || call.args.positional.length < 2) continue;
      const store = storeOf(call, dart, flow);
      if (store) checkWrite(context, dart, flow, call, store);
    }
  },
});

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
    });
    return;
  }
  const keyText = flow.constantString(key.nodes);
  const keyMatch = keyText ? classifyName(keyText, context.config) : undefined;
  if (!keyMatch || flow.constantString(value.nodes) !== undefined || isLiteral(value.nodes)) return;
  context.report({
    range,
    severity: 'warning',
    message: `\`${method}\` stores a value under the ${describe(keyMatch.kind)} key '${keyText}'.`,
    related: [advice],
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
  if (call.receiver.length > 0)
    return storeIn(
      call.receiver.map((s) => s.node),
      dart,
      flow,
    );
  if (call.callee.length < 2) return undefined;
  const first = call.callee[0];
  const binding = flow.scope.resolve(call.nameNode, first);
  if (!binding) return isStoreName(first, dart, flow) ? first : undefined;
  if (binding.kind === 'param') return storeType(binding.param.type?.name, dart, flow);
  if (binding.kind !== 'variable' && binding.kind !== 'field') return undefined;
  const declared = storeType(binding.field.type?.name, dart, flow);
  return declared ?? storeIn(binding.field.initializer, dart, flow);
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
