/** Offset ↔ line/character conversion (0-based, UTF-16 code units, like LSP). */
export class LineIndex {
  private starts: number[] = [0];

  /**
   * The index of `text` from the index of an earlier version of it: where `previous.text` changed
   * between offsets [start, end) by `delta` characters (textChange), only that part is read.
   */
  static edited(previous: LineIndex, text: string, change: { start: number; end: number; delta: number }): LineIndex {
    const index = new LineIndex('');
    (index as { text: string }).text = text;
    // A line starts after \n, and after \r not followed by \n: it depends on the two characters
    // before it. Kept: the starts before the change; read again: [start, end + delta]; moved: the rest.
    const old = previous.starts;
    const starts: number[] = [];
    let k = 0;
    while (k < old.length && old[k]! < change.start) starts.push(old[k++]!);
    if (starts.length === 0) starts.push(0);
    const to = change.end + change.delta;
    for (let i = Math.max(0, change.start - 1); i < to && i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        if (i + 1 > starts[starts.length - 1]!) starts.push(i + 1);
      }
    }
    while (k < old.length && old[k]! < change.end + 1) k++;
    for (; k < old.length; k++) starts.push(old[k]! + change.delta);
    index.starts = starts;
    return index;
  }

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      // Only \n ends lines: jump from one to the next.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** End of the line's text, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1]!;
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  positionAt(offset: number): { line: number; character: number } {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  offsetAt(position: { line: number; character: number }): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    return Math.min(this.lineStart(position.line) + Math.max(0, position.character), this.lineEnd(position.line));
  }
}
