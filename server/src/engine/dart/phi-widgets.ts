import type { EngineConfig } from '../config';
import { classShowsPhi, FHIR_RESOURCE_TYPES, type PhiTrace } from '../phi';
import { classifyName, nameWords } from '../phi/classifier';
import { ACTION_PREFIXES } from '../phi/knowledge';
import type { Project } from '../workspace';
import { classesIn, type DartClass } from './classes';
import type { DartFile } from './model';
import { readStringLiteral } from './strings';
import { callSitesWithin } from './file-calls';
import { descendantsOfType, walk, type SyntaxNode } from './syntax';

/**
 * A class with a `build(BuildContext ...)` method: a widget, or the `State` of a stateful one.
 * `widgetPhiTrace` decides which of them show protected health information.
 */
export interface WidgetInfo {
  /** The class that declares `build`. */
  cls: DartClass;
  /** The widget the class draws: itself, or `W` for `State<W>`. */
  widgetName: string;
  /** Classes that `build` constructs, such as `Scaffold` or `PatientCard`. */
  constructs: Set<string>;
  /** True when `build` constructs `MaterialApp` or a sibling: the widget is above every route. */
  isAppRoot: boolean;
  file: DartFile;
}

export interface NameRead {
  name: string;
  node: SyntaxNode;
}

/** Route classes of go_router's typed routes have a `build` too, but they only pick a screen. */
const ROUTE_DATA_CLASSES = new Set(['GoRouteData', 'ShellRouteData', 'StatefulShellRouteData']);
const STATE_CLASSES = new Set(['State', 'ConsumerState', 'HookConsumerState']);
const APP_CLASSES = new Set(['MaterialApp', 'CupertinoApp', 'WidgetsApp', 'GetMaterialApp']);

const cache = new WeakMap<DartFile, WidgetInfo[]>();

/** The widget classes of a file, computed once per parsed version of the file. */
export function widgetsIn(dart: DartFile): WidgetInfo[] {
  let widgets = cache.get(dart);
  if (!widgets) {
    widgets = classesIn(dart).flatMap((cls) => {
      const info = readWidget(dart, cls);
      return info ? [info] : [];
    });
    cache.set(dart, widgets);
  }
  return widgets;
}

function readWidget(dart: DartFile, cls: DartClass): WidgetInfo | undefined {
  const build = cls.methods.get('build');
  if (!build?.body || ROUTE_DATA_CLASSES.has(cls.superclass ?? '')) return undefined;
  const firstParameter = descendantsOfType(build.signature, 'type_identifier')
    .find((t) => t.parent?.type === 'formal_parameter');
  if (firstParameter?.text !== 'BuildContext') return undefined;
  const isState = STATE_CLASSES.has(cls.superclass ?? '') && cls.superTypeArguments.length > 0;
  const constructs = new Set(
    callSitesWithin(dart, build.body)
      .filter((call) => call.receiver.length === 0 && /^[A-Z]/.test(call.callee[0]))
      .map((call) => call.callee[0]),
  );
  return {
    cls,
    widgetName: isState ? cls.superTypeArguments[0] : cls.name,
    constructs,
    isAppRoot: [...constructs].some((name) => APP_CLASSES.has(name)),
    file: dart,
  };
}

/** First words of called names that act (often in a tap handler) instead of returning data. */
const UI_ACTIONS = new Set([
  ...ACTION_PREFIXES,
  'open',
  'show',
  'go',
  'navigate',
  'push',
  'pop',
  'load',
  'fetch',
  'on',
  'handle',
  'select',
  'edit',
  'submit',
  'start',
  'create',
  'add',
]);

/**
 * Names that a subtree reads as values: identifiers that are not named-argument labels or
 * calls of actions (`openPatient()`), string keys of index operators (`data['mrn']`), and the
 * declared types of the class's fields that it reads.
 */
