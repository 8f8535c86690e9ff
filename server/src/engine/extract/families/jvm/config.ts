/**
 * pgjdbc connection properties in JVM configuration files:
 * - Spring Boot (application.properties / application.yml; relaxed binding):
 *     spring.datasource.url=jdbc:postgresql://db.example.com/app
 *     spring.datasource.hikari.data-source-properties.sslmode=require
 *   and the nested YAML form (spring: datasource: hikari: data-source-properties: sslmode: require).
 *   HikariCP hands these to Driver.connect with the URL, whose parameters take priority.
 * - HOCON (Typesafe Config: Akka, Play, Slick; `.conf`):
 *     db { url = "jdbc:postgresql://db.example.com/app", properties = { sslmode = require } }
 *   Slick's DataSourceConfig passes `properties` to the driver with the URL.
 * The TLS keys of one `…properties` map form a site (kind 'call', driver 'pgjdbc') with the JDBC URL
 * of the same configuration (`url`, `jdbc-url`, `jdbcUrl` beside the map or its hikari parent). Spring
 * placeholders with a default (`${DB_SSLMODE:require}`) are judged by their default.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Region, Scan } from '../../../scan';
import { toSourceSpan } from '../../../scan';
import type { Insertion, Param, Span } from '../../../types';
import { isDynamic } from '../../common';
import { extractJdbc, startsPgjdbcUrl } from '../../jdbc';
import type { SiteDraft } from '../../uri';
import { springFallback } from './fallback';
import { CommentIndex, localIndex, regionAt } from './javaOptions';
import { PGJDBC_CALL_REASON, PGJDBC_TLS_KEYS } from './properties';

interface Entry {
  /** The key path, lower-cased segments without dashes/underscores (Spring relaxed binding). */
  path: string[];
  /** The last key segment as written. */
  key: string;
  keySpan: Span;
  value: string;
  raw: string;
  valueSpan: Span;
  /** The whole line (for removal) and its indentation. */
  line: Span;
  indent: string;
  /** The dotted prefix written on the line before the last key (properties and flat keys). */
  prefix: string;
  doc: number;
  fallbackOf?: string;
  /** The lexer's string region of a quoted value. */
  region?: Region;
  /** The plain region (a .properties line, decoded) the value was read from. */
  plain?: Region;
}

const MAX_LINES = 20_000;

export function extractConfigProperties(text: string, scan: Scan, language: Language): SiteDraft[] {
  const fam = language.family.name;
  if (fam !== 'properties' && fam !== 'yaml' && fam !== 'ini') return [];
  if (!/propert/i.test(text) || !/ssl/.test(text)) return [];
  const entries = fam === 'yaml' ? yamlEntries(text, scan) : fam === 'properties' ? flatEntries(text, scan, '=:') : hoconEntries(text, scan);
  return combine(text, entries, fam);
}

const norm = (seg: string): string => seg.toLowerCase().replace(/[-_]/g, '');

/** The `properties` map that holds a TLS key: the path up to it, or undefined. */
function mapPath(e: Entry): string | undefined {
  if (!PGJDBC_TLS_KEYS.has(e.key)) return undefined;
  const parent = e.path.slice(0, -1);
  const last = parent[parent.length - 1];
  if (last !== 'datasourceproperties' && last !== 'properties') return undefined;
  return parent.join('.');
}

const URL_KEYS = new Set(['url', 'jdbcurl']);

