/**
 * The JVM's default trust store, set as system properties (JSSE Reference Guide, "Customizing the
 * Default Keystores and Truststores, Store Types, and Store Passwords"):
 *
 *     java -Djavax.net.ssl.trustStore=/etc/app/truststore.p12 -Djavax.net.ssl.trustStorePassword=… -jar app.jar
 *     ENV JAVA_TOOL_OPTIONS="-Djavax.net.ssl.trustStore=/certs/rds.jks"
 *     ENTRYPOINT ["java", "-Djavax.net.ssl.trustStore=/certs/rds.jks", "-jar", "app.jar"]
 *     JAVA_OPTS: -Djavax.net.ssl.trustStore=/certs/rds.jks          (compose, Kubernetes, Helm values)
 *     systemProp.javax.net.ssl.trustStore=/certs/rds.jks            (gradle.properties)
 *     <javax.net.ssl.trustStore>${project.basedir}/rds.jks</javax.net.ssl.trustStore>   (Maven)
 *     System.setProperty("javax.net.ssl.trustStore", "/certs/rds.jks")
 *     systemProperty "javax.net.ssl.trustStore", "/certs/rds.jks"    (Gradle)
 *
 * `trustStore`, `trustStorePassword` and `trustStoreType` written together (the same command line, or
 * consecutive lines) form one site of kind 'command' for the driver 'jvm'. The password's range is the
 * site's passwordSpan; its value stays in the param only to open a PKCS#12 store and is never shown.
 * A group without `trustStore` names no file and is not a site.
 */
import * as l10n from '@vscode/l10n';
import type { Region, Scan } from '../../../scan';
import { countStartingBy, toSourceSpan } from '../../../scan';
import type { EscapeStyle, Param, Span } from '../../../types';
import { isDynamic } from '../../common';
import type { SiteDraft } from '../../uri';
import { shellFallback, springFallback } from './fallback';

export const TRUST_STORE = 'javax.net.ssl.trustStore';
export const TRUST_STORE_PASSWORD = 'javax.net.ssl.trustStorePassword';
export const TRUST_STORE_TYPE = 'javax.net.ssl.trustStoreType';

const NAME = /javax\.net\.ssl\.trustStore(Password|Type)?(?![A-Za-z0-9_])/g;
/** Hits further apart than this many lines (or across a blank line) are separate settings. */
const MAX_GAP_LINES = 4;
const MAX_VALUE = 512;

interface Hit {
  param: Param;
  /** Start of the setting as written (`-D`, the quote of a call's first argument...). */
  start: number;
  escape: EscapeStyle;
  password: boolean;
}

export const JVM_DRIVER_REASON = (): string => l10n.t('-Djavax.net.ssl.trustStore sets the JVM\'s default trust store (javax.net.ssl): pgjdbc verifies against it with sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory, MySQL Connector/J when no trustCertificateKeyStoreUrl is set (fallbackToSystemTrustStore), and mssql-jdbc when no trustStore property is set');

export function extractJavaTrustStore(text: string, scan: Scan): SiteDraft[] {
  // A short search first (`j` is rare: it finds nothing fast), then the whole name.
  if (!text.includes('javax.') || !text.includes('javax.net.ssl.trustStore')) return [];
  const hits: Hit[] = [];
  const comments = new CommentIndex(scan.comments);
  NAME.lastIndex = 0;
  for (let m = NAME.exec(text); m; m = NAME.exec(text)) {
    const nameStart = m.index;
    const nameEnd = nameStart + m[0].length;
    if (comments.inside(nameStart)) continue;
    const hit = readSetting(text, scan, m[0], nameStart, nameEnd);
    if (hit) hits.push(hit);
  }
  return group(text, hits);
}

/** The value of the setting whose name is at text[nameStart, nameEnd). */
function readSetting(text: string, scan: Scan, key: string, nameStart: number, nameEnd: number): Hit | undefined {
  const region = regionAt(scan, nameStart);
  const dashD = text.startsWith('-D', nameStart - 2) ? nameStart - 2 : nameStart;
  const hitOf = (v: Value, start: number): Hit => ({ param: param(key, nameStart, nameEnd, v, start), start, escape: v.escape, password: key === TRUST_STORE_PASSWORD });

  // `-Dname=value`, `name=value`, `name: value` inside a string or on a plain line.
  if (region) {
    const li = localIndex(region, nameEnd);
    if (li >= 0) {
      const sep = /^[ \t]*[=:][ \t]*/.exec(region.text.slice(li, li + 40));
      if (sep && (region.text[li] === '=' || region.kind === 'plain')) {
        const v = readInRegion(text, scan, region, li + sep[0].length);
        return v ? hitOf(v, dashD) : undefined;
      }
      // `System.setProperty("javax.net.ssl.trustStore", "value")`, `systemProperty 'name', 'value'`,
      // `systemProperties['name'] = 'value'`: the name is the whole string; the value is the next string.
      if (region.kind === 'string' && region.text === key) {
        const after = region.end + 1;
        const sepArg = /^[ \t]*(?:,|\][ \t]*=|\)[ \t]*\.?[ \t]*=)[ \t]*/.exec(text.slice(after, after + 40));
        if (!sepArg) return undefined;
        const at = after + sepArg[0].length;
        const v = readQuoted(text, scan, at);
        return v ? hitOf(v, region.start - 1) : undefined;
      }
    }
  }
  // Maven: `<javax.net.ssl.trustStore>value</javax.net.ssl.trustStore>`.
  if (text[nameStart - 1] === '<' && text[nameEnd] === '>') {
    const close = text.indexOf('</', nameEnd + 1);
    if (close < 0 || close - nameEnd > MAX_VALUE) return undefined;
    const raw = text.slice(nameEnd + 1, close);
    const trimmed = raw.trim();
    if (trimmed === '') return undefined;
    const s = nameEnd + 1 + raw.indexOf(trimmed);
    return hitOf({ value: trimmed, raw: trimmed, span: { start: s, end: s + trimmed.length }, escape: 'none' }, nameStart - 1);
  }
  return undefined;
}

