import type { DocumentFilter } from 'vscode-languageclient/node';

/**
 * The documents the server analyses. Platform files are matched by path, because VS Code has
 * no language id for plist, entitlements or Gradle Kotlin scripts.
 */
export const DOCUMENT_SELECTOR: DocumentFilter[] = [
  { scheme: 'file', language: 'dart' },
  { scheme: 'file', pattern: '**/AndroidManifest.xml' },
  { scheme: 'file', pattern: '**/res/xml*/*.xml' },
  { scheme: 'file', pattern: '**/*.plist' },
  { scheme: 'file', pattern: '**/*.entitlements' },
  { scheme: 'file', pattern: '**/*.gradle' },
  { scheme: 'file', pattern: '**/*.gradle.kts' },
  { scheme: 'file', pattern: '**/pubspec.yaml' },
  { scheme: 'file', pattern: '**/pubspec.lock' },
  { scheme: 'file', pattern: '**/phi_guard.yaml' },
  { scheme: 'file', pattern: '**/android/**/*.{kt,java}' },
  { scheme: 'file', pattern: '**/ios/**/*.swift' },
];
