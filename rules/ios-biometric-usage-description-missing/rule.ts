import { firstLocalAuthCall } from '../../server/src/engine/dart/local-auth';
import { dictEntry, type PlistValue } from '../../server/src/engine/parsers/plist';
import { editChange, lineBreakOf } from '../../server/src/engine/platform/text-edits';
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine/rule-api';
import type { Range } from '../../server/src/engine/types';

const KEY = 'NSFaceIDUsageDescription';
/** A starting purpose string; the app team should word it for their users. */
const PURPOSE = 'Use Face ID to confirm it is you before showing your health data.';

export default defineRule({
  meta: {
    id: 'ios-biometric-usage-description-missing',
    summary: 'The app calls local_auth but Info.plist has no NSFaceIDUsageDescription.',
    category: 'identity-and-access',
    defaultSeverity: 'error',
    fileKinds: ['plist'],
    reads: ['dart', 'pubspec'],
    hipaa: ['(d)'],
    masvs: ['MASVS-AUTH-2'],
    cwe: [703],
    wave: 2,
    fix: 'unsafe',
  },
  check(context) {
    const { file, project } = context;
    if (!isAppInfoPlist(project.relative(file.path))) return;
    if (!project.dependsOn('local_auth')) return;
    const use = firstLocalAuthCall(project);
    if (!use) return;
    const dict = file.plist().topDict;
    // A plist without a readable top-level dict gets the engine's malformed-file notice instead.
    if (!dict) return;
    const entry = dictEntry(dict, KEY);
    if (entry && entry.value?.type === 'string' && entry.value.value.trim() !== '') return;
    const useRange = use.file.source.rangeOf(use.call.nameNode.startIndex, use.call.endIndex);
    context.report({
      range: entry ? entry.keyRange : openingTagRange(context, dict),
      message: entry
        ? `${KEY} in Info.plist has no purpose string.`
        : `Info.plist has no ${KEY}, but the app calls local_auth.`,
      related: [
        {
          path: use.file.path,
          range: useRange,
          message: 'This call shows the Face ID prompt; without the key iOS terminates the app.',
        },
      ],
      fixes: entry ? [] : [addKeyFix(context, dict)],
    });
  },
});

/** Tells whether the file is the Runner target's Info.plist, the one that ships in the app. */
function isAppInfoPlist(relative: string): boolean {
  return relative === 'ios/Runner/Info.plist';
}

/** Returns the range of the top-level `<dict>` opening tag, or of the whole element. */
function openingTagRange(context: RuleContext, dict: PlistValue): Range {
  const open = dict.element.syntax.openBody;
  if (!open) return dict.range;
  return context.file.source.rangeOf(open.startOffset, open.endOffset + 1);
}

function addKeyFix(context: RuleContext, dict: PlistValue): Fix {
  const source = context.file.source;
  const open = dict.element.syntax.openBody;
  const at = open ? open.endOffset + 1 : dict.element.position.startOffset;
  const indent = entryIndent(context, dict);
  const nl = lineBreakOf(source);
  const newText =
    `${nl}${indent}<key>${KEY}</key>` +
    `${nl}${indent}<string>${PURPOSE}</string>`;
  return {
    title: `Add ${KEY} to Info.plist`,
    safe: false,
    isPreferred: true,
    changes: [editChange(context.file.path, [{ range: source.rangeOf(at, at), newText }])],
  };
}

/** Returns the indentation of the dictionary's first key, so the new key lines up with it. */
function entryIndent(context: RuleContext, dict: PlistValue): string {
  if (dict.type !== 'dict' || dict.entries.length === 0) return '\t';
  const line = context.file.source.lineText(dict.entries[0].keyRange.start.line);
  return /^[ \t]*/.exec(line)?.[0] ?? '\t';
}
