import type { DartFile } from '../dart/model';
import { closestAncestor, type CallSite, type SyntaxNode } from '../dart/syntax';
import { indentAt, indentUnit, lineBreakOf } from '../platform/text-edits';
import type { Fix, TextEdit } from '../types';
import { addImport } from './dart-imports';

const FOUNDATION = 'package:flutter/foundation.dart';

/**
 * Wraps the statement of a log call in `if (kDebugMode) { ... }`, so release builds never run
 * it, and imports package:flutter/foundation.dart when no import makes `kDebugMode` visible.
 * Returns undefined when the call is not a whole statement (an arrow body, an argument).
 */
export function debugGuardFix(file: DartFile, call: CallSite): Fix | undefined {
  const statement = statementOf(call);
  if (!statement) return undefined;
  const source = file.source;
  const eol = lineBreakOf(source);
  const indent = indentAt(source, statement.startIndex);
  const inner = file.text
    .slice(statement.startIndex, statement.endIndex)
    .split(/\r?\n/)
    .map((line, index) => (index === 0 ? line : `${indentUnit(source)}${line}`))
    .join(eol);
  const newText = `if (kDebugMode) {${eol}${indent}${indentUnit(source)}${inner}${eol}${indent}}`;
  const edits: TextEdit[] = [
    { range: source.rangeOf(statement.startIndex, statement.endIndex), newText },
  ];
  const importEdit = seesDebugMode(file) ? undefined : addImport(file, FOUNDATION);
  if (importEdit) edits.push(importEdit);
  return {
    title: 'Wrap the log call in if (kDebugMode)',
    // Unsafe: release builds stop writing this log line, which teams may rely on.
    safe: false,
    changes: [{ kind: 'edit', path: file.path, edits }],
  };
}

/** Finds the expression statement that consists of this call chain alone, if there is one. */
function statementOf(call: CallSite): SyntaxNode | undefined {
  const statement = closestAncestor(call.nameNode, 'expression_statement');
  if (!statement || statement.startIndex !== call.startIndex) return undefined;
  const body = statement.text.replace(/;\s*$/, '').trimEnd();
  return body.length === call.endIndex - call.startIndex ? statement : undefined;
}

function seesDebugMode(file: DartFile): boolean {
  return file.imports.some(
    (entry) =>
      entry.uri === FOUNDATION &&
      !entry.prefix &&
      (entry.show.length === 0 || entry.show.includes('kDebugMode')) &&
      !entry.hide.includes('kDebugMode'),
  );
}
