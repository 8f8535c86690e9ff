/**
 * The trust file of a JavaScript `ca:` option written as `fs.readFileSync(<path>)` (optionally
 * `.toString()`, an encoding, a one-element array): the path when it is a string literal, a
 * `${__dirname}/…` template, `__dirname + '/…'`, or path.join / path.resolve of `__dirname` and literals,
 * with one replaceable source range. Shared by the node-postgres and mysql2 option readers.
 */
import { toSourceSpan } from '../scan';
import type { Span } from '../types';
import type { CodeView, Tok } from './codeView';

export interface CaPath {
  path: string;
  span: Span;
}

/** A plain string literal (quoted with ' or ", or a template without placeholders): its decoded text. */
function plainLiteral(code: CodeView, t: Tok | undefined): string | undefined {
  if (!t || t.kind !== 'string' || !t.region) return undefined;
  const quote = code.text[t.start];
  if (quote === '`' && t.region.text.includes('${')) return undefined;
  return quote === "'" || quote === '"' || quote === '`' ? t.region.text : undefined;
}

function contentSpan(t: Tok): Span {
  return { start: t.region!.start, end: t.region!.end };
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

/** `[fs.]readFileSync(<path>[, encoding])[.toString()]`, possibly in a one-element array. */
export function readFileCaPath(code: CodeView, toks: Tok[]): CaPath | undefined {
  if (toks.length >= 2 && code.isPunct(toks[0]!, '[') && code.isPunct(toks[toks.length - 1]!, ']')) toks = toks.slice(1, -1);
  let i = 0;
  // callee: a.b.readFileSync
  while (i + 1 < toks.length && toks[i]!.kind === 'ident' && code.isPunct(toks[i + 1]!, '.')) i += 2;
  if (toks[i]?.kind !== 'ident' || code.tokText(toks[i]!) !== 'readFileSync') return undefined;
  const args = callArgs(code, toks, i + 1);
  if (!args || args.list.length < 1 || args.list.length > 2) return undefined;
  const rest = toks.slice(args.next);
  // `.toString()` / `.toString('utf8')`
  if (rest.length > 0) {
    if (!(rest.length >= 4 && code.isPunct(rest[0]!, '.') && code.tokText(rest[1]!) === 'toString' && code.isPunct(rest[2]!, '('))) return undefined;
    if (!code.isPunct(rest[rest.length - 1]!, ')') || rest.length > 5) return undefined;
  }
  return pathExpr(code, args.list[0]!);
}

/** The arguments of a call whose `(` is toks[at]: top-level comma-separated token lists. */
function callArgs(code: CodeView, toks: Tok[], at: number): { list: Tok[][]; next: number } | undefined {
  if (!toks[at] || !code.isPunct(toks[at]!, '(')) return undefined;
  const list: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (let i = at + 1; i < toks.length; i++) {
    const t = toks[i]!;
    const ch = t.kind === 'punct' ? code.text[t.start]! : '';
    if (depth === 0 && (ch === ')' || ch === ',')) {
      if (cur.length > 0) list.push(cur);
      cur = [];
      if (ch === ')') return { list, next: i + 1 };
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    cur.push(t);
  }
  return undefined;
}

/** A path expression: a literal, a `${__dirname}/…` template, or path.join / path.resolve of literals. */
function pathExpr(code: CodeView, toks: Tok[]): CaPath | undefined {
  if (toks.length === 1) return literalPath(code, toks[0]!);
  // __dirname + '/certs/ca.pem'
  if (toks.length === 3 && toks[0]!.kind === 'ident' && code.tokText(toks[0]!) === '__dirname' && code.isPunct(toks[1], '+')) {
    const lit = plainLiteral(code, toks[2]);
    if (lit === undefined || !/^[\\/]/.test(lit)) return undefined;
    const rest = lit.replace(/^[\\/]+/, '');
    return { path: rest, span: toSourceSpan(toks[2]!.region!, lit.length - rest.length, lit.length) };
  }
  let i = 0;
  while (i + 1 < toks.length && toks[i]!.kind === 'ident' && code.isPunct(toks[i + 1]!, '.')) i += 2;
  const fn = toks[i]?.kind === 'ident' ? code.tokText(toks[i]!) : '';
  if (fn !== 'join' && fn !== 'resolve') return undefined;
  const args = callArgs(code, toks, i + 1);
  if (!args || args.next !== toks.length || args.list.length === 0) return undefined;
  const lits: Tok[] = [];
  for (const [k, arg] of args.list.entries()) {
    if (k === 0 && arg.length === 1 && arg[0]!.kind === 'ident' && code.tokText(arg[0]!) === '__dirname') continue;
    if (arg.length !== 1 || plainLiteral(code, arg[0]) === undefined) return undefined;
    lits.push(arg[0]!);
  }
  if (lits.length === 0) return undefined;
  // One replaceable range from the first literal's text to the last one's: only when they share a quote.
  const quote = code.text[lits[0]!.start];
  if (lits.some((t) => code.text[t.start] !== quote)) return undefined;
  const parts = lits.map((t) => plainLiteral(code, t)!);
  let from = 0;
  if (fn === 'resolve') parts.forEach((p, k) => isAbsolutePath(p) && (from = k));
  const path = parts.slice(from).join('/').replace(/[\\/]{2,}/g, (s) => s[0]!);
  return { path, span: { start: lits[0]!.region!.start, end: lits[lits.length - 1]!.region!.end } };
}

/** A literal path, or a `${__dirname}/rest` template (rest relative to this file's folder). */
function literalPath(code: CodeView, t: Tok): CaPath | undefined {
  if (t.kind !== 'string' || !t.region) return undefined;
  const quote = code.text[t.start];
  const text = t.region.text;
  if (quote === '`') {
    const m = /^\$\{\s*__dirname\s*\}[\\/]/.exec(text);
    if (m && !text.slice(m[0].length).includes('${')) return { path: text.slice(m[0].length), span: toSourceSpan(t.region, m[0].length, text.length) };
  }
  const lit = plainLiteral(code, t);
  return lit === undefined ? undefined : { path: lit, span: contentSpan(t) };
}