function combine(text: string, entries: Entry[], fam: string): SiteDraft[] {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const m = mapPath(e);
    if (m === undefined) continue;
    const id = `${e.doc}\u0000${m}`;
    const g = groups.get(id) ?? [];
    g.push(e);
    groups.set(id, g);
  }
  const sites: SiteDraft[] = [];
  for (const [id, g] of groups) {
    const [doc, map] = id.split('\u0000') as [string, string];
    const parts = map.split('.');
    // The URL beside the map, or beside its hikari parent (spring.datasource.url for spring.datasource.hikari…).
    const owners = [parts.slice(0, -1).join('.'), parts.slice(0, -2).join('.')];
    const urlEntry = entries.find((e) => String(e.doc) === doc && URL_KEYS.has(e.path[e.path.length - 1]!) && owners.includes(e.path.slice(0, -1).join('.')) && e.value.startsWith('jdbc:'));
    if (urlEntry && !startsPgjdbcUrl(urlEntry.value)) continue;
    if (!urlEntry && !/postgresql/i.test(text)) continue;
    const url = urlEntry?.region ? extractJdbc(urlEntry.region)[0] : urlEntry ? jdbcOfPlain(text, urlEntry) : undefined;
    const own: Param[] = g.map((e) => {
      const p: Param = { key: e.key, value: e.value, keySpan: e.keySpan, valueSpan: e.valueSpan, removeSpan: e.line, dynamic: !e.fallbackOf && isDynamic(e.raw) };
      if (e.fallbackOf !== undefined) p.fallbackOf = e.fallbackOf;
      return p;
    });
    const start = Math.min(...g.map((e) => e.keySpan.start - e.prefix.length));
    const end = Math.max(...g.map((e) => e.valueSpan.end));
    const last = g[g.length - 1]!;
    const site: SiteDraft = {
      kind: 'call',
      span: { start, end },
      params: [...own, ...(url?.params ?? [])],
      hosts: url?.hosts ?? [],
      escape: last.region ? last.region.escape : fam === 'properties' ? 'backslash' : 'none',
      driver: 'pgjdbc',
      driverReason: l10n.t('{0}; in configuration: {1} (HikariCP / Slick pass them to the driver with the JDBC URL, whose parameters take priority)', PGJDBC_CALL_REASON(), map),
      anchor: { start: g[0]!.keySpan.start, end: g[0]!.valueSpan.end },
    };
    if (!url) site.fragment = true;
    if (url?.database !== undefined) site.database = url.database;
    if (url?.user !== undefined) site.user = url.user;
    if (url?.passwordSpan) site.passwordSpan = url.passwordSpan;
    site.insertion = insertionAfter(text, last, fam);
    sites.push(site);
    if (url && !(url.span.start >= start && url.span.end <= end)) {
      sites.push({
        ...url,
        params: url.params.filter((p) => !PGJDBC_TLS_KEYS.has(p.key)),
        fragment: true,
        driver: 'pgjdbc',
        driverReason: l10n.t('a jdbc:postgresql: URL whose TLS parameters are judged with the connection properties of {0} (URL parameters take priority)', map),
      });
    }
  }
  return sites;
}

function jdbcOfPlain(text: string, e: Entry): SiteDraft | undefined {
  if (e.plain) return extractJdbc(e.plain)[0];
  const region: Region = { start: e.valueSpan.start, end: e.valueSpan.end, text: text.slice(e.valueSpan.start, e.valueSpan.end), kind: 'plain', escape: 'none' };
  return extractJdbc(region)[0];
}

/** A new line with the same prefix and indentation after the group's last entry. */
function insertionAfter(text: string, last: Entry, fam: string): Insertion {
  const eol = text[last.line.end - 1] === '\n';
  const offset = eol ? last.line.end : last.line.end;
  const nl = eol ? '' : '\n';
  const tail = eol ? (text[last.line.end - 2] === '\r' ? '\r\n' : '\n') : '';
  if (fam === 'yaml') return { offset, prefix: `${nl}${last.indent}${last.prefix}`, assign: ': ', suffix: tail };
  return { offset, prefix: `${nl}${last.indent}${last.prefix}`, assign: fam === 'properties' ? '=' : ' = ', suffix: tail };
}

// ---------------------------------------------------------------------------------------------------
// Entry readers

function lines(text: string): { start: number; end: number; next: number }[] {
  const out: { start: number; end: number; next: number }[] = [];
  let p = 0;
  while (p <= text.length && out.length < MAX_LINES) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    const next = e + 1;
    out.push({ start: p, end: e > p && text[e - 1] === '\r' ? e - 1 : e, next: Math.min(next, text.length + 1) });
    if (e >= text.length) break;
    p = next;
  }
  return out;
}

