/**
 * A token view of source code for the extractors that read literals in code (option objects, call
 * arguments, dicts, arrays): which offsets are strings or comments (from the lexer's regions), and
 * tokens read on demand between two offsets. Not a parser; every step is linear in what it reads.
 */
import type { Region, Scan } from '../scan';

export const STRING = 1;
export const COMMENT = 2;

export type TokKind = 'ident' | 'string' | 'number' | 'punct' | 'other' | 'end';

export interface Tok {
  kind: TokKind;
  start: number;
  end: number;
  /** For strings: the lexer's region (decoded text, source map). */
  region?: Region;
}

export interface CodeViewOptions {
  /** `$` starts and continues identifiers (JavaScript, PHP variables). */
  dollarIdents?: boolean;
  /** Only ASCII letters make identifiers. */
  asciiIdents?: boolean;
  /** The kind of a token for a string the lexer left unterminated (default 'other'). */
  unterminated?: 'other' | 'punct';
}

export class CodeView {
  readonly mask: Uint8Array;
  /** Opening-quote offset → the string's region and the offset after its closing quote. */
  protected readonly strings = new Map<number, { region: Region; end: number }>();
  private readonly identStart: (c: number) => boolean;
  private readonly identPart: (c: number) => boolean;
  private readonly unterminated: 'other' | 'punct';

  constructor(
    readonly text: string,
    readonly scan: Scan,
    options: CodeViewOptions = {},
  ) {
    this.mask = new Uint8Array(text.length);
    for (const r of scan.regions) {
      if (r.kind !== 'string' || r.start === 0) continue;
      // The opener is one quote, or three (Python's """ and ''').
      const open = r.start - quoteLength(text, r.start);
      const close = text.slice(open, r.start);
      const end = text.startsWith(close, r.end) ? r.end + close.length : r.end;
      this.mask.fill(STRING, open, end);
      this.strings.set(open, { region: r, end });
    }
    for (const c of scan.comments) this.mask.fill(COMMENT, c.start, c.end);
    const dollar = options.dollarIdents === true;
    const ascii = options.asciiIdents === true;
    this.identStart = (c) => isIdentStart(c, ascii) || (dollar && c === 36);
    this.identPart = (c) => this.identStart(c) || (c >= 48 && c <= 57);
    this.unterminated = options.unterminated ?? 'other';
  }

  /** The first offset at or after `p` that is neither white space nor comment (at most `limit`). */
  skip(p: number, limit: number): number {
    while (p < limit && (this.mask[p] === COMMENT || isSpace(this.text.charCodeAt(p)))) p++;
    return p;
  }

  /** Offset after the last significant character before `end` (trailing white space and comments dropped). */
  trimEnd(start: number, end: number): number {
    while (end > start && (this.mask[end - 1] === COMMENT || isSpace(this.text.charCodeAt(end - 1)))) end--;
    return end;
  }

  /** The token that starts at the first significant offset at or after `p`, ending by `limit`. */
  next(p: number, limit: number): Tok {
    const text = this.text;
    p = this.skip(p, limit);
    if (p >= limit) return { kind: 'end', start: limit, end: limit };
    if (this.mask[p] === STRING) {
      const s = this.strings.get(p);
      if (s && s.end <= limit) return { kind: 'string', start: p, end: s.end, region: s.region };
      let e = p + 1;
      while (e < limit && this.mask[e] === STRING) e++;
      return { kind: this.unterminated, start: p, end: e };
    }
    const c = text.charCodeAt(p);
    if (this.identStart(c)) {
      let e = p + 1;
      while (e < limit && this.identPart(text.charCodeAt(e)) && this.mask[e] === 0) e++;
      return { kind: 'ident', start: p, end: e };
    }
    if (c >= 48 && c <= 57) {
      let e = p + 1;
      while (e < limit && (this.identPart(text.charCodeAt(e)) || text[e] === '.') && this.mask[e] === 0) e++;
      return { kind: 'number', start: p, end: e };
    }
    return { kind: 'punct', start: p, end: p + 1 };
  }

  /** The tokens of text[start, end), at most `max`. */
  tokens(start: number, end: number, max = Number.POSITIVE_INFINITY): Tok[] {
    const out: Tok[] = [];
    for (let t = this.next(start, end); t.kind !== 'end' && out.length < max; t = this.next(t.end, end)) out.push(t);
    return out;
  }

  tokText(t: Tok): string {
    return this.text.slice(t.start, t.end);
  }

  /** The token is punctuation starting with `ch`. */
  isPunct(t: Tok | undefined, ch: string): boolean {
    return t !== undefined && t.kind === 'punct' && this.text.startsWith(ch, t.start);
  }
}

function quoteLength(text: string, start: number): number {
  const q = text[start - 1];
  if ((q === '"' || q === "'") && start >= 3 && text[start - 2] === q && text[start - 3] === q) return 3;
  return 1;
}

export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isIdentStart(c: number, ascii: boolean): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (!ascii && c > 0x7f);
}

const OPENER_OF: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * One pass over the code: match[open] = offset of the matching closer for ( [ { outside strings and
 * comments (-1: unmatched), and with `parents` for every offset the innermost open bracket around it
 * (-1: none). A closer with no opener of its kind is ignored; unclosed brackets inside a matched pair
 * stay unmatched.
 */
export function matchBrackets(view: CodeView, parents = false): { match: Int32Array; parent?: Int32Array } {
  const text = view.text;
  const n = text.length;
  const match = new Int32Array(n).fill(-1);
  const parent = parents ? new Int32Array(n) : undefined;
  const stack: number[] = [];
  const open: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  for (let p = 0; p < n; p++) {
    if (parent) parent[p] = stack.length ? stack[stack.length - 1]! : -1;
    if (view.mask[p] !== 0) continue;
    const ch = text[p]!;
    if (ch === '(' || ch === '[' || ch === '{') {
      stack.push(p);
      open[ch]!++;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      const want = OPENER_OF[ch]!;
      if (open[want]! === 0) continue;
      for (;;) {
        const o = stack.pop()!;
        open[text[o]!]!--;
        if (text[o] === want) {
          match[o] = p;
          break;
        }
      }
      if (parent) parent[p] = stack.length ? stack[stack.length - 1]! : -1;
    }
  }
  return parent ? { match, parent } : { match };
}
