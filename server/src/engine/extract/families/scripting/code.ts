/**
 * A token view of Go, Python and PHP source for the scripting family: which offsets are strings or
 * comments (from the lexer), matched brackets, and the entries of a bracketed list (call arguments,
 * dict / array / composite literals). Not a parser: one linear pass matches brackets, and entries are
 * read by splitting a bracket's content at its top-level commas.
 */
import type { Region } from '../../../scan';
import { CodeView, STRING, type Tok } from '../../codeView';
import type { SourceView } from '../../sourceView';
import { toSourceSpan } from '../../../scan';
import type { Span } from '../../../types';
import { isDynamic } from '../../common';

export type { Tok, TokKind } from '../../codeView';

export class Code extends CodeView {
  constructor(
    view: SourceView,
    /** PHP: `$` starts an identifier. */
    private readonly dollarIdents = false,
  ) {
    super(view, { dollarIdents, unterminated: 'punct' });
  }

  /** The token that ends at `end` (the last significant one before it), scanning back at most `maxBack` characters. */
  prev(end: number, maxBack = 200): Tok | undefined {
    let p = this.trimEnd(Math.max(0, end - maxBack), end);
    if (p <= 0) return undefined;
    if (this.mask[p - 1] === STRING) {
      let s = p - 1;
      while (s > 0 && this.mask[s - 1] === STRING) s--;
      const str = this.view.stringAt(s);
      return str && str.end === p ? { kind: 'string', start: s, end: p, region: str.region } : { kind: 'punct', start: s, end: p };
    }
    const c = this.text.charCodeAt(p - 1);
    if (isIdentPart(c) || (this.dollarIdents && c === 36)) {
      let s = p - 1;
      while (s > 0 && (isIdentPart(this.text.charCodeAt(s - 1)) || (this.dollarIdents && this.text.charCodeAt(s - 1) === 36)) && this.mask[s - 1] === 0) s--;
      return { kind: /[0-9]/.test(this.text[s]!) ? 'number' : 'ident', start: s, end: p };
    }
    return { kind: 'punct', start: p - 1, end: p };
  }

  /** The innermost bracket that encloses offset `p` (its opening offset), or -1. */
  enclosing(p: number): number {
    return p >= 0 && p < this.text.length ? this.view.bracketAround(p) : -1;
  }

  /** A string literal's decoded text, or undefined when the token is not one. */
  literal(t: Tok | undefined): string | undefined {
    return t && t.kind === 'string' && t.region ? t.region.text : undefined;
  }

  /** The source range of a string literal's content (inside its quotes). */
  contentSpan(t: Tok): Span {
    return { start: t.region!.start, end: t.region!.end };
  }

  /** The quote a string token opens with (`'`, `"`, a backtick). */
  quoteOf(t: Tok): string {
    return this.text[t.start]!;
  }

  /** The tokens of text[start, end), at most `max`. */
  override tokens(start: number, end: number, max = 64): Tok[] {
    return super.tokens(start, end, max);
  }
}

function isIdentPart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 0x7f || (c >= 48 && c <= 57);
}



// ---------------------------------------------------------------------------------------------------
// Entries of a bracketed list

export interface Entry {
  /** The key's name (unquoted), or undefined for a positional entry. */
  key?: string;
  keyTok?: Tok;
  /** The value's extent (trimmed); for a positional entry, the whole entry. */
  valueStart: number;
  valueEnd: number;
  /** The whole entry (trimmed). */
  start: number;
  end: number;
  /** `**kwargs`, `*args`, `...$x`: content not visible here. */
  spread?: boolean;
}

export interface ListInfo {
  open: number;
  close: number;
  entries: Entry[];
}

/**
 * The entries of text[open+1, close) split at top-level commas. `seps` are the key/value separators
 * of the syntax (`=` for keyword arguments, `:` for dicts and Go literals, `=>` for PHP arrays); a key
 * is an identifier or a string literal before one. Undefined when the bracket is unmatched.
 */
export function readList(code: Code, open: number, seps: readonly string[]): ListInfo | undefined {
  const close = code.matchOf(open);
  if (close < 0) return undefined;
  const entries: Entry[] = [];
  let segStart = open + 1;
  for (let p = open + 1; ; ) {
    const t = code.next(p, close);
    const atEnd = t.kind === 'end';
    if (atEnd || code.isPunct(t, ',')) {
      const e = readEntry(code, segStart, atEnd ? close : t.start, seps);
      if (e) entries.push(e);
      if (atEnd) break;
      segStart = t.end;
      p = t.end;
      continue;
    }
    const ch = code.text[t.start]!;
    if (t.kind === 'punct' && (ch === '(' || ch === '[' || ch === '{')) {
      const m = code.matchOf(t.start);
      if (m < 0 || m >= close) return undefined;
      p = m + 1;
      continue;
    }
    p = t.end;
  }
  return { open, close, entries };
}

