/**
 * Re-analysis of a text that changed a little: what the analysis of one version of a document
 * keeps, so that the next version is lexed again only around what changed.
 *
 * The lexer's state at a clean point (just after a line break outside any string or comment) is its
 * position alone, and nothing it decides after a clean point looks back before that line break. So
 * when a text changes between offsets a and b:
 * - everything up to the last clean point at or before a is lexed as before;
 * - lexing starts again there and goes on past the change until it reaches a clean point where the
 *   previous lex was clean at the same place of the unchanged rest;
 * - from there on the previous regions and comments hold, moved by the change in length.
 * The result is the one scanText gives for the whole new text (test/src/incremental.test.ts
 * compares them over generated texts and edits); SourceView does the same for its bracket table.
 */
import { countStartingBy, type Family, lastAtOrBefore, lexFrom, type Scan, scanText } from './scan';
import { LineIndex } from './text';
import { SourceView, type ViewEdit, ViewScratch } from './extract/sourceView';

/** The edit that turns `before` into `after`: offsets [start, end) of `before` became [start, end + delta) of `after`. */
export interface TextChange {
  start: number;
  /** End of the replaced text in `before`. */
  end: number;
  delta: number;
}

/** Length of the common prefix of a and b. */
function commonPrefix(a: string, b: string, max: number): number {
  const CHUNK = 1024;
  let i = 0;
  // Whole chunks first (one native comparison each), then characters.
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of a and b, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  const CHUNK = 1024;
  const la = a.length;
  const lb = b.length;
  let k = 0;
  while (k + CHUNK <= max && a.slice(la - k - CHUNK, la - k) === b.slice(lb - k - CHUNK, lb - k)) k += CHUNK;
  while (k < max && a.charCodeAt(la - k - 1) === b.charCodeAt(lb - k - 1)) k++;
  return k;
}

/** The smallest single replacement that turns `before` into `after` (undefined: they are equal). */
export function textChange(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const start = commonPrefix(before, after, Math.min(before.length, after.length));
  const suffix = commonSuffix(before, after, Math.min(before.length, after.length) - start);
  return { start, end: before.length - suffix, delta: after.length - before.length };
}

/**
 * A string with the characters of `s` that refers to no other string. V8 represents a slice of 13 or
 * more characters as a view into the sliced string, and a concatenation as a pair of its parts,
 * until it is flattened; both keep the string they come from alive.
 */
export function detached(s: string): string {
  if (s.length < 13) return s;
  const copy = s.slice(0, 1) + s.slice(1);
  // Reading a character flattens the pair: it then holds one new string, no longer its parts.
  copy.charCodeAt(0);
  return copy;
}

/** Replaces a[from, to) with `items`, in place. */
function replace<T>(a: T[], from: number, to: number, items: readonly T[]): void {
  if (items.length === to - from) {
    for (let k = 0; k < items.length; k++) a[from + k] = items[k]!;
  } else if (items.length < 64) {
    a.splice(from, to - from, ...items);
  } else {
    const tail = a.slice(to);
    a.length = from;
    for (const x of items) a.push(x);
    for (const x of tail) a.push(x);
  }
}

/** Texts longer than this (in UTF-16 code units) are not kept by a memo (the scans skip files over 2 MB too). */
export const MAX_MEMO_TEXT = 2 * 1024 * 1024;

/** Counts of how the memo's analyses went (for tests and measurements). */
export interface MemoStats {
  /** Texts lexed whole. */
  full: number;
  /** Texts lexed again only around a change. */
  partial: number;
  /** Characters lexed again, over all partial lexes. */
  relexed: number;
}

/**
 * What the analysis of a document's last version kept. One per document; pass it with every
 * version (LintOptions.memo). Reusing it for a different document is correct, only slower.
 */
export class AnalysisMemo {
  private text: string | undefined;
  private family: Family | undefined;
  private scan: Scan | undefined;
  private clean: number[] = [];
  private view: SourceView | undefined;
  private lines: LineIndex | undefined;
  private scratch = new ViewScratch();
  readonly stats: MemoStats = { full: 0, partial: 0, relexed: 0 };

  /**
   * `maxText`: longer texts are analysed whole and nothing of them is kept (what a memo keeps grows
   * with the text, several times its size; the editor analyses such files rarely and whole anyway).
   */
  constructor(private readonly maxText = MAX_MEMO_TEXT) {}

  /** The scan of `text` and the source view over it; the memo then holds them for the next version. */
  analyse(text: string, family: Family): { scan: Scan; view?: SourceView } {
    if (text.length > this.maxText) {
      this.clear();
      this.stats.full++;
      return { scan: scanText(text, family) };
    }
    const before = this.text;
    if (before === text && this.family === family && this.scan && this.view) return { scan: this.scan, view: this.view };
    const change = before !== undefined && this.family === family ? textChange(before, text) : undefined;
    let scan: Scan;
    let viewEdit: ViewEdit | undefined;
    // The previous view keeps only what this one reads (also when its analysis stopped early).
    this.view?.keepForNextVersion();
    let r: ReturnType<AnalysisMemo['relex']> | undefined;
    if (change && this.scan) {
      try {
        r = this.relex(text, family, change, this.scan);
      } catch (e) {
        // The kept scan may be half moved: forget it.
        this.clear();
        throw e;
      }
    }
    if (r && change) {
      scan = r.scan;
      if (this.view?.hasBrackets) viewEdit = { previous: this.view, from: r.from, previousTo: r.previousTo, delta: change.delta };
    } else {
      const run = lexFrom(text, family, 0);
      scan = { regions: run.regions, comments: run.comments, mapped: run.mapped };
      this.clean = run.clean;
      this.stats.full++;
    }
    const view = new SourceView(text, scan, viewEdit, this.scratch);
    this.text = text;
    this.family = family;
    this.scan = scan;
    this.view = view;
    return { scan, view };
  }

