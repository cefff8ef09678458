import type { Position, Range } from './types';

const BOM = '\uFEFF';

/**
 * Source text with a line index. A leading UTF-8 byte order mark is removed so that text read
 * from disk and text sent by an editor (which strips it) give the same positions. Line breaks
 * are `\n`, `\r\n` and a lone `\r`, as in the Language Server Protocol.
 */
export class SourceText {
  readonly text: string;
  readonly hadBom: boolean;
  private readonly lineStarts: number[];

  constructor(raw: string) {
    this.hadBom = raw.startsWith(BOM);
    this.text = this.hadBom ? raw.slice(1) : raw;
    this.lineStarts = computeLineStarts(this.text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    const character = Math.min(clamped, this.lineEnd(low)) - this.lineStarts[low];
    return { line: low, character };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text[end - 1] === '\n') end--;
    if (end > this.lineStarts[line] && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}
