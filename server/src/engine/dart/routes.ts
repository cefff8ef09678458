import { classesIn, type DartClass } from './classes';
import type { DartFile } from './model';
import { namesReadIn, type NameRead } from './phi-widgets';
import { readStringLiteral } from './strings';
import { callSitesWithin, fileCallSites } from './file-calls';
import { descendantsOfType, namedChildren, type CallSite, type SyntaxNode } from './syntax';

/**
 * Route registrations of go_router (`GoRoute(...)`, typed routes), auto_route (`AutoRoute(...)`)
 * and Navigator `routes:` maps, with the guards each one declares itself.
 */
export type RouteKind = 'go_router' | 'typed_go_route' | 'auto_route' | 'navigator';

export interface RouteRegistration {
  kind: RouteKind;
  path?: string;
  /** The node a finding about the route is reported at: the path, or a typed route's class name. */
  anchor: SyntaxNode;
  /** Classes the route builds, such as `PatientScreen`, or auto_route's page route name. */
  screens: string[];
  /** Names the builder reads, and the words of the path, for the PHI check. */
  namesRead: NameRead[];
  /** Guards declared on the route itself: a `redirect:` function or auto_route guard classes. */
  guards: RouteGuard[];
  /** Offsets of the registration, to find the router and parent routes around it. */
  startIndex: number;
}

export type RouteGuard =
  | { kind: 'function'; node: SyntaxNode }
  | { kind: 'guard-classes'; names: string[]; node: SyntaxNode };

/** A router or parent route call whose `redirect:` applies to the routes inside it. */
export interface RouterScope {
  guard?: RouteGuard;
  startIndex: number;
  endIndex: number;
  /** `GoRouter` and router classes guard every route; parent routes guard their children. */
  isRouter: boolean;
}

const GO_ROUTES = new Set(['GoRoute']);
const AUTO_ROUTES = new Set([
  'AutoRoute',
  'CustomRoute',
  'AdaptiveRoute',
  'MaterialRoute',
  'CupertinoRoute',
]);
const BUILDER_ARGUMENTS = ['builder', 'pageBuilder'];
/** Calls whose `redirect:` guards the routes nested in them. */
const PARENT_ROUTES = new Set(['GoRoute', 'ShellRoute', 'StatefulShellRoute', 'indexedStack']);

const routeCache = new WeakMap<DartFile, RouteRegistration[]>();
const scopeCache = new WeakMap<DartFile, RouterScope[]>();

/** The route registrations of a file, listed once per parsed version. */
export function routesIn(dart: DartFile): RouteRegistration[] {
  let routes = routeCache.get(dart);
  if (!routes) {
    const calls = fileCallSites(dart);
    routes = [
      ...calls.flatMap((call) => goRoute(dart, call) ?? autoRoute(call) ?? []),
      ...calls.flatMap((call) => navigatorRoutes(dart, call)),
      ...classesIn(dart).flatMap((cls) => typedRoute(dart, cls) ?? []),
    ];
    routeCache.set(dart, routes);
  }
  return routes;
}

function calledName(call: CallSite): string {
  return call.callee[call.callee.length - 1];
}

function goRoute(dart: DartFile, call: CallSite): RouteRegistration | undefined {
  if (!GO_ROUTES.has(calledName(call)) || call.receiver.length > 0) return undefined;
  const pathArg = call.args.named.get('path');
  if (!pathArg) return undefined;
  const builder = BUILDER_ARGUMENTS.map((name) => call.args.named.get(name)).find(Boolean);
  const redirect = call.args.named.get('redirect');
  const body = builder?.node;
  return {
    kind: 'go_router',
    path: stringOf(pathArg.expr.nodes[0]),
    anchor: pathArg.expr.nodes[0],
    screens: body ? constructedClasses(dart, body) : [],
    namesRead: [...(body ? namesReadIn(body) : []), ...pathWords(pathArg.expr.nodes[0])],
    guards: redirect ? [{ kind: 'function', node: redirect.expr.nodes[0] }] : [],
    startIndex: call.startIndex,
  };
}

function autoRoute(call: CallSite): RouteRegistration | undefined {
  if (!AUTO_ROUTES.has(calledName(call)) || call.receiver.length > 0) return undefined;
  const page = call.args.named.get('page');
  if (!page) return undefined;
  const pathArg = call.args.named.get('path');
  const pageName = page.expr.nodes[0].text;
  const guards = call.args.named.get('guards');
  const guardNames = guards ? namesInGuardList(guards.expr.nodes[0]) : [];
  const anchor = pathArg?.expr.nodes[0] ?? page.expr.nodes[0];
  return {
    kind: 'auto_route',
    path: pathArg ? stringOf(pathArg.expr.nodes[0]) : undefined,
    anchor,
    screens: [pageName, ...screenNamesForPageRoute(pageName)],
    namesRead: [
      { name: pageName, node: page.expr.nodes[0] },
      ...(pathArg ? pathWords(anchor) : []),
    ],
    guards: guards && guardNames.length > 0
      ? [{ kind: 'guard-classes', names: guardNames, node: guards.node }]
      : [],
    startIndex: call.startIndex,
  };
}

