import type { XMLElement, XmlDocument } from '../../server/src/engine/parsers/xml';
import {
  editChange,
  indentAt,
  insertAttributes,
  lineBreakOf,
} from '../../server/src/engine/platform/text-edits';
import type { Fix, TextEdit } from '../../server/src/engine/types';

/**
 * Pin value the backup-pin fix inserts: the base64 of 32 zero bytes. Android parses it as a
 * valid SHA-256 digest that matches no key, so the pin-set keeps working, and this rule reports
 * the value as an error until someone replaces it.
 */
export const PIN_PLACEHOLDER = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** How long the fix's `expiration` lasts: one year, so the pins get reviewed yearly. */
const EXPIRATION_DAYS = 365;

/**
 * Adds a placeholder backup pin after `lastPin` and, when the pin-set has none, an
 * `expiration` one year after the analysis date. Unsafe: the placeholder must be replaced with
 * the SPKI SHA-256 of a real backup key, and pinning stops at the expiration date.
 */
export function backupPinFix(
  xml: XmlDocument,
  filePath: string,
  pinSet: XMLElement,
  lastPin: XMLElement,
  today: Date,
): Fix {
  const edits: TextEdit[] = [pinEdit(xml, lastPin)];
  if (!xml.attribute(pinSet, 'expiration')) {
    edits.push(insertAttributes(xml, pinSet, [['expiration', expirationFrom(today)]]));
  }
  const title =
    edits.length > 1
      ? 'Add a backup pin placeholder and an expiration'
      : 'Add a backup pin placeholder';
  return { title, safe: false, isPreferred: true, changes: [editChange(filePath, edits)] };
}

function pinEdit(xml: XmlDocument, last: XMLElement): TextEdit {
  const source = xml.source;
  const eol = lineBreakOf(source);
  const comment =
    '<!-- TODO: replace with the base64 SPKI SHA-256 of a backup key kept offline -->';
  const pin = `<pin digest="SHA-256">${PIN_PLACEHOLDER}</pin>`;
  const at = last.position.endOffset + 1;
  const indent = indentAt(source, last.position.startOffset);
  const newText = `${eol}${indent}${comment}${eol}${indent}${pin}`;
  return { range: source.rangeOf(at, at), newText };
}

function expirationFrom(today: Date): string {
  const date = new Date(today.getTime() + EXPIRATION_DAYS * 24 * 60 * 60 * 1000);
  return date.toISOString().slice(0, 10);
}
