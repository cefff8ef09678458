import type { DartFile } from '../../server/src/engine/dart/model';
import {
  descendantsOfType,
  namedChildren,
  type SyntaxNode,
} from '../../server/src/engine/dart/syntax';
import type { CallbackFunction, CallbackSite } from '../../server/src/engine/dart/tls';
import { lineBreakOf, removeSpan } from '../../server/src/engine/platform/text-edits';
import type { Fix, RuleContext } from '../../server/src/engine/rule-api';
import type { TextEdit } from '../../server/src/engine/types';

/** Flutter libraries that export `kDebugMode`. */
const FOUNDATION_EXPORTERS = /^package:flutter\/(foundation|material|widgets|cupertino)\.dart$/;

const REMOVED_PART: Record<CallbackSite['kind'], string> = {
  assignment: 'assignment',
  cascade: 'cascade',
  'named-argument': 'argument',
};

/** Removes the statement, cascade section or named argument that installs the callback. */
export function removeCallbackFix(context: RuleContext, site: CallbackSite): Fix | undefined {
  const edit = removalEdit(context, site);
  if (!edit) return undefined;
  const what = REMOVED_PART[site.kind];
  return {
    title: `Remove the ${site.property} ${what}`,
    safe: true,
    isPreferred: true,
    changes: [{ kind: 'edit', path: context.file.path, edits: [edit] }],
  };
}

function removalEdit(context: RuleContext, site: CallbackSite): TextEdit | undefined {
  const source = context.file.source;
  const node = site.node;
  if (site.kind === 'assignment') {
    const statement = node.parent;
    if (statement?.type !== 'expression_statement') return undefined;
    const emptied = emptiedIf(statement);
    if (emptied === null) return undefined;
    const removed = emptied ?? statement;
    return removeSpan(source, removed.startIndex, removed.endIndex);
  }
  if (site.kind === 'cascade') {
    const previous = node.previousSibling;
    if (!previous) return undefined;
    return { range: source.rangeOf(previous.endIndex, node.endIndex), newText: '' };
  }
  return removeArgument(context, node);
}

/**
 * Finds the `if` statement that removing `statement` would leave without anything to do: one
 * without `else` whose body is that statement alone, with a condition that calls and assigns
 * nothing, so the whole `if` can go. Returns undefined when the statement can go alone. Returns
 * null when it is the unbraced body of an `if` that must stay, because removing it alone would
 * make the next statement that body.
 */
function emptiedIf(statement: SyntaxNode): SyntaxNode | null | undefined {
  const parent = statement.parent;
  const braced = parent?.type === 'block';
  const ifNode = braced ? parent.parent : parent;
  if (ifNode?.type !== 'if_statement') return undefined;
  if (braced && namedChildren(parent).filter((c) => c.type !== 'comment').length !== 1) {
    return undefined;
  }
  const hasElse = ifNode.children.some((child) => child?.type === 'else');
  const condition = ifNode.namedChildren[0];
  const effects = condition
    ? descendantsOfType(condition, ['arguments', 'assignment_expression']).length > 0 ||
      /\+\+|--/.test(condition.text)
    : true;
  if (!hasElse && !effects) return ifNode;
  return braced ? undefined : null;
}

/** Removes a named argument with its comma, and its lines when it has lines of its own. */
function removeArgument(context: RuleContext, node: SyntaxNode): TextEdit {
  const source = context.file.source;
  const after = node.nextSibling;
  const open = node.previousSibling;
  const close = after?.type === ',' ? after.nextSibling : after;
  if (open?.type === '(' && close?.type === ')') {
    // Without its only argument, the call reads `()`, with no empty line inside.
    return { range: source.rangeOf(open.endIndex, close.startIndex), newText: '' };
  }
  if (after?.type === ',') {
    const whole = removeSpan(source, node.startIndex, after.endIndex);
    if (whole.range.start.character === 0) return whole;
    const next = after.nextSibling;
    const end = next ? next.startIndex : after.endIndex;
    return { range: source.rangeOf(node.startIndex, end), newText: '' };
  }
  const before = node.previousSibling;
  const start = before?.type === ',' ? before.startIndex : node.startIndex;
  return { range: source.rangeOf(start, node.endIndex), newText: '' };
}

/**
 * Replaces each `true` the callback returns with `kDebugMode && <loopback host check>`, so the
 * bypass exists only in debug builds and only for a local development server.
 */
export function debugGuardFix(
  context: RuleContext,
  file: DartFile,
  fn: CallbackFunction,
  trueNodes: SyntaxNode[],
): Fix | undefined {
  const host = fn.parameters[1]?.text;
  if (!host || !/^[A-Za-z$][\w$]*$/.test(host) || /^_+$/.test(host)) return undefined;
  const check = `kDebugMode && (${host} == 'localhost' || ${host} == '10.0.2.2')`;
  const source = context.file.source;
  const edits: TextEdit[] = trueNodes.map((node) => ({
    range: source.rangeOf(node.startIndex, node.endIndex),
    newText: check,
  }));
  const importEdit = foundationImport(context, file);
  if (importEdit) edits.push(importEdit);
  return {
    title: 'Accept only loopback hosts, and only in debug builds',
    safe: false,
    changes: [{ kind: 'edit', path: context.file.path, edits }],
  };
}

function foundationImport(context: RuleContext, file: DartFile): TextEdit | undefined {
  if (file.imports.some((entry) => FOUNDATION_EXPORTERS.test(entry.uri) && !entry.prefix)) {
    return undefined;
  }
  const source = context.file.source;
  const line = "import 'package:flutter/foundation.dart';";
  const last = file.imports[file.imports.length - 1];
  if (!last) {
    const start = source.rangeOf(0, 0);
    return { range: start, newText: `${line}${lineBreakOf(source)}` };
  }
  const lineEnd = source.lineEnd(source.positionAt(last.node.endIndex).line);
  return { range: source.rangeOf(lineEnd, lineEnd), newText: `${lineBreakOf(source)}${line}` };
}
