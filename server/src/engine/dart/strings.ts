import { namedChildren, type SyntaxNode } from './syntax';

/** A piece of a Dart string literal's value: literal text, or an interpolated expression. */
export type StringPart =
  | { kind: 'text'; value: string }
  | { kind: 'interpolation'; node: SyntaxNode; expression: string };

export interface StringValue {
  parts: StringPart[];
  /** The value when the literal has no interpolation. */
  constant?: string;
  /** Literal text with each interpolation replaced by `${...}`-free placeholder `\u0000`. */
  shape: string;
}

/**
 * Reads a `string_literal` node, which the grammar also uses for adjacent literals such as
 * `'http://' 'host' '/path'`: the value is the concatenation of all of them.
 */
export function readStringLiteral(node: SyntaxNode): StringValue {
  const text = node.text;
  const base = node.startIndex;
  const substitutions = namedChildren(node).filter((child) => child.type === 'template_substitution');
  const parts: StringPart[] = [];
  let index = 0;

  const pushText = (value: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === 'text') last.value += value;
    else if (value.length > 0) parts.push({ kind: 'text', value });
  };

  while (index < text.length) {
    const open = openingAt(text, index);
    if (!open) {
      index++;
      continue;
    }
    index += open.prefixLength + open.quote.length;
    while (index < text.length && !text.startsWith(open.quote, index)) {
      const char = text[index];
      if (!open.raw && char === '\\' && index + 1 < text.length) {
        pushText(unescape(text[index + 1]));
        index += 2;
        continue;
      }
      if (!open.raw && char === '$') {
        const substitution = substitutions.find((s) => s.startIndex - base === index);
        if (substitution) {
          const inner = namedChildren(substitution)[0] ?? substitution;
          parts.push({ kind: 'interpolation', node: inner, expression: inner.text });
          index = substitution.endIndex - base;
          continue;
        }
      }
      pushText(char);
      index++;
    }
    index += open.quote.length;
  }

  const constant = parts.every((p) => p.kind === 'text')
    ? parts.map((p) => (p as { value: string }).value).join('')
    : undefined;
  const shape = parts.map((p) => (p.kind === 'text' ? p.value : '\u0000')).join('');
  return { parts, constant, shape };
}

function openingAt(
  text: string,
  index: number,
): { quote: string; raw: boolean; prefixLength: number } | undefined {
  const raw = text[index] === 'r' || text[index] === 'R';
  const at = raw ? index + 1 : index;
  for (const quote of ["'''", '"""', "'", '"']) {
    if (text.startsWith(quote, at)) return { quote, raw, prefixLength: raw ? 1 : 0 };
  }
  return undefined;
}

function unescape(char: string): string {
  switch (char) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return char;
  }
}
