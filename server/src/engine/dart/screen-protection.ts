import type { Project } from '../workspace';
import {
  classesIn,
  enclosingClass,
  enclosingMethod,
  enclosingTopLevelFunction,
  type DartClass,
} from './classes';
import type { DartFile } from './model';
import { widgetsIn } from './phi-widgets';
import { fileCallSites } from './file-calls';
import { descendantsOfType, segmentsOf, type CallSite, type SyntaxNode } from './syntax';

/**
 * Dart calls that turn screen-capture protection on or off: FLAG_SECURE through
 * flutter_windowmanager(_plus), screen_protector, no_screenshot and secure_application.
 * Android has one window for the whole Flutter app, so a flag set by one route stays until some
 * code clears it. That is why each call records where it runs.
 */
export type Platform = 'android' | 'ios';

export interface ProtectionCall {
  /** `on` protects, `off` removes protection. */
  effect: 'on' | 'off';
  platforms: Platform[];
  /** `app` for calls outside any widget (main, services) or in the widget above every route. */
  scope: 'app' | 'widget';
  /** The widget the call belongs to, for scope `widget`. */
  widgetName?: string;
  /** The enclosing method or function, such as `initState` or `dispose`. */
  method?: string;
  /** The call as written up to its name, for messages: `FlutterWindowManager.clearFlags`. */
  label: string;
  /** The name of the call (or of the lifecycle method), for finding its statement. */
  nameNode: SyntaxNode;
  /** Offsets of the call, or of the lifecycle method's name. */
  startIndex: number;
  endIndex: number;
  file: DartFile;
}

type Effect = { effect: 'on' | 'off'; platforms: Platform[] };

const BOTH: Platform[] = ['android', 'ios'];

/** screen_protector methods and what they change; see the package's README for each. */
const SCREEN_PROTECTOR: Record<string, Effect> = {
  preventScreenshotOn: { effect: 'on', platforms: BOTH },
  preventScreenshotOff: { effect: 'off', platforms: BOTH },
  protectDataLeakageOn: { effect: 'on', platforms: ['android'] },
  protectDataLeakageOff: { effect: 'off', platforms: ['android'] },
  protectDataLeakageWithBlur: { effect: 'on', platforms: ['ios'] },
  protectDataLeakageWithBlurOff: { effect: 'off', platforms: ['ios'] },
  protectDataLeakageWithColor: { effect: 'on', platforms: ['ios'] },
  protectDataLeakageWithColorOff: { effect: 'off', platforms: ['ios'] },
  protectDataLeakageWithImage: { effect: 'on', platforms: ['ios'] },
  protectDataLeakageWithImageOff: { effect: 'off', platforms: ['ios'] },
};

const cache = new WeakMap<DartFile, ProtectionCall[]>();

/** The protection calls of one file, computed once per parsed version. */
export function protectionCallsIn(dart: DartFile): ProtectionCall[] {
  let calls = cache.get(dart);
  if (!calls) {
    calls = readProtectionCalls(dart);
    cache.set(dart, calls);
  }
  return calls;
}

export function projectProtectionCalls(project: Project): ProtectionCall[] {
  return project.files('dart').flatMap((file) => {
    const dart = file.dart();
    return dart ? protectionCallsIn(dart) : [];
  });
}

function readProtectionCalls(dart: DartFile): ProtectionCall[] {
  const classes = classesIn(dart);
  const roots = new Set(widgetsIn(dart).filter((w) => w.isAppRoot).map((w) => w.cls.name));
  const found: ProtectionCall[] = [];
  for (const call of fileCallSites(dart)) {
    const effect = effectOf(dart, call);
    if (!effect) continue;
    const owner = enclosingClass(classes, call.startIndex);
    found.push({
      ...effect,
      ...scopeOf(dart, owner, call.startIndex, roots),
      label: call.callee.join('.'),
      nameNode: call.nameNode,
      startIndex: call.startIndex,
      endIndex: call.endIndex,
      file: dart,
    });
  }
  return [...found, ...lifecycleOverlays(dart, classes, roots)];
}

