/**
 * A token view of Java, Kotlin, Groovy and Scala code for the JVM extractors: identifiers, string
 * literals (with the lexer's decoded region), numbers and punctuation, outside comments; and the
 * innermost `{` block around each offset. Not a parser. Linear in the text.
 */
import type { Region, Scan } from '../../../scan';
import { countStartingBy } from '../../../scan';

export type TokKind = 'ident' | 'string' | 'number' | 'punct';

export interface Tok {
  kind: TokKind;
  start: number;
  end: number;
  text: string;
  region?: Region;
}

export interface Code {
  text: string;
  toks: Tok[];
  /** blockOf[i] = offset of the innermost `{` around token i (-1: top level). */
  blockOf: Int32Array;
  /** For a `{` token's offset: its matching `}` offset (or the text's end when unclosed). */
  blockEnd: Map<number, number>;
  /** For a `{` offset: the offset of the block around it (-1: top level). */
  blockParent: Map<number, number>;
  /** `{` offsets that open a control-flow body: `if (…) {`, `else {`, `for`, `while`, `try`, `catch`, `finally`, `when`. */
  controlBlocks: Set<number>;
}

const CONTROL_HEADS = new Set(['if', 'for', 'while', 'catch', 'switch', 'synchronized', 'when', 'foreach']);
const CONTROL_WORDS = new Set(['else', 'try', 'finally', 'do']);

/** The nearest block around token k that is not a control-flow body (-1: top level). */
export function scopeBlock(code: Code, k: number): number {
  let b = code.blockOf[k]!;
  while (b >= 0 && code.controlBlocks.has(b)) b = code.blockParent.get(b) ?? -1;
  return b;
}

/**
 * The scope block (as scopeBlock) that a statement inserted at `offset`, between tokens, would be
 * in: the block of the last token before it, or the block that token opens.
 */
export function scopeBlockAt(code: Code, offset: number): number {
  const toks = code.toks;
  const before = countStartingBy(toks, offset - 1) - 1; // the last token that starts before `offset`
  if (before < 0) return -1;
  let b = isPunct(toks[before], '{') ? toks[before]!.start : code.blockOf[before]!;
  while (b >= 0 && code.controlBlocks.has(b)) b = code.blockParent.get(b) ?? -1;
  return b;
}

export function tokenize(text: string, scan: Scan): Code {
  const skip = new Uint8Array(text.length);
  const stringEnd = new Map<number, number>();
  const stringAt = new Map<number, Region>();
  for (const r of scan.regions) {
    if (r.kind !== 'string' || r.start === 0) continue;
    // The literal's quotes: from the opening quote(s) to the closing one(s).
    let open = r.start - 1;
    while (open > 0 && text[open - 1] === text[r.start - 1] && r.start - open < 3) open--;
    let end = r.end;
    while (end < text.length && text[end] === text[r.start - 1] && end - r.end < 3) end++;
    skip.fill(1, open, end);
    stringAt.set(open, r);
    stringEnd.set(open, end);
  }
  for (const c of scan.comments) skip.fill(2, c.start, c.end);
  const toks: Tok[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (skip[i] === 2) {
      i++;
      continue;
    }
    if (skip[i] === 1) {
      const r = stringAt.get(i);
      const e = stringEnd.get(i);
      if (r && e !== undefined) {
        toks.push({ kind: 'string', start: i, end: e, text: r.text, region: r });
        i = e;
      } else i++;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c <= 32) {
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      let e = i + 1;
      while (e < n && skip[e] === 0 && isIdentPart(text.charCodeAt(e))) e++;
      toks.push({ kind: 'ident', start: i, end: e, text: text.slice(i, e) });
      i = e;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let e = i + 1;
      while (e < n && skip[e] === 0 && (isIdentPart(text.charCodeAt(e)) || text[e] === '.')) e++;
      toks.push({ kind: 'number', start: i, end: e, text: text.slice(i, e) });
      i = e;
      continue;
    }
    toks.push({ kind: 'punct', start: i, end: i + 1, text: text[i]! });
    i++;
  }
  const blockOf = new Int32Array(toks.length);
  const blockEnd = new Map<number, number>();
  const blockParent = new Map<number, number>();
  const controlBlocks = new Set<number>();
  const stack: number[] = [];
  // Matching `(` of each `)`, by token index, for the control-flow test.
  const parens: number[] = [];
  const openOf = new Map<number, number>();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'punct' && t.text === '(') parens.push(k);
    else if (t.kind === 'punct' && t.text === ')' && parens.length > 0) openOf.set(k, parens.pop()!);
    if (t.kind === 'punct' && t.text === '}' && stack.length > 0) blockEnd.set(stack.pop()!, t.start);
    blockOf[k] = stack.length > 0 ? stack[stack.length - 1]! : -1;
    if (t.kind === 'punct' && t.text === '{') {
      blockParent.set(t.start, blockOf[k]!);
      const prev = toks[k - 1];
      if (prev?.kind === 'ident' && CONTROL_WORDS.has(prev.text)) controlBlocks.add(t.start);
      else if (prev?.kind === 'punct' && prev.text === ')') {
        const head = toks[(openOf.get(k - 1) ?? 0) - 1];
        if (head?.kind === 'ident' && CONTROL_HEADS.has(head.text)) controlBlocks.add(t.start);
      }
      stack.push(t.start);
    }
  }
  for (const open of stack) blockEnd.set(open, n);
  return { text, toks, blockOf, blockEnd, blockParent, controlBlocks };
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 36 || c === 95 || c > 0x7f;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export function isPunct(t: Tok | undefined, ch: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === ch;
}

/** The index of the token that closes the bracket at index `open` (toks[open] is `(`, `[` or `{`), or -1. */
export function closing(code: Code, open: number, limit = 400): number {
  const o = code.toks[open]!.text;
  const c = o === '(' ? ')' : o === '[' ? ']' : '}';
  let depth = 0;
  for (let k = open; k < code.toks.length && k - open < limit; k++) {
    const t = code.toks[k]!;
    if (t.kind !== 'punct') continue;
    if (t.text === o) depth++;
    else if (t.text === c && --depth === 0) return k;
  }
  return -1;
}

/** Top-level comma-separated arguments of the call whose `(` is at index `open`: token index ranges. */
export function callArgs(code: Code, open: number): { args: [number, number][]; close: number } | undefined {
  const close = closing(code, open);
  if (close < 0) return undefined;
  const args: [number, number][] = [];
  let depth = 0;
  let s = open + 1;
  for (let k = open + 1; k < close; k++) {
    const t = code.toks[k]!;
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'punct' && ')]}'.includes(t.text)) depth--;
    else if (depth === 0 && isPunct(t, ',')) {
      args.push([s, k]);
      s = k + 1;
    }
  }
  if (close > s) args.push([s, close]);
  return { args, close };
}