/** auto_route names the generated route of `PatientScreen` or `PatientPage` `PatientRoute`. */
function screenNamesForPageRoute(routeName: string): string[] {
  if (!routeName.endsWith('Route')) return [];
  const base = routeName.slice(0, -'Route'.length);
  return [`${base}Screen`, `${base}Page`, `${base}View`, base];
}

function navigatorRoutes(dart: DartFile, call: CallSite): RouteRegistration[] {
  const routes = call.args.named.get('routes');
  const map = routes?.expr.nodes[0];
  if (!map || map.type !== 'set_or_map_literal') return [];
  return namedChildren(map)
    .filter((pair) => pair.type === 'pair')
    .flatMap((pair) => {
      const [key, value] = namedChildren(pair);
      if (!key || key.type !== 'string_literal' || !value) return [];
      return [{
        kind: 'navigator' as const,
        path: stringOf(key),
        anchor: key,
        screens: constructedClasses(dart, value),
        namesRead: [...namesReadIn(value), ...pathWords(key)],
        // A Navigator route has no guard slot; a guard widget in the builder plays that role.
        guards: [{ kind: 'function' as const, node: value }],
        startIndex: pair.startIndex,
      }];
    });
}

function typedRoute(dart: DartFile, cls: DartClass): RouteRegistration | undefined {
  const annotation = cls.annotations.find((a) => namedChildren(a)[0]?.text === 'TypedGoRoute');
  if (!annotation) return undefined;
  const args = namedChildren(annotation).find((c) => c.type === 'arguments');
  const pathArg = args
    ? namedChildren(args).find((a) => a.type === 'named_argument' && a.text.startsWith('path'))
    : undefined;
  const pathNode = pathArg
    ? namedChildren(pathArg).find((c) => c.type === 'string_literal')
    : undefined;
  const build = cls.methods.get('build')?.body ?? cls.methods.get('buildPage')?.body;
  const redirect = cls.methods.get('redirect');
  return {
    kind: 'typed_go_route',
    path: pathNode ? stringOf(pathNode) : undefined,
    // The annotation is not a place users look for a finding; the class name is.
    anchor: cls.nameNode,
    screens: build ? constructedClasses(dart, build) : [],
    namesRead: [
      ...(build ? namesReadIn(build, cls) : []),
      ...(pathNode ? pathWords(pathNode) : []),
    ],
    guards: redirect?.body ? [{ kind: 'function', node: redirect.body }] : [],
    startIndex: cls.node.startIndex,
  };
}

/** Routers and parent routes of a file, with the `redirect:` each declares. */
export function routerScopesIn(dart: DartFile): RouterScope[] {
  let scopes = scopeCache.get(dart);
  if (!scopes) {
    scopes = readRouterScopes(dart);
    scopeCache.set(dart, scopes);
  }
  return scopes;
}

function readRouterScopes(dart: DartFile): RouterScope[] {
  const scopes: RouterScope[] = [];
  for (const call of fileCallSites(dart)) {
    const name = calledName(call);
    const isRouter = name === 'GoRouter' && call.receiver.length === 0;
    if (!isRouter && !PARENT_ROUTES.has(name)) continue;
    const redirect = call.args.named.get('redirect');
    scopes.push({
      guard: redirect ? { kind: 'function', node: redirect.expr.nodes[0] } : undefined,
      startIndex: call.args.node.startIndex,
      endIndex: call.args.node.endIndex,
      isRouter,
    });
  }
  for (const cls of classesIn(dart)) {
    const guards = cls.methods.get('guards');
    if (!guards?.body || !/Router$/.test(cls.superclass ?? '')) continue;
    const names = namesInGuardList(guards.body);
    scopes.push({
      guard: names.length > 0 ? { kind: 'guard-classes', names, node: guards.nameNode } : undefined,
      startIndex: cls.node.startIndex,
      endIndex: cls.node.endIndex,
      isRouter: true,
    });
  }
  return scopes;
}

function constructedClasses(dart: DartFile, node: SyntaxNode): string[] {
  return callSitesWithin(dart, node)
    .filter((call) => call.receiver.length === 0 && /^[A-Z]/.test(call.callee[0]))
    .map((call) => call.callee[0]);
}

/** Class names in a guards list: `[AuthGuard(), roleGuard]` gives AuthGuard and roleGuard. */
function namesInGuardList(node: SyntaxNode): string[] {
  const lists = node.type === 'list_literal' ? [node] : descendantsOfType(node, 'list_literal');
  return lists.flatMap((list) =>
    namedChildren(list).flatMap((item) => {
      if (item.type === 'identifier') return [item.text];
      if (item.type !== 'const_object_expression') return [];
      const type = namedChildren(item).find((c) => c.type === 'type_identifier');
      return type ? [type.text] : [];
    }),
  );
}

function stringOf(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'string_literal' ? readStringLiteral(node).constant : undefined;
}

/** Splits a route path into its segment names: `/patient/:mrn` gives `patient` and `mrn`. */
function pathWords(node: SyntaxNode): NameRead[] {
  const value = stringOf(node) ?? '';
  return value
    .split('/')
    .map((segment) => segment.replace(/^:/, '').replace(/\(.*\)$/, ''))
    .filter((segment) => /^[A-Za-z_][\w-]*$/.test(segment))
    .map((name) => ({ name, node }));
}