/**
 * Finds `didChangeAppLifecycleState` handlers that react to the inactive state, the moment
 * before iOS takes the app-switcher snapshot, and counts each as a Dart privacy overlay.
 */
function lifecycleOverlays(
  dart: DartFile,
  classes: DartClass[],
  roots: Set<string>,
): ProtectionCall[] {
  return classes.flatMap((cls) => {
    const method = cls.methods.get('didChangeAppLifecycleState');
    if (!method?.body) return [];
    const ids = descendantsOfType(method.body, 'identifier');
    if (!ids.some((id) => id.text === 'inactive')) return [];
    return [{
      effect: 'on' as const,
      platforms: ['ios' as const],
      ...scopeOf(dart, cls, method.nameNode.startIndex, roots),
      label: 'didChangeAppLifecycleState',
      nameNode: method.nameNode,
      startIndex: method.nameNode.startIndex,
      endIndex: method.nameNode.endIndex,
      file: dart,
    }];
  });
}

function effectOf(dart: DartFile, call: CallSite): Effect | undefined {
  const name = call.callee[call.callee.length - 1];
  const owner = call.callee.length > 1 ? call.callee[call.callee.length - 2] : '';
  if ((name === 'addFlags' || name === 'clearFlags') && argumentsName(call, 'FLAG_SECURE')) {
    return { effect: name === 'addFlags' ? 'on' : 'off', platforms: ['android'] };
  }
  if (name === 'setSecure' && owner.startsWith('FlutterWindowManager')) {
    const value = call.args.positional[0]?.nodes[0]?.text;
    return { effect: value === 'false' ? 'off' : 'on', platforms: ['android'] };
  }
  if (owner === 'ScreenProtector' && SCREEN_PROTECTOR[name]) return SCREEN_PROTECTOR[name];
  if (name === 'screenshotOff' || name === 'screenshotOn') {
    if (!dart.importsLibrary('no_screenshot')) return undefined;
    return { effect: name === 'screenshotOff' ? 'on' : 'off', platforms: BOTH };
  }
  if (name === 'SecureGate' && call.receiver.length === 0) return { effect: 'on', platforms: BOTH };
  // The widget that this project's privacy-screen quick fix generates protects both platforms
  // while it is mounted, so building it in a screen protects that screen.
  if (name === 'PhiPrivacyScreen' && call.receiver.length === 0) {
    return { effect: 'on', platforms: BOTH };
  }
  // The overlay this project's quick fix inserts: a listener that covers the app when iOS takes
  // the app-switcher snapshot, which happens right after the inactive state.
  if (name === 'AppLifecycleListener' && call.args.named.has('onInactive')) {
    return { effect: 'on', platforms: ['ios'] };
  }
  return undefined;
}

/** True when an argument of the call is (or ends in) the given name, as in `X.FLAG_SECURE`. */
function argumentsName(call: CallSite, wanted: string): boolean {
  return call.args.positional.some((arg) =>
    segmentsOf(arg).some((segment) => segment.kind === 'name' && segment.name === wanted),
  );
}

function scopeOf(
  dart: DartFile,
  owner: DartClass | undefined,
  offset: number,
  appRoots: Set<string>,
): Pick<ProtectionCall, 'scope' | 'widgetName' | 'method'> {
  if (!owner) {
    const fn = enclosingTopLevelFunction(dart.root, offset);
    return { scope: 'app', method: fn?.name };
  }
  const method = enclosingMethod(owner, offset)?.name;
  const widget = widgetsIn(dart).find((w) => w.cls.name === owner.name);
  if (!widget) {
    if (!isWidgetClass(owner)) return { scope: 'app', method };
    return { scope: 'widget', widgetName: owner.superTypeArguments[0] ?? owner.name, method };
  }
  if (appRoots.has(owner.name)) return { scope: 'app', widgetName: widget.widgetName, method };
  return { scope: 'widget', widgetName: widget.widgetName, method };
}

/** Tells whether a class without `build` has a widget's lifecycle (`initState`, `dispose`). */
function isWidgetClass(cls: DartClass): boolean {
  return cls.methods.has('initState') || cls.methods.has('dispose');
}
