import {
  widgetPhiTrace,
  widgetsIn,
  type WidgetInfo,
} from '../../server/src/engine/dart/phi-widgets';
import { traceRelated, type PhiTrace } from '../../server/src/engine/phi';
import {
  protectionCallsIn,
  type Platform,
  type ProtectionCall,
} from '../../server/src/engine/dart/screen-protection';
import { removeSpan, editChange } from '../../server/src/engine/platform/text-edits';
import {
  defineRule,
  type Fix,
  type RelatedInformation,
  type RuleContext,
} from '../../server/src/engine/rule-api';
import { closestAncestor, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import {
  gatherEvidence,
  isProtected,
  platformsOf,
  routeScopedCalls,
  type Evidence,
} from './evidence';
import { flagSecureFix, iosOverlayFix } from './fixes';
import { privacyScreenFix } from './privacy-screen-fix';

export default defineRule({
  meta: {
    id: 'screenshot-and-app-switcher-exposure',
    summary: 'A screen that shows PHI can be captured in screenshots or app-switcher snapshots.',
    category: 'side-channels',
    defaultSeverity: 'warning',
    fileKinds: ['dart'],
    reads: [
      'dart',
      'kotlin',
      'java',
      'swift',
      'plist',
      'entitlements',
      'android-manifest',
      'android-xml',
      'network-security-config',
      'backup-rules',
      'gradle',
    ],
    hipaa: ['(a)(1)'],
    masvs: ['MASVS-PLATFORM-3'],
    cwe: [200],
    wave: 1,
    // Removing a call that clears the protection is safe; the other fixes are unsafe.
    fix: 'safe',
  },
  check(context) {
    const dart = context.file.dart();
    if (!dart) return;
    const widgets = widgetsIn(dart).flatMap((widget) => {
      const trace = widgetPhiTrace(widget, context.config);
      return trace ? [{ widget, trace }] : [];
    });
    const clears = protectionCallsIn(dart).filter((c) => c.effect === 'off');
    if (widgets.length === 0 && clears.length === 0) return;
    if (platformsOf(context.project).length === 0) return;
    const evidence = gatherEvidence(context.project, context.config);
    for (const { widget, trace } of widgets) reportExposedWidget(context, evidence, widget, trace);
    for (const clear of clears) reportAppWideClear(context, evidence, clear);
  },
});

const PLATFORM_TEXT: Record<string, string> = {
  android: 'without FLAG_SECURE on Android',
  ios: 'without an iOS app-switcher overlay',
  'android,ios': 'without FLAG_SECURE or an iOS app-switcher overlay',
};

function reportExposedWidget(
  context: RuleContext,
  evidence: Evidence,
  widget: WidgetInfo,
  trace: PhiTrace,
): void {
  const missing = evidence.platforms.filter((p) => !isProtected(evidence, widget.widgetName, p));
  if (missing.length === 0) return;
  const source = context.file.source;
  const related: RelatedInformation[] = [
    ...traceRelated(trace, context.file),
    ...missing.flatMap((platform) => platformRelated(evidence, platform, widget)),
  ];
  context.report({
    range: source.rangeOf(widget.cls.nameNode.startIndex, widget.cls.nameNode.endIndex),
    message: `${widget.cls.name} shows PHI ${PLATFORM_TEXT[missing.join(',')]}.`,
    related,
    fixes: [
      ...exposureFixes(evidence, missing),
      ...asList(privacyScreenFix(context, evidence, widget, missing)),
    ],
  });
}

function platformRelated(
  evidence: Evidence,
  platform: Platform,
  widget: WidgetInfo,
): RelatedInformation[] {
  const related: RelatedInformation[] = [];
  if (platform === 'android') {
    for (const comment of evidence.android.commentedOut.slice(0, 2)) {
      related.push({
        path: comment.file.path,
        range: comment.range,
        message: 'This FLAG_SECURE code is commented out, so it protects nothing.',
      });
    }
    const activity = evidence.android.activity;
    if (activity && evidence.android.commentedOut.length === 0) {
      related.push({
        path: activity.path,
        range: firstClassRange(activity),
        message: 'This activity sets no FLAG_SECURE; Flutter draws every route in it.',
      });
    }
  } else if (evidence.ios.appDelegate) {
    related.push({
      path: evidence.ios.appDelegate.path,
      range: firstClassRange(evidence.ios.appDelegate),
      message: 'AppDelegate adds no overlay on resign active, so iOS snapshots the screen.',
    });
  }
  for (const call of routeScopedCalls(evidence, platform).slice(0, 3)) {
    if (call.widgetName === widget.widgetName) continue;
    related.push({
      path: call.file.path,
      range: call.file.source.rangeOf(call.startIndex, call.endIndex),
      message: `This protection lasts only while ${call.widgetName} is shown.`,
    });
  }
  return related;
}

function firstClassRange(file: RuleContext['file']) {
  const tokens = file.tokens().tokens;
  const at = tokens.findIndex((t) => t.text === 'class');
  const name = at >= 0 ? tokens[at + 1] ?? tokens[at] : undefined;
  return name ? file.source.rangeOf(name.start, name.end) : file.source.rangeOf(0, 0);
}

function asList(fix: Fix | undefined): Fix[] {
  return fix ? [fix] : [];
}

function exposureFixes(evidence: Evidence, missing: Platform[]): Fix[] {
  const fixes: Fix[] = [];
  if (missing.includes('android') && evidence.android.activity) {
    const fix = flagSecureFix(evidence.android.activity);
    if (fix) fixes.push(fix);
  }
  if (missing.includes('ios') && evidence.ios.appDelegate) {
    const fix = iosOverlayFix(evidence.ios.appDelegate);
    if (fix) fixes.push(fix);
  }
  return fixes;
}

/**
 * Flags a call that switches protection off while the app sets it for every route: Flutter
 * draws all routes in one Android window, so clearing FLAG_SECURE on leaving one route clears
 * it for the whole app.
 */
function reportAppWideClear(context: RuleContext, evidence: Evidence, clear: ProtectionCall): void {
  const platform = clear.platforms.find(
    (p) => evidence.platforms.includes(p) && appWideSource(evidence, clear, p),
  );
  if (!platform) return;
  const setBy = appWideSource(evidence, clear, platform)!;
  const source = context.file.source;
  const statement = closestAncestor(clear.nameNode, 'expression_statement');
  context.report({
    range: source.rangeOf(clear.startIndex, clear.endIndex),
    message: platform === 'android'
      ? `${clear.label} clears the app-wide FLAG_SECURE, not just this route's.`
      : `${clear.label} removes the app-wide iOS privacy overlay, not just this route's.`,
    related: [setBy],
    fixes: statement ? [removeCallFix(context, clear.label, statement)] : [],
  });
}

/**
 * Finds the app-wide protection that a call switches off. The native iOS overlay is not
 * affected by Dart calls, but the single Android window's FLAG_SECURE is, wherever it was set.
 */
function appWideSource(
  evidence: Evidence,
  clear: ProtectionCall,
  platform: Platform,
): RelatedInformation | undefined {
  const native = evidence.android.flagSecure;
  if (platform === 'android' && native) {
    return {
      path: native.file.path,
      range: native.range,
      message: 'FLAG_SECURE is set here for the one activity that hosts every Flutter route.',
    };
  }
  const dartCall = evidence.calls.find(
    (c) =>
      c.effect === 'on' &&
      c.scope === 'app' &&
      c.platforms.includes(platform) &&
      c.widgetName !== clear.widgetName,
  );
  if (!dartCall) return undefined;
  return {
    path: dartCall.file.path,
    range: dartCall.file.source.rangeOf(dartCall.startIndex, dartCall.endIndex),
    message: `${dartCall.label} turns the protection on here for the whole app.`,
  };
}

function removeCallFix(context: RuleContext, label: string, statement: SyntaxNode): Fix {
  const source = context.file.source;
  const edit = removeSpan(source, statement.startIndex, statement.endIndex);
  return {
    title: `Remove the ${label} call`,
    safe: true,
    isPreferred: true,
    changes: [editChange(context.file.path, [edit])],
  };
}
