import { judgeGuard, type FunctionIndex } from '../../server/src/engine/dart/route-guards';
import type { RouteRegistration } from '../../server/src/engine/dart/routes';
import { editChange, indentAt, lineBreakOf } from '../../server/src/engine/platform/text-edits';
import type { EngineConfig, Fix, RuleContext } from '../../server/src/engine/rule-api';

/**
 * Finds a guard function that another go_router route of the file already uses as its
 * `redirect:` and that checks both sign-in and role, such as `redirect: requireClinician`.
 * Reusing it is the one guard the rule can insert without guessing the app's auth API.
 */
export function reusableGuardName(
  routes: RouteRegistration[],
  functions: FunctionIndex,
  config: EngineConfig,
): string | undefined {
  for (const route of routes) {
    const own = route.guards[0];
    if (route.kind !== 'go_router' || own?.kind !== 'function') continue;
    if (own.node.type !== 'identifier' || own.node.nextNamedSibling?.type === 'selector') continue;
    const verdict = judgeGuard(own, functions, config);
    if (verdict.known && verdict.auth && verdict.role) return own.node.text;
  }
  return undefined;
}

/** Adds `redirect: <guard>` after the route's `path:` argument. */
export function addRedirectFix(
  context: RuleContext,
  route: RouteRegistration,
  guardName: string,
): Fix | undefined {
  const pathArgument = route.anchor.parent;
  if (route.kind !== 'go_router' || pathArgument?.type !== 'named_argument') return undefined;
  const source = context.file.source;
  const text = source.text;
  let at = pathArgument.endIndex;
  while (at < text.length && /[ \t]/.test(text[at])) at++;
  const hasComma = text[at] === ',';
  const line = source.lineText(source.positionAt(pathArgument.startIndex).line);
  const ownLine = line.trim().startsWith(pathArgument.text.split('\n')[0]);
  let newText: string;
  if (!hasComma) {
    at = pathArgument.endIndex;
    newText = `, redirect: ${guardName}`;
  } else if (ownLine) {
    at += 1;
    const indent = indentAt(source, pathArgument.startIndex);
    newText = `${lineBreakOf(source)}${indent}redirect: ${guardName},`;
  } else {
    at += 1;
    newText = ` redirect: ${guardName},`;
  }
  return {
    title: `Add redirect: ${guardName} to this route`,
    safe: false,
    isPreferred: true,
    changes: [editChange(context.file.path, [{ range: source.rangeOf(at, at), newText }])],
  };
}
