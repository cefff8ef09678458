import { descendantsOfType, type SyntaxNode } from '../dart/syntax';

/**
 * Vocabulary words with an everyday programming meaning: `condition` is a medical condition in
 * `patient.condition`, but a filter in `searchCondition` or in a query built as
 * `'...?' + condition + 'limit=8'`.
 */
const AMBIGUOUS_TERMS = new Set(['condition', 'conditions']);

/** Words next to `condition` that make it a filter, a check or a state, not a diagnosis. */
const FILTER_WORDS = new Set([
  'where', 'search', 'filter', 'filters', 'query', 'sql', 'sort', 'match', 'join', 'clause',
  'predicate', 'rule', 'loop', 'stop', 'exit', 'break', 'wait', 'retry', 'trigger', 'network',
  'weather', 'race', 'start', 'end', 'check', 'validation', 'boolean', 'bool', 'if', 'else',
  'api', 'request', 'url', 'param', 'params',
]);

export function isAmbiguousTerm(term: string): boolean {
  return AMBIGUOUS_TERMS.has(term);
}

/** True for `whereCondition`, `searchConditions`, `conditionQuery`: a filter, not a diagnosis. */
export function namesFilter(words: string[]): boolean {
  return words.some((word) => AMBIGUOUS_TERMS.has(word)) &&
    words.some((word) => FILTER_WORDS.has(word));
}

/**
 * True when every use of the local or parameter declared at `nameNode` is a whole fragment of
 * a query string: it follows a literal ending in `?` or `&` (`'/doctors?' + condition`,
 * `'/doctors?$condition'`), so it carries its own `key=value` pairs. A value after `=`
 * (`'?condition=$condition'`) is not such a fragment.
 */
export function usedAsQueryFragment(nameNode: SyntaxNode): boolean {
  const scope = scopeOf(nameNode);
  if (!scope) return false;
  const uses = descendantsOfType(scope, ['identifier', 'identifier_dollar_escaped']).filter(
    (node) =>
      node.id !== nameNode.id &&
      node.startIndex > nameNode.endIndex &&
      node.text.replace(/^\$/, '') === nameNode.text,
  );
  return uses.length > 0 && uses.every(followsQueryStart);
}

function scopeOf(nameNode: SyntaxNode): SyntaxNode | undefined {
  for (let node: SyntaxNode | null = nameNode.parent; node; node = node.parent) {
    if (node.type === 'block' || node.type === 'function_body') return node;
    const next = node.nextNamedSibling;
    if (next?.type === 'function_body') return next;
  }
  return undefined;
}

function followsQueryStart(use: SyntaxNode): boolean {
  const parent = use.parent;
  if (parent?.type === 'additive_expression') {
    const before = operandBefore(use);
    return before?.type === 'string_literal' && endsQueryStart(before.text.slice(0, -1));
  }
  const literal = parent?.type === 'template_substitution' ? parent.parent : undefined;
  if (literal?.type !== 'string_literal' || !parent) return false;
  return endsQueryStart(literal.text.slice(0, parent.startIndex - literal.startIndex));
}

/** Returns the operand right before `node` in a chain of `+`, however the grammar nests it. */
function operandBefore(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode = node;
  while (current.parent?.type === 'additive_expression') {
    let before = current.previousNamedSibling;
    while (before?.type === 'additive_operator') before = before.previousNamedSibling;
    if (before) return lastOperand(before);
    current = current.parent;
  }
  return undefined;
}

function lastOperand(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'additive_expression' && current.lastNamedChild) {
    current = current.lastNamedChild;
  }
  return current;
}

function endsQueryStart(text: string): boolean {
  const last = text.trimEnd().slice(-1);
  return last === '?' || last === '&';
}
