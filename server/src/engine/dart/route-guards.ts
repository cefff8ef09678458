import type { EngineConfig } from '../config';
import { nameWords } from '../phi/classifier';
import type { Project, WorkspaceFile } from '../workspace';
import { classesIn } from './classes';
import type { DartFile } from './model';
import type { RouteGuard } from './routes';
import { descendantsOfType, namedChildren, type SyntaxNode } from './syntax';

/**
 * Decides what a route guard checks. It checks sign-in when it reads an auth state. It checks a
 * role when it calls a configured role check, or, with none configured, when it reads a name
 * about roles, claims or permissions. Project functions that a guard calls are followed two
 * calls deep.
 */
export interface GuardVerdict {
  auth: boolean;
  role: boolean;
  /** False when the guard's code is outside the project, so its checks are unknown. */
  known: boolean;
}

const AUTH_WORDS = new Set([
  'auth',
  'authenticated',
  'authentication',
  'unauthenticated',
  'login',
  'logged',
  'loggedin',
  'signin',
  'signed',
  'session',
  'user',
  'account',
]);

const ROLE_WORDS = new Set([
  'role',
  'roles',
  'permission',
  'permissions',
  'claim',
  'claims',
  'scope',
  'scopes',
  'privilege',
  'privileges',
  'entitlement',
  'entitlements',
  'authorize',
  'authorized',
  'authorization',
  'rbac',
  'acl',
]);

/** Bodies of the project's functions and methods by name, for following a guard's calls. */
export type FunctionIndex = Map<string, SyntaxNode[]>;

const functionCache = new WeakMap<DartFile, FunctionIndex>();

export function projectFunctions(project: Project): FunctionIndex {
  const index: FunctionIndex = new Map();
  for (const file of project.files('dart')) {
    const dart = file.dart();
    if (!dart) continue;
    let own = functionCache.get(dart);
    if (!own) {
      own = functionsIn(dart);
      functionCache.set(dart, own);
    }
    for (const [name, bodies] of own) index.set(name, [...(index.get(name) ?? []), ...bodies]);
  }
  return index;
}

function functionsIn(dart: DartFile): FunctionIndex {
  const index: FunctionIndex = new Map();
  const add = (name: string, body: SyntaxNode) => {
    index.set(name, [...(index.get(name) ?? []), body]);
  };
  for (const child of namedChildren(dart.root)) {
    if (child.type !== 'function_body') continue;
    const name = child.previousNamedSibling?.childForFieldName('name');
    if (name) add(name.text, child);
  }
  for (const cls of classesIn(dart)) {
    for (const method of cls.methods.values()) if (method.body) add(method.name, method.body);
    // A guard class is known by its class name; its onNavigation or redirect does the work.
    const entry = cls.methods.get('onNavigation') ?? cls.methods.get('redirect');
    if (entry?.body) add(cls.name, entry.body);
  }
  return index;
}

export function judgeGuard(
  guard: RouteGuard,
  functions: FunctionIndex,
  config: EngineConfig,
): GuardVerdict {
  const bodies = guard.kind === 'function'
    ? bodiesOfExpression(guard.node, functions)
    : guard.names.flatMap((name) => functions.get(name) ?? []);
  if (bodies.length === 0) return { auth: false, role: false, known: false };
  const names = new Set<string>();
  collectNames(bodies, functions, names, 2);
  const all = [...names];
  return { auth: all.some(isAuthName), role: all.some((n) => isRoleCheck(n, config)), known: true };
}

/**
 * A guard written inline is its own body; `redirect: _guard` or `redirect: guard.redirect`
 * points at a project function or method, found by its last name.
 */
function bodiesOfExpression(node: SyntaxNode, functions: FunctionIndex): SyntaxNode[] {
  if (node.type !== 'identifier') return [node];
  const chain: SyntaxNode[] = [node];
  for (let next = node.nextNamedSibling; next?.type === 'selector'; next = next.nextNamedSibling) {
    chain.push(...descendantsOfType(next, 'identifier'));
  }
  return functions.get(chain[chain.length - 1].text) ?? [];
}

function collectNames(
  bodies: SyntaxNode[],
  functions: FunctionIndex,
  names: Set<string>,
  depth: number,
): void {
  for (const body of bodies) {
    for (const id of descendantsOfType(body, ['identifier', 'type_identifier'])) {
      if (names.has(id.text)) continue;
      names.add(id.text);
      const callee = functions.get(id.text);
      if (callee && depth > 0) collectNames(callee, functions, names, depth - 1);
    }
  }
}

function isAuthName(name: string): boolean {
  return nameWords(name).some((word) => AUTH_WORDS.has(word));
}

function isRoleCheck(name: string, config: EngineConfig): boolean {
  if (config.auth.roleChecks.length > 0) return config.auth.roleChecks.includes(name);
  return nameWords(name).some((word) => ROLE_WORDS.has(word));
}

/** Finds the project file that contains a node, for related information. */
export function fileOfNode(project: Project, node: SyntaxNode): WorkspaceFile | undefined {
  return project.files('dart').find((f) => f.dart()?.root.id === node.tree.rootNode.id);
}
