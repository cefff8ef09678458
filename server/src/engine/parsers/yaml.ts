import { isMap, isScalar, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { SourceText } from '../text';
import type { Range } from '../types';

export interface YamlSyntaxError {
  message: string;
  range: Range;
}

/** A YAML file (pubspec.yaml, phi_guard.yaml) parsed with the `yaml` package, keeping offsets. */
export class YamlFile {
  readonly document: Document.Parsed;
  readonly errors: YamlSyntaxError[];

  constructor(readonly source: SourceText) {
    try {
      this.document = parseDocument(source.text, { keepSourceTokens: false, uniqueKeys: false });
    } catch (error) {
      // Deeply nested flow collections can overflow the parser's stack.
      if (!(error instanceof RangeError)) throw error;
      this.document = parseDocument('');
      this.errors = [{ message: 'Collections are nested too deeply to parse', range: source.rangeOf(0, 0) }];
      return;
    }
    this.errors = this.document.errors.map((error) => ({
      message: error.message.split('\n')[0],
      range: source.rangeOf(error.pos[0], error.pos[1]),
    }));
  }

  /** The pair at a key path such as ['dependencies', 'local_auth']. */
  pair(keys: string[]): Pair<Node, Node | null> | undefined {
    let node: unknown = this.document.contents;
    let found: Pair<Node, Node | null> | undefined;
    for (const key of keys) {
      if (!isMap(node)) return undefined;
      found = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key) as
        | Pair<Node, Node | null>
        | undefined;
      if (!found) return undefined;
      node = found.value;
    }
    return found;
  }

  /** Keys of the map at a key path, with the range of each key. */
  keys(keys: string[]): Array<{ key: string; range: Range }> {
    const node = keys.length === 0 ? this.document.contents : this.pair(keys)?.value;
    if (!isMap(node)) return [];
    return node.items.flatMap((item) => {
      if (!isScalar(item.key) || !item.key.range) return [];
      const [start, end] = item.key.range;
      return [{ key: String(item.key.value), range: this.source.rangeOf(start, end) }];
    });
  }

  rangeOf(node: Node | null | undefined): Range | undefined {
    if (!node?.range) return undefined;
    return this.source.rangeOf(node.range[0], node.range[1]);
  }

  toJS(): unknown {
    return this.document.toJS();
  }
}
