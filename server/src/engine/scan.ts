/**
 * A small, language-aware lexer. It splits a file into
 * - string literals, decoded (escapes resolved) with a map from each decoded character back to
 *   its source offset, so that ranges found in the decoded text land on the right source characters;
 * - plain text outside strings and comments (one region per line segment);
 * - comments (reported as spans; nothing is extracted from them).
 * It is not a parser: it only has to find where strings start and end, and it never fails.
 */
import type { EscapeStyle, Span } from './types';

export interface Region {
  /** Source range of the region's text (for strings: inside the quotes). */
  start: number;
  end: number;
  /** Decoded text. */
  text: string;
  /** map[i] = source offset of decoded character i; map[text.length] = end. Absent: identity. */
  map?: number[];
  kind: 'string' | 'plain';
  escape: EscapeStyle;
}

/**
 * How many of `items` (in order of their start) start at or before `offset`: the index of the first
 * one that starts after it.
 */
export function countStartingBy(items: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the last element of a sorted array that is <= x (-1: none). */
export function lastAtOrBefore(arr: readonly number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function toSource(r: Region, i: number): number {
  return r.map ? r.map[i]! : r.start + i;
}

export function toSourceSpan(r: Region, start: number, end: number): Span {
  return { start: toSource(r, start), end: toSource(r, end) };
}

export interface Scan {
  regions: Region[];
  comments: Span[];
  /** Indexes of the regions with a map (their decoded text is not their source text), ascending. */
  mapped: number[];
}

interface QuoteSpec {
  open: string;
  close: string;
  escape: 'backslash' | 'double' | 'none';
  multiline: boolean;
}

export interface Family {
  name: string;
  lineComments: string[];
  /** `#`-style comments only start at a line start or after white space (shell, YAML, dotenv). */
  commentNeedsSpace: boolean;
  blockComments: [string, string][];
  quotes: QuoteSpec[];
  /** Quotes open a string only at the start of a value (after `=`, `:`, `-`, `[`, `{`, `,` or a line start). */
  quotesOnlyAtValueStart: boolean;
  /** Plain text has backslash escapes (.properties). */
  plainEscapes: boolean;
  /** Python-style string prefixes (r"..." is raw). */
  pythonPrefixes: boolean;
  /**
   * Source code: the text outside string literals and comments is code (`if sslmode == "" {`), never a
   * keyword/value connection string, which is read inside string literals only.
   */
  code: boolean;
}

const BS = (open: string, multiline = false, close = open): QuoteSpec => ({ open, close, escape: 'backslash', multiline });
const RAW = (open: string, multiline = false, close = open): QuoteSpec => ({ open, close, escape: 'none', multiline });
const DBL = (open: string, close: string, multiline = false): QuoteSpec => ({ open, close, escape: 'double', multiline });

function family(name: string, f: Partial<Family>): Family {
  return {
    name,
    lineComments: [],
    commentNeedsSpace: false,
    blockComments: [],
    quotes: [],
    quotesOnlyAtValueStart: false,
    plainEscapes: false,
    pythonPrefixes: false,
    code: false,
    ...f,
  };
}

const C_COMMENTS = { lineComments: ['//'], blockComments: [['/*', '*/']] as [string, string][], code: true };

export const FAMILIES: Record<string, Family> = {
  js: family('js', { ...C_COMMENTS, quotes: [BS('"'), BS("'"), BS('`', true)] }),
  java: family('java', { ...C_COMMENTS, quotes: [BS('"""', true), BS('"'), BS("'")] }),
  kotlin: family('kotlin', { ...C_COMMENTS, quotes: [RAW('"""', true), BS('"'), BS("'")] }),
  csharp: family('csharp', { ...C_COMMENTS, quotes: [RAW('"""', true), DBL('@"', '"', true), BS('"'), BS("'")] }),
  go: family('go', { ...C_COMMENTS, quotes: [RAW('`', true), BS('"'), BS("'")] }),
  c: family('c', { ...C_COMMENTS, quotes: [BS('"'), BS("'")] }),
  php: family('php', { ...C_COMMENTS, lineComments: ['//', '#'], quotes: [BS('"', true), BS("'", true)] }),
  python: family('python', {
    lineComments: ['#'],
    quotes: [BS('"""', true), BS("'''", true), BS('"'), BS("'")],
    pythonPrefixes: true,
    code: true,
  }),
  ruby: family('ruby', { lineComments: ['#'], commentNeedsSpace: false, quotes: [BS('"', true), BS("'", true)], code: true }),
  shell: family('shell', { lineComments: ['#'], commentNeedsSpace: true, quotes: [BS('"', true), RAW("'", true)] }),
  dotenv: family('dotenv', {
    lineComments: ['#'],
    commentNeedsSpace: true,
    quotes: [BS('"', true), RAW("'", true), RAW('`', true)],
    quotesOnlyAtValueStart: true,
  }),
  yaml: family('yaml', {
    lineComments: ['#'],
    commentNeedsSpace: true,
    quotes: [BS('"', true), DBL("'", "'", true)],
    quotesOnlyAtValueStart: true,
  }),
  toml: family('toml', {
    lineComments: ['#'],
    quotes: [BS('"""', true), RAW("'''", true), BS('"'), RAW("'")],
  }),
  json: family('json', { ...C_COMMENTS, quotes: [BS('"')] }),
  properties: family('properties', { lineComments: ['#', '!'], plainEscapes: true }),
  ini: family('ini', { lineComments: ['#', ';'] }),
  sql: family('sql', { lineComments: ['--'], blockComments: [['/*', '*/']], quotes: [DBL("'", "'", true)] }),
  plain: family('plain', {}),
};

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Lexes `text` with the given family. Linear time; never throws. */
export function scanText(text: string, fam: Family): Scan {
  const { regions, comments, mapped } = lexFrom(text, fam, 0);
  return { regions, comments, mapped };
}

/**
 * Where a resumed lex may stop: at a clean point `i` (see LexRun.clean) with `i >= minEnd` where the
 * previous lex of the previous text was clean too, at `i - delta` (`previousClean`, ascending).
 */
export interface LexStop {
  previousClean: readonly number[];
  delta: number;
  minEnd: number;
}

export interface LexRun extends Scan {
  /**
   * The clean points passed: offsets just after a line break read outside any string or comment.
   * There the lexer's state is only its position (nothing pending, nothing open), and nothing it
   * decides from there on looks further back than that line break.
   */
  clean: number[];
  /** Where the lex stopped at the stop condition (an offset of the text), or -1: it read to the end. */
  stoppedAt: number;
  /** With stoppedAt: the index in previousClean of `stoppedAt - delta`. */
  previousIndex: number;
}

/**
 * Lexes `text` from `from`, which must be 0 or a clean point: the regions and comments from there
 * on, exactly as scanText finds them. With `stop`, it ends at the first clean point where the
 * previous lex was clean at the same place of the unchanged text that follows.
 */
export function lexFrom(text: string, fam: Family, from: number, stop?: LexStop): LexRun {
  const regions: Region[] = [];
  const comments: Span[] = [];
  const mapped: number[] = [];
  const clean: number[] = [];
  let stoppedAt = -1;
  let previousIndex = 0;
  const n = text.length;
  let i = from;
  let plainStart = from;
  // Plain text is collected per line; properties-style plain text is decoded as it goes.
  let plainText = '';
  let plainMap: number[] | undefined = fam.plainEscapes ? [] : undefined;

  const flushPlain = (end: number): void => {
    if (end > plainStart) {
      // Only plain text with a letter is a region: every site needs one (a key, a scheme, a word), and
      // punctuation, digits and white space alone (`, 42], `, `);`) are most of the plain text of data
      // files. A character that is not ASCII counts as a letter.
      if (fam.plainEscapes) {
        if (hasLetter(plainText, 0, plainText.length)) mapped.push(regions.push({ start: plainStart, end, text: plainText, map: [...plainMap!, end], kind: 'plain', escape: 'backslash' }) - 1);
      } else if (hasLetter(text, plainStart, end)) regions.push({ start: plainStart, end, text: text.slice(plainStart, end), kind: 'plain', escape: 'none' });
    }
    plainText = '';
    if (plainMap) plainMap = [];
  };

  const atLineStartOrSpace = (pos: number): boolean => pos === 0 || /\s/.test(text[pos - 1]!);

  const atValueStart = (pos: number): boolean => {
    let k = pos - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    return k < 0 || '\n\r=:-[{,('.includes(text[k]!);
  };

  // Characters that can start something (a line end, a comment, a string): everything else is skipped
  // (unless plain text is being decoded character by character).
  const starts = startChars(fam);
  const next = startSearch(fam);

  outer: while (i < n) {
    if (!plainMap) {
      // A few characters one by one (the next start is often near), then a search.
      const near = Math.min(n, i + 16);
      while (i < near) {
        const c = text.charCodeAt(i);
        if (c < 128 && starts[c] === 1) break;
        i++;
      }
      if (i === near) {
        if (i >= n) break;
        next.lastIndex = i;
        if (!next.test(text)) break;
        i = next.lastIndex - 1;
      }
    }
    const c0 = text.charCodeAt(i);
    if (c0 === 10 || c0 === 13) {
      flushPlain(i);
      i++;
      plainStart = i;
      if (stop && i >= stop.minEnd) {
        const was = i - stop.delta;
        const previous = stop.previousClean;
        while (previousIndex < previous.length && previous[previousIndex]! < was) previousIndex++;
        if (previous[previousIndex] === was) {
          stoppedAt = i;
          break;
        }
      }
      clean.push(i);
      continue;
    }
    // Each opener is tried only where its first character is.
    const blocks = fam.blockComments;
    for (let b = 0; b < blocks.length; b++) {
      const [open, close] = blocks[b]!;
      if (open.charCodeAt(0) !== c0 || !text.startsWith(open, i)) continue;
      flushPlain(i);
      const endIdx = text.indexOf(close, i + open.length);
      const end = endIdx < 0 ? n : endIdx + close.length;
      comments.push({ start: i, end });
      i = end;
      plainStart = i;
      continue outer;
    }
    const lines = fam.lineComments;
    for (let l = 0; l < lines.length; l++) {
      const lc = lines[l]!;
      if (lc.charCodeAt(0) === c0 && text.startsWith(lc, i) && (!fam.commentNeedsSpace || atLineStartOrSpace(i))) {
        // .properties / ini comments only count at the start of a line.
        if ((fam.name === 'properties' || fam.name === 'ini') && text.slice(lineStartOf(text, i), i).trim() !== '') break;
        flushPlain(i);
        let end = i;
        while (end < n && text[end] !== '\n' && text[end] !== '\r') end++;
        comments.push({ start: i, end });
        i = end;
        plainStart = i;
        continue outer;
      }
    }
    const quotes = fam.quotes;
    for (let k = 0; k < quotes.length; k++) {
      const q = quotes[k]!;
      if (q.open.charCodeAt(0) !== c0 || !text.startsWith(q.open, i)) continue;
      if (fam.quotesOnlyAtValueStart && !atValueStart(i)) break;
      let escape = q.escape;
      if (fam.pythonPrefixes && escape === 'backslash') {
        const prefix = /([rRbBuUfF]{1,2})$/.exec(text.slice(Math.max(0, i - 2), i));
        if (prefix && /[rR]/.test(prefix[1]!) && !/[A-Za-z0-9_]/.test(text[i - prefix[1]!.length - 1] ?? '')) escape = 'none';
      }
      flushPlain(i);
      const literal = readLiteral(text, i + q.open.length, q, escape);
      if (literal.map) mapped.push(regions.length);
      regions.push(literal);
      i = literalNext;
      plainStart = i;
      continue outer;
    }
    const ch = text[i]!;
    if (fam.plainEscapes && ch === '\\' && i + 1 < n && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
      const dec = decodeEscape(text, i);
      plainMap!.push(i);
      plainText += dec.value;
      for (let k = 1; k < dec.value.length; k++) plainMap!.push(i);
      i += dec.length;
      continue;
    }
    if (plainMap) {
      plainMap.push(i);
      plainText += ch;
    }
    i++;
  }
  if (stoppedAt < 0) flushPlain(n);
  return { regions, comments, mapped, clean, stoppedAt, previousIndex };
}

const START_CHARS = new WeakMap<Family, Uint8Array>();
const START_SEARCH = new WeakMap<Family, RegExp>();

/** ASCII codes that may begin a line end, a comment or a string literal in this family. */
function startChars(fam: Family): Uint8Array {
  let t = START_CHARS.get(fam);
  if (!t) {
    t = new Uint8Array(128);
    const mark = (s: string): void => {
      const c = s.charCodeAt(0);
      // A non-ASCII opener would need every character examined: mark them all.
      if (c >= 128) t!.fill(1);
      else t![c] = 1;
    };
    mark('\n');
    mark('\r');
    for (const [open] of fam.blockComments) mark(open);
    for (const lc of fam.lineComments) mark(lc);
    for (const q of fam.quotes) mark(q.open);
    START_CHARS.set(fam, t);
  }
  return t;
}

/**
 * A search for the next character marked by startChars (a global expression: after a successful
 * test, lastIndex is just past the character).
 */
function startSearch(fam: Family): RegExp {
  let re = START_SEARCH.get(fam);
  if (!re) {
    const starts = startChars(fam);
    const codes: string[] = [];
    for (let c = 0; c < 128; c++) if (starts[c] === 1) codes.push('\\x' + c.toString(16).padStart(2, '0'));
    re = new RegExp(`[${codes.join('')}]`, 'g');
    START_SEARCH.set(fam, re);
  }
  return re;
}

function lineStartOf(text: string, pos: number): number {
  let k = pos;
  while (k > 0 && text[k - 1] !== '\n' && text[k - 1] !== '\r') k--;
  return k;
}

/** Decodes one backslash escape at `at` (text[at] === '\\'). */
function decodeEscape(text: string, at: number): { value: string; length: number } {
  const c = text[at + 1];
  if (c === undefined) return { value: '\\', length: 1 };
  if (c === 'u') {
    const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(at + 2, at + 10));
    if (braced) {
      const cp = parseInt(braced[1]!, 16);
      if (cp <= 0x10ffff) return { value: String.fromCodePoint(cp), length: 2 + braced[0].length };
    }
    const hex = /^[0-9a-fA-F]{4}/.exec(text.slice(at + 2, at + 6));
    if (hex) return { value: String.fromCharCode(parseInt(hex[0], 16)), length: 6 };
  }
  if (c === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(text.slice(at + 2, at + 4));
    if (hex) return { value: String.fromCharCode(parseInt(hex[0], 16)), length: 4 };
  }
  return { value: SIMPLE_ESCAPES[c] ?? c, length: 2 };
}

/** Where reading goes on after the literal readLiteral last read (after its closing quote). */
let literalNext = 0;

/** The string literal whose text starts at `start` (after its opening quote); sets literalNext. */
function readLiteral(text: string, start: number, q: QuoteSpec, escape: QuoteSpec['escape']): Region {
  const n = text.length;
  const closeCode = q.close.charCodeAt(0);
  const closeLength = q.close.length;
  // The decoded text is built from raw slices; the map to source offsets exists only once decoding
  // stops being the identity (an escape, a line continuation, a doubled quote).
  let map: number[] | undefined;
  let out = '';
  let raw = start; // start of the raw run not yet copied to `out`
  let i = start;
  let end = -1; // where the literal's text ends (its closing quote), and where reading goes on
  let next = -1;
  const backslash = escape === 'backslash';
  const lineEnds = !q.multiline;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (lineEnds && (c === 10 || c === 13)) break; // unterminated: stop at the line end
    if (backslash && c === 92) {
      // Copy the raw run before the escape; the text so far was the identity if there is no map yet.
      out += text.slice(raw, i);
      if (map) for (let k = raw; k < i; k++) map.push(k);
      else map = identityMap(start, out.length);
      if (i + 1 < n && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
        // a line continuation: contributes nothing
        i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      } else {
        const dec = decodeEscape(text, i);
        for (let k = 0; k < dec.value.length; k++) map.push(i);
        out += dec.value;
        i += dec.length;
      }
      raw = i;
      continue;
    }
    if (c === closeCode && text.startsWith(q.close, i)) {
      if (escape === 'double' && text.startsWith(q.close, i + closeLength)) {
        out += text.slice(raw, i);
        if (map) for (let k = raw; k < i; k++) map.push(k);
        else map = identityMap(start, out.length);
        map.push(i);
        out += q.close;
        i += 2 * closeLength;
        raw = i;
        continue;
      }
      end = i;
      next = i + closeLength;
      break;
    }
    i++;
  }
  if (end < 0) end = next = i;
  out += text.slice(raw, end);
  if (map) for (let k = raw; k < end; k++) map.push(k);
  const style: EscapeStyle =
    escape === 'backslash' ? 'backslash' : escape === 'double' ? (q.close === '"' ? 'double-double' : 'double-single') : 'none';
  literalNext = next;
  if (!map) return { start, end, text: out, kind: 'string', escape: style };
  map.push(end);
  return { start, end, text: out, map, kind: 'string', escape: style };
}

