import type { XMLElement, XmlDocument } from '../../server/src/engine/parsers/xml';
import { childElements } from '../../server/src/engine/parsers/xml';
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine/rule-api';
import {
  NSC_RESOURCE_NAME,
  networkSecurityConfigChanges,
} from '../../server/src/engine/fixes/nsc-file';
import { releaseDebuggableEvidence } from '../../server/src/engine/platform/debuggable';
import { isBuildScript, sdkLevel } from '../../server/src/engine/platform/gradle-build';
import {
  configLabel,
  declaresNetworkSecurityConfig,
  userCertificates,
} from '../../server/src/engine/platform/nsc';
import {
  editChange,
  indentAt,
  indentUnit,
  lineBreakOf,
  removeSpan,
} from '../../server/src/engine/platform/text-edits';
import type { TextEdit } from '../../server/src/engine/types';

/** Android 7.0 (API 24) stopped trusting user-installed CAs by default. */
const USER_CA_DEFAULT_OFF_SDK = 24;

export default defineRule({
  meta: {
    id: 'android-nsc-trusts-user-cas',
    summary: 'Release builds trust user-installed CA certificates, which enables interception.',
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: ['network-security-config', 'gradle'],
    // The minSdk fix depends on which file, if any, exists at res/xml/network_security_config.xml.
    reads: ['android-manifest', 'gradle', 'network-security-config', 'android-xml'],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-1'],
    cwe: [295],
    wave: 1,
    fix: 'unsafe',
  },
  check(context) {
    if (context.file.kind === 'gradle') checkMinSdk(context);
    else checkConfig(context);
  },
});

function checkConfig(context: RuleContext): void {
  const { file, project, report } = context;
  const xml = file.xml();
  for (const { element, scope, config } of userCertificates(xml)) {
    const range = xml.elementRange(element);
    if (scope !== 'debug-overrides') {
      const label = configLabel(xml, config);
      report({
        range,
        message: `<certificates src="user"/> trusts user-installed CAs for ${label}.`,
        related: [
          {
            path: file.path,
            range,
            message:
              'Any CA that a user or an MDM profile installs can then intercept PHI ' +
              'in native code and WebViews.',
          },
        ],
        fixes: [moveToDebugOverrides(xml, file.path, element)],
      });
      continue;
    }
    const evidence = releaseDebuggableEvidence(project, file.path);
    if (evidence.length === 0) continue;
    report({
      range,
      message:
        '<debug-overrides> trusts user CAs in release because the release build is debuggable.',
      related: evidence.map((place) => ({
        path: place.path,
        range: place.range,
        message: 'This setting makes the release build debuggable, so <debug-overrides> applies.',
      })),
    });
  }
}

function checkMinSdk({ file, project, report }: RuleContext): void {
  if (!isBuildScript(file.path)) return;
  const minSdk = sdkLevel(project, 'minSdk', file.path);
  if (!minSdk || minSdk.file.path !== file.path || minSdk.value >= USER_CA_DEFAULT_OFF_SDK) return;
  // NOTE: any config silences this finding, although Android 6.0 and older ignore configs and
  // keep trusting user CAs while minSdk stays below 24.
  if (declaresNetworkSecurityConfig(project, file.path)) return;
  const range = file.source.rangeOf(minSdk.property.start, minSdk.property.end);
  report({
    range,
    message: `minSdk ${minSdk.value} with no network security config trusts user CAs below API 24.`,
    related: [
      {
        path: file.path,
        range,
        message:
          'Android 6.0 and older always trust user-installed CAs, and so do newer versions ' +
          'for apps that target API 23 or lower and have no network security config.',
      },
    ],
    fixes: createConfigFixes(project, file.path),
  });
}

/**
 * Builds the fix that adds a config limiting user CAs to debug builds. The config protects
 * Android 7.0 and later only, because older versions do not read network security configs.
 */
function createConfigFixes(project: RuleContext['project'], buildScript: string): Fix[] {
  const planned = networkSecurityConfigChanges(project, buildScript);
  if (!planned) return [];
  const file = `${NSC_RESOURCE_NAME}.xml`;
  return [
    {
      title: planned.createsFile
        ? `Create ${file} that trusts user CAs only in debug builds`
        : `Reference ${file} from android:networkSecurityConfig`,
      safe: false,
      isPreferred: true,
      changes: planned.changes,
    },
  ];
}

/**
 * Takes the user CA out of the release config and, when the file has no `<debug-overrides>`
 * yet, adds one that trusts user CAs so proxy debugging keeps working in debug builds.
 */
function moveToDebugOverrides(xml: XmlDocument, path: string, certificates: XMLElement): Fix {
  const source = xml.source;
  const anchors = certificates.parent;
  const siblings = anchors.type === 'XMLElement' ? childElements(anchors, 'certificates') : [];
  const { startOffset, endOffset } = certificates.position;
  const edits: TextEdit[] = [];
  if (siblings.length > 1) edits.push(removeSpan(source, startOffset, endOffset + 1));
  else
    edits.push({
      range: source.rangeOf(startOffset, endOffset + 1),
      newText: '<certificates src="system"/>',
    });
  const overrides = xml.elements('debug-overrides');
  const close = xml.root?.syntax.closeBody;
  if (overrides.length === 0 && close) {
    const unit = indentUnit(source);
    const base = indentAt(source, close.startOffset);
    const br = lineBreakOf(source);
    const block =
      `${base}${unit}<debug-overrides>${br}${base}${unit}${unit}<trust-anchors>${br}` +
      `${base}${unit}${unit}${unit}<certificates src="user"/>${br}` +
      `${base}${unit}${unit}</trust-anchors>${br}${base}${unit}</debug-overrides>${br}`;
    const lineStart = source.lineStart(source.positionAt(close.startOffset).line);
    const at =
      source.text.slice(lineStart, close.startOffset).trim() === '' ? lineStart : close.startOffset;
    edits.push({ range: source.rangeOf(at, at), newText: block });
  }
  return {
    title: 'Move <certificates src="user"/> into <debug-overrides>',
    safe: false,
    isPreferred: true,
    changes: [editChange(path, edits)],
  };
}
