/**
 * What the extractors of one text share: built once per text, each part only when an extractor asks
 * for it.
 * - `mask`: for each offset, whether it is code, inside a string literal (its quotes included) or
 *   inside a comment, from the lexer's regions;
 * - `stringAt`: opening-quote offset → the string's region and the offset after its closing quote;
 * - the brackets of the code, matched in one pass (`( [ {` outside strings and comments; a closer
 *   with no opener of its kind is ignored; openers left open inside a matched pair stay unmatched),
 *   held per bracket rather than per offset, so that the innermost open bracket at any offset is a
 *   binary search;
 * - where words occur in the text, and which regions may hold them (the regions the extractors that
 *   look for a word need to read);
 * - the module specifiers a JavaScript/TypeScript file imports or requires.
 */
import type { Region, Scan } from '../scan';
import { isJsSpace as isSpace } from './common';

/** Mask values. */
export const STRING = 1;
export const COMMENT = 2;

export interface StringSpan {
  region: Region;
  /** The offset after the closing quote (or the region's end when the literal is unterminated). */
  end: number;
}

/** The brackets of the code in text order, with their matches and the bracket stack after each. */
interface Brackets {
  count: number;
  /** Offsets of the brackets that open, and of the closers that close one (ignored closers are left out). */
  pos: Int32Array;
  /** Index of the matching bracket (-1: an opener left unmatched). */
  partner: Int32Array;
  /** Offset of the innermost open bracket after this one is read (-1: none). */
  after: Int32Array;
}

/** For ASCII codes: 1 2 3 for ( [ {, -1 -2 -3 for ) ] }, 0 for anything else. */
const BRACKET = new Int8Array(128);
BRACKET[40] = 1;
BRACKET[91] = 2;
BRACKET[123] = 3;
BRACKET[41] = -1;
BRACKET[93] = -2;
BRACKET[125] = -3;

