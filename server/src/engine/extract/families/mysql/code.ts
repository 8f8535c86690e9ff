/**
 * Reading literals in code (JavaScript/TypeScript objects, Python calls and dicts, PHP arrays, Go
 * composite literals) without a parser: the lexer's string and comment ranges give a mask of what is
 * code; one pass matches brackets; an entry list of a bracketed literal is read by splitting its top
 * level at commas (nested brackets are jumped with the match table, so each token is read by one
 * literal only: linear in the text).
 */
import type { Param, Span } from '../../../types';
import { COMMENT, CodeView, isSpace, type Tok } from '../../codeView';
import type { SourceView } from '../../sourceView';

export type { Tok, TokKind } from '../../codeView';

/** How the entries of a literal are written. */
export type EntryStyle =
  | 'colon' // JavaScript objects, Python dicts, Go composite literals: key: value
  | 'equals' // Python keyword arguments: key=value
  | 'arrow'; // PHP arrays: key => value

export interface Entry {
  /** The key as written, unquoted (a string key's decoded text; an identifier or `A::B` as is); '' for a positional value. */
  key: string;
  /** Source range of the key (empty at the value's start for a positional value). */
  keySpan: Span;
  /** The key is a quoted string. */
  quotedKey: boolean;
  valueStart: number;
  valueEnd: number;
  /** The entry and one comma, or its whole line when it stands alone on its line. */
  removeSpan: Span;
  /** `...spread` (JavaScript) or `**kwargs` (Python). */
  spread?: boolean;
}

export interface Literal {
  open: number;
  close: number;
  entries: Entry[];
}

export class Code extends CodeView {
  private readonly literals = new Map<string, Literal | undefined>();

  constructor(view: SourceView) {
    super(view, { dollarIdents: true });
  }

  isCode(p: number): boolean {
    return this.mask[p] === 0;
  }

  /** The last significant offset before `p` (-1: none), skipping white space and comments. */
  prevSignificant(p: number, floor = 0): number {
    let k = p - 1;
    while (k >= floor && (this.mask[k] === COMMENT || isSpace(this.text.charCodeAt(k)))) k--;
    return k >= floor ? k : -1;
  }

  /** The tokens of text[start, end), at most `max`. */
  override tokens(start: number, end: number, max = 200): Tok[] {
    return super.tokens(start, end, max);
  }

  /** A plain string literal's decoded text (a JavaScript template or PHP double-quoted string with interpolation is not plain). */
  literal(t: Tok | undefined): string | undefined {
    if (!t || t.kind !== 'string' || !t.region) return undefined;
    const quote = this.text[t.start];
    const text = t.region.text;
    if (quote === '`' && text.includes('${')) return undefined;
    return text;
  }

  /** The value of an entry as a single token (undefined when it is more than one). */
  single(start: number, end: number): Tok | undefined {
    const t = this.next(start, end);
    return t.kind !== 'end' && t.end === end ? t : undefined;
  }

  /**
   * The entries of the bracketed literal whose opener is at `open` (`{`, `(`, `[`). Undefined when
   * the bracket is unmatched or the body holds a `;` at the top level (a block, not a literal).
   */
  entries(open: number, style: EntryStyle): Literal | undefined {
    const cacheKey = `${open}:${style}`;
    if (this.literals.has(cacheKey)) return this.literals.get(cacheKey);
    const lit = this.readEntries(open, style);
    this.literals.set(cacheKey, lit);
    return lit;
  }

  private readEntries(open: number, style: EntryStyle): Literal | undefined {
    const close = this.matchOf(open);
    if (close < 0) return undefined;
    const entries: Entry[] = [];
    let segStart = open + 1;
    let commaBefore = -1;
    for (let p = open + 1; ; ) {
      const t = this.next(p, close);
      const atEnd = t.kind === 'end';
      if (atEnd || this.isPunct(t, ',')) {
        const e = this.readEntry(segStart, atEnd ? close : t.start, commaBefore, atEnd ? -1 : t.start, style);
        if (e) entries.push(e);
        if (atEnd) break;
        commaBefore = t.start;
        segStart = t.end;
        p = t.end;
        continue;
      }
      if (this.isPunct(t, ';') && style !== 'arrow') return undefined;
      const ch = this.text[t.start]!;
      if (t.kind === 'punct' && (ch === '{' || ch === '(' || ch === '[')) {
        const m = this.matchOf(t.start);
        if (m < 0 || m >= close) return undefined;
        p = m + 1;
        continue;
      }
      p = t.end;
    }
    return { open, close, entries };
  }