interface Value {
  value: string;
  raw: string;
  span: Span;
  escape: EscapeStyle;
  fallback?: { name: string; span: Span };
}

/** The value starting at decoded index `i` of a region (or at the string that opens there). */
function readInRegion(text: string, scan: Scan, region: Region, i: number): Value | undefined {
  const src = i < region.text.length ? toSourceSpan(region, i, i).start : region.end;
  // A quoted value after `=`: `-Djavax.net.ssl.trustStore="/a b/x.jks"` on a plain line.
  if (region.kind === 'plain' && i >= region.text.length) return readQuoted(text, scan, region.end);
  let end = i;
  const t = region.text;
  if (t.startsWith('${', i)) {
    let close = i + 2;
    while (close < t.length && close - i < MAX_VALUE && t[close] !== '}') close++;
    if (t[close] === '}') end = close + 1;
  }
  const stop = region.kind === 'plain' ? /[\s"'`;|&<>)\]]/ : /\s/;
  while (end < t.length && end - i < MAX_VALUE && !stop.test(t[end]!)) end++;
  if (end === i) return region.kind === 'plain' ? readQuoted(text, scan, src) : undefined;
  return makeValue(t.slice(i, end), region, i, end);
}

/** A string literal whose opening quote is at (or after white space from) `at`. */
function readQuoted(text: string, scan: Scan, at: number): Value | undefined {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (!/["'`]/.test(text[i] ?? '')) return undefined;
  const r = scan.regions.find((x) => x.kind === 'string' && x.start === i + 1);
  if (!r || r.text.length > MAX_VALUE || r.text.trim() === '') return undefined;
  return makeValue(r.text, r, 0, r.text.length);
}

function makeValue(raw: string, region: Region, from: number, to: number): Value {
  const v: Value = { value: raw, raw, span: toSourceSpan(region, from, to), escape: region.kind === 'string' ? region.escape : 'none' };
  const fb = shellFallback(raw) ?? springFallback(raw);
  if (fb) {
    v.value = fb.value;
    v.fallback = { name: fb.name, span: toSourceSpan(region, from + fb.start, from + fb.end) };
  }
  return v;
}

function param(key: string, nameStart: number, nameEnd: number, v: Value, start: number): Param {
  const p: Param = {
    key,
    value: v.value,
    keySpan: { start: nameStart, end: nameEnd },
    valueSpan: v.fallback ? v.fallback.span : v.span,
    removeSpan: { start, end: v.span.end },
    dynamic: !v.fallback && (isDynamic(v.raw) || /%[A-Za-z_][A-Za-z0-9_]*%/.test(v.raw)),
  };
  if (v.fallback) p.fallbackOf = v.fallback.name;
  return p;
}

/** Consecutive settings (no blank line, at most a few lines apart, no key written twice) form one site. */
function group(text: string, hits: Hit[]): SiteDraft[] {
  const sites: SiteDraft[] = [];
  let cur: Hit[] = [];
  const flush = (): void => {
    const site = toSite(cur);
    if (site) sites.push(site);
    cur = [];
  };
  for (const h of hits) {
    const prev = cur[cur.length - 1];
    if (prev) {
      const gap = text.slice(prev.param.valueSpan.end, h.start);
      const lines = gap.split('\n').length - 1;
      const blank = /\n[ \t]*\r?\n/.test(gap);
      if (blank || lines > MAX_GAP_LINES || cur.some((c) => c.param.key === h.param.key)) flush();
    }
    cur.push(h);
  }
  flush();
  return sites;
}

function toSite(hits: Hit[]): SiteDraft | undefined {
  if (!hits.some((h) => h.param.key === TRUST_STORE)) return undefined;
  const start = Math.min(...hits.map((h) => h.start));
  const end = Math.max(...hits.map((h) => h.param.removeSpan.end));
  const site: SiteDraft = {
    kind: 'command',
    span: { start, end },
    params: hits.map((h) => h.param),
    hosts: [],
    escape: hits.find((h) => h.param.key === TRUST_STORE)!.escape,
    driver: 'jvm',
    driverReason: JVM_DRIVER_REASON(),
  };
  const pw = hits.filter((h) => h.password).pop();
  if (pw) site.passwordSpan = pw.param.valueSpan;
  return site;
}

export function regionAt(scan: Scan, offset: number): Region | undefined {
  // The last region starting at or before `offset`.
  const r = scan.regions[countStartingBy(scan.regions, offset) - 1];
  return r && offset < r.end ? r : undefined;
}

/** The decoded index of a source offset inside a region (-1 when it falls inside an escape). */
export function localIndex(region: Region, sourceOffset: number): number {
  if (!region.map) return sourceOffset - region.start;
  // map is increasing: binary search
  const map = region.map;
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < sourceOffset) lo = mid + 1;
    else hi = mid;
  }
  return map[lo] === sourceOffset ? lo : -1;
}

/** Comment spans, sorted: membership by binary search. */
export class CommentIndex {
  constructor(private readonly spans: readonly Span[]) {}

  inside(offset: number): boolean {
    const c = this.spans[countStartingBy(this.spans, offset) - 1];
    return c !== undefined && offset < c.end;
  }
}
