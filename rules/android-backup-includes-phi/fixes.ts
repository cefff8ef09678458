import * as path from 'node:path';
import type { Fix, RuleContext } from '../../server/src/engine/rule-api';
import { childElements, type XMLElement } from '../../server/src/engine/parsers/xml';
import {
  applicationElement,
  booleanValue,
  libraryManifests,
  resourceFile,
  resourceXmlFolder,
  toolsReplaced,
} from '../../server/src/engine/platform/android';
import { EXCLUDED_DOMAINS } from '../../server/src/engine/platform/backup';
import {
  editChange,
  indentAt,
  indentUnit,
  insertAttributes,
  lineBreakOf,
  setAttributeValue,
} from '../../server/src/engine/platform/text-edits';
import type { FileChange, TextEdit } from '../../server/src/engine/types';
import type { Project, WorkspaceFile } from '../../server/src/engine/workspace';

const SECTIONS = ['cloud-backup', 'device-transfer'];
const ALLOW_BACKUP = 'android:allowBackup';
const TOOLS_NAMESPACE = 'http://schemas.android.com/tools';
const EXTRACTION_FILE = 'data_extraction_rules';
const LEGACY_FILE = 'backup_rules';

/**
 * Sets `android:allowBackup="false"`. When a plugin manifest sets it to true, the merger
 * rejects the conflict unless the app lists the attribute in `tools:replace`, so the fix adds
 * that too, with the `xmlns:tools` declaration when the manifest lacks it.
 */
export function disableBackupFix({ file, project }: RuleContext, application: XMLElement): Fix {
  const xml = file.xml();
  const edits: TextEdit[] = [];
  const added: Array<[string, string]> = [];
  const attribute = xml.attribute(application, 'android:allowBackup');
  if (attribute) edits.push(setAttributeValue(file.source, attribute, 'false'));
  else added.push(['android:allowBackup', 'false']);

  if (pluginEnablesBackup(project) && !toolsReplaced(xml, application).includes(ALLOW_BACKUP)) {
    const replace = xml.attribute(application, 'tools:replace');
    const listed = replace?.value?.trim();
    if (replace && listed)
      edits.push(setAttributeValue(file.source, replace, `${listed},${ALLOW_BACKUP}`));
    else added.push(['tools:replace', ALLOW_BACKUP]);
    const root = xml.root;
    if (root && !xml.attribute(root, 'xmlns:tools')) {
      edits.push(insertAttributes(xml, root, [['xmlns:tools', TOOLS_NAMESPACE]]));
    }
  }
  if (added.length > 0) edits.push(insertAttributes(xml, application, added));
  return {
    title: 'Set android:allowBackup to "false"',
    safe: true,
    isPreferred: true,
    changes: [editChange(file.path, edits)],
  };
}

function pluginEnablesBackup(project: Project): boolean {
  return libraryManifests(project).some((manifest) => {
    const application = applicationElement(manifest.xml());
    const attribute = application && manifest.xml().attribute(application, ALLOW_BACKUP);
    return booleanValue(attribute) === true;
  });
}

/**
 * Excludes the app's private storage from cloud backup and device transfer (API 31 and later)
 * and, while minSdk is below 31, from the older full backup as well. Existing rules files are
 * edited in place so their comments and rules stay.
 */
export function excludeDataFix(
  context: RuleContext,
  application: XMLElement,
  legacy: boolean,
): Fix {
  const { file } = context;
  const xml = file.xml();
  const changes: FileChange[] = [];
  const manifestEdits: TextEdit[] = [];
  const added: Array<[string, string]> = [];
  const br = lineBreakOf(file.source);

  const extraction = xml.attribute(application, 'android:dataExtractionRules');
  if (!extraction) added.push(['android:dataExtractionRules', `@xml/${EXTRACTION_FILE}`]);
  const extractionName = referencedName(extraction?.value) ?? EXTRACTION_FILE;
  changes.push(rulesChange(context, extractionName, 'data-extraction-rules', SECTIONS, br));

  if (legacy) {
    const full = xml.attribute(application, 'android:fullBackupContent');
    const fullValue = full?.value?.trim();
    const fullName = referencedName(fullValue);
    if (!full) added.push(['android:fullBackupContent', `@xml/${LEGACY_FILE}`]);
    else if (fullValue === 'true')
      manifestEdits.push(setAttributeValue(file.source, full, `@xml/${LEGACY_FILE}`));
    if (fullValue !== 'false') {
      changes.push(rulesChange(context, fullName ?? LEGACY_FILE, 'full-backup-content', [], br));
    }
  }
  if (added.length > 0) manifestEdits.push(insertAttributes(xml, application, added));
  if (manifestEdits.length > 0) changes.unshift(editChange(file.path, manifestEdits));
  return {
    title: 'Exclude app data from backup and device transfer',
    safe: false,
    changes,
  };
}

