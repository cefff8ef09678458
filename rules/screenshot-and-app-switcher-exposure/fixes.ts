import type { Token } from '../../server/src/engine/parsers/clike';
import { matching } from '../../server/src/engine/platform/native-protection';
import {
  editChange,
  indentAt,
  indentUnit,
  lineBreakOf,
} from '../../server/src/engine/platform/text-edits';
import type { Fix, WorkspaceFile } from '../../server/src/engine/rule-api';
import type { TextEdit } from '../../server/src/engine/types';

/**
 * Quick fixes that add protection in native code: FLAG_SECURE in the Flutter activity (every
 * route lives in that one window) and a blur overlay in AppDelegate for the app switcher.
 */

interface ActivityTemplate {
  setFlags: string;
  onCreate: (indent: string, unit: string, nl: string) => string;
  importLine: (name: string) => string;
}

const FLAG = 'WindowManager.LayoutParams.FLAG_SECURE';

const KOTLIN: ActivityTemplate = {
  setFlags: `window.setFlags(${FLAG}, ${FLAG})`,
  onCreate: (i, u, nl) =>
    `${i}override fun onCreate(savedInstanceState: Bundle?) {${nl}` +
    `${i}${u}super.onCreate(savedInstanceState)${nl}` +
    `${i}${u}${KOTLIN.setFlags}${nl}${i}}${nl}`,
  importLine: (name) => `import ${name}`,
};

const JAVA: ActivityTemplate = {
  setFlags: `getWindow().setFlags(${FLAG}, ${FLAG});`,
  onCreate: (i, u, nl) =>
    `${i}@Override${nl}${i}protected void onCreate(Bundle savedInstanceState) {${nl}` +
    `${i}${u}super.onCreate(savedInstanceState);${nl}` +
    `${i}${u}${JAVA.setFlags}${nl}${i}}${nl}`,
  importLine: (name) => `import ${name};`,
};

const TEMPLATES: Partial<Record<string, ActivityTemplate>> = { kotlin: KOTLIN, java: JAVA };

/** Sets FLAG_SECURE in the activity's onCreate, adding the method or imports when missing. */
export function flagSecureFix(activity: WorkspaceFile): Fix | undefined {
  const template = TEMPLATES[activity.kind];
  if (!template) return undefined;
  const tokens = activity.tokens().tokens;
  const edit =
    insertIntoOnCreate(activity, tokens, template) ?? addOnCreate(activity, tokens, template);
  if (!edit) return undefined;
  const imports = missingImports(tokens, edit.addsOnCreate)
    .map((name) => importEdit(activity, tokens, template.importLine(name)));
  const fileName = activity.path.slice(activity.path.lastIndexOf('/') + 1);
  return {
    title: `Set FLAG_SECURE in ${fileName.replace(/\.(kt|java)$/, '')}.onCreate`,
    safe: false,
    isPreferred: true,
    changes: [editChange(activity.path, [...imports, edit.edit])],
  };
}

function insertIntoOnCreate(
  file: WorkspaceFile,
  tokens: Token[],
  template: ActivityTemplate,
): { edit: TextEdit; addsOnCreate: boolean } | undefined {
  const name = tokens.findIndex((t, i) => t.text === 'onCreate' && tokens[i - 1]?.text !== '.');
  if (name < 0 || tokens[name + 1]?.text !== '(') return undefined;
  const brace = tokens.findIndex((t, i) => i > matching(tokens, name + 1) && t.text === '{');
  if (brace < 0) return undefined;
  const superCall = tokens.findIndex(
    (t, i) => i > brace && t.text === 'onCreate' && tokens[i - 2]?.text === 'super',
  );
  const anchor = superCall > 0 ? afterStatement(tokens, superCall + 1) : tokens[brace].end;
  const source = file.source;
  const indent = superCall > 0
    ? indentAt(source, tokens[superCall].start)
    : indentAt(source, tokens[brace].start) + indentUnit(source);
  const newText = `${lineBreakOf(source)}${indent}${template.setFlags}`;
  return { edit: { range: source.rangeOf(anchor, anchor), newText }, addsOnCreate: false };
}

/** Returns the offset after a call's `)` and an optional `;`. */
function afterStatement(tokens: Token[], open: number): number {
  const close = matching(tokens, open);
  return tokens[close + 1]?.text === ';' ? tokens[close + 1].end : tokens[close].end;
}

