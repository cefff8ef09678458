import type { DartFile } from '../../server/src/engine/dart/model';
import { readStringLiteral } from '../../server/src/engine/dart/strings';
import { namedChildren, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import { PLACEHOLDER_PIN_VALUE } from '../../server/src/engine/fixes/pinned-client-source';
import type { RuleContext } from '../../server/src/engine/rule-api';

/**
 * Reports each placeholder in a pin list of the generated pinned client: a use of the constant
 * whose value is the placeholder, or the placeholder string itself. Such a host cannot be
 * reached until a real pin replaces it, so the finding is an error.
 */
export function reportPlaceholderPins(context: RuleContext, dart: DartFile): void {
  if (!dart.text.includes(PLACEHOLDER_PIN_VALUE)) return;
  const names = placeholderConstants(dart);
  const uses = dart.root.descendantsOfType(['identifier', 'string_literal']).filter((node) => {
    if (!node || node.parent?.type !== 'list_literal') return false;
    if (node.type === 'identifier') return names.has(node.text);
    return readStringLiteral(node).constant === PLACEHOLDER_PIN_VALUE;
  });
  for (const use of uses as SyntaxNode[]) {
    const host = hostOf(use.parent!) ?? 'this host';
    const declaration = use.type === 'identifier' ? names.get(use.text) : undefined;
    const shown = declaration ? ` ${use.text}` : ' value';
    const source = context.file.source;
    context.report({
      range: source.rangeOf(use.startIndex, use.endIndex),
      severity: 'error',
      message: `Pin for ${host} is still the placeholder${shown}.`,
      related: [
        {
          path: context.file.path,
          range: source.rangeOf(
            (declaration ?? use).startIndex,
            (declaration ?? use).endIndex,
          ),
          message:
            'The pinned client rejects every connection to the host until this placeholder is ' +
            'replaced with the base64 SHA-256 hash of its SPKI.',
        },
      ],
    });
  }
}

/** Constants initialized with the placeholder value (`phiGuardPlaceholderPin`), by name. */
function placeholderConstants(dart: DartFile): Map<string, SyntaxNode> {
  const names = new Map<string, SyntaxNode>();
  for (const declaration of dart.root.descendantsOfType('static_final_declaration')) {
    const [name, value] = declaration ? namedChildren(declaration) : [];
    if (name?.type !== 'identifier' || value?.type !== 'string_literal') continue;
    if (readStringLiteral(value).constant === PLACEHOLDER_PIN_VALUE) names.set(name.text, name);
  }
  return names;
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
