/**
 * The deepest element nesting that PHI Guard parses. Android and iOS configuration files nest
 * a few levels. The XML parser's error recovery grows faster than the square of the depth of
 * unclosed elements: 200 levels took 0.1 s, 400 levels 0.5 s and 800 levels 4.6 s. A 5 KB file of 1,400 levels
 * took 36 s with the 4 MB stack of a worker thread, which is deep enough not to overflow first.
 */
export const MAX_ELEMENT_DEPTH = 128;

/**
 * Returns the offset of the first start tag nested deeper than `limit`, or undefined. Comments,
 * CDATA sections, processing instructions and declarations are skipped, and a `>` inside a
 * quoted attribute value does not end its tag.
 */
export function tooDeepAt(text: string, limit = MAX_ELEMENT_DEPTH): number | undefined {
  let depth = 0;
  let at = text.indexOf('<');
  while (at >= 0 && at < text.length) {
    const next = text[at + 1];
    if (text.startsWith('<!--', at)) at = endOf(text, '-->', at);
    else if (text.startsWith('<![CDATA[', at)) at = endOf(text, ']]>', at);
    else if (next === '?' || next === '!') at = endOf(text, '>', at);
    else if (next === '/') {
      depth = Math.max(0, depth - 1);
      at = endOf(text, '>', at);
    } else {
      const end = tagEnd(text, at);
      if (text[end - 1] !== '/') depth++;
      if (depth > limit) return at;
      at = end + 1;
    }
    at = text.indexOf('<', at);
  }
  return undefined;
}

function endOf(text: string, marker: string, from: number): number {
  const found = text.indexOf(marker, from);
  return found < 0 ? text.length : found + marker.length;
}

/** Finds the `>` that ends the start tag at `from`, past quoted values, or the end of the text. */
function tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from + 1; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i;
    } else if (char === '<') {
      // An unclosed tag: the next tag starts here.
      return i - 1;
    }
  }
  return text.length;
}
