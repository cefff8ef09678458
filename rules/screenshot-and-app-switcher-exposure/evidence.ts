import type { EngineConfig } from '../../server/src/engine/config';
import { projectWidgets, type WidgetInfo } from '../../server/src/engine/dart/phi-widgets';
import {
  projectProtectionCalls,
  type Platform,
  type ProtectionCall,
} from '../../server/src/engine/dart/screen-protection';
import {
  androidNativeFacts,
  iosNativeFacts,
  type AndroidNativeFacts,
  type IosNativeFacts,
} from '../../server/src/engine/platform/native-protection';
import type { Project } from '../../server/src/engine/rule-api';

/** Everything the project shows about screen-capture protection, gathered once per check. */
export interface Evidence {
  platforms: Platform[];
  android: AndroidNativeFacts;
  ios: IosNativeFacts;
  calls: ProtectionCall[];
  /** Widget name to the project widgets whose build constructs it. */
  embedders: Map<string, WidgetInfo[]>;
  config: EngineConfig;
}

export function gatherEvidence(project: Project, config: EngineConfig): Evidence {
  const widgets = projectWidgets(project);
  const embedders = new Map<string, WidgetInfo[]>();
  for (const widget of widgets) {
    for (const child of widget.constructs) {
      const list = embedders.get(child) ?? [];
      list.push(widget);
      embedders.set(child, list);
    }
  }
  return {
    platforms: platformsOf(project),
    android: androidNativeFacts(project),
    ios: iosNativeFacts(project),
    calls: projectProtectionCalls(project),
    embedders,
    config,
  };
}

/**
 * Lists the platforms the app builds for, judged by its `android/` and `ios/` folders. A
 * package with neither folder has no window of its own to protect.
 */
export function platformsOf(project: Project): Platform[] {
  const relatives = project.files().map((f) => project.relative(f.path));
  const platforms: Platform[] = [];
  if (relatives.some((r) => r.startsWith('android/'))) platforms.push('android');
  if (relatives.some((r) => r.startsWith('ios/'))) platforms.push('ios');
  return platforms;
}

/** App-wide protection of a platform: native code, or a Dart call above every route. */
export function appWideProtection(evidence: Evidence, platform: Platform): boolean {
  if (platform === 'android' && evidence.android.flagSecure) return true;
  if (platform === 'ios' && evidence.ios.overlay) return true;
  return evidence.calls.some(
    (c) => c.effect === 'on' && c.scope === 'app' && c.platforms.includes(platform),
  );
}

/**
 * Decides whether a widget is protected on a platform while it is visible: app-wide protection,
 * a call in the widget's own lifecycle, or every widget that embeds it being protected.
 */
export function isProtected(
  evidence: Evidence,
  widgetName: string,
  platform: Platform,
  seen = new Set<string>(),
): boolean {
  if (appWideProtection(evidence, platform)) return true;
  if (ownProtection(evidence, widgetName, platform)) return true;
  if (seen.has(widgetName) || seen.size > 8) return false;
  seen.add(widgetName);
  const parents = evidence.embedders.get(widgetName) ?? [];
  if (parents.length === 0) return false;
  return parents.every((p) => isProtected(evidence, p.widgetName, platform, seen));
}

function ownProtection(evidence: Evidence, widgetName: string, platform: Platform): boolean {
  return evidence.calls.some(
    (c) =>
      c.effect === 'on' &&
      c.scope === 'widget' &&
      c.widgetName === widgetName &&
      c.platforms.includes(platform),
  );
}

/** Calls that protect only the lifetime of another widget, for related information. */
export function routeScopedCalls(evidence: Evidence, platform: Platform): ProtectionCall[] {
  return evidence.calls.filter(
    (c) => c.effect === 'on' && c.scope === 'widget' && c.platforms.includes(platform),
  );
}
