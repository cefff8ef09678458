import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Where a fuzzed file is written in the scratch project, and which seeds feed it. */
export interface Target {
  path: string;
  seedKind: string;
}

export const TARGETS: Target[] = [
  { path: 'lib/fuzz.dart', seedKind: 'dart' },
  { path: 'lib/screens/other.dart', seedKind: 'dart' },
  { path: 'android/app/src/main/AndroidManifest.xml', seedKind: 'manifest' },
  { path: 'android/app/src/main/res/xml/network_security_config.xml', seedKind: 'resxml' },
  { path: 'android/app/src/main/res/xml/data_extraction_rules.xml', seedKind: 'resxml' },
  { path: 'ios/Runner/Info.plist', seedKind: 'plist' },
  { path: 'ios/Runner/Runner.entitlements', seedKind: 'plist' },
  { path: 'android/app/build.gradle', seedKind: 'gradle' },
  { path: 'android/app/build.gradle.kts', seedKind: 'gradle' },
  { path: 'pubspec.yaml', seedKind: 'yaml' },
  { path: 'pubspec.lock', seedKind: 'yaml' },
  { path: 'phi_guard.yaml', seedKind: 'yaml' },
  { path: 'android/app/src/main/kotlin/com/example/app/MainActivity.kt', seedKind: 'native' },
  { path: 'ios/Runner/AppDelegate.swift', seedKind: 'native' },
];

function seedKindOf(file: string): string | undefined {
  const base = path.basename(file);
  if (base.endsWith('.dart')) return 'dart';
  if (base === 'AndroidManifest.xml') return 'manifest';
  if (/\/res\/xml\//.test(file) && base.endsWith('.xml')) return 'resxml';
  if (base.endsWith('.plist') || base.endsWith('.entitlements')) return 'plist';
  if (/\.gradle(\.kts)?$/.test(base)) return 'gradle';
  if (base.endsWith('.yaml') || base.endsWith('.lock')) return 'yaml';
  if (base.endsWith('.kt') || base.endsWith('.swift') || base.endsWith('.java')) return 'native';
  return undefined;
}

/** Reads every fixture and example file of the project as seeds, grouped by kind. */
export function collectSeeds(projectRoot: string): Map<string, Buffer[]> {
  const seeds = new Map<string, Buffer[]>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        visit(full);
        continue;
      }
      const kind = seedKindOf(full.replace(/\\/g, '/'));
      if (!kind) continue;
      const list = seeds.get(kind) ?? [];
      list.push(readFileSync(full));
      seeds.set(kind, list);
    }
  };
  for (const folder of ['rules', 'examples']) {
    try {
      visit(path.join(projectRoot, folder));
    } catch {
      // A missing folder only means fewer seeds.
    }
  }
  if (seeds.size === 0) seeds.set('dart', [Buffer.from('void main() {}\n')]);
  return seeds;
}
