import type { RuleContext } from '../../server/src/engine/rule-api';
import type { XMLElement } from '../../server/src/engine/parsers/xml';
import {
  appManifests,
  applicationElement,
  booleanValue,
  libraryManifests,
  manifestRole,
  resourceFile,
} from '../../server/src/engine/platform/android';
import { appDataInDart, type AppData } from '../../server/src/engine/platform/app-data';
import {
  isBackedUp,
  readExtractionRules,
  readFullBackupContent,
  type BackupSection,
  type StoredData,
} from '../../server/src/engine/platform/backup';
import { sdkLevel } from '../../server/src/engine/platform/gradle-build';
import type { RelatedInformation } from '../../server/src/engine/types';
import type { WorkspaceFile } from '../../server/src/engine/workspace';

/** Android 12 (API 31) reads dataExtractionRules, and older releases read fullBackupContent. */
export const EXTRACTION_RULES_SDK = 31;

/** One way data leaves the device, with the rules that govern it (without rules, all data goes). */
interface Channel {
  name: string;
  section: BackupSection | undefined;
  /** Text for the related note when the channel has no section, such as `is not set`. */
  missing: string;
  file?: WorkspaceFile;
}

export interface Exposure {
  application: XMLElement;
  exposed: Array<StoredData & { label: string; data?: AppData }>;
  related: RelatedInformation[];
  /** Whether the API 30-and-lower rules still matter, from the app's minSdk. */
  legacyRelevant: boolean;
}

const GENERIC_DATA: Array<StoredData & { label: string }> = [
  { domain: 'database', path: '*', label: 'app databases' },
  { domain: 'sharedpref', path: '*', label: 'shared_prefs files' },
];

/**
 * Decides whether the app manifest leaves backup on and what it copies. Returns undefined when
 * backup is off or its setting cannot be read (a placeholder or resource value).
 */
export function findExposure(context: RuleContext): Exposure | undefined {
  const { file, project } = context;
  if (manifestRole(file.path) !== 'main') return undefined;
  const xml = file.xml();
  const application = applicationElement(xml);
  if (!application) return undefined;
  const allowBackup = xml.attribute(application, 'android:allowBackup');
  const value = allowBackup ? booleanValue(allowBackup) : inheritedAllowBackup(context);
  if (value === false || (allowBackup && value === undefined)) return undefined;
  if (releaseDisablesBackup(context)) return undefined;

  const related: RelatedInformation[] = [];
  related.push({
    path: file.path,
    range: allowBackup?.range ?? xml.nameRange(application),
    message: allowBackup
      ? 'android:allowBackup="true" turns on cloud backup and device-to-device transfer.'
      : 'android:allowBackup is not set, and its default is true.',
  });
  const minSdk = sdkLevel(project, 'minSdk', file.path);
  const legacyRelevant = !minSdk || minSdk.value < EXTRACTION_RULES_SDK;
  const channels = backupChannels(context, application, legacyRelevant);
  const found = appDataInDart(project, file.path);
  const candidates = found.length > 0 ? found.map((data) => ({ ...data, data })) : GENERIC_DATA;
  const exposed = candidates.filter((data) => channels.some((c) => isBackedUp(c.section, data)));
  if (exposed.length === 0) return undefined;
  for (const channel of channels) {
    if (!candidates.some((data) => isBackedUp(channel.section, data))) continue;
    related.push(channelNote(context, channel, application));
  }
  for (const data of found.filter((d) => exposed.some((e) => e.label === d.label))) {
    related.push({ path: data.where.path, range: data.where.range, message: dataNote(data) });
  }
  return { application, exposed, related, legacyRelevant };
}

/** A `src/release` manifest has priority over `src/main` in release builds. */
function releaseDisablesBackup({ file, project }: RuleContext): boolean {
  return appManifests(project, file.path).some((manifest) => {
    if (manifestRole(manifest.path) !== 'release') return false;
    const application = applicationElement(manifest.xml());
    const attribute = application && manifest.xml().attribute(application, 'android:allowBackup');
    return booleanValue(attribute) === false;
  });
}

/** With no app value, the merger takes the plugins' value, which must agree or the build fails. */
function inheritedAllowBackup({ project }: RuleContext): boolean | undefined {
  const values = libraryManifests(project).flatMap((manifest) => {
    const application = applicationElement(manifest.xml());
    const attribute = application && manifest.xml().attribute(application, 'android:allowBackup');
    return attribute ? [booleanValue(attribute)] : [];
  });
  return values.length > 0 && values.every((v) => v === false) ? false : true;
}

function backupChannels(context: RuleContext, application: XMLElement, legacy: boolean): Channel[] {
  const { file, project } = context;
  const xml = file.xml();

  const extractionAttribute = xml.attribute(application, 'android:dataExtractionRules');
  const extractionFile = resourceFile(project, file.path, extractionAttribute?.value);
  const extraction = extractionFile ? readExtractionRules(extractionFile) : undefined;

  const fullAttribute = xml.attribute(application, 'android:fullBackupContent');
  const fullOff = booleanValue(fullAttribute) === false;
  const fullFile = resourceFile(project, file.path, fullAttribute?.value);
  const full = fullFile ? readFullBackupContent(fullFile) : undefined;

  const channels: Channel[] = [];
  if (extraction) {
    channels.push(
      {
        name: 'cloud backup',
        section: extraction.cloud,
        missing: 'has no <cloud-backup> section',
        file: extractionFile,
      },
      {
        name: 'device transfer',
        section: extraction.transfer,
        missing: 'has no <device-transfer> section',
        file: extractionFile,
      },
    );
  } else if (!fullOff) {
    const missing = 'is not set';
    channels.push({ name: 'backup on API 31 and later', section: full, missing, file: fullFile });
  }
  if (legacy && !fullOff) {
    channels.push({
      name: 'backup on API 30 and lower',
      section: full,
      missing: 'is not set',
      file: fullFile,
    });
  }
  return channels;
}

function channelNote(
  context: RuleContext,
  channel: Channel,
  application: XMLElement,
): RelatedInformation {
  const { file } = context;
  if (channel.section && channel.file) {
    const rules = channel.section.rules.length;
    const reason =
      rules === 0 ? 'has no <include> or <exclude> rules' : 'does not exclude this data';
    return {
      path: channel.file.path,
      range: channel.file.xml().nameRange(channel.section.element),
      message: `This section ${reason}, so ${channel.name} copies it.`,
    };
  }
  if (channel.file) {
    const root = channel.file.xml().root;
    const range = root ? channel.file.xml().nameRange(root) : file.xml().nameRange(application);
    return {
      path: channel.file.path,
      range,
      message: `The rules file ${channel.missing}, so ${channel.name} copies everything.`,
    };
  }
  const attribute = channel.name.includes('30')
    ? 'android:fullBackupContent'
    : 'android:dataExtractionRules';
  return {
    path: file.path,
    range: file.xml().nameRange(application),
    message: `${attribute} is not set, so ${channel.name} copies everything.`,
  };
}

function dataNote(data: AppData): string {
  switch (data.plugin) {
    case 'sqflite':
      return `${data.label} is opened here with sqflite; backup copies the database file.`;
    case 'flutter_secure_storage':
      return (
        'Restored on another device without its Keystore key, ' +
        'FlutterSecureStorage.xml cannot be decrypted.'
      );
    case 'shared_preferences':
      return 'shared_preferences stores its values in plain text in FlutterSharedPreferences.xml.';
    default:
      return `${data.label} is written here to the app's documents folder.`;
  }
}
