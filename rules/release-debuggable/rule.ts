import { defineRule, type Fix, type RuleContext } from '../../server/src/engine/rule-api';
import { dictEntry } from '../../server/src/engine/parsers/plist';
import type { XmlAttribute } from '../../server/src/engine/parsers/xml';
import { manifestRole } from '../../server/src/engine/platform/android';
import { buildTypeKind, DEBUGGABLE_NAMES } from '../../server/src/engine/platform/debuggable';
import {
  buildTypeBlocks,
  gradlePropertyName,
  gradleValue,
  isBuildScript,
  lastProperty,
} from '../../server/src/engine/platform/gradle-build';
import { referencedNscFiles } from '../../server/src/engine/platform/nsc';
import { editChange, removeAttribute } from '../../server/src/engine/platform/text-edits';
import type { GradleBlock } from '../../server/src/engine/parsers/gradle';
import type { RelatedInformation } from '../../server/src/engine/types';

export default defineRule({
  meta: {
    id: 'release-debuggable',
    summary:
      'The release build is debuggable or test-only, which opens the app sandbox to debuggers.',
    category: 'platform-and-build',
    defaultSeverity: 'error',
    fileKinds: ['android-manifest', 'gradle', 'entitlements'],
    reads: ['network-security-config', 'android-manifest'],
    hipaa: ['(a)(1)'],
    masvs: ['MASVS-RESILIENCE-4'],
    cwe: [489],
    wave: 1,
    fix: 'safe',
  },
  check(context) {
    if (context.file.kind === 'android-manifest') checkManifest(context);
    else if (context.file.kind === 'gradle') checkGradle(context);
    else checkEntitlements(context);
  },
});

function checkManifest(context: RuleContext): void {
  const { file, report } = context;
  const role = manifestRole(file.path);
  if (role === 'debug') return;
  const xml = file.xml();
  const plugin = role === 'library';
  for (const application of xml.elements('application')) {
    const debuggable = xml.attribute(application, 'android:debuggable');
    const value = debuggable?.value?.trim();
    if (debuggable && value === 'true') {
      report({
        range: debuggable.range,
        severity: plugin ? 'info' : undefined,
        message: plugin
          ? 'Plugin manifest sets android:debuggable="true", which the app may inherit.'
          : 'android:debuggable="true" makes the release build debuggable.',
        related: plugin ? [] : debugOverrideLinks(context),
        fixes: [removeFix(context, debuggable)],
      });
    } else if (debuggable && value !== 'false' && !plugin) {
      report({
        range: debuggable.range,
        severity: 'warning',
        message: `android:debuggable is set from ${value}; it must be false in release builds.`,
      });
    }
    const testOnly = xml.attribute(application, 'android:testOnly');
    if (testOnly?.value?.trim() === 'true' && !plugin) {
      report({
        range: testOnly.range,
        severity: 'warning',
        message: 'android:testOnly="true" marks the app as a test build that skips store checks.',
        fixes: [removeFix(context, testOnly)],
      });
    }
  }
}

/** Points at `<debug-overrides>` blocks, which a debuggable release build activates. */
function debugOverrideLinks({ file, project }: RuleContext): RelatedInformation[] {
  return referencedNscFiles(project, file.path).flatMap((nsc) =>
    nsc
      .xml()
      .elements('debug-overrides')
      .map((element) => ({
        path: nsc.path,
        range: nsc.xml().elementRange(element),
        message:
          'This <debug-overrides> block also applies to the release build, ' +
          'because that build is debuggable.',
      })),
  );
}

function removeFix({ file }: RuleContext, attribute: XmlAttribute): Fix {
  return {
    title: `Remove ${attribute.name}`,
    safe: true,
    isPreferred: true,
    changes: [editChange(file.path, [removeAttribute(file.source, attribute)])],
  };
}

function checkGradle(context: RuleContext): void {
  if (!isBuildScript(context.file.path)) return;
  for (const block of buildTypeBlocks(context.file.gradle().root)) {
    const kind = buildTypeKind(block);
    if (kind === 'debug') continue;
    const property = lastProperty(block, DEBUGGABLE_NAMES);
    if (property) checkDebuggableProperty(context, block, kind === 'release');
    else checkInheritedDebug(context, block, kind === 'release');
  }
}

function checkDebuggableProperty(context: RuleContext, block: GradleBlock, release: boolean): void {
  const { file, report } = context;
  const property = lastProperty(block, DEBUGGABLE_NAMES)!;
  const range = file.source.rangeOf(property.start, property.end);
  const value = gradleValue(property, file.source.text);
  if (value.kind === 'boolean') {
    if (!value.value) return;
    const first = property.value[0];
    const fix: Fix = {
      title: `Set ${property.name} to false`,
      safe: true,
      isPreferred: true,
      changes: [
        editChange(file.path, [
          { range: file.source.rangeOf(first.start, first.end), newText: 'false' },
        ]),
      ],
    };
    report({
      range,
      severity: release ? undefined : 'info',
      message: release
        ? `The release build type sets ${property.name} to true.`
        : `Build type ${block.name} is debuggable; make sure it never ships.`,
      fixes: release ? [fix] : [],
    });
    return;
  }
  if (!release || value.kind !== 'expression' || value.text === '') return;
  const gradleProperty = gradlePropertyName(property);
  const source = gradleProperty ? `Gradle property ${gradleProperty}` : shorten(value.text);
  report({
    range,
    severity: 'warning',
    message: `Release ${property.name} depends on ${source}; it must be false when shipped.`,
  });
}

function shorten(expression: string): string {
  const flat = expression.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

/** `initWith(getByName("debug"))` copies every debug setting, debuggable included. */
function checkInheritedDebug(
  { file, report }: RuleContext,
  block: GradleBlock,
  release: boolean,
): void {
  const initWith = lastProperty(block, ['initWith']);
  if (!initWith || !initWith.value.some((token) => token.text === 'debug')) return;
  report({
    range: file.source.rangeOf(initWith.start, initWith.end),
    severity: release ? 'warning' : 'info',
    message: `Build type ${block.name} copies the debug build type, which is debuggable.`,
  });
}

function checkEntitlements({ file, report }: RuleContext): void {
  if (/debug/i.test(file.path.slice(file.path.lastIndexOf('/') + 1))) return;
  const entry = dictEntry(file.plist().topDict, 'get-task-allow');
  if (entry?.value?.type !== 'boolean' || !entry.value.value) return;
  report({
    range: entry.keyRange,
    message: 'get-task-allow is true, so a debugger can attach to the release build.',
    fixes: [
      {
        title: 'Set get-task-allow to false',
        safe: true,
        isPreferred: true,
        changes: [editChange(file.path, [{ range: entry.value.range, newText: '<false/>' }])],
      },
    ],
  });
}