/** map[k] = start + k for k < length. */
function identityMap(start: number, length: number): number[] {
  const map = new Array<number>(length);
  for (let k = 0; k < length; k++) map[k] = start + k;
  return map;
}

/** text[start, end) holds an ASCII letter or a character that is not ASCII and not white space. */
function hasLetter(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (isAsciiLetter(c) || (c >= 128 && !isJsSpace(c))) return true;
  }
  return false;
}

/** A-Z or a-z (no other character code folds to one with `| 0x20`). */
export function isAsciiLetter(c: number): boolean {
  const lc = c | 0x20;
  return lc >= 97 && lc <= 122;
}

/** text[p, p + word.length) is `word`, ASCII letters in either case. */
export function equalsIgnoringAsciiCase(text: string, p: number, word: string): boolean {
  if (p < 0 || p + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(p + i);
    const w = word.charCodeAt(i);
    if (c === w) continue;
    if ((c | 0x20) !== (w | 0x20) || !isAsciiLetter(c)) return false;
  }
  return true;
}

/** `\s` of JavaScript regular expressions. */
export function isJsSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Escapes text for insertion into a region of the given style. */
export function escapeFor(style: EscapeStyle, value: string, quote = '"'): string {
  switch (style) {
    case 'backslash':
      return value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), '\\' + quote);
    case 'double-single':
      return value.replace(/'/g, "''");
    case 'double-double':
      return value.replace(/"/g, '""');
    default:
      return value;
  }
}
