import { namedChildren, type SyntaxNode } from '../dart/syntax';
import type { FileScope } from './scope';

/**
 * Whether code runs in a release build: `debug-only` inside `if (kDebugMode)`,
 * `if (!kReleaseMode)`, after `if (kReleaseMode) return;` or inside `assert(...)` (asserts are
 * compiled out of release builds); `define-flag` behind a constant from
 * `bool.fromEnvironment(...)`, which a `--dart-define` can switch on in release;
 * `release` otherwise.
 */
export type ReleaseReach = 'release' | 'debug-only' | 'define-flag';

export interface ReachResult {
  reach: ReleaseReach;
  /** The condition or assert that decides it. */
  guard?: SyntaxNode;
}

type Truth = 'debug' | 'release' | 'define' | 'unknown';

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

/** What holds inside the branch of `statement` that contains `child`. */
function branchTruth(statement: SyntaxNode, child: SyntaxNode, scope: FileScope): Truth {
  const condition = conditionOf(statement);
  if (condition.length === 0 || condition.some((c) => c.id === child.id)) return 'unknown';
  const elseToken = statement.children.find((c) => c?.type === 'else');
  const inElse = elseToken !== undefined && elseToken !== null && child.startIndex >= elseToken.endIndex;
  const truth = truthOf(condition, scope);
  if (!inElse) return truth;
  if (truth === 'release') return 'debug';
  return 'unknown';
}

/** `if (kReleaseMode) return;` or `if (!kDebugMode) return;` before `child` in the block. */
function earlyReturnGuard(block: SyntaxNode, child: SyntaxNode, scope: FileScope): SyntaxNode | undefined {
  for (const statement of namedChildren(block)) {
    if (statement.startIndex >= child.startIndex) break;
    if (statement.type !== 'if_statement') continue;
    const body = namedChildren(statement).filter((c) => !conditionOf(statement).includes(c));
    const exits = body.length === 1 && /^(\{\s*)?(return|throw)\b/.test(body[0].text.trim());
    if (exits && truthOf(conditionOf(statement), scope) === 'release') return statement;
  }
  return undefined;
}

/** The condition nodes of an `if`: the named children between `(` and `)`. */
function conditionOf(statement: SyntaxNode): SyntaxNode[] {
  const open = statement.children.find((c) => c?.type === '(');
  const close = statement.children.find((c) => c?.type === ')');
  if (!open || !close) return [];
  return namedChildren(statement).filter((c) => c.startIndex >= open.endIndex && c.endIndex <= close.startIndex);
}

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

function flagTruth(node: SyntaxNode, scope: FileScope): Truth {
  const name = node.text;
  const binding = scope.resolve(node, name);
  if (!binding) {
    if (name === 'kDebugMode') return 'debug';
    if (name === 'kReleaseMode') return 'release';
    return 'unknown';
  }
  if (binding.kind !== 'variable' && binding.kind !== 'field') return 'unknown';
  const initializer = binding.field.initializer.map((n) => n.text).join('').replace(/\s+/g, '');
  if (/^(const)?bool\.fromEnvironment\(/.test(initializer)) return 'define';
  if (initializer === 'kDebugMode') return 'debug';
  if (initializer === 'kReleaseMode') return 'release';
  return 'unknown';
}
