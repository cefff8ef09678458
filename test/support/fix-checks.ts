import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { XmlDocument } from '../../server/src/engine/parsers/xml';
import { SourceText } from '../../server/src/engine/text';
import { createEngine } from './harness';

/**
 * Checks that fixed texts still parse: Dart with no ERROR or MISSING node (the engine's
 * tree-sitter grammar), XML and plist files without errors, YAML that the `yaml` package reads.
 */
export async function assertWellFormed(files: Record<string, string>): Promise<void> {
  const engine = await createEngine();
  for (const [name, text] of Object.entries(files)) {
    if (name.endsWith('.dart')) {
      const filePath = `/well-formed-check/${name}`;
      engine.workspace.open(filePath, text, 1);
      const dart = engine.workspace.file(filePath)?.dart();
      assert.ok(dart, `${name} was not parsed as Dart`);
      assert.deepEqual(dart.errorRanges, [], `${name} has syntax errors after the fix`);
      engine.workspace.close(filePath, false);
    } else if (name.endsWith('.xml') || name.endsWith('.plist')) {
      const xml = new XmlDocument(new SourceText(text));
      assert.deepEqual(xml.errors, [], `${name} is not well-formed after the fix`);
    } else if (name.endsWith('.yaml')) {
      assert.doesNotThrow(() => parseYaml(text), `${name} is not valid YAML after the fix`);
    }
  }
}
