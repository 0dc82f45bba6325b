// A source text with its line table: converts between offsets and line/column
// positions. Everything else in the front end speaks offsets.

/** 0-based line and UTF-16 column, as the Language Server Protocol counts. */
export interface Position {
  line: number;
  character: number;
}

export interface Span {
  start: number;
  end: number;
}

export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const t = this.text;
    for (let i = 0; i < t.length; i++) {
      if (t.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  positionAt(offset: number): Position {
    const starts = this.starts();
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  offsetAt(pos: Position): number {
    const starts = this.starts();
    if (pos.line < 0) return 0;
    if (pos.line >= starts.length) return this.text.length;
    const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1]! - 1 : this.text.length;
    return Math.max(starts[pos.line]!, Math.min(starts[pos.line]! + pos.character, lineEnd));
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 0 || line >= starts.length) return "";
    const end = line + 1 < starts.length ? starts[line + 1]! - 1 : this.text.length;
    let text = this.text.slice(starts[line]!, end);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return text;
  }
}