/** The value after a separator at source offset `at` on a line ending at `end`. */
function readValue(text: string, scan: Scan, at: number, end: number, stopAtHash: boolean): { value: string; raw: string; span: Span; region?: Region } | undefined {
  let i = at;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= end) return undefined;
  if (/["']/.test(text[i]!)) {
    const r = scan.regions.find((x) => x.kind === 'string' && x.start === i + 1);
    if (r) return { value: r.text, raw: text.slice(r.start, r.end), span: { start: r.start, end: r.end }, region: r };
  }
  const region = regionAt(scan, i);
  let e = end;
  if (stopAtHash) {
    const h = text.slice(i, end).search(/\s#/);
    if (h >= 0) e = i + h;
  }
  while (e > i && /[\s,]/.test(text[e - 1]!)) e--;
  if (e <= i) return undefined;
  if (region && region.kind === 'plain' && region.map) {
    const a = localIndex(region, i);
    const b = localIndex(region, e);
    if (a >= 0 && b >= 0) {
      const value = region.text.slice(a, b);
      return { value, raw: value, span: toSourceSpan(region, a, b), region };
    }
  }
  const raw = text.slice(i, e);
  return { value: raw, raw, span: { start: i, end: e } };
}

function entry(path: string[], key: string, keyStart: number, prefix: string, v: NonNullable<ReturnType<typeof readValue>>, line: { start: number; next: number }, indent: string, doc: number, text: string): Entry {
  const e: Entry = {
    path,
    key,
    keySpan: { start: keyStart, end: keyStart + key.length },
    value: v.value,
    raw: v.raw,
    valueSpan: v.span,
    line: { start: line.start, end: Math.min(line.next, text.length) },
    indent,
    prefix,
    doc,
  };
  if (v.region?.kind === 'string') e.region = v.region;
  else if (v.region) e.plain = v.region;
  const fb = springFallback(v.value);
  if (fb) {
    e.value = fb.value;
    e.valueSpan = v.region ? toSourceSpan(v.region, fb.start, fb.end) : { start: v.span.start + fb.start, end: v.span.start + fb.end };
    e.fallbackOf = fb.name;
  }
  return e;
}

/** `a.b.c=value` lines (.properties; `=`, `:` or white space separates). */
function flatEntries(text: string, scan: Scan, seps: string): Entry[] {
  const out: Entry[] = [];
  const comments = new CommentIndex(scan.comments);
  for (const l of lines(text)) {
    const m = /^([ \t]*)([A-Za-z0-9_.\-[\]]+)[ \t]*([=:])/.exec(text.slice(l.start, l.end));
    if (!m || !seps.includes(m[3]!) || comments.inside(l.start + m[1]!.length)) continue;
    const full = m[2]!;
    const segs = full.replace(/\[([^\]]*)\]/g, '.$1').split('.').filter((s) => s !== '');
    if (segs.length === 0) continue; // `.=…`, `[]=…`: no key
    const key = segs[segs.length - 1]!;
    const keyStart = l.start + m[1]!.length + full.lastIndexOf(key);
    const v = readValue(text, scan, l.start + m[0].length, l.end, false);
    if (!v) continue;
    const prefix = full.slice(0, full.lastIndexOf(key));
    out.push(entry(segs.map(norm), key, keyStart, prefix, v, l, m[1]!, 0, text));
  }
  return out;
}

