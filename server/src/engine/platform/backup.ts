import type { XMLElement } from '../parsers/xml';
import { childElements, localName } from '../parsers/xml';
import type { WorkspaceFile } from '../workspace';

/**
 * Android backup rules: `data-extraction-rules` (Android 12, API 31, and later; separate
 * `cloud-backup` and `device-transfer` sections) and `full-backup-content` (API 30 and lower).
 * A missing section means that channel copies everything. A section with no `<include>` copies
 * everything except what it excludes. Once it has an `<include>`, only included paths are
 * copied.
 */
export interface BackupRule {
  kind: 'include' | 'exclude';
  domain: string;
  path: string;
  element: XMLElement;
}

export interface BackupSection {
  element: XMLElement;
  rules: BackupRule[];
}

export interface ExtractionRules {
  cloud?: BackupSection;
  transfer?: BackupSection;
}

/** A piece of app data, in the domain and path terms of the backup rules. */
export interface StoredData {
  domain: 'root' | 'file' | 'database' | 'sharedpref';
  /** A path inside the domain, or `*` for "some file in the domain" when the name is unknown. */
  path: string;
}

function readSection(element: XMLElement): BackupSection {
  const rules: BackupRule[] = [];
  for (const child of childElements(element)) {
    const kind = localName(child);
    if (kind !== 'include' && kind !== 'exclude') continue;
    const attribute = (name: string) => child.attributes.find((a) => a.key === name)?.value ?? '';
    rules.push({
      kind,
      domain: attribute('domain').trim(),
      path: attribute('path').trim(),
      element: child,
    });
  }
  return { element, rules };
}

export function readExtractionRules(file: WorkspaceFile): ExtractionRules | undefined {
  const root = file.xml().root;
  if (!root || localName(root) !== 'data-extraction-rules') return undefined;
  const cloud = childElements(root, 'cloud-backup')[0];
  const transfer = childElements(root, 'device-transfer')[0];
  return {
    cloud: cloud ? readSection(cloud) : undefined,
    transfer: transfer ? readSection(transfer) : undefined,
  };
}

export function readFullBackupContent(file: WorkspaceFile): BackupSection | undefined {
  const root = file.xml().root;
  if (!root || localName(root) !== 'full-backup-content') return undefined;
  return readSection(root);
}

const ROOT_FOLDERS: Record<StoredData['domain'], string> = {
  root: '',
  file: 'files/',
  database: 'databases/',
  sharedpref: 'shared_prefs/',
};

function normalizePath(path: string): string {
  return path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

/** Checks whether a path rule covers the data: the whole domain, the file, or a parent folder. */
function covers(rule: BackupRule, data: StoredData): boolean {
  const rulePath = normalizePath(rule.path);
  const wholeDomain = rulePath === '' || rulePath === '.';
  let target: string;
  if (rule.domain === data.domain) target = data.path;
  else if (rule.domain === 'root') target = ROOT_FOLDERS[data.domain] + data.path;
  else return false;
  if (wholeDomain) return true;
  if (target === '*' || target.endsWith('/*')) return false;
  const candidates =
    data.domain === 'sharedpref' ? [target, target.replace(/\.xml$/, '')] : [target];
  return candidates.some((name) => name === rulePath || name.startsWith(`${rulePath}/`));
}

/** Checks whether a channel governed by `section` copies the data (no section copies all). */
export function isBackedUp(section: BackupSection | undefined, data: StoredData): boolean {
  if (!section) return true;
  if (section.rules.some((rule) => rule.kind === 'exclude' && covers(rule, data))) return false;
  const includes = section.rules.filter((rule) => rule.kind === 'include');
  return includes.length === 0 || includes.some((rule) => covers(rule, data));
}

/** The domains the generated rules exclude, so nothing of the app's private storage is copied. */
export const EXCLUDED_DOMAINS = ['root', 'file', 'database', 'sharedpref'];
