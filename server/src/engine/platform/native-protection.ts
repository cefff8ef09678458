import type { Token, Tokens } from '../parsers/clike';
import type { Range } from '../types';
import type { Project, WorkspaceFile } from '../workspace';

/**
 * Screen-capture protection set in native code: FLAG_SECURE in the Android activity that hosts
 * Flutter, and a privacy overlay that iOS shows when the app resigns active (the moment iOS takes
 * the app-switcher snapshot). Only real code counts: the tokenizer drops comments, and an import
 * of `WindowManager` is not a call.
 */
export interface NativeEvidence {
  file: WorkspaceFile;
  range: Range;
}

export interface AndroidNativeFacts {
  /** A FLAG_SECURE call in a lifecycle method of an activity, protecting every route. */
  flagSecure?: NativeEvidence;
  /** The Flutter activity file (MainActivity), for related information and fixes. */
  activity?: WorkspaceFile;
  /** Comments that mention FLAG_SECURE, such as a commented-out call. */
  commentedOut: NativeEvidence[];
}

export interface IosNativeFacts {
  overlay?: NativeEvidence;
  appDelegate?: WorkspaceFile;
}

/** Activity methods that run before any Flutter route is drawn, or again on every resume. */
const LIFECYCLE_METHODS = new Set([
  'onCreate',
  'configureFlutterEngine',
  'onPostCreate',
  'onStart',
  'onResume',
  'onPostResume',
]);

const OVERLAY_NAMES = new Set([
  'addSubview',
  'insertSubview',
  'UIVisualEffectView',
  'UIBlurEffect',
  'makeKeyAndVisible',
]);

const RESIGN_METHODS = new Set(['applicationWillResignActive', 'sceneWillResignActive']);
const RESIGN_NOTIFICATIONS = new Set([
  'willResignActiveNotification',
  'UIApplicationWillResignActiveNotification',
]);

/** Source sets that never reach a release build. */
const NON_RELEASE = /\/src\/(test|androidTest|debug|profile)\//;

export function androidNativeFacts(project: Project): AndroidNativeFacts {
  const facts: AndroidNativeFacts = { commentedOut: [] };
  for (const file of project.files(['kotlin', 'java'])) {
    const relative = project.relative(file.path);
    if (!relative.startsWith('android/') || NON_RELEASE.test(file.path)) continue;
    const tokens = file.tokens();
    if (isFlutterActivity(file, tokens)) facts.activity ??= file;
    const call = flagSecureCall(tokens.tokens);
    if (call && !facts.flagSecure) {
      facts.flagSecure = { file, range: file.source.rangeOf(call.start, call.end) };
    }
    for (const comment of tokens.comments.filter((c) => c.text.includes('FLAG_SECURE'))) {
      facts.commentedOut.push({ file, range: file.source.rangeOf(comment.start, comment.end) });
    }
  }
  return facts;
}

function isFlutterActivity(file: WorkspaceFile, tokens: Tokens): boolean {
  if (/\/MainActivity\.(kt|java)$/.test(file.path)) return true;
  return tokens.tokens.some(
    (t) => t.text === 'FlutterActivity' || t.text === 'FlutterFragmentActivity',
  );
}

/**
 * The first `addFlags(...)` or `setFlags(...)` call whose arguments name FLAG_SECURE inside an
 * activity lifecycle method; returns its offsets.
 */
function flagSecureCall(tokens: Token[]): { start: number; end: number } | undefined {
  const labels = blockLabels(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const name = tokens[i].text;
    if ((name !== 'addFlags' && name !== 'setFlags') || tokens[i + 1].text !== '(') continue;
    const close = matching(tokens, i + 1);
    const args = tokens.slice(i + 2, close);
    if (!args.some((t) => t.text === 'FLAG_SECURE')) continue;
    if (!labels[i].some((label) => LIFECYCLE_METHODS.has(label))) continue;
    return { start: tokens[i].start, end: tokens[Math.min(close, tokens.length - 1)].end };
  }
  return undefined;
}

export function iosNativeFacts(project: Project): IosNativeFacts {
  const facts: IosNativeFacts = {};
  for (const file of project.files('swift')) {
    if (!project.relative(file.path).startsWith('ios/')) continue;
    if (/\/AppDelegate\.swift$/.test(file.path)) facts.appDelegate ??= file;
    const found = overlayEvidence(file.tokens().tokens);
    if (found && !facts.overlay) {
      facts.overlay = { file, range: file.source.rangeOf(found.start, found.end) };
    }
  }
  return facts;
}

/** A resign-active handler (method or notification observer) that puts a view over the app. */
function overlayEvidence(tokens: Token[]): Token | undefined {
  const labels = blockLabels(tokens);
  for (let i = 0; i < tokens.length; i++) {
    if (!OVERLAY_NAMES.has(tokens[i].text)) continue;
    const handler = labels[i].find((label) => RESIGN_METHODS.has(label));
    if (handler) return tokens.find((t) => t.text === handler) ?? tokens[i];
  }
  const notification = tokens.find((t) => RESIGN_NOTIFICATIONS.has(t.text));
  if (notification && tokens.some((t) => OVERLAY_NAMES.has(t.text))) return notification;
  return undefined;
}

/**
 * For each token, the names of the blocks around it, innermost first. A block's name is the
 * identifier before the parameter list that precedes its `{`, as in `fun onCreate(...) {` or
 * `void onCreate(Bundle b) {`; other blocks get an empty name.
 */
export function blockLabels(tokens: Token[]): string[][] {
  const result: string[][] = [];
  const stack: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    result.push([...stack].reverse());
    if (tokens[i].text === '{') stack.push(labelBefore(tokens, i));
    else if (tokens[i].text === '}') stack.pop();
  }
  return result;
}

function labelBefore(tokens: Token[], brace: number): string {
  for (let j = brace - 1; j >= 0; j--) {
    const text = tokens[j].text;
    if (text === ';' || text === '{' || text === '}' || text === '=') return '';
    if (text !== ')') continue;
    const open = matchingBackward(tokens, j);
    const name = open > 0 ? tokens[open - 1] : undefined;
    return name?.kind === 'identifier' ? name.text : '';
  }
  return '';
}

/** Index of the `)` that closes the `(` at `open`, or the last index when it is not closed. */
export function matching(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

function matchingBackward(tokens: Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (tokens[i].text === ')') depth++;
    else if (tokens[i].text === '(' && --depth === 0) return i;
  }
  return -1;
}