function addOnCreate(
  file: WorkspaceFile,
  tokens: Token[],
  template: ActivityTemplate,
): { edit: TextEdit; addsOnCreate: boolean } | undefined {
  const classAt = tokens.findIndex((t) => t.text === 'class');
  if (classAt < 0) return undefined;
  const source = file.source;
  const nl = lineBreakOf(source);
  const unit = indentUnit(source);
  const brace = tokens.findIndex((t, i) => i > classAt && (t.text === '{' || t.text === 'class'));
  if (brace > 0 && tokens[brace].text === '{') {
    const at = tokens[brace].end;
    const text = nl + template.onCreate(unit, unit, nl).replace(new RegExp(`${nl}$`), '');
    return { edit: { range: source.rangeOf(at, at), newText: text }, addsOnCreate: true };
  }
  // The Kotlin template of `flutter create` declares the class without a body.
  const end = classHeaderEnd(tokens, classAt);
  const text = ` {${nl}${template.onCreate(unit, unit, nl)}}`;
  return { edit: { range: source.rangeOf(end, end), newText: text }, addsOnCreate: true };
}

function classHeaderEnd(tokens: Token[], classAt: number): number {
  let end = tokens[classAt + 1]?.end ?? tokens[classAt].end;
  for (let i = classAt + 2; i < tokens.length; i++) {
    if (tokens[i].text === 'class' || tokens[i].text === 'fun') break;
    if (tokens[i].text === '(') i = matching(tokens, i);
    end = tokens[i].end;
  }
  return end;
}

function missingImports(tokens: Token[], addsOnCreate: boolean): string[] {
  const imported = (name: string) =>
    tokens.some((t, i) => t.text === 'import' && importedName(tokens, i + 1) === name);
  const names = ['android.view.WindowManager'];
  if (addsOnCreate) names.push('android.os.Bundle');
  return names.filter((name) => !imported(name));
}

function importedName(tokens: Token[], from: number): string {
  const parts: string[] = [];
  for (let i = from; i < tokens.length; i += 2) {
    parts.push(tokens[i].text);
    if (tokens[i + 1]?.text !== '.') break;
  }
  return parts.join('.');
}

/** Inserts an import after the last import, or after the package line. */
function importEdit(file: WorkspaceFile, tokens: Token[], line: string): TextEdit {
  const source = file.source;
  const anchors = tokens.filter((t) => t.text === 'import' || t.text === 'package');
  const last = anchors[anchors.length - 1];
  const lineNumber = last ? source.positionAt(last.start).line : -1;
  const at = lineNumber >= 0 ? source.lineEnd(lineNumber) : 0;
  const nl = lineBreakOf(source);
  const newText = lineNumber >= 0 ? `${nl}${line}` : `${line}${nl}`;
  return { range: source.rangeOf(at, at), newText };
}

/**
 * Adds a blur view over the window when the app resigns active and removes it when the app is
 * active again, so the app-switcher snapshot shows no PHI.
 */
export function iosOverlayFix(appDelegate: WorkspaceFile): Fix | undefined {
  const tokens = appDelegate.tokens().tokens;
  if (tokens.some((t) => t.text === 'applicationWillResignActive')) return undefined;
  const classAt = tokens.findIndex(
    (t, i) => t.text === 'class' && tokens[i + 1]?.text === 'AppDelegate',
  );
  const open = tokens.findIndex((t, i) => i > classAt && t.text === '{');
  if (classAt < 0 || open < 0) return undefined;
  const close = closingBrace(tokens, open);
  if (close < 0) return undefined;
  const source = appDelegate.source;
  const at = source.lineStart(source.positionAt(tokens[close].start).line);
  const code = overlayCode(indentUnit(source), lineBreakOf(source));
  return {
    title: 'Add an app-switcher privacy overlay to AppDelegate',
    safe: false,
    changes: [editChange(appDelegate.path, [{ range: source.rangeOf(at, at), newText: code }])],
  };
}

function closingBrace(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '{') depth++;
    else if (tokens[i].text === '}' && --depth === 0) return i;
  }
  return -1;
}

function overlayCode(u: string, nl: string): string {
  const lines = [
    '',
    `${u}private var privacyOverlay: UIView?`,
    '',
    `${u}override func applicationWillResignActive(_ application: UIApplication) {`,
    `${u}${u}super.applicationWillResignActive(application)`,
    `${u}${u}guard let window = self.window, privacyOverlay == nil else { return }`,
    `${u}${u}let overlay = UIVisualEffectView(effect: UIBlurEffect(style: .regular))`,
    `${u}${u}overlay.frame = window.bounds`,
    `${u}${u}window.addSubview(overlay)`,
    `${u}${u}privacyOverlay = overlay`,
    `${u}}`,
    '',
    `${u}override func applicationDidBecomeActive(_ application: UIApplication) {`,
    `${u}${u}super.applicationDidBecomeActive(application)`,
    `${u}${u}privacyOverlay?.removeFromSuperview()`,
    `${u}${u}privacyOverlay = nil`,
    `${u}}`,
  ];
  return lines.join(nl) + nl;
}