function referencedName(value: string | null | undefined): string | undefined {
  return /^@xml\/([\w.]+)$/.exec(value?.trim() ?? '')?.[1];
}

function excludeLines(indent: string, br: string): string {
  return EXCLUDED_DOMAINS.map(
    (domain) => `${indent}<exclude domain="${domain}" path="."/>${br}`,
  ).join('');
}

/** Edits the rules file when it exists, or creates it. */
function rulesChange(
  { file, project }: RuleContext,
  name: string,
  rootName: string,
  sections: string[],
  br: string,
): FileChange {
  const existing = resourceFile(project, file.path, `@xml/${name}`);
  const root = existing?.xml().root;
  if (existing && root && root.name === rootName) {
    return editChange(existing.path, editRules(existing, root, sections));
  }
  const unit = '    ';
  const body =
    sections.length === 0
      ? excludeLines(unit, br)
      : sections
          .map((s) => `${unit}<${s}>${br}${excludeLines(unit + unit, br)}${unit}</${s}>${br}`)
          .join('');
  const prolog = `<?xml version="1.0" encoding="utf-8"?>${br}`;
  const content = `${prolog}<${rootName}>${br}${body}</${rootName}>${br}`;
  const target = existing?.path ?? path.posix.join(resourceXmlFolder(file.path), `${name}.xml`);
  return { kind: 'create', path: target, content, overwrite: existing !== undefined };
}

function editRules(file: WorkspaceFile, root: XMLElement, sections: string[]): TextEdit[] {
  const source = file.source;
  const br = lineBreakOf(source);
  const unit = indentUnit(source);
  const rootIndent = indentAt(source, root.position.startOffset);
  if (sections.length === 0)
    return [insertBeforeClose(file, root, excludeLines(rootIndent + unit, br))];
  const edits: TextEdit[] = [];
  let missing = '';
  for (const name of sections) {
    const section = childElements(root, name)[0];
    const indent = rootIndent + unit;
    if (!section) {
      const lines = excludeLines(indent + unit, br);
      missing += `${indent}<${name}>${br}${lines}${indent}</${name}>${br}`;
    } else if (section.syntax.isSelfClosing) {
      const { startOffset, endOffset } = section.position;
      const text = `<${name}>${br}${excludeLines(indent + unit, br)}${indent}</${name}>`;
      edits.push({ range: source.rangeOf(startOffset, endOffset + 1), newText: text });
    } else {
      edits.push(
        insertBeforeClose(
          file,
          section,
          excludeLines(indentAt(source, section.position.startOffset) + unit, br),
        ),
      );
    }
  }
  if (missing) edits.push(insertBeforeClose(file, root, missing));
  return edits;
}

/** Inserts whole lines just before an element's closing tag. */
function insertBeforeClose(file: WorkspaceFile, element: XMLElement, lines: string): TextEdit {
  const source = file.source;
  const close = element.syntax.closeBody?.startOffset ?? element.position.endOffset;
  const lineStart = source.lineStart(source.positionAt(close).line);
  const atLineStart = source.text.slice(lineStart, close).trim() === '';
  const at = atLineStart ? lineStart : close;
  const text = atLineStart
    ? lines
    : lineBreakOf(source) + lines + indentAt(source, element.position.startOffset);
  return { range: source.rangeOf(at, at), newText: text };
}
