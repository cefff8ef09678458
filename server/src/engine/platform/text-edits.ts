import type { XMLElement, XmlAttribute, XmlDocument } from '../parsers/xml';
import type { SourceText } from '../text';
import type { FileChange, TextEdit } from '../types';

/**
 * Text edits for platform-file quick fixes. They keep the file's own indentation, quote style
 * and line endings, and never touch comments outside the edited span.
 */

export function editChange(path: string, edits: TextEdit[]): FileChange {
  return { kind: 'edit', path, edits };
}

/** Replaces an attribute's value, keeping the quote character the file uses. */
export function setAttributeValue(
  source: SourceText,
  attribute: XmlAttribute,
  value: string,
): TextEdit {
  const start = attribute.startOffset + attribute.name.length;
  const equals = source.text.indexOf('=', start);
  let quoteAt = equals + 1;
  while (/\s/.test(source.text[quoteAt] ?? '')) quoteAt++;
  const quote = source.text[quoteAt] === "'" ? "'" : '"';
  return {
    range: source.rangeOf(quoteAt, attribute.endOffset),
    newText: `${quote}${value}${quote}`,
  };
}

/** Returns the quote character of an element's last attribute, or `"` when it has none. */
export function attributeQuote(xml: XmlDocument, element: XMLElement): '"' | "'" {
  const last = xml.attributes(element).at(-1);
  if (!last) return '"';
  return xml.source.text[last.endOffset - 1] === "'" ? "'" : '"';
}

/** Returns the line break the file uses, so that inserted lines match it. */
export function lineBreakOf(source: SourceText): string {
  return source.text.includes('\r\n') ? '\r\n' : '\n';
}

function leadingWhitespace(source: SourceText, offset: number): string {
  const line = source.positionAt(offset).line;
  const start = source.lineStart(line);
  return /^[ \t]*/.exec(source.text.slice(start, offset))?.[0] ?? '';
}

function onlyWhitespaceBefore(source: SourceText, offset: number): boolean {
  const start = source.lineStart(source.positionAt(offset).line);
  return source.text.slice(start, offset).trim() === '';
}

/**
 * Adds attributes to an element in one edit. When the existing attributes sit one per line, each
 * new one goes on its own line with the same indentation. Otherwise they join the tag's line.
 * Values are wrapped in `quote`, double quotes unless the caller passes the file's own style.
 */
export function insertAttributes(
  xml: XmlDocument,
  element: XMLElement,
  added: Array<[name: string, value: string]>,
  quote: '"' | "'" = '"',
): TextEdit {
  const source = xml.source;
  const attributes = xml.attributes(element);
  const last = attributes[attributes.length - 1];
  const openName = element.syntax.openName;
  const after = last ? last.endOffset : (openName?.endOffset ?? element.position.startOffset) + 1;
  const texts = added.map(([name, value]) => `${name}=${quote}${value}${quote}`);
  if (last && onlyWhitespaceBefore(source, last.startOffset) && attributes.length > 1) {
    const indent = leadingWhitespace(source, last.startOffset);
    const lines = texts.map((text) => `${lineBreakOf(source)}${indent}${text}`).join('');
    return { range: source.rangeOf(after, after), newText: lines };
  }
  return { range: source.rangeOf(after, after), newText: texts.map((text) => ` ${text}`).join('') };
}

/**
 * Removes an attribute with the white space that separates it from the previous one, so that
 * an attribute on its own line disappears with its line and `>` stays where the tag ends.
 */
export function removeAttribute(source: SourceText, attribute: XmlAttribute): TextEdit {
  let start = attribute.startOffset;
  while (start > 0 && /\s/.test(source.text[start - 1])) start--;
  return { range: source.rangeOf(start, attribute.endOffset), newText: '' };
}

/**
 * Removes the text from `startOffset` to `endOffset`. When the span starts a line and ends one,
 * the whole lines go, including the line break, so no blank line is left behind.
 */
export function removeSpan(source: SourceText, startOffset: number, endOffset: number): TextEdit {
  const startLine = source.positionAt(startOffset).line;
  const endLine = source.positionAt(endOffset).line;
  const restOfLine = source.text.slice(endOffset, source.lineEnd(endLine));
  if (onlyWhitespaceBefore(source, startOffset) && restOfLine.trim() === '') {
    const from = source.lineStart(startLine);
    const to =
      endLine + 1 < source.lineCount ? source.lineStart(endLine + 1) : source.lineEnd(endLine);
    return { range: source.rangeOf(from, to), newText: '' };
  }
  return { range: source.rangeOf(startOffset, endOffset), newText: '' };
}

/** Indentation of the line an offset is on. */
export function indentAt(source: SourceText, offset: number): string {
  const start = source.lineStart(source.positionAt(offset).line);
  return /^[ \t]*/.exec(source.text.slice(start))?.[0] ?? '';
}

/** Returns one indentation step of a file: the smallest indentation found, or four spaces. */
export function indentUnit(source: SourceText): string {
  let unit: string | undefined;
  for (let line = 0; line < source.lineCount; line++) {
    const indent = /^[ \t]+/.exec(source.lineText(line))?.[0];
    if (indent && (!unit || indent.length < unit.length)) unit = indent;
  }
  return unit ?? '    ';
}

/** Applies text edits to a text (for tests and for chaining edits). Edits must not overlap. */
export function applyEdits(source: SourceText, edits: TextEdit[]): string {
  const sorted = [...edits].sort(
    (a, b) => source.offsetAt(b.range.start) - source.offsetAt(a.range.start),
  );
  let text = source.text;
  for (const edit of sorted) {
    const start = source.offsetAt(edit.range.start);
    const end = source.offsetAt(edit.range.end);
    text = text.slice(0, start) + edit.newText + text.slice(end);
  }
  return text;
}
