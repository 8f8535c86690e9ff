import type { Region } from '../scan';
import { isJsSpace, toSource, toSourceSpan } from '../scan';
import type { Insertion, Param, Span } from '../types';

/** A value decided at run time: template placeholders of the common languages. */
// Bounded repetitions: a long run of `${` or `%` never makes the test quadratic.
const DYNAMIC = /\$\{[^}]{0,256}\}|\$[A-Za-z_]|%[-+ #0-9.]{0,16}[sdvqi]|\{[A-Za-z0-9_.]{0,256}\}|\{\{[^}]{0,256}\}\}|#\{[^}]{0,256}\}|<%[^%]{0,256}%>/;

/**
 * An object key in the text: `/\b(?:WORD)(?:SUFFIX)?['"`]?\s*[:,}]/.test(text)` for the given words and
 * suffixes, by looking only where a word occurs (`at(word)`: its offsets in the text).
 */
export function keyUse(text: string, at: (word: string) => readonly number[], words: readonly string[], suffixes: readonly string[] = []): boolean {
  for (const w of words) {
    for (const p of at(w)) {
      if (p > 0 && isAsciiWordChar(text.charCodeAt(p - 1))) continue;
      const e = p + w.length;
      if (keyTail(text, e)) return true;
      for (const s of suffixes) if (text.startsWith(s, e) && keyTail(text, e + s.length)) return true;
    }
  }
  return false;
}

/** `['"`]?\s*[:,}]` at offset i. */
function keyTail(text: string, i: number): boolean {
  const q = text.charCodeAt(i);
  if (q === 39 || q === 34 || q === 96) i++;
  while (i < text.length && isJsSpace(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return c === 58 || c === 44 || c === 125;
}

/** `\w` without the `u` flag. */
function isAsciiWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export { isJsSpace };

/**
 * A string literal whose URL is its scheme alone, or with `//` (`url.startsWith("jdbc:postgresql://")`,
 * `"postgres://" + host`): a prefix in code, not a connection string. `body`: after the scheme's `:`
 * or `://`; `end`: where the URL ends. (Written alone in a file, such a URL means the driver's
 * defaults, and is read as one.)
 */
export function schemeOnly(region: Region, body: number, end: number): boolean {
  if (region.kind !== 'string') return false;
  const rest = region.text.slice(body, end);
  return rest === '' || rest === '//';
}

export function isDynamic(value: string): boolean {
  return DYNAMIC.test(value);
}

/** Characters that end a URL written in running text. */
export function isUrlDelimiter(ch: string): boolean {
  return /[\s"'`<>|\\^]/.test(ch);
}

/**
 * End of a URL-like token starting at `from` in `text`: stops at a delimiter or at a closing
 * bracket that has no opener inside the token; trailing sentence punctuation is dropped.
 */
export function urlEnd(text: string, from: number): number {
  const depth: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  const closer: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let i = from;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (isUrlDelimiter(ch)) break;
    if (ch in depth) depth[ch]!++;
    else if (ch in closer) {
      const open = closer[ch]!;
      if (depth[open]! === 0) break;
      depth[open]!--;
    }
  }
  while (i > from && /[.,;:!]/.test(text[i - 1]!)) i--;
  return i;
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Parses `k=v&k=v` (URL query) starting at decoded index `start` up to `end` of a region.
 * `prefixIndex` is the index of the `?` (used for removal spans).
 */
export function parseQuery(region: Region, start: number, end: number, prefixIndex: number): Param[] {
  const text = region.text;
  const params: Param[] = [];
  let i = start;
  const pieces: { s: number; e: number }[] = [];
  while (i <= end) {
    let j = text.indexOf('&', i);
    if (j < 0 || j > end) j = end;
    if (j > i) pieces.push({ s: i, e: j });
    i = j + 1;
  }
  pieces.forEach((p, idx) => {
    const eq = text.indexOf('=', p.s);
    const hasEq = eq >= 0 && eq < p.e;
    const keyEnd = hasEq ? eq : p.e;
    const valStart = hasEq ? eq + 1 : p.e;
    const rawKey = text.slice(p.s, keyEnd);
    const rawValue = text.slice(valStart, p.e);
    // Removal: the parameter and the separator before it; the first one takes the one after it,
    // and a lone parameter takes the `?` too.
    let rs = p.s;
    let re = p.e;
    if (idx > 0) rs = p.s - 1;
    else if (pieces.length > 1) re = pieces[1]!.s;
    else rs = prefixIndex;
    const value = safeDecode(rawValue.replace(/\+/g, ' '));
    params.push({
      key: safeDecode(rawKey),
      value,
      keySpan: toSourceSpan(region, p.s, keyEnd),
      valueSpan: toSourceSpan(region, valStart, p.e),
      removeSpan: toSourceSpan(region, rs, re),
      dynamic: isDynamic(rawValue),
    });
  });
  return params;
}

export function sourceSpan(region: Region, start: number, end: number): Span {
  return { start: toSource(region, start), end: toSource(region, end) };
}

/** The last parameter with this key (later values override earlier ones in libpq and pgjdbc). */
export function lastParam(params: readonly Param[], key: string, caseInsensitive = false): Param | undefined {
  for (let i = params.length - 1; i >= 0; i--) {
    const p = params[i]!;
    if (caseInsensitive ? p.key.toLowerCase() === key.toLowerCase() : p.key === key) return p;
  }
  return undefined;
}

/** Where a new query parameter goes in a URL ending at `end` whose `?` is at `qIdx` (-1: none). */
export function queryInsertion(region: Region, qIdx: number, end: number): Insertion {
  const text = region.text;
  const endsWithSep = qIdx >= 0 && (text[end - 1] === '?' || text[end - 1] === '&');
  return { offset: toSource(region, end), prefix: qIdx < 0 ? '?' : endsWithSep ? '' : '&', suffix: '', assign: '=' };
}
