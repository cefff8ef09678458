import { namedChildren, type SyntaxNode } from '../dart/syntax';
import type { FileScope } from './scope';

/**
 * Whether code runs in a release build. `debug-only` code sits inside `if (kDebugMode)`,
 * `if (!kReleaseMode)` or `assert(...)`, or after `if (kReleaseMode) return;`, because release
 * builds compile asserts and those branches out. `define-flag` code sits behind a constant from
 * `bool.fromEnvironment(...)`, which a `--dart-define` can switch on in release. Everything else
 * is `release`.
 */
export type ReleaseReach = 'release' | 'debug-only' | 'define-flag';

export interface ReachResult {
  reach: ReleaseReach;
  /** The condition or assert that decides it. */
  guard?: SyntaxNode;
}

type Truth = 'debug' | 'release' | 'define' | 'unknown';

/** Decides whether `node` runs in release builds, from the guards that enclose it. */
export function releaseReach(node: SyntaxNode, scope: FileScope): ReachResult {
  let define: SyntaxNode | undefined;
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'assertion' || current.type === 'assert_statement') {
      return { reach: 'debug-only', guard: current };
    }
    if (current.type === 'if_statement') {
      const verdict = branchTruth(current, child, scope);
      if (verdict === 'debug') return { reach: 'debug-only', guard: current };
      if (verdict === 'define') define ??= current;
    }
    if (current.type === 'block') {
      const early = earlyReturnGuard(current, child, scope);
      if (early) return { reach: 'debug-only', guard: early };
    }
  }
  return define ? { reach: 'define-flag', guard: define } : { reach: 'release' };
}

/** Evaluates the condition that is true inside the branch of `statement` containing `child`. */
function branchTruth(statement: SyntaxNode, child: SyntaxNode, scope: FileScope): Truth {
  const condition = conditionOf(statement);
  if (condition.length === 0 || condition.some((c) => c.id === child.id)) return 'unknown';
  const elseToken = statement.children.find((c) => c?.type === 'else');
  const inElse =
    elseToken !== undefined && elseToken !== null && child.startIndex >= elseToken.endIndex;
  const truth = truthOf(condition, scope);
  if (!inElse) return truth;
  if (truth === 'release') return 'debug';
  return 'unknown';
}

/** Finds `if (kReleaseMode) return;` or `if (!kDebugMode) return;` before `child`. */
function earlyReturnGuard(
  block: SyntaxNode,
  child: SyntaxNode,
  scope: FileScope,
): SyntaxNode | undefined {
  for (const statement of namedChildren(block)) {
    if (statement.startIndex >= child.startIndex) break;
    if (statement.type !== 'if_statement') continue;
    const condition = new Set(conditionOf(statement).map((c) => c.id));
    const body = namedChildren(statement).filter((c) => !condition.has(c.id));
    const exits = body.length === 1 && /^(\{\s*)?(return|throw)\b/.test(body[0].text.trim());
    if (exits && truthOf(conditionOf(statement), scope) === 'release') return statement;
  }
  return undefined;
}

/** Returns the condition nodes of an `if`: the named children between `(` and `)`. */
function conditionOf(statement: SyntaxNode): SyntaxNode[] {
  const open = statement.children.find((c) => c?.type === '(');
  const close = statement.children.find((c) => c?.type === ')');
  if (!open || !close) return [];
  return namedChildren(statement).filter(
    (c) => c.startIndex >= open.endIndex && c.endIndex <= close.startIndex,
  );
}

/** Evaluates a condition as a build-mode fact: debug only, release only, or set by a define. */
function truthOf(condition: SyntaxNode[], scope: FileScope): Truth {
  if (condition.length !== 1) return 'unknown';
  const node = condition[0];
  if (node.type === 'identifier') return flagTruth(node, scope);
  if (node.type === 'parenthesized_expression') return truthOf(namedChildren(node), scope);
  if (node.type === 'unary_expression' && node.text.trimStart().startsWith('!')) {
    const inner = namedChildren(node).filter((c) => c.type !== 'prefix_operator');
    const truth = truthOf(inner, scope);
    if (truth === 'release') return 'debug';
    if (truth === 'debug') return 'release';
    return truth === 'define' ? 'define' : 'unknown';
  }
  if (node.type === 'logical_and_expression') {
    const parts = namedChildren(node).filter((c) => c.type !== 'logical_and_operator');
    const truths = parts.map((part) => truthOf([part], scope));
    if (truths.includes('debug')) return 'debug';
    if (truths.includes('define')) return 'define';
  }
  return 'unknown';
}

/** Evaluates `kDebugMode`, `kReleaseMode`, or a constant of this file defined from one of them. */
function flagTruth(node: SyntaxNode, scope: FileScope): Truth {
  const name = node.text;
  const binding = scope.resolve(node, name);
  if (!binding) {
    if (name === 'kDebugMode') return 'debug';
    if (name === 'kReleaseMode') return 'release';
    return 'unknown';
  }
  if (binding.kind !== 'variable' && binding.kind !== 'field') return 'unknown';
  const initializer = binding.field.initializer
    .map((n) => n.text)
    .join('')
    .replace(/\s+/g, '');
  if (/^(const)?bool\.fromEnvironment\(/.test(initializer)) return 'define';
  if (initializer === 'kDebugMode') return 'debug';
  if (initializer === 'kReleaseMode') return 'release';
  return 'unknown';
}