  /** The line index of `text`, from the one of the version before when the memo has it. */
  lineIndex(text: string): LineIndex {
    if (text.length > this.maxText) return new LineIndex(text);
    const previous = this.lines;
    if (previous?.text === text) return previous;
    const change = previous ? textChange(previous.text, text) : undefined;
    this.lines = previous && change ? LineIndex.edited(previous, text, change) : new LineIndex(text);
    return this.lines;
  }

  /**
   * Called when the analysis of the last version is done: of its source view, only what the next
   * version reuses is kept.
   */
  settle(): void {
    this.view?.keepForNextVersion();
  }

  /** Forgets the kept version (its memory is freed; the next analysis lexes the whole text). */
  clear(): void {
    this.text = undefined;
    this.family = undefined;
    this.scan = undefined;
    this.view = undefined;
    this.lines = undefined;
    this.scratch = new ViewScratch();
    this.clean = [];
  }

  private relex(text: string, family: Family, change: TextChange, old: Scan): { scan: Scan; from: number; previousTo: number } {
    const oldClean = this.clean;
    // The last clean point at or before the change (its line break is before the change).
    const c = lastAtOrBefore(oldClean, change.start);
    const from = c >= 0 ? oldClean[c]! : 0;
    const run = lexFrom(text, family, from, { previousClean: oldClean, delta: change.delta, minEnd: change.end + change.delta + 1 });
    const to = run.stoppedAt < 0 ? text.length : run.stoppedAt;
    const previousTo = run.stoppedAt < 0 ? Number.MAX_SAFE_INTEGER : run.stoppedAt - change.delta;
    this.stats.partial++;
    this.stats.relexed += to - from;

    // The old scan is this memo's alone (regions are never kept in results), so its arrays and the
    // regions after the relexed part are changed in place: the old ones before `from`, the new ones,
    // the old ones from previousTo on, moved. Moved regions keep their text: as slices they hold on
    // to the text of the whole lex they come from (one text per memo), or they are detached copies.
    const d = change.delta;
    const regions = old.regions;
    const headR = countStartingBy(regions, from - 1);
    const tailR = run.stoppedAt < 0 ? regions.length : countStartingBy(regions, previousTo - 1);
    for (let k = tailR; k < regions.length; k++) {
      const r = regions[k]!;
      r.start += d;
      r.end += d;
      if (r.map) {
        const map = r.map;
        for (let j = 0; j < map.length; j++) map[j]! += d;
      }
    }
    // Regions outlive their text: a slice of this version's text would keep all of it alive.
    for (const r of run.regions) r.text = detached(r.text);
    replace(regions, headR, tailR, run.regions);
    const shift = headR + run.regions.length - tailR;
    const mapped: number[] = [];
    for (const k of old.mapped) {
      if (k >= headR) break;
      mapped.push(k);
    }
    for (const k of run.mapped) mapped.push(k + headR);
    for (const k of old.mapped) if (k >= tailR) mapped.push(k + shift);

    const comments = old.comments;
    const headC = countStartingBy(comments, from - 1);
    const tailC = run.stoppedAt < 0 ? comments.length : countStartingBy(comments, previousTo - 1);
    for (let k = tailC; k < comments.length; k++) {
      comments[k]!.start += d;
      comments[k]!.end += d;
    }
    replace(comments, headC, tailC, run.comments);

    const clean = this.clean;
    const tailK = run.stoppedAt < 0 ? clean.length : run.previousIndex;
    for (let k = tailK; k < clean.length; k++) clean[k]! += d;
    replace(clean, c + 1, tailK, run.clean);
    return { scan: { regions, comments, mapped }, from, previousTo };
  }
}

/**
 * Memos by document, for the documents analysed most recently: a document left alone loses its memo
 * and is analysed whole the next time, as it would be without one.
 */
export class AnalysisMemos {
  /** In the order of use: the first was used longest ago. */
  private readonly memos = new Map<string, AnalysisMemo>();

  constructor(readonly capacity: number) {}

  /** The memo of a document (a new one when it has none), now the most recently used. */
  of(key: string): AnalysisMemo {
    let memo = this.memos.get(key);
    if (memo) this.memos.delete(key);
    else memo = new AnalysisMemo();
    this.memos.set(key, memo);
    if (this.memos.size > this.capacity) this.memos.delete(this.memos.keys().next().value!);
    return memo;
  }

  delete(key: string): void {
    this.memos.delete(key);
  }

  get size(): number {
    return this.memos.size;
  }
}

/** The scan of `text`: through the memo when there is one. */
export function scanWithMemo(text: string, family: Family, memo: AnalysisMemo | undefined): { scan: Scan; view?: SourceView } {
  return memo ? memo.analyse(text, family) : { scan: scanText(text, family) };
}
