/**
 * MySQL Connector/J URLs (com.mysql.cj.conf.ConnectionUrlParser, mysql/mysql-connector-j cf2917e):
 *
 *     jdbc:mysql://[user[:password]@]host[:port][,host2[:port]...]/[database][?key=value&...]
 *     jdbc:mysql:loadbalance://…  jdbc:mysql:replication://…  jdbc:mysql+srv://…  jdbc:mysql+srv:loadbalance://…
 *
 * The authority runs to the first `/`, `?` or `#`; hosts may be bracketed (`[h1,h2]`), IPv6 (`[::1]`),
 * or key=value forms (`address=(host=h)(port=3306)`, `(host=h,port=3306)`), whose `host` values are
 * taken. Property keys are case-sensitive (PropertyKey: `sslMode` is not `sslmode`); values are
 * percent-decoded. No host means localhost.
 */
import * as l10n from '@vscode/l10n';
import type { Region } from '../../../scan';
import { parseQuery, queryInsertion, safeDecode, schemeOnly, sourceSpan, urlEnd } from '../../common';
import type { HostSpec } from '../../../types';
import type { SiteDraft } from '../../uri';

/** `jdbc:aws-wrapper:mysql://`: the AWS Advanced JDBC Wrapper, which hands its connection properties to Connector/J. */
const PREFIX = /jdbc:(aws-wrapper:)?mysql(?:\+srv)?:(?:(?:loadbalance|replication):)?\/\//g;

export const CONNECTOR_J_REASON = (): string => l10n.t('a jdbc:mysql: URL is read by MySQL Connector/J');
const WRAPPER_REASON = (): string => l10n.t('a jdbc:aws-wrapper:mysql: URL is read by the AWS Advanced JDBC Wrapper, which hands its TLS parameters to MySQL Connector/J');

export function extractConnectorJ(region: Region, source: string): SiteDraft[] {
  const out: SiteDraft[] = [];
  const text = region.text;
  PREFIX.lastIndex = 0;
  for (let m = PREFIX.exec(text); m; m = PREFIX.exec(text)) {
    const start = m.index;
    const body = start + m[0].length;
    const end = urlEnd(text, body);
    let authEnd = body;
    while (authEnd < end && !'/?#'.includes(text[authEnd]!)) {
      // Parenthesised host specifications may hold anything but their closer.
      // An unclosed `(` is an ordinary character (the URL is malformed; its query is still its query).
      if (text[authEnd] === '(') {
        const close = text.indexOf(')', authEnd);
        authEnd = close < 0 || close >= end ? authEnd + 1 : close + 1;
      } else authEnd++;
    }
    const qIdx = text.indexOf('?', authEnd);
    const q = qIdx >= 0 && qIdx < end ? qIdx : -1;
    const hashIdx = text.indexOf('#', authEnd);
    const queryEnd = hashIdx >= 0 && hashIdx < end && hashIdx > q ? hashIdx : end;
    const pathEnd = q >= 0 ? q : queryEnd;

    const authority = text.slice(body, authEnd);
    const at = authority.lastIndexOf('@');
    let user: string | undefined;
    let passwordSpan;
    if (at >= 0) {
      const colon = authority.indexOf(':');
      const userRaw = authority.slice(0, colon >= 0 && colon < at ? colon : at);
      if (userRaw) user = safeDecode(userRaw);
      if (colon >= 0 && colon < at) passwordSpan = sourceSpan(region, body + colon + 1, body + at);
    }
    const hosts = parseHosts(authority.slice(at + 1));
    let database: string | undefined;
    if (authEnd < pathEnd && text[authEnd] === '/') database = safeDecode(text.slice(authEnd + 1, pathEnd)) || undefined;

    const params = q >= 0 ? parseQuery(region, q + 1, queryEnd, q) : [];
    for (const p of params) {
      if (p.key === 'user') user = p.value;
      if (p.key === 'password') passwordSpan = p.valueSpan;
    }
    // A URL that ends where its string literal ends and is continued by concatenation is built at run time.
    const fragment = end === text.length && continuedAfter(region, source);
    // Not continued: the scheme alone is a prefix (`url.startsWith("jdbc:mysql://")`).
    if (!fragment && schemeOnly(region, body, end)) continue;
    const site: SiteDraft = {
      kind: 'jdbc',
      span: sourceSpan(region, start, end),
      params,
      hosts: hosts.length ? hosts : fragment ? [] : [{ host: 'localhost' }],
      insertion: queryInsertion(region, q, queryEnd),
      escape: region.escape,
      driver: 'mysql-connector-j',
      driverReason: m[1] ? WRAPPER_REASON() : CONNECTOR_J_REASON(),
    };
    if (database !== undefined) site.database = database;
    if (user !== undefined) site.user = user;
    if (passwordSpan) site.passwordSpan = passwordSpan;
    if (fragment) site.fragment = true;
    out.push(site);
    PREFIX.lastIndex = Math.max(end, body);
  }
  return out;
}

