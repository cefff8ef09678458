import { parse } from '@xml-tools/parser';
import { buildAst, type XMLAttribute, type XMLElement } from '@xml-tools/ast';
import type { DocumentCstNode } from '@xml-tools/parser';
import type { SourceText } from '../text';
import type { Range } from '../types';
import { MAX_ELEMENT_DEPTH, tooDeepAt } from './xml-depth';

export type { XMLElement };

/** The start of the parse error for elements nested deeper than the parser handles. */
export const TOO_DEEP = 'Elements are nested too deeply to parse';

export interface XmlAttribute {
  /** Qualified name as written, for example `android:allowBackup`. */
  name: string;
  value: string | null;
  /** From the name to the closing quote. */
  range: Range;
  valueRange?: Range;
  /** Offsets (UTF-16) of the whole attribute, end exclusive. */
  startOffset: number;
  endOffset: number;
}

export interface XmlSyntaxError {
  message: string;
  range: Range;
}

/**
 * An XML document parsed with positions. Comments are not part of the tree, so commented-out
 * elements never count as configuration. The parser recovers from errors, so a rule still sees
 * the elements before and after a broken one.
 */
export class XmlDocument {
  readonly root: XMLElement | undefined;
  readonly errors: XmlSyntaxError[];

  constructor(readonly source: SourceText) {
    const parsed = parseWithinDepth(source);
    this.root = parsed.root;
    this.errors = parsed.errors;
  }

  /** Every element in document order whose local name (without prefix) is `name`. */
  elements(name?: string): XMLElement[] {
    const found: XMLElement[] = [];
    const visit = (element: XMLElement) => {
      if (name === undefined || localName(element) === name) found.push(element);
      for (const child of element.subElements) visit(child);
    };
    if (this.root) visit(this.root);
    return found;
  }

  attribute(element: XMLElement, name: string): XmlAttribute | undefined {
    const attribute = element.attributes.find((a) => a.key === name);
    return attribute ? this.describeAttribute(attribute) : undefined;
  }

  attributes(element: XMLElement): XmlAttribute[] {
    return element.attributes.map((a) => this.describeAttribute(a));
  }

  private describeAttribute(attribute: XMLAttribute): XmlAttribute {
    const start = attribute.position.startOffset;
    const end = attribute.position.endOffset + 1;
    const value = attribute.syntax.value;
    return {
      name: attribute.key ?? '',
      value: attribute.value,
      range: this.source.rangeOf(start, end),
      valueRange: value ? this.source.rangeOf(value.startOffset, value.endOffset + 1) : undefined,
      startOffset: start,
      endOffset: end,
    };
  }

  /** The range of an element's opening tag name, where a diagnostic about the element goes. */
  nameRange(element: XMLElement): Range {
    const open = element.syntax.openName;
    if (open) return this.source.rangeOf(open.startOffset, open.endOffset + 1);
    return this.elementRange(element);
  }

  elementRange(element: XMLElement): Range {
    return this.source.rangeOf(element.position.startOffset, element.position.endOffset + 1);
  }

  /** Text content of an element with surrounding white space removed. */
  text(element: XMLElement): string {
    return element.textContents.map((t) => t.text ?? '').join('').trim();
  }
}

export function localName(element: XMLElement): string {
  const name = element.name ?? '';
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

export function childElements(element: XMLElement, name?: string): XMLElement[] {
  return element.subElements.filter((child) => name === undefined || localName(child) === name);
}

/** Parses the document unless its elements nest deeper than the parser handles in time. */
function parseWithinDepth(source: SourceText): ParsedXml {
  const deepAt = tooDeepAt(source.text);
  if (deepAt !== undefined) {
    const message = `${TOO_DEEP} (more than ${MAX_ELEMENT_DEPTH} levels)`;
    return { root: undefined, errors: [{ message, range: source.rangeOf(deepAt, deepAt + 1) }] };
  }
  try {
    return parseXml(source);
  } catch (error) {
    // The parser is recursive descent, so a stack smaller than usual may still overflow.
    if (!(error instanceof RangeError)) throw error;
    const message = TOO_DEEP;
    return { root: undefined, errors: [{ message, range: source.rangeOf(0, 0) }] };
  }
}

interface ParsedXml {
  root: XMLElement | undefined;
  errors: XmlSyntaxError[];
}

function parseXml(source: SourceText): ParsedXml {
  const { cst, tokenVector, lexErrors, parseErrors } = parse(source.text);
  const document = buildAst(cst as DocumentCstNode, tokenVector);
  const errors = [
    ...lexErrors.map((e) => ({
      message: e.message,
      range: source.rangeOf(e.offset, e.offset + Math.max(1, e.length)),
    })),
    ...parseErrors.map((e) => {
      const start = Number.isFinite(e.token.startOffset) ? e.token.startOffset : source.text.length;
      const endOffset = e.token.endOffset;
      const end = endOffset !== undefined && Number.isFinite(endOffset) ? endOffset + 1 : start;
      return { message: e.message, range: source.rangeOf(start, end) };
    }),
  ];
  return { root: document.rootElement ?? undefined, errors };
}
