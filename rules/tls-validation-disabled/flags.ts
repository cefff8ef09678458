import type { DartFile } from '../../server/src/engine/dart/model';
import { fileCallSites } from '../../server/src/engine/dart/file-calls';
import {
  closestAncestor,
  descendantsOfType,
  leadingNames,
  namedChildren,
  segmentsOf,
  type Expr,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import { findBinding } from '../../server/src/engine/dart/values';

/** The origin of the value a callback returns: a `true` or a `bool.fromEnvironment` flag. */
export interface FlagSource {
  /**
   * `true` when a literal switches the bypass on, `environment` for a `bool.fromEnvironment`
   * flag, `runtime` when the value is decided at run time (a setting, an unknown caller), and
   * `false` when every value seen is `false`.
   */
  kind: 'true' | 'environment' | 'runtime' | 'false';
  /** The argument or initializer that supplies the value. */
  node: { startIndex: number; endIndex: number };
}

/**
 * Follows a name that a certificate callback returns to the value behind it: the initializer of
 * a variable, or, for a parameter of the enclosing function, the arguments of that function's
 * calls in the same file.
 */
export function buildFlagSource(file: DartFile, nameNode: SyntaxNode): FlagSource {
  const runtime: FlagSource = { kind: 'runtime', node: nameNode };
  const binding = findBinding(nameNode);
  if (!binding) return runtime;
  if (binding.scope !== 'parameter') {
    const known = binding.init && !binding.reassigned ? classify(file, binding.init) : undefined;
    return known ?? { kind: 'runtime', node: binding.nameNode };
  }
  const functionName = nameOfFunction(binding.scopeNode);
  if (!functionName) return { kind: 'runtime', node: binding.nameNode };
  const optional = closestAncestor(binding.nameNode, 'optional_formal_parameters');
  const named = optional?.text.startsWith('{') ?? false;
  const index = positionalIndex(binding.nameNode);
  const sources: FlagSource[] = [];
  for (const call of fileCallSites(file)) {
    if (call.callee[call.callee.length - 1] !== functionName) continue;
    const argument = named ? call.args.named.get(binding.name)?.expr : call.args.positional[index];
    if (argument) sources.push(classify(file, argument) ?? { kind: 'runtime', node: argument });
  }
  const order: FlagSource['kind'][] = ['true', 'environment', 'runtime'];
  for (const kind of order) {
    const found = sources.find((s) => s.kind === kind);
    if (found) return found;
  }
  // Callers that all pass false, or none in this file with a default: the default decides.
  return sources.length > 0 ? sources[0] : { kind: 'runtime', node: binding.nameNode };
}

function classify(file: DartFile, expr: Expr, depth = 0): FlagSource | undefined {
  const nodes = expr.nodes.filter((n) => n.type !== 'comment');
  const range = { startIndex: expr.startIndex, endIndex: expr.endIndex };
  if (nodes.length === 1 && nodes[0].type === 'true') return { kind: 'true', node: range };
  if (nodes.length === 1 && nodes[0].type === 'false') return { kind: 'false', node: range };
  const names = leadingNames(segmentsOf(expr)).join('.');
  if (names === 'bool.fromEnvironment' || names === 'bool.hasEnvironment') {
    return { kind: 'environment', node: range };
  }
  if (nodes.length === 1 && nodes[0].type === 'identifier' && depth < 4) {
    const binding = findBinding(nodes[0]);
    if (binding?.init && !binding.reassigned) {
      const inner = classify(file, binding.init, depth + 1);
      return inner ? { kind: inner.kind, node: range } : undefined;
    }
  }
  return undefined;
}

function nameOfFunction(scopeNode: SyntaxNode): string | undefined {
  if (scopeNode.type !== 'function_body') return undefined;
  let signature = scopeNode.previousNamedSibling;
  if (signature?.type === 'method_signature') signature = namedChildren(signature)[0] ?? null;
  if (!signature) return undefined;
  return signature.childForFieldName('name')?.text ??
    namedChildren(signature).find((c) => c.type === 'identifier')?.text;
}

function positionalIndex(nameNode: SyntaxNode): number {
  const list = closestAncestor(nameNode, 'formal_parameter_list');
  if (!list) return -1;
  const parameters = descendantsOfType(list, 'formal_parameter');
  return parameters.findIndex(
    (p) => p.startIndex <= nameNode.startIndex && nameNode.endIndex <= p.endIndex,
  );
}
