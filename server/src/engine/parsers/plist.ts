import type { XMLElement } from '@xml-tools/ast';
import type { Range } from '../types';
import { childElements, localName, XmlDocument } from './xml';

/** A property-list value with the range of its element. */
export type PlistValue =
  | { type: 'dict'; entries: PlistEntry[]; range: Range; element: XMLElement }
  | { type: 'array'; items: PlistValue[]; range: Range; element: XMLElement }
  | { type: 'boolean'; value: boolean; range: Range; element: XMLElement }
  | { type: 'string' | 'integer' | 'real' | 'date' | 'data'; value: string; range: Range; element: XMLElement }
  | { type: 'unknown'; range: Range; element: XMLElement };

export interface PlistEntry {
  key: string;
  keyRange: Range;
  value?: PlistValue;
}

/**
 * An XML property list (Info.plist, *.entitlements). Keys pair with the next element in the
 * dict; XML comments are not elements, so a comment between a key and its value changes nothing.
 */
export class PlistDocument {
  readonly root: PlistValue | undefined;

  constructor(readonly xml: XmlDocument) {
    const top = xml.root && localName(xml.root) === 'plist' ? childElements(xml.root)[0] : xml.root;
    this.root = top ? this.read(top) : undefined;
  }

  get errors() {
    return this.xml.errors;
  }

  /** The top-level dict, which is what Info.plist keys live in. */
  get topDict(): Extract<PlistValue, { type: 'dict' }> | undefined {
    return this.root?.type === 'dict' ? this.root : undefined;
  }

  private read(element: XMLElement): PlistValue {
    const range = this.xml.elementRange(element);
    const tag = localName(element);
    switch (tag) {
      case 'dict':
        return { type: 'dict', entries: this.readEntries(element), range, element };
      case 'array':
        return { type: 'array', items: childElements(element).map((e) => this.read(e)), range, element };
      case 'true':
      case 'false':
        return { type: 'boolean', value: tag === 'true', range, element };
      case 'string':
      case 'integer':
      case 'real':
      case 'date':
      case 'data':
        return { type: tag, value: this.xml.text(element), range, element };
      default:
        return { type: 'unknown', range, element };
    }
  }

  private readEntries(dict: XMLElement): PlistEntry[] {
    const entries: PlistEntry[] = [];
    const elements = childElements(dict);
    for (let i = 0; i < elements.length; i++) {
      if (localName(elements[i]) !== 'key') continue;
      const next = elements[i + 1];
      const hasValue = next !== undefined && localName(next) !== 'key';
      entries.push({
        key: this.xml.text(elements[i]),
        keyRange: this.xml.elementRange(elements[i]),
        value: hasValue ? this.read(next) : undefined,
      });
      if (hasValue) i++;
    }
    return entries;
  }
}

export function dictEntry(
  dict: PlistValue | undefined,
  key: string,
): PlistEntry | undefined {
  if (!dict || dict.type !== 'dict') return undefined;
  return dict.entries.find((entry) => entry.key === key);
}
