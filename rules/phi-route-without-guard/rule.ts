import {
  indexByWidgetName,
  phiNamesAmong,
  projectWidgets,
  showsPhi,
  type WidgetInfo,
} from '../../server/src/engine/dart/phi-widgets';
import {
  judgeGuard,
  projectFunctions,
  type FunctionIndex,
  type GuardVerdict,
} from '../../server/src/engine/dart/route-guards';
import {
  routerScopesIn,
  routesIn,
  type RouteGuard,
  type RouteRegistration,
  type RouterScope,
} from '../../server/src/engine/dart/routes';
import {
  defineRule,
  type Fix,
  type RelatedInformation,
  type RuleContext,
} from '../../server/src/engine/rule-api';
import {
  isSignInRoute,
  projectHasSignIn,
} from '../../server/src/engine/dart/sign-in-routes';
import { addRedirectFix, reusableGuardName } from './fix';

export default defineRule({
  meta: {
    id: 'phi-route-without-guard',
    summary: 'A route that shows PHI has no redirect or guard that checks sign-in and role.',
    category: 'identity-and-access',
    defaultSeverity: 'warning',
    fileKinds: ['dart'],
    reads: ['dart'],
    hipaa: ['(a)(1)', '(a)(2)(i)'],
    masvs: ['MASVS-AUTH-1'],
    cwe: [862],
    wave: 1,
    fix: 'unsafe',
  },
  check(context) {
    const dart = context.file.dart();
    if (!dart) return;
    const routes = routesIn(dart);
    if (routes.length === 0) return;
    const widgets = indexByWidgetName(projectWidgets(context.project));
    const localScopes = routerScopesIn(dart);
    const functions = projectFunctions(context.project);
    const reusableGuard = reusableGuardName(routes, functions, context.config);
    let signIn: boolean | undefined;
    for (const route of routes) {
      if (isSignInRoute(route)) continue;
      const phiReason = phiReasonOf(context, route, widgets);
      if (!phiReason) continue;
      signIn ??= projectHasSignIn(context.project) || someGuardChecksSignIn(context, functions);
      if (!signIn) {
        reportNoSignIn(context, route, phiReason);
        return;
      }
      const guards = guardsOf(context, route, localScopes);
      const verdict = combinedVerdict(guards, functions, context);
      if (!verdict || (verdict.auth && verdict.role)) continue;
      const fix = route.guards.length === 0 && reusableGuard
        ? addRedirectFix(context, route, reusableGuard)
        : undefined;
      report(context, route, { verdict, guarded: hasRealGuard(route, guards), phiReason, fix });
    }
  },
});

/** Explains where the route's PHI comes from, as related information; undefined without PHI. */
function phiReasonOf(
  context: RuleContext,
  route: RouteRegistration,
  widgets: Map<string, WidgetInfo[]>,
): RelatedInformation | undefined {
  for (const screen of route.screens) {
    const shown = widgets.get(screen)?.find((w) => showsPhi(w, widgets, context.config));
    if (shown) {
      const { nameNode } = shown.cls;
      return {
        path: shown.file.path,
        range: shown.file.source.rangeOf(nameNode.startIndex, nameNode.endIndex),
        message: `The route builds ${screen}, which shows PHI.`,
      };
    }
  }
  const phiName = phiNamesAmong(route.namesRead, context.config)[0];
  if (!phiName) return undefined;
  return {
    path: context.file.path,
    range: context.file.source.rangeOf(phiName.node.startIndex, phiName.node.endIndex),
    message: `The route passes or names ${phiName.name}, which is classified as PHI.`,
  };
}

/**
 * Collects the guards that run before the route: its own, those of the routes and router around
 * it in this file, and, when no router encloses it here, the redirects of the app's routers.
 */