function readEntry(code: Code, start: number, end: number, seps: readonly string[]): Entry | undefined {
  const s = code.skip(start, end);
  const e = code.trimEnd(s, end);
  if (e <= s) return undefined;
  const text = code.text;
  if (text.startsWith('**', s) || text.startsWith('...', s) || (text[s] === '*' && text[s + 1] !== '*')) {
    return { valueStart: s, valueEnd: e, start: s, end: e, spread: true };
  }
  const key = code.next(s, e);
  if (key.kind === 'ident' || key.kind === 'string') {
    const after = code.skip(key.end, e);
    for (const sep of seps) {
      if (!text.startsWith(sep, after)) continue;
      // `=` must not be `==`, `=>` or part of `<=`/`>=`/`!=`; `:` must not be `::` or `:=`.
      const next = text[after + sep.length];
      if (sep === '=' && (next === '=' || next === '>')) continue;
      if (sep === ':' && (next === ':' || next === '=')) continue;
      const name = key.kind === 'ident' ? code.tokText(key) : code.literal(key)!;
      const vs = code.skip(after + sep.length, e);
      if (vs >= e) return undefined;
      return { key: name, keyTok: key, valueStart: vs, valueEnd: e, start: s, end: e };
    }
  }
  return { valueStart: s, valueEnd: e, start: s, end: e };
}

export function entry(list: ListInfo, key: string, caseInsensitive = false): Entry | undefined {
  for (let i = list.entries.length - 1; i >= 0; i--) {
    const k = list.entries[i]!.key;
    if (k !== undefined && (caseInsensitive ? k.toLowerCase() === key.toLowerCase() : k === key)) return list.entries[i];
  }
  return undefined;
}

/** The value of an entry as a single token (undefined when it is more than one). */
export function singleToken(code: Code, e: Entry): Tok | undefined {
  const t = code.next(e.valueStart, e.valueEnd);
  return t.kind !== 'end' && t.end === e.valueEnd ? t : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Values

/** What a value expression holds, as far as it is visible in the source. */
export interface ValueRef {
  /** The value (the default of an environment lookup), a short rendering of an expression, or the literal's text. */
  value: string;
  /** Where an edit of the value goes: a literal's content, else the whole expression. */
  span: Span;
  dynamic: boolean;
  /** The environment variable whose default this is (`os.getenv('X', 'require')`). */
  fallbackOf?: string;
  /** A string literal (or the literal default of an environment lookup): its quote, for inserted text. */
  quote?: string;
  /** The literal's escape style. */
  escape?: Region['escape'];
}

export type EnvReader = (code: Code, start: number, end: number) => ValueRef | undefined;

/**
 * The value of text[start, end): a plain string literal, a language's environment lookup with a
 * literal default (`env`), or any other expression (dynamic, rendered short).
 */
export function readValue(code: Code, start: number, end: number, env?: EnvReader): ValueRef {
  const toks = code.tokens(start, end, 3);
  if (toks.length === 1 && toks[0]!.kind === 'string') return literalRef(code, toks[0]!);
  if (toks.length === 1 && (toks[0]!.kind === 'ident' || toks[0]!.kind === 'number')) {
    const word = code.tokText(toks[0]!);
    const constant = /^(True|False|None|true|false|null|nil|[0-9.]+)$/.test(word);
    return { value: constant ? word : `\${${word}}`, span: { start, end }, dynamic: !constant };
  }
  const fromEnv = env?.(code, start, end);
  if (fromEnv) return fromEnv;
  return { value: shortText(code.text.slice(start, end)), span: { start, end }, dynamic: true };
}

export function literalRef(code: Code, t: Tok): ValueRef {
  const raw = code.text.slice(t.region!.start, t.region!.end);
  return { value: t.region!.text, span: code.contentSpan(t), dynamic: isDynamic(raw), quote: code.quoteOf(t), escape: t.region!.escape };
}

function shortText(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

/** The arguments of a call whose `(` is at `open`: positional and keyword (`name=value`). */
export function callArgs(code: Code, open: number): ListInfo | undefined {
  return readList(code, open, ['=']);
}

/** The dotted callee before a `(` at `open`: `psycopg2.connect`, `os.environ.get`, `env`. */
export function calleeBefore(code: Code, open: number, maxParts = 6): { name: string; start: number } | undefined {
  const parts: string[] = [];
  let end = open;
  let start = open;
  for (let i = 0; i < maxParts; i++) {
    const t = code.prev(end);
    if (!t || t.kind !== 'ident') break;
    parts.unshift(code.tokText(t));
    start = t.start;
    const dot = code.prev(t.start);
    if (!dot || !(code.isPunct(dot, '.') || (dot.kind === 'punct' && code.text[dot.start] === '>' && code.text[dot.start - 1] === '-') || (code.text[dot.start] === ':' && code.text[dot.start - 1] === ':'))) break;
    end = code.text[dot.start] === '>' || code.text[dot.start] === ':' ? dot.start - 1 : dot.start;
  }
  return parts.length ? { name: parts.join('.'), start } : undefined;
}

/** The decoded text of a string literal token's region from `from` on, mapped back to source. */
export function regionSpan(r: Region, from: number, to: number): Span {
  return toSourceSpan(r, from, to);
}
