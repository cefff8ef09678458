/**
 * Sentry options set in the callback of `SentryFlutter.init` (or `Sentry.init`) that send
 * personal data with every event: `sendDefaultPii = true`, and screenshots without masking.
 */
import type { DartFile } from '../../server/src/engine/dart/model';
import { walk, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import { dartCallSites } from '../../server/src/engine/phi';
import type { RuleContext } from '../../server/src/engine/rule-api';

interface OptionSet {
  name: string;
  node: SyntaxNode;
  value: SyntaxNode;
}

export function checkSentryOptions(context: RuleContext, dart: DartFile): void {
  for (const callback of initCallbacks(dart)) {
    const options = assignments(callback);
    for (const option of options) {
      if (option.value.type !== 'true') continue;
      if (option.name === 'sendDefaultPii') reportOption(context, dart, option, PII_MESSAGES);
      if (option.name === 'attachScreenshot' && !masks(options)) {
        reportOption(context, dart, option, SCREENSHOT_MESSAGES);
      }
    }
  }
}

const PII_MESSAGES = {
  message: 'Sentry option `sendDefaultPii` sends user data with every event.',
  hint: 'Leave sendDefaultPii false (the default) and scrub events in beforeSend.',
};
const SCREENSHOT_MESSAGES = {
  message: 'Sentry option `attachScreenshot` sends unmasked screens with each error.',
  hint: 'Screens of a health app show PHI; turn screenshots off or mask all text and images.',
};

function reportOption(
  context: RuleContext,
  dart: DartFile,
  option: OptionSet,
  text: { message: string; hint: string },
): void {
  const range = dart.source.rangeOf(option.node.startIndex, option.node.endIndex);
  context.report({
    range,
    message: text.message,
    related: [{ path: context.file.path, range, message: text.hint }],
  });
}

/** Lists the functions passed as the first argument of `SentryFlutter.init` or `Sentry.init`. */
function initCallbacks(dart: DartFile): SyntaxNode[] {
  const callbacks: SyntaxNode[] = [];
  for (const call of dartCallSites(dart)) {
    if (call.receiver.length > 0 || call.callee[call.callee.length - 1] !== 'init') continue;
    const owner = call.callee.slice(0, -1);
    const isInit =
      dart.refersTo(owner, 'sentry_flutter', 'SentryFlutter') ||
      dart.refersTo(owner, 'sentry', 'Sentry') ||
      dart.refersTo(owner, 'sentry_flutter', 'Sentry');
    const first = call.args.positional[0]?.nodes[0];
    if (isInit && first?.type === 'function_expression') callbacks.push(first);
  }
  return callbacks;
}

/** Lists the assignments `x.name = value` in the callback, by the last name of the target. */
function assignments(callback: SyntaxNode): OptionSet[] {
  const found: OptionSet[] = [];
  walk(callback, (node) => {
    if (node.type !== 'assignment_expression') return undefined;
    const target = node.namedChildren[0];
    const value = node.namedChildren[node.namedChildCount - 1];
    const name = target ? lastIdentifier(target) : undefined;
    if (name && value && value !== target) found.push({ name, node, value });
    return undefined;
  });
  return found;
}

function lastIdentifier(node: SyntaxNode): string | undefined {
  let name: string | undefined;
  walk(node, (child) => {
    if (child.type === 'identifier') name = child.text;
    return undefined;
  });
  return name;
}

/** Checks for masking turned on in the same callback, such as `privacy.maskAllText = true`. */
function masks(options: OptionSet[]): boolean {
  // NOTE: masking set up through calls (`privacy.mask<Widget>()`) is not recognised.
  return options.some((o) => o.name.startsWith('mask') && o.value.type === 'true');
}
