import type { GradleBlock, GradleProperty } from '../parsers/gradle';
import type { XmlAttribute } from '../parsers/xml';
import type { Location } from '../types';
import type { Project, WorkspaceFile } from '../workspace';
import { appManifests, booleanValue } from './android';
import { androidBuildScripts, buildTypeBlocks, gradleValue, lastProperty } from './gradle-build';

export const DEBUGGABLE_NAMES = ['debuggable', 'isDebuggable', 'setDebuggable'];

/** The kind of a build type, by name. `profile` is Flutter's profiling build, never shipped. */
export type BuildTypeKind = 'release' | 'debug' | 'other';

export function buildTypeKind(block: GradleBlock): BuildTypeKind {
  if (block.name === 'release') return 'release';
  if (block.name === 'debug' || block.name === 'profile') return 'debug';
  return 'other';
}

/** One place that makes the release build debuggable, with a literal `true`. */
export interface DebuggableEvidence extends Location {
  file: WorkspaceFile;
  /** `android:debuggable` in a manifest or the build type property in Gradle. */
  source: 'manifest' | 'gradle';
  attribute?: XmlAttribute;
  property?: GradleProperty;
}

/** Manifest attributes `android:debuggable="true"` in manifests that reach release builds. */
export function manifestDebuggable(project: Project, near?: string): DebuggableEvidence[] {
  const found: DebuggableEvidence[] = [];
  for (const file of appManifests(project, near)) {
    const xml = file.xml();
    for (const application of xml.elements('application')) {
      const attribute = xml.attribute(application, 'android:debuggable');
      if (booleanValue(attribute) !== true) continue;
      found.push({ file, path: file.path, range: attribute!.range, source: 'manifest', attribute });
    }
  }
  return found;
}

/** `debuggable true` / `isDebuggable = true` in the release build type of a build script. */
export function gradleReleaseDebuggable(project: Project, near?: string): DebuggableEvidence[] {
  const found: DebuggableEvidence[] = [];
  for (const file of androidBuildScripts(project, near)) {
    for (const block of buildTypeBlocks(file.gradle().root)) {
      if (buildTypeKind(block) !== 'release') continue;
      const property = lastProperty(block, DEBUGGABLE_NAMES);
      if (!property) continue;
      const value = gradleValue(property, file.source.text);
      if (value.kind !== 'boolean' || !value.value) continue;
      const range = file.source.rangeOf(property.start, property.end);
      found.push({ file, path: file.path, range, source: 'gradle', property });
    }
  }
  return found;
}

/** Lists every literal setting that makes the release build of the app at `near` debuggable. */
export function releaseDebuggableEvidence(project: Project, near?: string): DebuggableEvidence[] {
  return [...manifestDebuggable(project, near), ...gradleReleaseDebuggable(project, near)];
}
