/**
 * ADO.NET connection strings: `Server=db;Database=app;Trust Server Certificate = true;Password='a;b'`.
 *
 * The grammar is the one every ADO.NET driver shares (System.Data.Common.DbConnectionOptions; the copy
 * in dotnet/SqlClient c16adb7 SqlConnectionOptions.GetKeyValuePair): pairs separated by `;` (empty
 * pairs and white space between them are skipped); a key runs to `=` (`==` stands for a literal `=`),
 * its trailing white space dropped and compared case-insensitively with its inner spaces; after `=` and
 * any white space, a value is either quoted with `'` or `"` (a doubled quote stands for itself, and only
 * white space may follow before `;`) or runs to the next `;`, trimmed (an unquoted value may not end
 * with a quote). Anything else is a syntax error for the drivers, and not a site here.
 */
import type { Region } from '../../../scan';
import { toSource } from '../../../scan';
import type { Insertion, Param, Span } from '../../../types';
import { isDynamic, sourceSpan } from '../../common';

export interface AdoPair {
  /** The key as written, trimmed. */
  key: string;
  /** Lower case, as the drivers compare it. */
  lower: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  /** Raw value text (inside the quotes when quoted). */
  valueStart: number;
  valueEnd: number;
  /** After the value (after its closing quote). */
  pairEnd: number;
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0';

/** The pairs of text[from, to), or undefined when it is not an ADO.NET connection string. Linear. */
export function parseAdo(text: string, from: number, to: number): AdoPair[] | undefined {
  const pairs: AdoPair[] = [];
  let i = from;
  for (;;) {
    while (i < to && (text[i] === ';' || isWs(text[i]))) i++;
    if (i >= to) break;
    const keyStart = i;
    let key = '';
    for (;;) {
      if (i >= to || text[i] === ';') return undefined; // a key without `=`
      if (text[i] === '=') {
        if (text[i + 1] === '=' && i + 1 < to) {
          key += '=';
          i += 2;
          continue;
        }
        break;
      }
      key += text[i++];
    }
    let keyEnd = i;
    while (keyEnd > keyStart && isWs(text[keyEnd - 1])) keyEnd--;
    key = key.trimEnd();
    if (key === '') return undefined;
    i++; // `=`
    while (i < to && isWs(text[i])) i++;
    const q = text[i];
    let value = '';
    let valueStart = i;
    let valueEnd: number;
    let pairEnd: number;
    if (i < to && (q === '"' || q === "'")) {
      i++;
      valueStart = i;
      let closed = false;
      while (i < to) {
        if (text[i] === q) {
          if (i + 1 < to && text[i + 1] === q) {
            value += q;
            i += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += text[i++];
      }
      if (!closed) return undefined;
      valueEnd = i;
      pairEnd = ++i;
      while (i < to && isWs(text[i])) i++;
      if (i < to && text[i] !== ';') return undefined;
    } else {
      let end = i;
      while (end < to && text[end] !== ';') end++;
      let e = end;
      while (e > i && isWs(text[e - 1])) e--;
      value = text.slice(i, e);
      valueEnd = pairEnd = e;
      if (value.endsWith('"') || value.endsWith("'")) return undefined;
      i = end;
    }
    pairs.push({ key, lower: key.toLowerCase(), value, keyStart, keyEnd, valueStart, valueEnd, pairEnd });
  }
  return pairs;
}

/** The parameters of a parsed string, with exact source ranges; each removal takes one `;`. */
export function toParams(region: Region, pairs: readonly AdoPair[]): Param[] {
  return pairs.map((p, idx) => {
    const prev = pairs[idx - 1];
    const next = pairs[idx + 1];
    const removeSpan: Span = prev
      ? sourceSpan(region, prev.pairEnd, p.pairEnd)
      : sourceSpan(region, p.keyStart, next ? next.keyStart : p.pairEnd);
    return {
      key: p.key,
      value: p.value,
      keySpan: sourceSpan(region, p.keyStart, p.keyEnd),
      valueSpan: sourceSpan(region, p.valueStart, p.valueEnd),
      removeSpan,
      dynamic: isDynamic(region.text.slice(p.valueStart, p.valueEnd)),
    };
  });
}

/** `;Key=Value` after the last pair, or `Key=Value;` after a trailing `;` (the string's own style). */
export function adoInsertion(region: Region, pairs: readonly AdoPair[], to: number): Insertion {
  const last = pairs[pairs.length - 1]!;
  const text = region.text;
  let semi = -1;
  for (let k = last.pairEnd; k < to; k++) {
    if (text[k] === ';') semi = k;
    else if (!isWs(text[k])) break;
  }
  if (semi >= 0) return { offset: toSource(region, semi + 1), prefix: '', suffix: ';', assign: '=' };
  return { offset: toSource(region, last.pairEnd), prefix: ';', suffix: '', assign: '=' };
}