const TAIL_KEYS = /(?:^|[?&])(?:sslMode|useSSL|requireSSL|verifyServerCertificate|trustCertificateKeyStoreUrl)=/i;

/**
 * The rest of a URL built by concatenation, `"jdbc:mysql://" + host + "/app?useSSL=false"`: a string
 * literal that follows `+`, holds a query with a Connector/J TLS property, in a file that writes a
 * jdbc:mysql: prefix. A fragment: judged only on what it writes.
 */
export function extractConnectorJTail(region: Region, source: string): SiteDraft[] {
  if (region.kind !== 'string' || !TAIL_KEYS.test(region.text) || region.text.includes('jdbc:')) return [];
  let i = region.start - 1;
  while (i > 0 && (source[i - 1] === '"' || source[i - 1] === "'") && region.start - i < 3) i--;
  let k = i - 1;
  while (k >= 0 && /\s/.test(source[k]!)) k--;
  if (source[k] !== '+') return [];
  const text = region.text;
  const q = text.indexOf('?');
  if (q < 0 || /\s/.test(text.slice(q))) return [];
  const end = text.length;
  return [
    {
      kind: 'jdbc',
      span: sourceSpan(region, q, end),
      params: parseQuery(region, q + 1, end, q),
      hosts: [],
      insertion: queryInsertion(region, q, end),
      escape: region.escape,
      driver: 'mysql-connector-j',
      driverReason: l10n.t('the query of a jdbc:mysql: URL built by concatenation'),
      fragment: true,
    },
  ];
}

/**
 * The string literal holding the region is continued by concatenation (`"…" + x`, PHP `"…" . $x`)
 * or the plain text runs on into a placeholder: the rest of the URL is built at run time.
 */
export function continuedAfter(region: Region, source: string): boolean {
  if (region.kind !== 'string') return false;
  let i = region.end;
  // Past the closing quote(s).
  while (i < source.length && i - region.end < 3 && (source[i] === '"' || source[i] === "'" || source[i] === '`')) i++;
  while (i < source.length && (source[i] === ' ' || source[i] === '\t' || source[i] === '\r' || source[i] === '\n')) i++;
  const c = source[i];
  return c === '+' || (c === '.' && source[i + 1] !== '.') || (c === '%' && source[i + 1] !== '=');
}

/** `h1:3306,h2`, `[h1:1,h2:2]`, `[::1]:3306`, `address=(host=h)(port=1)`, `(host=h,port=1)`. */
export function parseHosts(raw: string): HostSpec[] {
  raw = raw.trim();
  if (raw.startsWith('[') && raw.endsWith(']') && raw.includes(',')) raw = raw.slice(1, -1);
  const hosts: HostSpec[] = [];
  for (const part of splitTop(raw)) {
    const p = part.trim();
    if (p === '') continue;
    if (p.includes('(') || /^address=/i.test(p)) {
      const host = /\(\s*host\s*=\s*([^,)]*)/i.exec(p) ?? /(?:^|,)\s*host\s*=\s*([^,)]*)/i.exec(p);
      const port = /\(\s*port\s*=\s*([^,)]*)/i.exec(p) ?? /(?:^|,)\s*port\s*=\s*([^,)]*)/i.exec(p);
      const spec: HostSpec = { host: safeDecode(host?.[1]?.trim() ?? 'localhost') };
      if (port?.[1]) spec.port = port[1].trim();
      hosts.push(spec);
      continue;
    }
    let host = p;
    let port: string | undefined;
    if (p.startsWith('[')) {
      const close = p.indexOf(']');
      host = close > 0 ? p.slice(1, close) : p.slice(1);
      const rest = close > 0 ? p.slice(close + 1) : '';
      if (rest.startsWith(':')) port = rest.slice(1);
    } else {
      const colon = p.lastIndexOf(':');
      if (colon >= 0 && !p.slice(0, colon).includes(':')) {
        host = p.slice(0, colon);
        port = p.slice(colon + 1);
      }
    }
    const spec: HostSpec = { host: safeDecode(host) };
    if (port) spec.port = port;
    hosts.push(spec);
  }
  return hosts;
}

/** Splits at commas outside parentheses and brackets. */
function splitTop(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of raw) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}