  /** One entry text[start, end): `key SEP value`, a spread, or a positional value. */
  private readEntry(start: number, end: number, commaBefore: number, commaAfter: number, style: EntryStyle): Entry | undefined {
    const first = this.next(start, end);
    if (first.kind === 'end') return undefined;
    const removeSpan = this.removeSpan(first.start, this.trimEnd(first.start, end), commaBefore, commaAfter);
    // Spreads: `...x` (JavaScript), `**x` (Python keyword arguments and dicts).
    if ((this.text.startsWith('...', first.start) && style === 'colon') || (this.text.startsWith('**', first.start) && style !== 'arrow')) {
      const valueStart = this.skip(first.start + (this.text[first.start] === '.' ? 3 : 2), end);
      return { key: '...', keySpan: { start: first.start, end: valueStart }, quotedKey: false, valueStart, valueEnd: this.trimEnd(valueStart, end), removeSpan, spread: true };
    }
    // The separator at the top level of the entry.
    let sep: Tok | undefined;
    for (let p = first.start; p < end; ) {
      const t = this.next(p, end);
      if (t.kind === 'end') break;
      const ch = this.text[t.start]!;
      if (t.kind === 'punct' && (ch === '{' || ch === '(' || ch === '[')) {
        const m = this.matchOf(t.start);
        if (m < 0 || m >= end) break;
        p = m + 1;
        continue;
      }
      if (style === 'colon' && ch === ':' && t.kind === 'punct' && this.text[t.start + 1] !== ':' && this.text[t.start - 1] !== ':') {
        sep = t;
        break;
      }
      if (style === 'equals' && ch === '=' && t.kind === 'punct' && this.text[t.start + 1] !== '=' && !'=!<>'.includes(this.text[t.start - 1] ?? '')) {
        sep = t;
        break;
      }
      if (style === 'arrow' && ch === '=' && this.text[t.start + 1] === '>') {
        sep = { kind: 'punct', start: t.start, end: t.start + 2 };
        break;
      }
      if (style === 'colon' && t.kind === 'punct' && ch === '?') break; // a conditional value: positional
      p = t.end;
    }
    const valueEnd = this.trimEnd(first.start, end);
    if (!sep) {
      return { key: '', keySpan: { start: first.start, end: first.start }, quotedKey: false, valueStart: first.start, valueEnd, removeSpan };
    }
    const keyEnd = this.trimEnd(first.start, sep.start);
    const keyTok = this.single(first.start, keyEnd);
    let key: string;
    let quotedKey = false;
    if (keyTok && keyTok.kind === 'string' && this.text[keyTok.start] !== '`') {
      key = keyTok.region!.text;
      quotedKey = true;
    } else key = this.text.slice(first.start, keyEnd).replace(/\s+/g, '');
    const valueStart = this.skip(sep.end, end);
    if (valueStart >= valueEnd) return undefined;
    return { key, keySpan: { start: first.start, end: keyEnd }, quotedKey, valueStart, valueEnd, removeSpan };
  }

  /**
   * What removing an entry deletes: the entry and one comma (the one after it, else the one before
   * it), and the whole line when the entry stands alone on its line.
   */
  private removeSpan(start: number, end: number, commaBefore: number, commaAfter: number): Span {
    const text = this.text;
    if (commaAfter >= 0) {
      end = commaAfter + 1;
      while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    } else if (commaBefore >= 0) start = commaBefore;
    let ls = start;
    while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
    const aloneOnLine = (ls === 0 || text[ls - 1] === '\n') && (end >= text.length || text[end] === '\n' || text[end] === '\r');
    if (aloneOnLine && commaAfter >= 0) {
      start = ls;
      end = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : Math.min(text.length, end + 1);
    }
    return { start, end };
  }

  /**
   * For each offset (sorted ascending), the innermost bracket opener that encloses it (-1: none).
   * Offsets outside the text, and every offset from the first one out of ascending order on, get -1.
   */
  enclosing(positions: readonly number[]): Int32Array {
    const out = new Int32Array(positions.length).fill(-1);
    let prev = 0;
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k]!;
      if (p < prev || p >= this.text.length) break;
      out[k] = this.view.openBefore(p);
      prev = p;
    }
    return out;
  }

  /** Source range of a string token's content (inside its quotes). */
  contentSpan(t: Tok): Span {
    return { start: t.region!.start, end: t.region!.end };
  }

  /** A value's source text for a param of a computed value: one line, at most 80 characters. */
  shortText(start: number, end: number): string {
    const s = this.text.slice(start, Math.min(end, start + 200)).replace(/\s+/g, ' ');
    return s.length > 80 || end - start > 200 ? s.slice(0, 79) + '…' : s;
  }

  /** The entry with this key (the last one, when the key is written twice). */
  static last(lit: Literal, key: string, caseInsensitive = false): Entry | undefined {
    for (let i = lit.entries.length - 1; i >= 0; i--) {
      const e = lit.entries[i]!;
      if (e.spread) continue;
      if (caseInsensitive ? e.key.toLowerCase() === key.toLowerCase() : e.key === key) return e;
    }
    return undefined;
  }

  /** A Param for an entry, with the given value and value range. */
  param(e: Entry, value: string, valueSpan: Span, dynamic: boolean, key = e.key): Param {
    return { key, value, keySpan: e.keySpan, valueSpan, removeSpan: e.removeSpan, dynamic };
  }
}


/** JavaScript/TypeScript module specifiers the file imports or requires (`mysql2/promise` → `mysql2`). */
export function jsImports(view: SourceView): readonly string[] {
  return view.importedModules;
}