/** Block YAML mappings: each `key:` line's path from the indentation above it; `---` starts a document. */
function yamlEntries(text: string, scan: Scan): Entry[] {
  const out: Entry[] = [];
  const stack: { indent: number; segs: string[] }[] = [];
  let doc = 0;
  const comments = new CommentIndex(scan.comments);
  for (const l of lines(text)) {
    const s = text.slice(l.start, l.end);
    if (/^---/.test(s)) {
      doc++;
      stack.length = 0;
      continue;
    }
    const m = /^([ \t]*)(["']?)([A-Za-z0-9_.\-[\]]+)\2[ \t]*:(?=[ \t]|$)/.exec(s);
    if (!m || comments.inside(l.start + m[1]!.length)) continue;
    const indent = m[1]!.length;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const full = m[3]!;
    const segs = full.replace(/\[([^\]]*)\]/g, '.$1').split('.').filter((x) => x !== '');
    const parent = stack.length > 0 ? stack[stack.length - 1]!.segs : [];
    const path = [...parent, ...segs.map(norm)];
    const v = readValue(text, scan, l.start + m[0].length, l.end, true);
    if (!v || v.value === '|' || v.value === '>') {
      stack.push({ indent, segs: path });
      continue;
    }
    const key = segs[segs.length - 1]!;
    const keyStart = l.start + m[1]!.length + m[2]!.length + full.lastIndexOf(key);
    out.push(entry(path, key, keyStart, full.slice(0, full.lastIndexOf(key)), v, l, m[1]!, doc, text));
  }
  return out;
}

/** HOCON: `key { … }`, `key = { … }`, `a.b = value`, `a: value`; one entry per line (comma-separated members on one line are read too). */
function hoconEntries(text: string, scan: Scan): Entry[] {
  if (!text.includes('jdbc:') && !/postgres/i.test(text)) return [];
  const out: Entry[] = [];
  const stack: string[][] = [];
  const comments = new CommentIndex(scan.comments);
  const CLOSE = /[ \t,]*\}/y;
  const MEMBER = /([ \t,]*)(["']?)([A-Za-z0-9_.\-]+)\2[ \t]*(=|:|\+=)?[ \t]*/y;
  for (const l of lines(text)) {
    let p = l.start;
    while (p < l.end) {
      CLOSE.lastIndex = p;
      const close = CLOSE.exec(text);
      if (close && p + close[0].length <= l.end) {
        stack.pop();
        p += close[0].length;
        continue;
      }
      MEMBER.lastIndex = p;
      const m = MEMBER.exec(text);
      if (!m || m[0].length === 0 || p + m[0].length > l.end + 1 || comments.inside(p + m[1]!.length)) break;
      if (stack.length > 64) break;
      const full = m[3]!;
      const segs = full.split('.').filter((x) => x !== '');
      if (segs.length === 0) break; // a key of dots alone (`. = …`) names nothing
      const parent = stack.length > 0 ? stack[stack.length - 1]! : [];
      const path = [...parent, ...segs.map(norm)];
      const after = p + m[0].length;
      if (text[after] === '{') {
        stack.push(path);
        p = after + 1;
        continue;
      }
      if (!m[4]) break;
      const v = readHoconValue(text, scan, after, l.end);
      if (!v) break;
      const key = segs[segs.length - 1]!;
      const keyStart = p + m[1]!.length + m[2]!.length + full.lastIndexOf(key);
      const indent = /^[ \t]*/.exec(text.slice(l.start, l.end))![0];
      out.push(entry(path, key, keyStart, full.slice(0, full.lastIndexOf(key)), v, l, indent, 0, text));
      p = v.span.end;
      if (text[p] === '"' || text[p] === "'") p++;
    }
  }
  return out;
}

function readHoconValue(text: string, scan: Scan, at: number, end: number): ReturnType<typeof readValue> {
  if (text[at] === '"') {
    const r = scan.regions.find((x) => x.kind === 'string' && x.start === at + 1);
    if (r) return { value: r.text, raw: text.slice(r.start, r.end), span: { start: r.start, end: r.end }, region: r };
    // ini files have no string literals: read to the closing quote.
    const q = text.indexOf('"', at + 1);
    if (q < 0 || q > end) return undefined;
    return { value: text.slice(at + 1, q), raw: text.slice(at + 1, q), span: { start: at + 1, end: q } };
  }
  let e = at;
  while (e < end && !/[\s,}#]/.test(text[e]!) && !text.startsWith('//', e)) e++;
  if (e === at) return undefined;
  return { value: text.slice(at, e), raw: text.slice(at, e), span: { start: at, end: e } };
}