function guardsOf(
  context: RuleContext,
  route: RouteRegistration,
  localScopes: RouterScope[],
): RouteGuard[] {
  const guards = [...route.guards];
  if (route.kind === 'navigator') return guards;
  const around = localScopes.filter(
    (s) => s.startIndex <= route.startIndex && route.startIndex < s.endIndex,
  );
  for (const scope of around) if (scope.guard) guards.push(scope.guard);
  if (around.some((s) => s.isRouter)) return guards;
  for (const scope of projectRouterScopes(context)) if (scope.guard) guards.push(scope.guard);
  return guards;
}

/** True when a guard anywhere in the app checks sign-in, so the app has a session to check. */
function someGuardChecksSignIn(context: RuleContext, functions: FunctionIndex): boolean {
  return context.project.files('dart').some((file) => {
    const dart = file.dart();
    if (!dart) return false;
    const guards = [
      ...routesIn(dart).flatMap((route) => route.guards),
      ...routerScopesIn(dart).flatMap((scope) => (scope.guard ? [scope.guard] : [])),
    ];
    return guards.some((guard) => judgeGuard(guard, functions, context.config).auth);
  });
}

function projectRouterScopes(context: RuleContext): RouterScope[] {
  return context.project.files('dart').flatMap((file) => {
    const dart = file.dart();
    return dart ? routerScopesIn(dart).filter((s) => s.isRouter) : [];
  });
}

/** Merges what the guards check; undefined when one of them cannot be read. */
function combinedVerdict(
  guards: RouteGuard[],
  functions: FunctionIndex,
  context: RuleContext,
): GuardVerdict | undefined {
  const verdicts = guards.map((g) => judgeGuard(g, functions, context.config));
  // NOTE: a guard whose code is outside the project (a package function) is trusted.
  if (verdicts.some((v) => !v.known)) return undefined;
  return {
    auth: verdicts.some((v) => v.auth),
    role: verdicts.some((v) => v.role),
    known: true,
  };
}

interface RouteProblem {
  verdict: GuardVerdict;
  guarded: boolean;
  phiReason: RelatedInformation;
  fix?: Fix;
}

function report(context: RuleContext, route: RouteRegistration, problem: RouteProblem): void {
  const source = context.file.source;
  const range = source.rangeOf(route.anchor.startIndex, route.anchor.endIndex);
  context.report({
    range,
    message: messageFor(route, problem.verdict, problem.guarded),
    fixes: problem.fix ? [problem.fix] : [],
    related: [
      problem.phiReason,
      {
        path: context.file.path,
        range,
        message: 'Check sign-in and role before the screen builds; the server must check too.',
      },
    ],
  });
}

/**
 * An app without any sign-in has no session for a guard to check; one note per router file
 * says so at the first route that shows PHI instead of a warning on every route.
 */
function reportNoSignIn(
  context: RuleContext,
  route: RouteRegistration,
  phiReason: RelatedInformation,
): void {
  const range = context.file.source.rangeOf(route.anchor.startIndex, route.anchor.endIndex);
  const name = route.path !== undefined ? `Route '${route.path}'` : 'This route';
  context.report({
    range,
    severity: 'info',
    message: `${name} shows PHI, and the app has no sign-in or app lock to guard it.`,
    related: [
      phiReason,
      {
        path: context.file.path,
        range,
        message: 'Anyone holding the device sees these screens; consider an app lock.',
      },
    ],
  });
}

/**
 * Tells whether the route has a guard. A Navigator route's builder is checked in place of a
 * guard, so it never counts as one.
 */
function hasRealGuard(route: RouteRegistration, guards: RouteGuard[]): boolean {
  return route.kind === 'navigator' ? false : guards.length > 0;
}

function messageFor(route: RouteRegistration, verdict: GuardVerdict, guarded: boolean): string {
  const name = route.path !== undefined ? `Route '${route.path}'` : 'This route';
  const checksNothing = !verdict.auth && !verdict.role;
  if (!guarded && checksNothing) return `${name} shows PHI with no redirect or guard.`;
  if (checksNothing) return `${name} shows PHI; its guard checks neither sign-in nor role.`;
  if (!verdict.role) return `${name} shows PHI; its guard checks sign-in but no role.`;
  return `${name} shows PHI; its guard checks a role but not sign-in.`;
}