export function namesReadIn(body: SyntaxNode, cls?: DartClass): NameRead[] {
  const names: NameRead[] = [];
  walk(body, (node) => {
    if (node.type === 'label') return false;
    if (node.type === 'identifier' || node.type === 'identifier_dollar_escaped') {
      const name = node.text.replace(/^\$/, '');
      if (isCalledName(node) && !readsData(name)) return;
      names.push({ name, node });
      for (const type of cls?.fields.get(name) ?? []) names.push({ name: type, node });
    } else if (node.type === 'string_literal' && node.parent?.type === 'index_selector') {
      const key = readStringLiteral(node).constant;
      if (key) names.push({ name: key, node });
    }
  });
  return names;
}

/** Whether a called name returns data (`diagnosisFor(id)`) instead of acting or constructing. */
function readsData(name: string): boolean {
  if (/^_?[A-Z]/.test(name)) return false;
  return !UI_ACTIONS.has(nameWords(name)[0] ?? '');
}

/** True for `f` in `f(...)` and `b` in `a.b(...)`: a call, not a read of a value. */
function isCalledName(node: SyntaxNode): boolean {
  const inSelector = node.parent?.type.endsWith('_assignable_selector') ?? false;
  const holder = inSelector ? node.parent?.parent : node;
  const next = holder?.nextNamedSibling;
  return next?.type === 'selector' && next.namedChildren[0]?.type === 'argument_part';
}

/**
 * Explains why a widget shows PHI, through the PHI analysis: the widget is a PHI class, a field
 * carries PHI, or `build` passes a PHI value on. Undefined when it shows none (secrets do not
 * count). Rules ask this function, so that they follow the PHI analysis as it grows.
 */
export function widgetPhiTrace(widget: WidgetInfo, config: EngineConfig): PhiTrace | undefined {
  // Cross-file rules ask this for every widget of the project on each file they analyse; the
  // answer only changes with a new parse (a new WidgetInfo) or another config object.
  let byConfig = traceCache.get(widget);
  if (!byConfig) {
    byConfig = new WeakMap();
    traceCache.set(widget, byConfig);
  }
  if (byConfig.has(config)) return byConfig.get(config);
  const trace = classShowsPhi(widget.cls.node, widget.file, config);
  const result = trace?.kind === 'phi' ? trace : undefined;
  byConfig.set(config, result);
  return result;
}

const traceCache = new WeakMap<WidgetInfo, WeakMap<EngineConfig, PhiTrace | undefined>>();

/** Selects the names that denote PHI, such as the segments of a route path. */
export function phiNamesAmong(names: NameRead[], config: EngineConfig): NameRead[] {
  return names.filter(
    ({ name }) =>
      config.phi.classes.includes(name) ||
      FHIR_RESOURCE_TYPES.has(name) ||
      classifyName(name, config)?.kind === 'phi',
  );
}

/** Lists the widget classes of every Dart file in the project. */
export function projectWidgets(project: Project): WidgetInfo[] {
  return project.files('dart').flatMap((file) => {
    const dart = file.dart();
    return dart ? widgetsIn(dart) : [];
  });
}

/**
 * Decides whether a widget shows PHI: its own build reads PHI, or (up to `depth` levels) it
 * builds a project widget that does. `byName` indexes the project's widgets by widget name.
 */
export function showsPhi(
  widget: WidgetInfo,
  byName: Map<string, WidgetInfo[]>,
  config: EngineConfig,
  depth = 3,
  seen = new Set<string>(),
): boolean {
  if (widgetPhiTrace(widget, config)) return true;
  if (depth === 0 || seen.has(widget.widgetName)) return false;
  seen.add(widget.widgetName);
  for (const child of widget.constructs) {
    for (const childWidget of byName.get(child) ?? []) {
      if (showsPhi(childWidget, byName, config, depth - 1, seen)) return true;
    }
  }
  return false;
}

export function indexByWidgetName(widgets: WidgetInfo[]): Map<string, WidgetInfo[]> {
  const byName = new Map<string, WidgetInfo[]>();
  for (const widget of widgets) {
    const list = byName.get(widget.widgetName) ?? [];
    list.push(widget);
    byName.set(widget.widgetName, list);
  }
  return byName;
}
