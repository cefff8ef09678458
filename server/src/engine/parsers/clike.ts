/**
 * A tokenizer for the C-family syntax of Gradle (Groovy and Kotlin DSL), Kotlin, Java and Swift.
 * It keeps offsets and drops comments, which is all the platform-file rules need: commented-out
 * code must never count as configuration.
 */

export type TokenKind = 'identifier' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** For strings, the value without quotes; otherwise the text. */
  text: string;
  start: number;
  end: number;
}

export interface Comment {
  text: string;
  start: number;
  end: number;
}

export interface Tokens {
  tokens: Token[];
  comments: Comment[];
  /** Set when a string or block comment is not closed; tokens up to that point are still there. */
  unterminated?: { what: string; start: number };
}

const IDENTIFIER_START = /[A-Za-z_$@]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$]/;

export function tokenize(text: string): Tokens {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let unterminated: Tokens['unterminated'];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\uFEFF') {
      i++;
    } else if (text.startsWith('//', i)) {
      const end = findLineEnd(text, i);
      comments.push({ text: text.slice(i, end), start: i, end });
      i = end;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      if (close < 0) unterminated ??= { what: 'block comment', start: i };
      comments.push({ text: text.slice(i, end), start: i, end });
      i = end;
    } else if (char === '"' || char === "'") {
      const result = readString(text, i);
      if (result.unterminated) unterminated ??= { what: 'string', start: i };
      tokens.push({ kind: 'string', text: result.value, start: i, end: result.end });
      i = result.end;
    } else if (IDENTIFIER_START.test(char)) {
      let end = i + 1;
      while (end < text.length && IDENTIFIER_PART.test(text[end])) end++;
      tokens.push({ kind: 'identifier', text: text.slice(i, end), start: i, end });
      i = end;
    } else if (/[0-9]/.test(char)) {
      let end = i + 1;
      while (end < text.length && /[0-9A-Za-z_.]/.test(text[end])) end++;
      tokens.push({ kind: 'number', text: text.slice(i, end), start: i, end });
      i = end;
    } else {
      tokens.push({ kind: 'punct', text: char, start: i, end: i + 1 });
      i++;
    }
  }
  return { tokens, comments, unterminated };
}

function findLineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

function readString(text: string, start: number): { value: string; end: number; unterminated: boolean } {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = start + delimiter.length;
  let value = '';
  while (i < text.length) {
    if (text.startsWith(delimiter, i)) return { value, end: i + delimiter.length, unterminated: false };
    if (!triple && (text[i] === '\n' || text[i] === '\r')) break;
    if (text[i] === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += text[i];
    i++;
  }
  return { value, end: i, unterminated: true };
}
