import type { FileKind } from './types';

/** Folders that hold build output, caches or other tools' copies of packages, never app source. */
export const SKIPPED_DIRECTORIES = new Set([
  '.git',
  '.dart_tool',
  '.idea',
  '.gradle',
  '.pub-cache',
  '.symlinks',
  'build',
  'node_modules',
  'Pods',
  'ephemeral',
  '.fvm',
]);

/**
 * Decides what a file is from its path, and for Android resource XML from its root element.
 * `text` is only needed for files under `res/xml/`.
 */
export function classifyFile(filePath: string, text?: string): FileKind {
  const normalized = filePath.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();

  if (lower.endsWith('.dart')) return 'dart';
  if (base === 'AndroidManifest.xml') return 'android-manifest';
  if (base === 'phi_guard.yaml') return 'phi-guard-config';
  if (base === 'pubspec.yaml') return 'pubspec';
  if (base === 'pubspec.lock') return 'pubspec-lock';
  if (lower.endsWith('.entitlements')) return 'entitlements';
  if (lower.endsWith('.plist')) return 'plist';
  if (/^(build|settings)\.gradle(\.kts)?$/.test(base)) return 'gradle';
  if (lower.endsWith('.kt')) return 'kotlin';
  if (lower.endsWith('.java')) return 'java';
  if (lower.endsWith('.swift')) return 'swift';
  if (lower.endsWith('.xml') && /\/res\/xml[^/]*\//.test(normalized)) {
    return classifyResourceXml(text);
  }
  return 'other';
}

function classifyResourceXml(text: string | undefined): FileKind {
  if (text === undefined) return 'android-xml';
  const root = /<(?!\?|!)([A-Za-z][\w.:-]*)/.exec(stripXmlComments(text))?.[1];
  if (root === 'network-security-config') return 'network-security-config';
  if (root === 'full-backup-content' || root === 'data-extraction-rules') return 'backup-rules';
  return 'android-xml';
}

function stripXmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, '');
}

/** Whether a path's name makes it a candidate at all, before its content is read. */
export function isCandidatePath(filePath: string): boolean {
  return classifyFile(filePath, '<x/>') !== 'other' || /\/res\/xml[^/]*\/[^/]+\.xml$/i.test(filePath);
}
