import type { RuleContext } from '../../server/src/engine/rule-api';
import { localName } from '../../server/src/engine/parsers/xml';

/** Path elements of a FileProvider paths file, each naming a folder it may share. */
const PATH_TAGS = new Set([
  'files-path',
  'cache-path',
  'external-path',
  'external-files-path',
  'external-cache-path',
  'external-media-path',
]);

function isPluginResource(filePath: string): boolean {
  return /\/android\/src\/main\/res\//.test(filePath) && !/\/app\/src\//.test(filePath);
}

/**
 * Checks a FileProvider paths file (`<paths>` under res/xml): `root-path` shares the whole file
 * system, and a path of `.` or `/` shares a whole app or external storage folder.
 */
export function checkFileProviderPaths({ file, report }: RuleContext): void {
  const xml = file.xml();
  if (!xml.root || localName(xml.root) !== 'paths') return;
  const plugin = isPluginResource(file.path);
  for (const element of xml.root.subElements) {
    const tag = localName(element);
    const pathValue = xml.attribute(element, 'path')?.value?.trim() ?? '';
    const broad = pathValue === '' || pathValue === '.' || pathValue === '/' || pathValue === './';
    if (tag !== 'root-path' && !(PATH_TAGS.has(tag) && broad)) continue;
    const sharedScope = tag === 'root-path' ? 'every file on the device' : `the whole ${tag} folder`;
    report({
      range: xml.nameRange(element),
      severity: plugin ? 'info' : undefined,
      message: `${plugin ? 'Plugin FileProvider' : 'FileProvider'} <${tag}> can share ${sharedScope}.`,
      related: [
        {
          path: file.path,
          range: xml.elementRange(element),
          message:
            'A content URI granted for one file can be rewritten ' +
            'to reach PHI elsewhere in this folder.',
        },
      ],
    });
  }
}
