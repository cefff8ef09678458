import { TextEdit } from 'vscode-languageserver';
import type { FileKind, Finding } from '../engine';
import type { WorkspaceFile } from '../engine/workspace';

type CommentStyle = 'slashes' | 'hash' | 'xml';

const COMMENT_STYLES: Partial<Record<FileKind, CommentStyle>> = {
  dart: 'slashes',
  gradle: 'slashes',
  kotlin: 'slashes',
  java: 'slashes',
  swift: 'slashes',
  pubspec: 'hash',
  'pubspec-lock': 'hash',
  'phi-guard-config': 'hash',
  'android-manifest': 'xml',
  'network-security-config': 'xml',
  'backup-rules': 'xml',
  'android-xml': 'xml',
  plist: 'xml',
  entitlements: 'xml',
};

const REASON = 'reason required';

export interface SuppressionEdit {
  title: string;
  edit: TextEdit;
}

/**
 * The governed suppression comment for a finding, on its own line above the finding with the
 * same indentation and the file's line break. The reason is a placeholder for the user to
 * replace, written as a snippet tab stop when the client supports snippet edits.
 *
 * An XML line that does not start with a tag lies inside a start tag, as an attribute on a line
 * of its own does. A comment there is invalid XML, so the comment covers the whole file instead
 * and goes after the XML declaration.
 */
export function suppressionEdit(
  file: WorkspaceFile,
  finding: Finding,
  snippets: boolean,
): SuppressionEdit | undefined {
  const style = COMMENT_STYLES[file.kind];
  if (!style) return undefined;
  const source = file.source;
  const line = finding.range.start.line;
  const lineText = line < source.lineCount ? source.lineText(line) : '';
  const reason = snippets ? `\${1:${REASON}}` : REASON;
  const eol = lineBreakOf(source.text);
  if (style === 'xml' && !lineText.trimStart().startsWith('<')) {
    const body = `phi-guard-ignore-file ${finding.ruleId}: ${reason}`;
    const at = source.lineText(0).trimStart().startsWith('<?xml') ? 1 : 0;
    return {
      title: `Suppress ${finding.ruleId} in this file with a reason`,
      edit: TextEdit.insert({ line: at, character: 0 }, `<!-- ${body} -->${eol}`),
    };
  }
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  const body = `phi-guard-ignore ${finding.ruleId}: ${reason}`;
  return {
    title: `Suppress ${finding.ruleId} with a reason`,
    edit: TextEdit.insert({ line, character: 0 }, `${indent}${comment(style, body)}${eol}`),
  };
}

function comment(style: CommentStyle, body: string): string {
  if (style === 'xml') return `<!-- ${body} -->`;
  return style === 'hash' ? `# ${body}` : `// ${body}`;
}

/** Returns the file's first line break, so an inserted line keeps the file's line endings. */
function lineBreakOf(text: string): string {
  const match = /\r\n|\n|\r/.exec(text);
  return match ? match[0] : '\n';
}
