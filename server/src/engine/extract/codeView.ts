/**
 * A token view of source code for the extractors that read literals in code (option objects, call
 * arguments, dicts, arrays): which offsets are strings or comments (the text's shared mask), matched
 * brackets, and tokens read on demand between two offsets. Not a parser; every step is linear in what
 * it reads.
 */
import type { Region, Scan } from '../scan';
import { isJsSpace as isSpace } from './common';
import { COMMENT, SourceView, STRING } from './sourceView';

export { COMMENT, isSpace, STRING };

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
  readonly text: string;
  readonly scan: Scan;
  readonly mask: Uint8Array;
  private readonly identStart: (c: number) => boolean;
  private readonly identPart: (c: number) => boolean;
  private readonly unterminated: 'other' | 'punct';
  /** starts[p] = 1 where a token of the whole text's token stream starts (built only when needed). */
  private starts: Uint8Array | undefined;

  constructor(
    readonly view: SourceView,
    options: CodeViewOptions = {},
  ) {
    this.text = view.text;
    this.scan = view.scan;
    this.mask = view.mask;
    const dollar = options.dollarIdents === true;
    const ascii = options.asciiIdents === true;
    this.identStart = (c) => isIdentStart(c, ascii) || (dollar && c === 36);
    this.identPart = (c) => this.identStart(c) || (c >= 48 && c <= 57);
    this.unterminated = options.unterminated ?? 'other';
  }

  /** The offset of the closer matching the bracket that opens at `open` (-1: unmatched, or not an opener). */
  matchOf(open: number): number {
    return this.view.matchOf(open);
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
      const s = this.view.stringAt(p);
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

  /**
   * Whether a token of the text's token stream (the tokens read one after the other from offset 0)
   * starts at `p`. Decided from the characters around `p` where they settle it, else by reading the
   * tokens from a nearby offset where the stream surely has a boundary.
   */
  tokenStartsAt(p: number): boolean {
    const n = this.text.length;
    if (p < 0 || p >= n || this.mask[p] === COMMENT || isSpace(this.text.charCodeAt(p))) return false;
    if (this.boundaryAt(p)) return true;
    if (this.mask[p] === 0 && this.mask[p - 1] === 0) {
      // Inside a run of identifier characters and dots: read the run's tokens from its start.
      let r = p;
      while (r > 0 && p - r < RUN_LIMIT && this.mask[r - 1] === 0 && this.wordChar(this.text.charCodeAt(r - 1))) r--;
      if (this.boundaryAt(r)) {
        let t = this.next(r, n);
        while (t.kind !== 'end' && t.end <= p) t = this.next(t.end, n);
        return t.start === p;
      }
    }
    return this.tokenStarts()[p] === 1;
  }

  /**
   * No token of the stream holds both p - 1 and p: p is the text's start, follows a comment, ends or
   * starts a string mask, or p - 1 or p is code and an ASCII character that no identifier or number
   * holds.
   */
  private boundaryAt(p: number): boolean {
    if (p <= 0) return true;
    const before = this.mask[p - 1]!;
    const here = this.mask[p] ?? 0;
    if (before === COMMENT) return true;
    if (before === STRING) return here !== STRING;
    if (here !== 0) return true;
    return asciiBreak(this.text.charCodeAt(p - 1)) || asciiBreak(this.text.charCodeAt(p));
  }

  /** A character that identifiers and numbers are made of (in this view's options). */
  private wordChar(c: number): boolean {
    return this.identPart(c) || c === 46;
  }

  /** Where each token of the stream starts: one pass over the text. */
  private tokenStarts(): Uint8Array {
    if (!this.starts) {
      const n = this.text.length;
      const starts = new Uint8Array(n);
      for (let t = this.next(0, n); t.kind !== 'end'; t = this.next(t.end, n)) starts[t.start] = 1;
      this.starts = starts;
    }
    return this.starts;
  }

  /** The last offset before `p` that is neither white space nor comment (-1: none). */
  prevSignificantOffset(p: number): number {
    let k = p - 1;
    while (k >= 0 && (this.mask[k] === COMMENT || isSpace(this.text.charCodeAt(k)))) k--;
    return k;
  }

  /**
   * The token of the stream that holds offset `j`, for `j` outside strings and comments and not white
   * space (undefined otherwise).
   */
  tokenHolding(j: number): Tok | undefined {
    const n = this.text.length;
    if (j < 0 || j >= n || this.mask[j] !== 0 || isSpace(this.text.charCodeAt(j))) return undefined;
    if (!this.wordChar(this.text.charCodeAt(j))) return { kind: 'punct', start: j, end: j + 1 };
    let r = j;
    while (r > 0 && j - r < RUN_LIMIT && this.mask[r - 1] === 0 && this.wordChar(this.text.charCodeAt(r - 1))) r--;
    if (!this.boundaryAt(r)) {
      const starts = this.tokenStarts();
      while (r > 0 && starts[r] !== 1) r--;
    }
    let t = this.next(r, n);
    while (t.kind !== 'end' && t.end <= j) t = this.next(t.end, n);
    return t.kind !== 'end' && t.start <= j ? t : undefined;
  }

  /**
   * The tokens of the stream that are one of `names`: identifiers written so, and string literals
   * (not backquoted) whose text is one, in text order.
   */
  namedTokens(names: readonly string[]): Tok[] {
    const text = this.text;
    const n = text.length;
    const out: Tok[] = [];
    for (const name of names) {
      for (const p of this.view.occurrences(name)) {
        if (this.mask[p] !== 0 || !this.tokenStartsAt(p)) continue;
        const t = this.next(p, n);
        if (t.kind === 'ident' && t.end === p + name.length) out.push(t);
      }
    }
    for (const r of this.view.regionsWith(names)) {
      if (r.kind !== 'string' || !names.includes(r.text)) continue;
      const t = this.stringTokenOf(r);
      if (t && text[t.start] !== '`') out.push(t);
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** The token of the stream that is the string literal of region `r` (undefined: none is). */
  stringTokenOf(r: Region): Tok | undefined {
    if (r.kind !== 'string' || r.start === 0) return undefined;
    const open = this.view.openingQuote(r);
    if (this.view.stringAt(open)?.region !== r || !this.tokenStartsAt(open)) return undefined;
    const t = this.next(open, this.text.length);
    return t.kind === 'string' && t.region === r ? t : undefined;
  }

  /** The string literal token of the stream that holds offset `j` (undefined: no string token does). */
  stringTokenHolding(j: number): Tok | undefined {
    const rs = this.scan.regions;
    // The last region starting at most 3 characters after j: a literal's quotes are at most 3 characters.
    let lo = 0;
    let hi = rs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rs[mid]!.start <= j + 3) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && rs[k]!.end + 3 > j; k--) {
      const t = this.stringTokenOf(rs[k]!);
      if (t && t.start <= j && j < t.end) return t;
    }
    return undefined;
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

/** Identifier runs longer than this are read through the whole text's token starts. */
const RUN_LIMIT = 4096;

/**
 * An ASCII character that no identifier or number holds in any view (white space, punctuation,
 * control characters): outside strings and comments, no token spans it and a neighbour.
 */
function asciiBreak(c: number): boolean {
  return c < 128 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 46);
}

function isIdentStart(c: number, ascii: boolean): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (!ascii && c > 0x7f);
}
