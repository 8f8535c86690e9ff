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
import { countStartingBy, equalsIgnoringAsciiCase, type Region, type Scan } from '../scan';
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

/**
 * How a text differs from the previous version whose view is `previous`: the text from `from` to
 * `previousTo + delta` was lexed again; before it the text and its lex are the previous ones, after
 * it they are the previous ones moved by `delta` (previousTo at Number.MAX_SAFE_INTEGER: lexed again
 * to the end).
 */
export interface ViewEdit {
  previous: SourceView;
  from: number;
  previousTo: number;
  delta: number;
}

/**
 * Typed arrays that the views over the successive versions of one text reuse rather than allocate
 * anew (their memory lives outside V8's heap, where freeing and allocating a few hundred kilobytes
 * per version fragments the process's memory). A view's mask and spans are free once the next view
 * is made (keepForNextVersion drops them); bracket tables alternate between two sets, since a view
 * reads the previous one's while it builds its own.
 */
export class ViewScratch {
  private u8 = new Uint8Array(0);
  private readonly i32 = new Map<string, Int32Array<ArrayBuffer>>();

  /** n zero bytes. */
  bytes(n: number): Uint8Array {
    if (this.u8.length < n) this.u8 = new Uint8Array(Math.ceil(n * 1.25));
    else this.u8.fill(0, 0, n);
    return this.u8.subarray(0, n);
  }

  /** An array of at least n integers (their values are left over). */
  ints(name: string, n: number): Int32Array<ArrayBuffer> {
    let a = this.i32.get(name);
    if (!a || a.length < n) {
      a = new Int32Array(Math.ceil(n * 1.25) + 16);
      this.i32.set(name, a);
    }
    return a;
  }
}

