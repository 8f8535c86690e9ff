/**
 * libpq connection URIs: postgresql://[user[:password]@][host][:port][,...][/dbname][?param=value&...]
 * Source: PostgreSQL docs, libpq-connect §"Connection URIs" (34.1.1.2).
 */
import type { Region } from '../scan';
import type { HostSpec, Site, Span } from '../types';
import { parseQuery, queryInsertion, safeDecode, schemeOnly, sourceSpan, urlEnd } from './common';

const SCHEME = /postgres(?:ql)?:\/\//gi;

/** A site before its driver is known; a family extractor may set the driver itself. */
export type SiteDraft = Omit<Site, 'driver' | 'driverReason'> &
  Partial<Pick<Site, 'driver' | 'driverReason'>> & {
    /** Environment assignments that prefix one shell command (`PGSSLMODE=… psql …`). */
    commandPrefix?: boolean;
    /** A postgres.js options object: the URL literal written as the argument before it (its content). */
    urlBeside?: Span;
  };

export function extractUris(region: Region): SiteDraft[] {
  const out: SiteDraft[] = [];
  const text = region.text;
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(text); m; m = SCHEME.exec(text)) {
    const start = m.index;
    // A JDBC URL (`jdbc:postgresql:`, a wrapper's `jdbc:p6spy:postgresql:`): its own extractor, or none.
    if (/jdbc:(?:[\w-]+:)?$/i.test(text.slice(Math.max(0, start - 30), start))) continue;
    if (start > 0 && /[A-Za-z0-9+.\-]/.test(text[start - 1]!)) continue; // part of another scheme
    const end = urlEnd(text, start + m[0].length);
    if (schemeOnly(region, start + m[0].length, end)) continue;
    const site = parseUri(region, start, start + m[0].length, end);
    if (site) out.push(site);
    SCHEME.lastIndex = Math.max(end, start + m[0].length);
  }
  return out;
}

/** Parses text[start, end) of a region, where text[start, afterScheme) is `postgres[ql]://`. */
export function parseUri(region: Region, start: number, afterScheme: number, end: number): SiteDraft | undefined {
  const text = region.text;
  const qIdx = indexIn(text, '?', afterScheme, end);
  const authEnd = firstOf(text, afterScheme, qIdx < 0 ? end : qIdx, '/');
  // libpq: user info runs to the first '@' before any '/'.
  const at = indexIn(text, '@', afterScheme, authEnd);
  let user: string | undefined;
  let passwordSpan;
  let hostStart = afterScheme;
  if (at >= 0) {
    const colon = indexIn(text, ':', afterScheme, at);
    const userRaw = text.slice(afterScheme, colon >= 0 ? colon : at);
    if (userRaw) user = safeDecode(userRaw);
    if (colon >= 0) passwordSpan = sourceSpan(region, colon + 1, at);
    hostStart = at + 1;
  }
  const hosts = parseHostList(text.slice(hostStart, authEnd));
  let database: string | undefined;
  if (authEnd < end && text[authEnd] === '/') {
    const dbRaw = text.slice(authEnd + 1, qIdx < 0 ? end : qIdx);
    if (dbRaw) database = safeDecode(dbRaw);
  }
  const params = qIdx >= 0 ? parseQuery(region, qIdx + 1, end, qIdx) : [];
  // Query parameters `host`, `user`, `dbname` override the URI parts (libpq applies them after).
  for (const p of params) {
    if (p.key === 'host' || p.key === 'hostaddr') hosts.splice(0, hosts.length, ...parseHostList(p.value, true));
    else if (p.key === 'user') user = p.value;
    else if (p.key === 'dbname') database = p.value;
    else if (p.key === 'password') passwordSpan = p.valueSpan;
  }
  const site: SiteDraft = {
    kind: 'uri',
    span: sourceSpan(region, start, end),
    params,
    hosts,
    insertion: queryInsertion(region, qIdx, end),
    escape: region.escape,
  };
  if (user !== undefined) site.user = user;
  if (database !== undefined) site.database = database;
  if (passwordSpan) site.passwordSpan = passwordSpan;
  return site;
}

/** `h1:5432,[::1]:5433,%2Fvar%2Frun` → hosts; `decoded` when the list came from a query value. */
export function parseHostList(raw: string, decoded = false): HostSpec[] {
  if (raw === '') return [];
  const hosts: HostSpec[] = [];
  for (const part of splitHosts(raw)) {
    let host = part;
    let port: string | undefined;
    if (part.startsWith('[')) {
      const close = part.indexOf(']');
      host = close > 0 ? part.slice(1, close) : part.slice(1);
      const rest = close > 0 ? part.slice(close + 1) : '';
      if (rest.startsWith(':')) port = rest.slice(1);
    } else if (!decoded || !part.startsWith('/')) {
      const colon = part.lastIndexOf(':');
      if (colon >= 0 && !part.slice(0, colon).includes(':')) {
        host = part.slice(0, colon);
        port = part.slice(colon + 1);
      }
    }
    const spec: HostSpec = { host: decoded ? host : safeDecode(host) };
    if (port) spec.port = port;
    hosts.push(spec);
  }
  return hosts;
}

function splitHosts(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of raw) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.filter((p) => p !== '');
}

function indexIn(text: string, ch: string, from: number, to: number): number {
  const i = text.indexOf(ch, from);
  return i >= 0 && i < to ? i : -1;
}

function firstOf(text: string, from: number, to: number, ch: string): number {
  const i = indexIn(text, ch, from, to);
  return i < 0 ? to : i;
}
