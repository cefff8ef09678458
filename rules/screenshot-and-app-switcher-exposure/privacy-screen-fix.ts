import type { WidgetInfo } from '../../server/src/engine/dart/phi-widgets';
import type { Platform } from '../../server/src/engine/dart/screen-protection';
import { namedChildren, walk, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import { projectImportUri } from '../../server/src/engine/fixes/dart-imports';
import {
  PRIVACY_SCREEN_WIDGET,
  privacyScreenChanges,
  privacyScreenPath,
} from '../../server/src/engine/fixes/privacy-screen';
import { importingFile } from '../../server/src/engine/fixes/redacting-logger';
import { indentAt, indentUnit } from '../../server/src/engine/platform/text-edits';
import type { Fix, RuleContext } from '../../server/src/engine/rule-api';
import type { FileChange, TextEdit } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import type { Evidence } from './evidence';

export const PRIVACY_SCREEN_TITLE = `Wrap what build returns in ${PRIVACY_SCREEN_WIDGET}`;

/** Nodes whose `return` statements belong to a nested function, not to `build`. */
const NESTED_FUNCTIONS = new Set(['function_expression', 'local_function_declaration']);

/**
 * Wraps every value that the widget's `build` returns in the generated PhiPrivacyScreen, which
 * protects both platforms while the screen is mounted. Unsafe: it adds a plugin package (the
 * app must be rebuilt) and blocks screenshots of the screen.
 *
 * Returns undefined when Android is already protected some other way. The helper clears
 * FLAG_SECURE when the last wrapped screen goes, and Android has one window for all routes, so
 * it would also clear a flag set by MainActivity or by another screen.
 */
export function privacyScreenFix(
  context: RuleContext,
  evidence: Evidence,
  widget: WidgetInfo,
  missing: Platform[],
): Fix | undefined {
  if (evidence.platforms.includes('android') && !missing.includes('android')) return undefined;
  const build = widget.cls.methods.get('build');
  if (!build?.body || build.body.hasError) return undefined;
  const results = returnedExpressions(build.body);
  const { project, config } = context;
  const library = importingFile(project, widget.file);
  if (results.length === 0 || !library || helperImportHidesWidget(context, library)) {
    return undefined;
  }
  const shared = privacyScreenChanges(project, config.helperDirectory, library);
  if (!shared) return undefined;
  const edits = results.map((nodes) => wrapEdit(widget.file, nodes));
  const fileChanges: FileChange[] = [{ kind: 'edit', path: widget.file.path, edits }];
  if (shared.importEdit && library === widget.file) edits.push(shared.importEdit);
  if (shared.importEdit && library !== widget.file) {
    fileChanges.push({ kind: 'edit', path: library.path, edits: [shared.importEdit] });
  }
  return { title: PRIVACY_SCREEN_TITLE, safe: false, changes: [...fileChanges, ...shared.changes] };
}

/**
 * Tells whether an existing import of the helper leaves the bare widget name unresolved: a
 * prefix, or a `show`/`hide` that excludes it. The fix is not offered then.
 */
function helperImportHidesWidget(context: RuleContext, library: DartFile): boolean {
  const helper = privacyScreenPath(context.project, context.config.helperDirectory);
  const uri = projectImportUri(context.project, library.path, helper);
  const entry = library.imports.find((candidate) => candidate.uri === uri);
  if (!entry) return false;
  const shown = entry.show.length === 0 || entry.show.includes(PRIVACY_SCREEN_WIDGET);
  return entry.prefix !== undefined || !shown || entry.hide.includes(PRIVACY_SCREEN_WIDGET);
}

/**
 * Lists the expressions that a `build` body returns, each as its run of sibling nodes: the
 * expression after `=>`, or the value of every `return` outside nested functions.
 */
function returnedExpressions(body: SyntaxNode): SyntaxNode[][] {
  if (body.child(0)?.type === '=>') return nonEmpty([expressionNodes(body)]);
  const results: SyntaxNode[][] = [];
  walk(body, (node) => {
    if (NESTED_FUNCTIONS.has(node.type)) return false;
    if (node.type !== 'return_statement') return undefined;
    results.push(expressionNodes(node));
    return false;
  });
  return nonEmpty(results);
}

function expressionNodes(container: SyntaxNode): SyntaxNode[] {
  return namedChildren(container).filter((node) => node.type !== 'comment');
}

function nonEmpty(runs: SyntaxNode[][]): SyntaxNode[][] {
  return runs.filter((run) => run.length > 0);
}

/** The line width of dart format, beyond which the wrapped value moves to its own line. */
const LINE_WIDTH = 80;

/**
 * Wraps one returned expression. A multi-line expression, or one that would make its line longer
 * than dart format allows, moves onto its own `child:` line, one indentation unit deeper than the
 * line the expression starts on.
 */
function wrapEdit(file: DartFile, nodes: SyntaxNode[]): TextEdit {
  const source = file.source;
  const start = nodes[0].startIndex;
  const end = nodes[nodes.length - 1].endIndex;
  const text = file.text.slice(start, end);
  const range = source.rangeOf(start, end);
  const inline = `${PRIVACY_SCREEN_WIDGET}(child: ${text})`;
  const line = source.lineText(source.positionAt(start).line);
  if (!text.includes('\n') && line.length + inline.length - text.length <= LINE_WIDTH) {
    return { range, newText: inline };
  }
  const indent = indentAt(source, start);
  const unit = indentUnit(source);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const child = shiftLines(file, nodes, `${indent}${unit}`);
  const newText =
    `${PRIVACY_SCREEN_WIDGET}(${eol}${indent}${unit}child: ${child},${eol}${indent})`;
  return { range, newText };
}

/**
 * Moves every line of an expression after its first by the same amount, so that its last line
 * (usually the closing bracket) starts at `target`. Blank lines and lines inside a multi-line
 * string literal keep their text.
 */
function shiftLines(file: DartFile, nodes: SyntaxNode[], target: string): string {
  const start = nodes[0].startIndex;
  const end = nodes[nodes.length - 1].endIndex;
  const strings = multiLineStrings(nodes);
  const insideString = (offset: number) =>
    strings.some((literal) => literal.startIndex < offset && offset < literal.endIndex);
  const shift = target.length - indentAt(file.source, end).length;
  const character = target[0] ?? ' ';
  let lineStart = start;
  const lines = file.text.slice(start, end).split('\n');
  const shifted = lines.map((line, i) => {
    const inString = insideString(lineStart);
    lineStart += line.length + 1;
    if (i === 0 || line.trim() === '' || inString) return line;
    if (shift >= 0) return character.repeat(shift) + line;
    const removable = Math.min(-shift, /^[ \t]*/.exec(line)![0].length);
    return line.slice(removable);
  });
  return shifted.join('\n');
}

function multiLineStrings(nodes: SyntaxNode[]): SyntaxNode[] {
  const strings: SyntaxNode[] = [];
  for (const node of nodes) {
    walk(node, (inner) => {
      if (inner.type !== 'string_literal') return undefined;
      if (inner.text.includes('\n')) strings.push(inner);
      return false;
    });
  }
  return strings;
}