/** Index of the first of the `count` ascending values of `values` that is >= x (`count` when none). */
function firstAtLeast(values: Int32Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first bracket of the table at or after offset p (the count when none). */
function firstAtOrAfter(b: Brackets, p: number): number {
  return firstAtLeast(b.pos, b.count, p);
}

/** The indexes of the brackets open after the table's first `j` brackets are read: innermost first. */
function openStack(b: Brackets, j: number): number[] {
  const out: number[] = [];
  let o = j > 0 ? b.after[j - 1]! : -1;
  while (o >= 0) {
    const k = firstAtOrAfter(b, o);
    out.push(k);
    // What was open before this bracket opened.
    o = k > 0 ? b.after[k - 1]! : -1;
  }
  return out;
}

/** Merged spans of strings and comments: spans[0, length) holds start, end, start, end… */
interface Masked {
  spans: Int32Array;
  length: number;
}

/** Builds a bracket table by reading code in order (the state carries over between reads). */
class BracketBuilder {
  pos: Int32Array<ArrayBuffer>;
  partner: Int32Array<ArrayBuffer>;
  after: Int32Array<ArrayBuffer>;
  count = 0;
  /** The open brackets (indexes into pos), outermost first, and their kinds. */
  stack = new Int32Array(64);
  stackKind = new Int8Array(64);
  depth = 0;
  /** How many brackets of each kind are open. */
  private readonly open = [0, 0, 0, 0];

  private cap: number;

  /** `arrays`: where to build the table (each at least `cap` long), else new ones. */
  constructor(cap: number, arrays?: { pos: Int32Array<ArrayBuffer>; partner: Int32Array<ArrayBuffer>; after: Int32Array<ArrayBuffer> }) {
    this.pos = arrays?.pos ?? new Int32Array(cap);
    this.partner = arrays?.partner ?? new Int32Array(cap);
    this.after = arrays?.after ?? new Int32Array(cap);
    this.cap = Math.min(this.pos.length, this.partner.length, this.after.length);
  }

  reserve(size: number): void {
    if (size <= this.cap) return;
    this.cap = Math.max(size, this.cap * 2);
    this.pos = grow(this.pos, this.cap);
    this.partner = grow(this.partner, this.cap);
    this.after = grow(this.after, this.cap);
  }

  /** Puts an open bracket (its index, its kind) on the stack. */
  push(index: number, kind: number): void {
    if (this.depth === this.stack.length) {
      this.stack = grow(this.stack, this.depth * 2);
      const k = new Int8Array(this.depth * 2);
      k.set(this.stackKind);
      this.stackKind = k;
    }
    this.stack[this.depth] = index;
    this.stackKind[this.depth++] = kind;
    this.open[kind]!++;
  }

  /** Reads the brackets of the code in text[from, to); `masked`: the merged spans of strings and comments. */
  read(text: string, { spans: masked, length: maskedLength }: Masked, from: number, to: number): void {
    const open = this.open;
    // The first masked span that ends after `from`.
    let lo = 0;
    let hi = maskedLength >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (masked[2 * mid + 1]! <= from) lo = mid + 1;
      else hi = mid;
    }
    let m = 2 * lo;
    let p = from;
    let { pos, partner, after, count, cap } = this;
    while (p < to) {
      const spanStart = m < maskedLength ? masked[m]! : to;
      const end = spanStart < to ? spanStart : to;
      for (; p < end; p++) {
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
          this.push(i, kind);
          continue;
        }
        // Pop to the opener of this kind; the openers above it stay unmatched.
        const stack = this.stack;
        const stackKind = this.stackKind;
        let depth = this.depth;
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
        this.depth = depth;
        after[i] = depth > 0 ? pos[stack[depth - 1]!]! : -1;
      }
      if (end === to) break;
      p = Math.max(p, masked[m + 1]!);
      m += 2;
    }
    this.pos = pos;
    this.partner = partner;
    this.after = after;
    this.count = count;
    this.cap = cap;
  }

  table(): Brackets {
    return { count: this.count, pos: this.pos, partner: this.partner, after: this.after };
  }
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

  /** The previous version and how this one differs (until the analysis is done). */
  private edit: ViewEdit | undefined;
  /** Which of the scratch's two sets of bracket arrays this view builds its table in. */
  private readonly slot: number;

  constructor(
    readonly text: string,
    readonly scan: Scan,
    edit?: ViewEdit,
    private readonly scratch?: ViewScratch,
  ) {
    this.edit = edit;
    this.slot = edit ? 1 - edit.previous.slot : 0;
  }

  /**
   * Whether this view belongs to a series over the versions of one document (an AnalysisMemo's): its
   * word occurrences are then updated by the next version's view rather than searched again, so
   * finding candidates by word pays off even where a walk over the regions would be cheaper once.
   */
  get remembered(): boolean {
    return this.scratch !== undefined;
  }

  /** Arrays of at least `cap` integers for the bracket table, from the scratch when there is one. */
  private bracketArrays(cap: number): ConstructorParameters<typeof BracketBuilder>[1] {
    const s = this.scratch;
    if (!s) return undefined;
    return { pos: s.ints('pos' + this.slot, cap), partner: s.ints('partner' + this.slot, cap), after: s.ints('after' + this.slot, cap) };
  }

  /** Whether the bracket table has been built (the next version's view can start from it). */
  get hasBrackets(): boolean {
    return this.bracketTable !== undefined;
  }

  /**
   * Keeps only what the next version's view reads of this one (the bracket table and the word
   * occurrences) and drops the rest, the link to the view before it included.
   */
  keepForNextVersion(): void {
    this.maskArray = undefined;
    this.stringTable = undefined;
    this.modules = undefined;
    // `found` stays: the next view updates the occurrences rather than search the whole text.
    this.candidates.clear();
    this.braces = undefined;
    this.edit = undefined;
  }

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
    const lo = firstAtLeast(t.open, t.count, open);
    return lo < t.count && t.open[lo] === open ? { region: this.scan.regions[t.region[lo]!]!, end: t.end[lo]! } : undefined;
  }

  private buildMask(): void {
    const text = this.text;
    const regions = this.scan.regions;
    const scratch = this.scratch;
    const mask = scratch ? scratch.bytes(text.length) : new Uint8Array(text.length);
    const open = scratch ? scratch.ints('open', regions.length) : new Int32Array(regions.length);
    const end = scratch ? scratch.ints('end', regions.length) : new Int32Array(regions.length);
    const region = scratch ? scratch.ints('region', regions.length) : new Int32Array(regions.length);
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
    if (!this.bracketTable) {
      const edit = this.edit;
      const previous = edit?.previous.bracketTable;
      this.bracketTable = edit && previous ? this.buildBracketsAfter(previous, edit) : this.buildBrackets();
    }
    return this.bracketTable;
  }

  private buildBrackets(): Brackets {
    const cap = Math.max(256, this.text.length >> 4);
    const b = new BracketBuilder(cap, this.bracketArrays(cap));
    b.read(this.text, this.maskedSpans(), 0, this.text.length);
    return b.table();
  }

  /**
   * The bracket table from the previous version's: its brackets before the relexed part are kept;
   * the relexed part is read again from the bracket stack there; where it ends, when the stack
   * holds the same kinds of brackets as the previous version's did at that place, the rest is the
   * previous table moved (its links to brackets still open mapped to the new ones), else it is read
   * again too.
   */
  private buildBracketsAfter(old: Brackets, edit: ViewEdit): Brackets {
    const text = this.text;
    const masked = this.maskedSpans();
    const i0 = firstAtOrAfter(old, edit.from);
    const cap = Math.max(256, old.count + 64);
    const b = new BracketBuilder(cap, this.bracketArrays(cap));
    b.pos.set(old.pos.subarray(0, i0));
    b.partner.set(old.partner.subarray(0, i0));
    b.after.set(old.after.subarray(0, i0));
    b.count = i0;
    // The brackets open where reading starts again: outermost first. Their closers are found anew.
    const openAtFrom = openStack(old, i0).reverse();
    for (const k of openAtFrom) {
      b.push(k, BRACKET[text.charCodeAt(old.pos[k]!)]!);
      b.partner[k] = -1;
    }
    const whole = edit.previousTo >= Number.MAX_SAFE_INTEGER;
    const to = whole ? text.length : edit.previousTo + edit.delta;
    b.read(text, masked, edit.from, to);
    if (whole) return b.table();
    const j0 = firstAtOrAfter(old, edit.previousTo);
    const openAtTo = openStack(old, j0).reverse();
    let same = openAtTo.length === b.depth;
    for (let d = 0; same && d < openAtTo.length; d++) same = b.stackKind[d] === BRACKET[this.previousCharAt(edit, old.pos[openAtTo[d]!]!)];
    if (!same) {
      b.read(text, masked, to, text.length);
      return b.table();
    }
    // The rest: the previous table from j0 on, moved.
    const mid = b.count;
    const shift = mid - j0;
    const count = mid + old.count - j0;
    b.reserve(count);
    const opener = new Map<number, number>(); // previous index of a bracket open at `to` → its index now
    const openerAt = new Map<number, number>(); // the same by offset
    for (let d = 0; d < openAtTo.length; d++) {
      opener.set(openAtTo[d]!, b.stack[d]!);
      openerAt.set(old.pos[openAtTo[d]!]!, b.pos[b.stack[d]!]!);
    }
    const delta = edit.delta;
    const limit = edit.previousTo;
    for (let k = j0; k < old.count; k++) {
      const nk = k + shift;
      b.pos[nk] = old.pos[k]! + delta;
      const p = old.partner[k]!;
      if (p >= j0) b.partner[nk] = p + shift;
      else if (p < 0) b.partner[nk] = -1;
      else {
        const o = opener.get(p)!;
        b.partner[nk] = o;
        b.partner[o] = nk;
      }
      const a = old.after[k]!;
      b.after[nk] = a >= limit ? a + delta : a < 0 ? -1 : openerAt.get(a)!;
    }
    b.count = count;
    return b.table();
  }

  /** A character of the previous version's text. */
  private previousCharAt(edit: ViewEdit, offset: number): number {
    return edit.previous.text.charCodeAt(offset);
  }

  /**
   * The spans where the mask is not 0 (strings with their quotes, comments), merged, in text order:
   * start, end, start, end… (the first `length` entries).
   */
  private maskedSpans(): Masked {
    const text = this.text;
    const regions = this.scan.regions;
    const comments = this.scan.comments;
    const size = 2 * (regions.length + comments.length);
    const spans = this.scratch ? this.scratch.ints('spans', size) : new Int32Array(size);
    let length = 0;
    const add = (start: number, end: number): void => {
      if (end <= start) return;
      if (length > 0 && start <= spans[length - 1]!) spans[length - 1] = Math.max(spans[length - 1]!, end);
      else {
        spans[length++] = start;
        spans[length++] = end;
      }
    };
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
    return { spans, length };
  }

  /** Index of the first recorded bracket at or after offset p (the count when none). */
  private firstBracketFrom(p: number): number {
    return firstAtOrAfter(this.brackets, p);
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
    out = this.editedOccurrences(key, word, ci);
    if (!out) {
      // A part of the word whose occurrences are known (case-insensitive ones serve both searches).
      let base: { at: readonly number[]; offset: number } | undefined;
      for (const [k, at] of this.found) {
        const part = k.slice(2);
        const offset = word.indexOf(part);
        if (offset >= 0 && (k[0] === 'i' || !ci) && (!base || at.length < base.at.length)) base = { at, offset };
      }
      if (base) {
        out = [];
        for (const o of base.at) {
          const p = o - base.offset;
          if (p >= 0 && (ci ? equalsIgnoringAsciiCase(text, p, word) : text.startsWith(word, p))) out.push(p);
        }
      } else out = searchWord(text, word, ci, 0, text.length, []);
    }
    this.found.set(key, out);
    return out;
  }

  /**
   * With the previous version's occurrences of the word: those before the relexed part are kept,
   * those after it moved, and only the relexed part is searched (undefined: not known before).
   */
  private editedOccurrences(key: string, word: string, ci: boolean): number[] | undefined {
    const edit = this.edit;
    const before = edit?.previous.found.get(key);
    if (!edit || !before) return undefined;
    const whole = edit.previousTo >= Number.MAX_SAFE_INTEGER;
    const to = whole ? this.text.length : edit.previousTo + edit.delta;
    const out: number[] = [];
    let k = 0;
    while (k < before.length && before[k]! + word.length <= edit.from) out.push(before[k++]!);
    searchWord(this.text, word, ci, Math.max(0, edit.from - word.length + 1), to, out);
    if (!whole) {
      while (k < before.length && before[k]! < edit.previousTo) k++;
      for (; k < before.length; k++) out.push(before[k]! + edit.delta);
    }
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
    const prefix = ci ? 'i:' : 's:';
    if (this.edit && words.every((w) => this.edit!.previous.found.has(prefix + w))) {
      for (const w of words) this.found.set(prefix + w, this.editedOccurrences(prefix + w, w, ci)!);
      return;
    }
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
    const k = countStartingBy(regions, o) - 1;
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
      const c = comments[countStartingBy(comments, k) - 1];
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

/**
 * Appends to `out` the offsets in [from, to) where `word` (ASCII) starts in the text, overlapping
 * occurrences included; with `ci`, letters match in either case (as a case-insensitive regular
 * expression does).
 */
function searchWord(text: string, word: string, ci: boolean, from: number, to: number, out: number[]): number[] {
  // Only the text that can hold an occurrence starting before `to` is searched.
  const end = Math.min(text.length, to + word.length - 1);
  const part = from === 0 && end === text.length ? text : text.slice(from, end);
  if (ci) {
    const re = new RegExp(word.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'gi');
    for (let m = re.exec(part); m; m = re.exec(part)) {
      out.push(from + m.index);
      re.lastIndex = m.index + 1;
    }
    return out;
  }
  // Searching for a few characters from the word's least common one is faster; each hit is then
  // checked whole.
  const offset = anchorOf(word);
  const anchor = word.slice(offset, offset + 3);
  for (let i = part.indexOf(anchor, offset); i >= 0; i = part.indexOf(anchor, i + 1)) {
    if (part.startsWith(word, i - offset)) out.push(from + i - offset);
  }
  return out;
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