function grow(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

export class SourceView {
  private maskArray: Uint8Array | undefined;
  /** The string literals by opening quote, in text order: opening quote, end, region index. */
  private stringTable: { count: number; open: Int32Array; end: Int32Array; region: Int32Array } | undefined;
  private bracketTable: Brackets | undefined;
  private modules: string[] | undefined;
  private readonly found = new Map<string, number[]>();
  private readonly candidates = new Map<string, Region[]>();
  private braces: Map<number, number> | undefined;

  constructor(
    readonly text: string,
    readonly scan: Scan,
  ) {}

  /** 0: code, STRING: a string literal (with its quotes), COMMENT: a comment. */
  get mask(): Uint8Array {
    if (!this.maskArray) this.buildMask();
    return this.maskArray!;
  }

  /**
   * The string literal whose opening quote is at `open`: its region and the offset after its closing
   * quote (undefined: none opens there). Of two regions that claim the same quote, the later one.
   */
  stringAt(open: number): StringSpan | undefined {
    if (!this.stringTable) this.buildMask();
    const t = this.stringTable!;
    let lo = 0;
    let hi = t.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t.open[mid]! < open) lo = mid + 1;
      else hi = mid;
    }
    return lo < t.count && t.open[lo] === open ? { region: this.scan.regions[t.region[lo]!]!, end: t.end[lo]! } : undefined;
  }

  private buildMask(): void {
    const text = this.text;
    const regions = this.scan.regions;
    const mask = new Uint8Array(text.length);
    const open = new Int32Array(regions.length);
    const end = new Int32Array(regions.length);
    const region = new Int32Array(regions.length);
    let count = 0;
    for (let k = 0; k < regions.length; k++) {
      const r = regions[k]!;
      if (r.kind !== 'string' || r.start === 0) continue;
      const o = r.start - quoteLength(text, r.start);
      const e = stringEnd(text, r, o);
      mask.fill(STRING, o, e);
      // Opening quotes never decrease along the regions; a region that shares one with the one
      // before replaces it.
      if (count > 0 && open[count - 1] === o) count--;
      open[count] = o;
      end[count] = e;
      region[count++] = k;
    }
    for (const c of this.scan.comments) mask.fill(COMMENT, c.start, c.end);
    this.maskArray = mask;
    this.stringTable = { count, open, end, region };
  }

  private get brackets(): Brackets {
    if (!this.bracketTable) this.bracketTable = this.buildBrackets();
    return this.bracketTable;
  }

  private buildBrackets(): Brackets {
    const text = this.text;
    const n = text.length;
    let cap = Math.max(256, n >> 4);
    let pos = new Int32Array(cap);
    let partner = new Int32Array(cap);
    let after = new Int32Array(cap);
    let count = 0;
    // The open brackets (indexes into pos, and their kinds) and how many of each kind are open.
    let stack = new Int32Array(64);
    let stackKind = new Int8Array(64);
    let depth = 0;
    const open = [0, 0, 0, 0];
    // Code only: the characters between the spans of strings and comments.
    const masked = this.maskedSpans();
    for (let m = 0, from = 0; from < n; m += 2) {
      const to = m < masked.length ? masked[m]! : n;
      for (let p = from; p < to; p++) {
        const c = text.charCodeAt(p);
        if (c > 125) continue;
        const kind = BRACKET[c]!;
        if (kind === 0) continue;
        if (kind < 0 && open[-kind] === 0) continue; // a closer with nothing of its kind open
        if (count === cap) {
          cap *= 2;
          pos = grow(pos, cap);
          partner = grow(partner, cap);
          after = grow(after, cap);
        }
        const i = count++;
        pos[i] = p;
        partner[i] = -1;
        if (kind > 0) {
          after[i] = p;
          if (depth === stack.length) {
            stack = grow(stack, depth * 2);
            const k = new Int8Array(depth * 2);
            k.set(stackKind);
            stackKind = k;
          }
          stack[depth] = i;
          stackKind[depth++] = kind;
          open[kind]!++;
          continue;
        }
        // Pop to the opener of this kind; the openers above it stay unmatched.
        for (;;) {
          const k = stackKind[--depth]!;
          open[k]!--;
          if (k === -kind) {
            const o = stack[depth]!;
            partner[o] = i;
            partner[i] = o;
            break;
          }
        }
        after[i] = depth > 0 ? pos[stack[depth - 1]!]! : -1;
      }
      from = m + 1 < masked.length ? masked[m + 1]! : n;
    }
    return { count, pos, partner, after };
  }

  /** The spans where the mask is not 0 (strings with their quotes, comments), merged, in text order: start, end, start, end… */
  private maskedSpans(): number[] {
    const text = this.text;
    const spans: number[] = [];
    const add = (start: number, end: number): void => {
      if (end <= start) return;
      const last = spans.length - 1;
      if (last > 0 && start <= spans[last]!) spans[last] = Math.max(spans[last]!, end);
      else spans.push(start, end);
    };
    const regions = this.scan.regions;
    const comments = this.scan.comments;
    let c = 0;
    for (const r of regions) {
      if (r.kind !== 'string' || r.start === 0) continue;
      const open = r.start - quoteLength(text, r.start);
      while (c < comments.length && comments[c]!.start < open) {
        add(comments[c]!.start, comments[c]!.end);
        c++;
      }
      add(open, stringEnd(text, r, open));
    }
    for (; c < comments.length; c++) add(comments[c]!.start, comments[c]!.end);
    return spans;
  }

  /** Index of the first recorded bracket at or after offset p (the count when none). */
  private firstBracketFrom(p: number): number {
    const b = this.brackets;
    let lo = 0;
    let hi = b.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b.pos[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the recorded bracket at offset p (-1: none). */
  private bracketIndex(p: number): number {
    const i = this.firstBracketFrom(p);
    return i < this.brackets.count && this.brackets.pos[i] === p ? i : -1;
  }

  /** Index of the last recorded bracket before offset p (-1: none). */
  private lastBracketBefore(p: number): number {
    return this.firstBracketFrom(p) - 1;
  }

  /** The offset of the closer matching the opener at `open` (-1: unmatched, or not an opener). */
  matchOf(open: number): number {
    const i = this.bracketIndex(open);
    if (i < 0) return -1;
    const b = this.brackets;
    const j = b.partner[i]!;
    return j > i ? b.pos[j]! : -1;
  }

  /** The offset of the opener matching the closer at `close` (-1: none, or not a closer). */
  openerOf(close: number): number {
    const i = this.bracketIndex(close);
    if (i < 0) return -1;
    const b = this.brackets;
    const j = b.partner[i]!;
    return j >= 0 && j < i ? b.pos[j]! : -1;
  }

  /** The innermost open bracket (its offset) when the code before `p` has been read (-1: none). */
  openBefore(p: number): number {
    const i = this.lastBracketBefore(p);
    return i < 0 ? -1 : this.brackets.after[i]!;
  }

  /** The nearest `{` below the bracket that opens at `open` (-1: none). Kept per bracket. */
  enclosingBrace(open: number): number {
    const known = (this.braces ??= new Map<number, number>());
    // The chain of open brackets from `open` outwards, up to a `{` or one already decided.
    const chain: number[] = [];
    let f = this.openBefore(open);
    let found = -1;
    while (f >= 0) {
      const k = known.get(f);
      if (k !== undefined) {
        found = k;
        break;
      }
      if (this.text[f] === '{') {
        found = f;
        break;
      }
      chain.push(f);
      f = this.openBefore(f);
    }
    // Every bracket of the chain (not a `{`) has the same nearest `{` below it as the last one.
    for (const c of chain) known.set(c, found);
    return found;
  }

  /**
   * The innermost bracket around offset `p` (-1: none): the one open before it, except that a closer
   * that closes a bracket belongs to the bracket around the pair.
   */
  bracketAround(p: number): number {
    const i = this.bracketIndex(p);
    const b = this.brackets;
    if (i >= 0 && b.partner[i]! >= 0 && b.partner[i]! < i) return b.after[i]!;
    return this.openBefore(p);
  }

  /**
   * The offsets where `word` (ASCII) occurs in the text, overlapping occurrences included; with `ci`,
   * letters match in either case (as a case-insensitive regular expression does). Kept per word; a
   * word that holds one already looked for is found around that one's occurrences.
   */
  occurrences(word: string, ci = false): readonly number[] {
    const key = (ci ? 'i:' : 's:') + word;
    let out = this.found.get(key);
    if (out) return out;
    const text = this.text;
    // A part of the word whose occurrences are known (case-insensitive ones serve both searches).
    let base: { at: readonly number[]; offset: number } | undefined;
    for (const [k, at] of this.found) {
      const part = k.slice(2);
      const offset = word.indexOf(part);
      if (offset >= 0 && (k[0] === 'i' || !ci) && (!base || at.length < base.at.length)) base = { at, offset };
    }
    out = [];
    if (base) {
      for (const o of base.at) {
        const p = o - base.offset;
        if (p >= 0 && (ci ? equalsIgnoringAsciiCase(text, p, word) : text.startsWith(word, p))) out.push(p);
      }
    } else if (ci) {
      const re = new RegExp(word.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'gi');
      for (let m = re.exec(text); m; m = re.exec(text)) {
        out.push(m.index);
        re.lastIndex = m.index + 1;
      }
    } else {
      // Searching for a few characters from the word's least common one is faster; each hit is then
      // checked whole.
      const offset = anchorOf(word);
      const anchor = word.slice(offset, offset + 3);
      for (let i = text.indexOf(anchor, offset); i >= 0; i = text.indexOf(anchor, i + 1)) {
        if (text.startsWith(word, i - offset)) out.push(i - offset);
      }
    }
    this.found.set(key, out);
    return out;
  }

  /** `word` (ASCII, case as written) occurs fewer than `limit` times: counted up to the limit only. */
  occursFewerThan(word: string, limit: number): boolean {
    const known = this.found.get('s:' + word);
    if (known) return known.length < limit;
    let count = 0;
    for (let i = this.text.indexOf(word); i >= 0 && count < limit; i = this.text.indexOf(word, i + 1)) count++;
    return count < limit;
  }

  /**
   * Looks for several words in one pass (each then answers `occurrences` at once). Worth it when the
   * words share the pass of a case-insensitive search.
   */
  findAll(words: readonly string[], ci = false): void {
    const text = this.text;
    const lists = words.map((): number[] => []);
    const re = new RegExp(words.map((w) => w.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|'), ci ? 'gi' : 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // Every word that occurs here (a word may also begin another one).
      words.forEach((w, i) => {
        if (ci ? equalsIgnoringAsciiCase(text, m!.index, w) : text.startsWith(w, m!.index)) lists[i]!.push(m!.index);
      });
      re.lastIndex = m.index + 1;
    }
    words.forEach((w, i) => this.found.set((ci ? 'i:' : 's:') + w, lists[i]!));
  }

  /**
   * The regions whose decoded text may hold `word` (or one of `words`; see `occurrences` for `ci`):
   * those whose source holds it, and those whose decoded text is not their source text (escapes
   * were decoded). In text order. A region left out holds none of the words.
   */
  regionsWith(words: string | readonly string[], ci = false): readonly Region[] {
    const list = typeof words === 'string' ? [words] : words;
    const key = (ci ? 'i:' : 's:') + list.join('\0');
    let out = this.candidates.get(key);
    if (!out) {
      const regions = this.scan.regions;
      const found = list.map((w) => this.occurrences(w, ci));
      const total = found.reduce((sum, occ) => sum + occ.length, 0);
      // The regions without a source map that hold an occurrence, by region index: a binary search
      // per occurrence, or one walk along the regions when occurrences are many.
      let held: number[];
      if (total * 8 > regions.length) {
        const flag = new Uint8Array(regions.length);
        list.forEach((w, i) => {
          let k = 0;
          for (const o of found[i]!) {
            while (k < regions.length && regions[k]!.end <= o) k++;
            const r = regions[k];
            if (r && r.start <= o && o + w.length <= r.end && !r.map) flag[k] = 1;
          }
        });
        held = [];
        for (let k = 0; k < regions.length; k++) if (flag[k]) held.push(k);
      } else {
        const hit = new Set<number>();
        list.forEach((w, i) => {
          for (const o of found[i]!) {
            const k = this.regionIndexAt(o);
            if (k >= 0 && o + w.length <= regions[k]!.end) hit.add(k);
          }
        });
        held = [...hit].sort((a, b) => a - b);
      }
      const mapped = this.mappedRegions();
      // Both lists are in text order: merge them (a mapped region is never in `held`).
      out = [];
      let i = 0;
      let j = 0;
      while (i < held.length || j < mapped.length) {
        if (j >= mapped.length || (i < held.length && held[i]! < mapped[j]!)) out.push(regions[held[i++]!]!);
        else out.push(regions[mapped[j++]!]!);
      }
      this.candidates.set(key, out);
    }
    return out;
  }

  /** Indexes of the regions whose decoded text is not their source text. */
  private mappedRegions(): readonly number[] {
    return this.scan.mapped;
  }

  /** The index of the region without a source map that holds offset `o` (-1: none). */
  private regionIndexAt(o: number): number {
    const regions = this.scan.regions;
    let lo = 0;
    let hi = regions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (regions[mid]!.start <= o) lo = mid + 1;
      else hi = mid;
    }
    const k = lo - 1;
    return k >= 0 && o < regions[k]!.end && !regions[k]!.map ? k : -1;
  }

  /**
   * The last offset before `p` that is neither white space nor inside a comment (-1: none), as a
   * code view's prevSignificantOffset finds it.
   */
  prevSignificantOffset(p: number): number {
    const text = this.text;
    const comments = this.scan.comments;
    let k = p - 1;
    while (k >= 0) {
      if (isSpace(text.charCodeAt(k))) {
        k--;
        continue;
      }
      // The last comment starting at or before k: k is inside it, or not in any comment.
      let lo = 0;
      let hi = comments.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (comments[mid]!.start <= k) lo = mid + 1;
        else hi = mid;
      }
      const c = comments[lo - 1];
      if (c && k < c.end) {
        k = c.start - 1;
        continue;
      }
      return k;
    }
    return -1;
  }

  /** The offset of the opening quote of a string region. */
  openingQuote(r: Region): number {
    return r.start - quoteLength(this.text, r.start);
  }

  /** Module specifiers the file imports or requires, as package names (`mysql2/promise` → `mysql2`, `@scope/pkg/x` → `@scope/pkg`). */
  get importedModules(): readonly string[] {
    if (!this.modules) {
      const out: string[] = [];
      const text = this.text;
      for (const r of this.scan.regions) {
        if (r.kind !== 'string' || r.text.length > 100 || r.start === 0) continue;
        // What precedes the quote ends with `from`, `import`, `require (` or `import (`, then white space.
        let k = r.start - 2;
        while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
        const last = text.charCodeAt(k);
        if (last !== 109 && last !== 116 && last !== 40) continue;
        const before = text.slice(Math.max(0, r.start - 20), r.start - 1);
        if (IMPORT_BEFORE.test(before)) {
          const parts = r.text.split('/');
          out.push(r.text.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
        }
      }
      this.modules = out;
    }
    return this.modules;
  }
}

/** text[p, p + word.length) is `word`, ASCII letters in either case. */
function equalsIgnoringAsciiCase(text: string, p: number, word: string): boolean {
  if (p + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(p + i);
    const w = word.charCodeAt(i);
    if (c === w) continue;
    const lc = c | 0x20;
    if (lc !== (w | 0x20) || lc < 97 || lc > 122) return false;
  }
  return true;
}

/** ASCII characters by how rare they are in source code, rarest first (others count as common). */
const RARE = 'QZXJKVWYUGBFPHMLDNCORSTIEA#@^~|\\/`qzjxkvw9876543210ybgfp$%&;<>?!*+=-_[]{}()mhdulcsnriaote:,.';

/** The offset in `word` of its rarest character (a search starts there; the last character only for a one-character word). */
function anchorOf(word: string): number {
  let best = 0;
  let rank = Infinity;
  for (let i = 0; i < Math.max(1, word.length - 1); i++) {
    const r = RARE.indexOf(word[i]!);
    const k = r < 0 ? RARE.length : r;
    if (k < rank) {
      best = i;
      rank = k;
    }
  }
  return best;
}

const IMPORT_BEFORE = /(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*$/;

/** The end of a string literal's span: after its closing quote(s) when they follow its region. */
function stringEnd(text: string, r: Region, open: number): number {
  // The opener is one quote, or three (Python's """ and ''').
  if (r.start - open === 1) return text.charCodeAt(r.end) === text.charCodeAt(open) ? r.end + 1 : r.end;
  return text.startsWith(text.slice(open, r.start), r.end) ? r.end + 3 : r.end;
}

function quoteLength(text: string, start: number): number {
  const q = text.charCodeAt(start - 1);
  if ((q === 34 || q === 39) && start >= 3 && text.charCodeAt(start - 2) === q && text.charCodeAt(start - 3) === q) return 3;
  return 1;
}
