import * as path from 'node:path';
import { allBlocks, type GradleBlock, type GradleProperty } from '../parsers/gradle';
import type { Project, WorkspaceFile } from '../workspace';
import { sameApp } from './android';

/** A Gradle setting's value: a literal the rule can trust, or the expression as written. */
export type GradleValue =
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'expression'; text: string };

/** Only `build.gradle` and `build.gradle.kts` are build scripts, not copies with other names. */
export function isBuildScript(filePath: string): boolean {
  return /^build\.gradle(\.kts)?$/.test(path.posix.basename(filePath));
}

/** Build scripts of the project's Android modules, the app module (`android/app/`) first. */
export function androidBuildScripts(project: Project, near?: string): WorkspaceFile[] {
  const scripts = project
    .files('gradle')
    .filter((file) => isBuildScript(file.path) && (near === undefined || sameApp(file.path, near)));
  const isApp = (file: WorkspaceFile) => /\/app\/build\.gradle(\.kts)?$/.test(file.path);
  return [...scripts.filter(isApp), ...scripts.filter((file) => !isApp(file))];
}

/** Lists every build type block: the children of any `buildTypes { ... }` block. */
export function buildTypeBlocks(root: GradleBlock): GradleBlock[] {
  return allBlocks(root)
    .filter((block) => block.name === 'buildTypes')
    .flatMap((block) => block.blocks);
}

/** Returns the last assignment of one of `names` in a block, which is the one Gradle keeps. */
export function lastProperty(block: GradleBlock, names: string[]): GradleProperty | undefined {
  const matches = block.properties.filter((property) => names.includes(property.name));
  return matches[matches.length - 1];
}

/** Reads a property's value; anything but a single literal stays an expression. */
export function gradleValue(property: GradleProperty, text: string): GradleValue {
  const tokens = property.value;
  if (tokens.length === 0) return { kind: 'expression', text: '' };
  if (tokens.length === 1) {
    const [token] = tokens;
    if (token.kind === 'identifier' && (token.text === 'true' || token.text === 'false')) {
      return { kind: 'boolean', value: token.text === 'true' };
    }
    if (token.kind === 'number' && /^\d+$/.test(token.text)) {
      return { kind: 'number', value: Number(token.text) };
    }
    if (token.kind === 'string') return { kind: 'string', value: token.text };
  }
  const start = tokens[0]?.start ?? property.start;
  const end = tokens[tokens.length - 1]?.end ?? property.end;
  return { kind: 'expression', text: text.slice(start, end).trim() };
}

/** Names the Gradle property a value reads, as in `hasProperty("x")` or `findProperty('x')`. */
export function gradlePropertyName(property: GradleProperty): string | undefined {
  const tokens = property.value;
  const readers = new Set(['hasProperty', 'findProperty', 'property', 'getProperty']);
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [name, open, argument] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (readers.has(name.text) && open.text === '(' && argument.kind === 'string')
      return argument.text;
  }
  return undefined;
}

export interface SdkLevel {
  value: number;
  file: WorkspaceFile;
  property: GradleProperty;
}

const SDK_NAMES: Record<'minSdk' | 'targetSdk', string[]> = {
  minSdk: ['minSdk', 'minSdkVersion'],
  targetSdk: ['targetSdk', 'targetSdkVersion'],
};

/**
 * Reads the app's literal minSdk or targetSdk from `defaultConfig`. Flutter's template reads
 * `flutter.minSdkVersion`, which is not a literal, so the result is often undefined.
 */
export function sdkLevel(
  project: Project,
  which: 'minSdk' | 'targetSdk',
  near?: string,
): SdkLevel | undefined {
  for (const file of androidBuildScripts(project, near)) {
    const script = file.gradle();
    for (const block of allBlocks(script.root).filter((b) => b.name === 'defaultConfig')) {
      const property = lastProperty(block, SDK_NAMES[which]);
      if (!property) continue;
      const value = gradleValue(property, file.source.text);
      if (value.kind === 'number') return { value: value.value, file, property };
    }
  }
  return undefined;
}
