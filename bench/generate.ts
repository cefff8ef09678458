/**
 * Generates Flutter code for the benchmarks: Dart libraries of a chosen length that read like a
 * clinic app (widgets, repositories, HTTP calls, storage) with a few findings in them, and whole
 * workspaces of several apps with their Android and iOS files. The output depends only on the
 * arguments, so two runs measure the same code.
 *
 * Usage: npx tsx bench/generate.ts --lines N FILE | --workspace DIR [--lines N]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const IMPORTS = [
  "import 'dart:convert';",
  "import 'package:flutter/material.dart';",
  "import 'package:http/http.dart' as http;",
  "import 'package:shared_preferences/shared_preferences.dart';",
  '',
];

/** Writes a widget with a form field, a screen of the kind the screen and route rules look at. */
function widgetBlock(i: number): string[] {
  return [
    `class VisitScreen${i} extends StatefulWidget {`,
    `  const VisitScreen${i}({super.key});`,
    '',
    '  @override',
    `  State<VisitScreen${i}> createState() => _VisitScreen${i}State();`,
    '}',
    '',
    `class _VisitScreen${i}State extends State<VisitScreen${i}> {`,
    '  final _controller = TextEditingController();',
    '',
    '  @override',
    '  Widget build(BuildContext context) {',
    '    return Scaffold(',
    `      appBar: AppBar(title: const Text('Visit ${i}')),`,
    '      body: Padding(',
    '        padding: const EdgeInsets.all(16),',
    '        child: TextField(controller: _controller),',
    '      ),',
    '    );',
    '  }',
    '}',
    '',
  ];
}

/** Writes a repository with an HTTP call; every tenth one uses http://, a finding. */
function repositoryBlock(i: number): string[] {
  const scheme = i % 10 === 0 ? 'http' : 'https';
  return [
    `class AppointmentRepository${i} {`,
    `  final String label = 'appointments ${i}';`,
    '',
    `  Future<List<dynamic>> fetch${i}(String clinicId) async {`,
    '    final response = await http.get(',
    `      Uri.parse('${scheme}://api${i % 7}.northwind-clinic.example/v1/slots'),`,
    "      headers: {'Accept': 'application/json'},",
    '    );',
    '    if (response.statusCode != 200) {',
    `      throw StateError('request ${i} failed');`,
    '    }',
    '    return jsonDecode(response.body) as List<dynamic>;',
    '  }',
    '}',
    '',
  ];
}

/** Local storage; every fifth one stores a diagnosis in plain preferences, a finding. */
function storageBlock(i: number): string[] {
  const key = i % 5 === 0 ? 'diagnosis' : 'themeMode';
  return [
    `class Preferences${i} {`,
    `  Future<void> save${i}(String ${key}) async {`,
    '    final prefs = await SharedPreferences.getInstance();',
    `    await prefs.setString('${key}_${i}', ${key});`,
    '  }',
    '',
    `  int score${i}(List<int> values) {`,
    '    var total = 0;',
    '    for (final value in values) {',
    '      total += value > 3 ? value * 2 : value;',
    '    }',
    '    return total;',
    '  }',
    '}',
    '',
  ];
}

const BLOCKS = [widgetBlock, repositoryBlock, storageBlock];

/** Writes a Dart library of about `lines` lines (never fewer). */
export function dartLibrary(lines: number, seed = 0): string {
  const out = [...IMPORTS];
  for (let i = 0; out.length < lines; i++) out.push(...BLOCKS[i % BLOCKS.length](seed * 1000 + i));
  return out.join('\n') + '\n';
}

const MANIFEST = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <uses-permission android:name="android.permission.INTERNET" />
    <application
        android:label="clinic"
        android:usesCleartextTraffic="true"
        android:icon="@mipmap/ic_launcher">
        <activity android:name=".MainActivity" android:exported="true">
            <intent-filter>
                <action android:name="android.intent.action.MAIN" />
                <category android:name="android.intent.category.LAUNCHER" />
            </intent-filter>
        </activity>
    </application>
</manifest>
`;

const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>CFBundleName</key>
    <string>clinic</string>
    <key>NSAppTransportSecurity</key>
    <dict>
        <key>NSAllowsArbitraryLoads</key>
        <true/>
    </dict>
</dict>
</plist>
`;

const GRADLE = `plugins {
    id "com.android.application"
    id "dev.flutter.flutter-gradle-plugin"
}

android {
    namespace "example.clinic"
    compileSdk 34
    defaultConfig {
        minSdk 23
        targetSdk 34
    }
    buildTypes {
        release {
            debuggable false
        }
    }
}
`;

function pubspec(name: string): string {
  return [
    `name: ${name}`,
    'environment:',
    "  sdk: '>=3.0.0 <4.0.0'",
    'dependencies:',
    '  flutter:',
    '    sdk: flutter',
    '  http: ^1.2.0',
    '  shared_preferences: ^2.2.0',
    '',
  ].join('\n');
}

export interface WorkspaceSummary {
  apps: number;
  files: number;
  dartLines: number;
}

/**
 * Writes apps of `filesPerApp` Dart files of `linesPerFile` lines each under `root` until the
 * Dart code reaches `totalLines`, each app with a manifest, an Info.plist and a Gradle file.
 */
export function writeWorkspace(
  root: string,
  totalLines: number,
  filesPerApp = 100,
  linesPerFile = 500,
): WorkspaceSummary {
  const summary: WorkspaceSummary = { apps: 0, files: 0, dartLines: 0 };
  while (summary.dartLines < totalLines) {
    const app = path.join(root, `clinic_app_${summary.apps}`);
    writeApp(app, summary.apps, filesPerApp, linesPerFile, summary);
    summary.apps++;
  }
  return summary;
}

function writeApp(
  app: string,
  index: number,
  files: number,
  lines: number,
  summary: WorkspaceSummary,
): void {
  const put = (relative: string, text: string) => {
    const target = path.join(app, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    summary.files++;
  };
  put('pubspec.yaml', pubspec(`clinic_app_${index}`));
  put('android/app/src/main/AndroidManifest.xml', MANIFEST);
  put('android/app/build.gradle', GRADLE);
  put('ios/Runner/Info.plist', INFO_PLIST);
  for (let i = 0; i < files; i++) {
    const text = dartLibrary(lines, index * files + i);
    put(`lib/feature_${Math.floor(i / 10)}/module_${i}.dart`, text);
    summary.dartLines += text.split('\n').length - 1;
  }
}

function main(argv: string[]): void {
  const lines = Number(argv[argv.indexOf('--lines') + 1] || 5000);
  const at = argv.indexOf('--workspace');
  if (at >= 0) {
    const summary = writeWorkspace(argv[at + 1], argv.includes('--lines') ? lines : 500_000);
    console.log(`${summary.apps} apps, ${summary.files} files, ${summary.dartLines} Dart lines`);
    return;
  }
  const target = argv[argv.length - 1];
  writeFileSync(target, dartLibrary(lines));
}

if (require.main === module) main(process.argv.slice(2));
