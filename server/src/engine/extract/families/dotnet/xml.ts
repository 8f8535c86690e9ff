/**
 * web.config / app.config and other XML files: the lexer reads them as plain text, so the values that
 * can hold a connection string are found here — attribute values (`<add connectionString="…"/>`,
 * `<add key="Db" value="…"/>`) and element text (`<property name="connection_string">…</property>`) —
 * outside `<!-- … -->` comments, with XML character references decoded (`&quot;`, `&amp;`, `&#59;`) and
 * a map from each decoded character back to its source offset.
 */
import type { Region } from '../../../scan';
import { table } from '../../../table';

/** The file is XML: its first significant character opens a tag. */
export function looksLikeXml(text: string): boolean {
  const m = /\S/.exec(text.slice(0, 4096));
  return m !== null && m[0] === '<';
}

const ENTITIES = table<string>({ quot: '"', apos: "'", amp: '&', lt: '<', gt: '>' });

/** Decodes text[start, end) of an XML value into a region (escape 'none': inserted text has no markup). */
export function xmlRegion(text: string, start: number, end: number): Region {
  const raw = text.slice(start, end);
  if (!raw.includes('&')) return { start, end, text: raw, kind: 'string', escape: 'none' };
  let out = '';
  const map: number[] = [];
  for (let i = start; i < end; ) {
    if (text[i] === '&') {
      const semi = text.slice(i, Math.min(end, i + 11)).indexOf(';') + i;
      if (semi > i) {
        const name = text.slice(i + 1, semi);
        let ch: string | undefined = ENTITIES[name];
        if (ch === undefined && /^#x[0-9a-fA-F]{1,6}$/.test(name)) ch = safeCodePoint(parseInt(name.slice(2), 16));
        else if (ch === undefined && /^#[0-9]{1,7}$/.test(name)) ch = safeCodePoint(parseInt(name.slice(1), 10));
        if (ch !== undefined) {
          for (let k = 0; k < ch.length; k++) map.push(i);
          out += ch;
          i = semi + 1;
          continue;
        }
      }
    }
    map.push(i);
    out += text[i++];
  }
  map.push(end);
  return { start, end, text: out, map, kind: 'string', escape: 'none' };
}

function safeCodePoint(cp: number): string | undefined {
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

export interface XmlValue {
  region: Region;
  /** The `<` of the element the value belongs to. */
  tagStart: number;
}

/** `<!-- … -->` ranges, in order. */
function xmlComments(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = text.indexOf('<!--'); i >= 0; i = text.indexOf('<!--', i)) {
    const close = text.indexOf('-->', i + 4);
    const end = close < 0 ? text.length : close + 3;
    out.push({ start: i, end });
    i = end;
  }
  return out;
}

/**
 * Attribute values and element text that hold a `=` and a `;` (what a connection string needs), outside
 * comments. One pass over the text; each character is looked at a bounded number of times.
 */
export function xmlValues(text: string): XmlValue[] {
  const out: XmlValue[] = [];
  const comments = xmlComments(text);
  let c = 0;
  let tagStart = -1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (c < comments.length && comments[c]!.end <= i) c++;
    const com = comments[c];
    if (com && com.start <= i) {
      i = com.end;
      continue;
    }
    const ch = text[i];
    if (ch === '<') {
      tagStart = i;
      // Inside a tag: attribute values until `>`.
      let k = i + 1;
      while (k < n && text[k] !== '>') {
        const q = text[k];
        if ((q === '"' || q === "'") && /=\s*$/.test(text.slice(Math.max(i, k - 20), k))) {
          const close = text.indexOf(q, k + 1);
          const end = close < 0 ? n : close;
          if (candidate(text, k + 1, end)) out.push({ region: xmlRegion(text, k + 1, end), tagStart });
          k = end + 1;
          continue;
        }
        k++;
      }
      i = k + 1;
      continue;
    }
    // Element text up to the next tag.
    let next = text.indexOf('<', i);
    if (next < 0) next = n;
    if (com && com.start < next) next = com.start;
    if (candidate(text, i, next)) {
      let s = i;
      let e = next;
      while (s < e && /\s/.test(text[s]!)) s++;
      while (e > s && /\s/.test(text[e - 1]!)) e--;
      out.push({ region: xmlRegion(text, s, e), tagStart });
    }
    i = next;
  }
  return out;
}

function candidate(text: string, start: number, end: number): boolean {
  let eq = false;
  let semi = false;
  for (let k = start; k < end && !(eq && semi); k++) {
    if (text[k] === '=') eq = true;
    else if (text[k] === ';') semi = true;
  }
  return eq && semi;
}

/** The `providerName` attribute of the element that starts at `tagStart` (searched in its first 2000 characters). */
export function providerNameAt(text: string, tagStart: number): string | undefined {
  if (tagStart < 0) return undefined;
  const end = text.indexOf('>', tagStart);
  const tag = text.slice(tagStart, end < 0 ? Math.min(text.length, tagStart + 2000) : Math.min(end, tagStart + 2000));
  const m = /\bproviderName\s*=\s*["']([^"']*)["']/i.exec(tag);
  return m ? m[1] : undefined;
}
