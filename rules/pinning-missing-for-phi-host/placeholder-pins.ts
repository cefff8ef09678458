import * as path from 'node:path';
import type { DartFile, DartImport } from '../../server/src/engine/dart/model';
import { readStringLiteral } from '../../server/src/engine/dart/strings';
import { namedChildren, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import { packageName } from '../../server/src/engine/fixes/dart-imports';
import {
  PLACEHOLDER_PIN_NAME,
  PLACEHOLDER_PIN_VALUE,
} from '../../server/src/engine/fixes/pinned-client-source';
import type { Project, RuleContext, WorkspaceFile } from '../../server/src/engine/rule-api';

/** A constant whose value is the placeholder pin, and the file that declares it. */
interface PlaceholderConstant {
  name: SyntaxNode;
  dart: DartFile;
}

/**
 * Reports each placeholder in a pin list of the generated pinned client: a use of the constant
 * whose value is the placeholder, or the placeholder string itself. The constant may be
 * declared in the file or in a project file it imports without a prefix, which is how
 * pinned_hosts.dart uses the one declared in pinned_http_client.dart. Such a host cannot be
 * reached until a real pin replaces the placeholder, so the finding is an error.
 */
export function reportPlaceholderPins(context: RuleContext, dart: DartFile): void {
  const text = dart.text;
  if (!text.includes(PLACEHOLDER_PIN_VALUE) && !text.includes(PLACEHOLDER_PIN_NAME)) return;
  const names = placeholderConstants(context.project, dart);
  const uses = dart.root.descendantsOfType(['identifier', 'string_literal']).filter((node) => {
    if (!node || node.parent?.type !== 'list_literal') return false;
    if (node.type === 'identifier') return names.has(node.text);
    return readStringLiteral(node).constant === PLACEHOLDER_PIN_VALUE;
  });
  for (const use of uses as SyntaxNode[]) {
    const constant = use.type === 'identifier' ? names.get(use.text) : undefined;
    reportUse(context, use, constant);
  }
}

function reportUse(
  context: RuleContext,
  use: SyntaxNode,
  constant: PlaceholderConstant | undefined,
): void {
  const host = hostOf(use.parent!) ?? 'this host';
  const shown = constant ? ` ${use.text}` : ' value';
  const source = context.file.source;
  const target = constant?.name ?? use;
  context.report({
    range: source.rangeOf(use.startIndex, use.endIndex),
    severity: 'error',
    message: `Pin for ${host} is still the placeholder${shown}.`,
    related: [
      {
        path: constant?.dart.path ?? context.file.path,
        range: (constant?.dart.source ?? source).rangeOf(target.startIndex, target.endIndex),
        message:
          'The pinned client rejects every connection to the host until this placeholder is ' +
          'replaced with the base64 SHA-256 hash of its SPKI.',
      },
    ],
  });
}

/**
 * Finds the constants initialized with the placeholder value (`phiGuardPlaceholderPin`) that
 * the file can use without a prefix, by name. A local declaration shadows an imported one.
 */
function placeholderConstants(project: Project, dart: DartFile): Map<string, PlaceholderConstant> {
  const names = new Map<string, PlaceholderConstant>();
  for (const entry of dart.imports) {
    if (entry.prefix !== undefined) continue;
    const imported = importedProjectFile(project, dart.path, entry.uri)?.dart();
    if (!imported) continue;
    for (const [name, node] of declaredPlaceholders(imported)) {
      if (!isVisible(entry, name)) continue;
      names.set(name, { name: node, dart: imported });
    }
  }
  for (const [name, node] of declaredPlaceholders(dart)) {
    names.set(name, { name: node, dart });
  }
  return names;
}

function isVisible(entry: DartImport, name: string): boolean {
  if (entry.show.length > 0 && !entry.show.includes(name)) return false;
  return !entry.hide.includes(name);
}

/** Lists the constants of a file whose value is the placeholder, with their name nodes. */
function declaredPlaceholders(dart: DartFile): Array<[string, SyntaxNode]> {
  const found: Array<[string, SyntaxNode]> = [];
  for (const declaration of dart.root.descendantsOfType('static_final_declaration')) {
    const [name, value] = declaration ? namedChildren(declaration) : [];
    if (name?.type !== 'identifier' || value?.type !== 'string_literal') continue;
    if (readStringLiteral(value).constant === PLACEHOLDER_PIN_VALUE) found.push([name.text, name]);
  }
  return found;
}

/**
 * Resolves a relative import, or a `package:` import of the project's own package, to the
 * project file it names. Other URIs (SDK libraries, other packages) resolve to nothing.
 */
function importedProjectFile(
  project: Project,
  fromFile: string,
  uri: string,
): WorkspaceFile | undefined {
  const own = packageName(project);
  if (own && uri.startsWith(`package:${own}/`)) {
    return project.get(path.posix.join(project.root, 'lib', uri.slice(`package:${own}/`.length)));
  }
  if (uri.includes(':')) return undefined;
  return project.get(path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), uri)));
}

/** Reads the host of the `PinnedHost('host', pins: [...])` entry that contains a pin list. */
function hostOf(list: SyntaxNode): string | undefined {
  const argumentsNode = list.parent?.parent;
  if (list.parent?.type !== 'named_argument' || argumentsNode?.type !== 'arguments') {
    return undefined;
  }
  const first = namedChildren(argumentsNode).find((child) => child.type === 'argument');
  const literal = first ? namedChildren(first)[0] : undefined;
  return literal?.type === 'string_literal' ? readStringLiteral(literal).constant : undefined;
}
