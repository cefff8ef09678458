import { defineRule, type Fix, type RuleContext } from '../../server/src/engine/rule-api';
import { manifestRole } from '../../server/src/engine/platform/android';
import { sdkLevel } from '../../server/src/engine/platform/gradle-build';
import {
  appOverride,
  componentsOf,
  hasIntentFilter,
  isDeepLinkOnly,
  isLauncher,
  isRemoval,
  mergedAttribute,
  signaturePermissions,
  type Component,
} from '../../server/src/engine/platform/manifest-merge';
import {
  editChange,
  insertAttributes,
  setAttributeValue,
} from '../../server/src/engine/platform/text-edits';
import { isSystemOnlyPermission } from './system-permissions';
import { checkFileProviderPaths } from './provider-paths';

/** From Android 12 (API 31) a component with an intent filter must declare android:exported. */
const EXPLICIT_EXPORTED_SDK = 31;

export default defineRule({
  meta: {
    id: 'android-exported-component-unprotected',
    summary: 'An exported Android component or FileProvider path is open to every other app.',
    category: 'platform-and-build',
    defaultSeverity: 'warning',
    fileKinds: ['android-manifest', 'android-xml'],
    reads: ['android-manifest', 'gradle', 'pubspec'],
    hipaa: ['(a)(1)'],
    masvs: ['MASVS-PLATFORM-1'],
    cwe: [926],
    wave: 1,
    fix: 'unsafe',
  },
  check(context) {
    if (context.file.kind === 'android-xml') {
      checkFileProviderPaths(context);
      return;
    }
    const role = manifestRole(context.file.path);
    if (role === 'debug') return;
    const signature = signaturePermissions(context.project);
    const components = componentsOf(context.file);
    const entry = components.find(isLauncher) ?? components.find(isFlutterHost);
    for (const component of components) {
      if (component !== entry) checkComponent(context, component, role === 'library', signature);
    }
  },
});

function checkComponent(
  context: RuleContext,
  component: Component,
  plugin: boolean,
  signature: Set<string>,
): void {
  if (isRemoval(component)) return;
  const override = plugin ? appOverride(context.project, component) : undefined;
  if (override && isRemoval(override)) return;
  const exported = mergedAttribute(component, override, 'android:exported');
  const value = exported?.attribute.value?.trim();
  const implicit = !exported && hasIntentFilter(component) && targetsBeforeExplicitExport(context);
  if (value !== 'true' && !implicit) return;
  if (isProtected(component, override, signature)) return;

  const xml = context.file.xml();
  const shortName = component.name.slice(component.name.lastIndexOf('.') + 1);
  const own = exported?.file.path === context.file.path ? exported.attribute : undefined;
  const deepLink = component.tag.startsWith('activity') && isDeepLinkOnly(component);
  context.report({
    range: own?.range ?? xml.nameRange(component.element),
    severity: plugin || deepLink ? 'info' : undefined,
    message: plugin
      ? `Plugin manifest exports <${component.tag}> ${shortName} with no signature permission.`
      : `Exported <${component.tag}> ${shortName} has no signature-level permission.`,
    related: [
      {
        path: context.file.path,
        range: xml.nameRange(component.element),
        message: implicit
          ? 'An intent filter without android:exported exports the component below API 31.'
          : 'Any app on the device can start or bind to this component and read what it returns.',
      },
    ],
    fixes: plugin ? [] : [notExportedFix(context, component)],
  });
}

/**
 * Flutter's template launches `MainActivity`, which must be exported. A trimmed or generated
 * manifest without a LAUNCHER filter still has it as the entry point.
 */
function isFlutterHost(component: Component): boolean {
  const name = component.name;
  return (
    component.tag === 'activity' && (name === 'MainActivity' || name.endsWith('.MainActivity'))
  );
}

function targetsBeforeExplicitExport({ project, file }: RuleContext): boolean {
  const target = sdkLevel(project, 'targetSdk', file.path);
  return target !== undefined && target.value < EXPLICIT_EXPORTED_SDK;
}

function isProtected(
  component: Component,
  override: Component | undefined,
  signature: Set<string>,
): boolean {
  const strong = (name: string | undefined) =>
    name !== undefined && (signature.has(name) || isSystemOnlyPermission(name));
  const read = (attribute: string) =>
    mergedAttribute(component, override, attribute)?.attribute.value?.trim();
  if (strong(read('android:permission'))) return true;
  if (component.tag !== 'provider') return false;
  return strong(read('android:readPermission')) && strong(read('android:writePermission'));
}

function notExportedFix({ file }: RuleContext, component: Component): Fix {
  const xml = file.xml();
  const attribute = xml.attribute(component.element, 'android:exported');
  const edit = attribute
    ? setAttributeValue(file.source, attribute, 'false')
    : insertAttributes(xml, component.element, [['android:exported', 'false']]);
  return {
    title: 'Set android:exported to "false"',
    safe: false,
    isPreferred: true,
    changes: [editChange(file.path, [edit])],
  };
}
