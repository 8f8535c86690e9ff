/**
 * libpq keyword/value connection strings: `host=db port=5432 sslrootcert='/p a/root.crt'`.
 * Quoting (libpq-connect §34.1.1.1): values are separated by white space; a value may be
 * single-quoted to hold spaces; inside or outside quotes a backslash escapes the next character;
 * spaces around `=` are allowed. Implemented after conninfo_parse() in fe-connect.c.
 */
import type { Region } from '../scan';
import { toSource } from '../scan';
import type { HostSpec, Param, Span } from '../types';
import { isDynamic, isJsSpace, sourceSpan } from './common';
import type { SiteDraft } from './uri';
import { parseHostList } from './uri';

/** libpq's connection keywords (PostgreSQL 18, libpq-connect §34.1.2). */
export const LIBPQ_KEYWORDS = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding',
  'connect_timeout', 'client_encoding', 'options', 'application_name', 'fallback_application_name',
  'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout',
  'replication', 'gssencmode', 'sslmode', 'sslnegotiation', 'requiressl', 'sslcompression', 'sslcert',
  'sslkey', 'sslkeylogfile', 'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni',
  'requirepeer', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'min_protocol_version',
  'max_protocol_version', 'krbsrvname', 'gsslib', 'gssdelegation', 'service', 'servicefile',
  'target_session_attrs', 'load_balance_hosts', 'scram_client_key', 'scram_server_key',
  'oauth_issuer', 'oauth_client_id', 'oauth_client_secret', 'oauth_scope',
]);

/**
 * What makes two or more libpq keywords a connection string: where it connects (`host`, `hostaddr`),
 * or to which database (`dbname`). Without them, and without a TLS key, `user=app port=5432` is too
 * little to read as one (libpq would use the default host, a Unix-domain socket on most systems), and
 * a `service=` string takes its settings from the service file, which is read on its own.
 */
const CONNECT_KEYS = ['host', 'hostaddr', 'dbname'];
const TLS_KEYS = ['sslmode', 'requiressl', 'sslrootcert', 'sslnegotiation'];

interface RawPair {
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number; // raw value text, inside quotes
  valueEnd: number;
  pairEnd: number; // after the closing quote
}

/** The longest libpq keyword's length. */
const MAX_KEYWORD = Math.max(...[...LIBPQ_KEYWORDS].map((k) => k.length));

/**
 * conninfo_parse over text[from, to); undefined when it is not a keyword/value string. With
 * `keywordsOnly`, also undefined as soon as a key is not a libpq keyword.
 */
export function parseConninfo(text: string, from: number, to: number, keywordsOnly = false): RawPair[] | undefined {
  let pairs: RawPair[] | undefined;
  let i = from;
  for (;;) {
    while (i < to && isWs(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const keyStart = i;
    while (i < to && text.charCodeAt(i) !== 61 && !isWs(text.charCodeAt(i))) {
      i++;
      if (keywordsOnly && i - keyStart > MAX_KEYWORD) return undefined;
    }
    const keyEnd = i;
    while (i < to && isWs(text.charCodeAt(i))) i++;
    if (text[i] !== '=' || keyEnd === keyStart) return undefined;
    const key = text.slice(keyStart, keyEnd);
    if (keywordsOnly && !LIBPQ_KEYWORDS.has(key)) return undefined;
    i++;
    while (i < to && isWs(text.charCodeAt(i))) i++;
    let value = '';
    let valueStart = i;
    let valueEnd: number;
    let pairEnd: number;
    if (text[i] === "'") {
      i++;
      valueStart = i;
      let closed = false;
      let run = i; // start of the characters not yet copied to `value`
      while (i < to) {
        const c = text.charCodeAt(i);
        if (c === 92 && i + 1 < to) {
          value += text.slice(run, i) + text[i + 1];
          i += 2;
          run = i;
        } else if (c === 39) {
          closed = true;
          break;
        } else i++;
      }
      if (!closed) return undefined;
      value += text.slice(run, i);
      valueEnd = i;
      pairEnd = i + 1;
      i++;
    } else {
      let run = i;
      while (i < to) {
        const c = text.charCodeAt(i);
        if (isWs(c)) break;
        if (c === 92 && i + 1 < to) {
          value += text.slice(run, i) + text[i + 1];
          i += 2;
          run = i;
        } else i++;
      }
      value += text.slice(run, i);
      valueEnd = i;
      pairEnd = i;
    }
    (pairs ??= []).push({ key, value, keyStart, keyEnd, valueStart, valueEnd, pairEnd });
  }
  return pairs ?? [];
}

/** White space as conninfo_parse skips it (isspace). */
function isWs(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function toParams(region: Region, pairs: RawPair[]): Param[] {
  return pairs.map((p, idx) => {
    // Removal takes the parameter and the white space before it (after it, for the first one).
    const next = pairs[idx + 1];
    const prev = pairs[idx - 1];
    const removeSpan: Span =
      idx > 0 ? sourceSpan(region, prev!.pairEnd, p.pairEnd) : sourceSpan(region, p.keyStart, next ? next.keyStart : p.pairEnd);
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

function buildSite(region: Region, pairs: RawPair[]): SiteDraft | undefined {
  if (pairs.length === 0 || !pairs.every((p) => LIBPQ_KEYWORDS.has(p.key))) return undefined;
  const keys = new Set(pairs.map((p) => p.key));
  const complete = pairs.length >= 2 && CONNECT_KEYS.some((k) => keys.has(k));
  if (!complete && !TLS_KEYS.some((k) => keys.has(k))) return undefined;
  const params = toParams(region, pairs);
  let hosts: HostSpec[] = [];
  let user: string | undefined;
  let database: string | undefined;
  let passwordSpan: Span | undefined;
  for (const p of params) {
    if (p.key === 'host' || (p.key === 'hostaddr' && hosts.length === 0)) hosts = parseHostList(p.value, true);
    if (p.key === 'user') user = p.value;
    if (p.key === 'dbname') database = p.value;
    if (p.key === 'password') passwordSpan = p.valueSpan;
  }
  const first = pairs[0]!;
  const last = pairs[pairs.length - 1]!;
  const site: SiteDraft = {
    kind: 'keyvalue',
    span: sourceSpan(region, first.keyStart, last.pairEnd),
    params,
    hosts,
    // After a trailing empty value (`password=`) libpq would read an appended `key=value` as that
    // value (it skips white space after `=`): new parameters then go first.
    insertion:
      last.valueStart === last.valueEnd && region.text[last.valueStart - 1] !== "'"
        ? { offset: toSource(region, first.keyStart), prefix: '', suffix: ' ', assign: '=' }
        : { offset: toSource(region, last.pairEnd), prefix: ' ', suffix: '', assign: '=' },
    escape: region.escape,
  };
  if (!complete) site.fragment = true;
  if (user !== undefined) site.user = user;
  if (database !== undefined) site.database = database;
  if (passwordSpan) site.passwordSpan = passwordSpan;
  return site;
}

/**
 * A string literal holding exactly a keyword/value string, or a plain line whose value part is one
 * (`DSN=host=db sslmode=require`, `dsn: host=db ...`).
 */
/**
 * `cut`: the plain region ends where a quoted string begins in the middle of a value (a `.env` line
 * `K=host=h password='x' dbname=d`): the site is then only part of what the client reads, so it takes
 * no new parameter (appending would land inside the value) and missing parameters are not judged.
 */
export function extractKeyValue(region: Region, cut: boolean | ((region: Region) => boolean) = false): readonly SiteDraft[] {
  const text = region.text;
  if (!text.includes('=')) return NONE;
  // The whole text, else (plain text) the value after the first `=` or `: ` (`/^[^=:]*?(=|:\s)/`).
  for (let s = 0; s >= 0; s = s === 0 && region.kind === 'plain' ? valueStart(text) : -1) {
    // A site needs every key to be a libpq keyword: the parse stops at the first one that is not.
    const pairs = parseConninfo(text, s, text.length, true);
    const site = pairs && buildSite(region, pairs);
    if (site) {
      if (typeof cut === 'function' ? cut(region) : cut) {
        site.fragment = true;
        delete site.insertion;
      }
      return [site];
    }
  }
  return NONE;
}

/** No site (shared: the result is never changed). */
const NONE: readonly SiteDraft[] = [];

/** After the first `=`, or the first `:` when white space follows it (-1: the first `:` is not followed by white space, or neither is there). */
function valueStart(text: string): number {
  const eq = text.indexOf('=');
  const colon = text.indexOf(':');
  if (colon < 0 || (eq >= 0 && eq < colon)) return eq < 0 ? -1 : eq + 1;
  return isJsSpace(text.charCodeAt(colon + 1)) ? colon + 2 : -1;
}

/** pg_service.conf: `[name]` sections of `key=value` lines, each section one connection. */
export function extractServiceFile(text: string): SiteDraft[] {
  const sites: SiteDraft[] = [];
  const lineRe = /[^\r\n]*(\r\n|\r|\n|$)/g;
  let section: { pairs: RawPair[]; start: number; lastLineEnd: number; header: Span } | undefined;
  const region: Region = { start: 0, end: text.length, text, kind: 'plain', escape: 'none' };
  const flush = (): void => {
    if (section && section.pairs.length) {
      const site = buildSite(region, section.pairs);
      if (site) {
        site.span = { start: section.start, end: section.lastLineEnd };
        site.anchor = section.header;
        site.insertion = { offset: section.lastLineEnd, prefix: '\n', suffix: '', assign: '=' };
        delete site.fragment;
        sites.push(site);
      }
    }
  };
  for (let m = lineRe.exec(text); m && m[0] !== ''; m = lineRe.exec(text)) {
    const lineStart = m.index;
    const line = m[0].replace(/[\r\n]+$/, '');
    const trimmed = line.trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      flush();
      const lead = line.length - line.trimStart().length;
      section = { pairs: [], start: lineStart, lastLineEnd: lineStart + line.length, header: { start: lineStart + lead, end: lineStart + lead + trimmed.length } };
      continue;
    }
    if (!section || trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const lead = line.length - line.trimStart().length;
    const keyEnd = line.slice(0, eq).trimEnd().length;
    const valueStart = eq + 1 + (line.slice(eq + 1).length - line.slice(eq + 1).trimStart().length);
    const valueEnd = line.trimEnd().length;
    section.pairs.push({
      key: line.slice(lead, keyEnd),
      value: line.slice(valueStart, valueEnd),
      keyStart: lineStart + lead,
      keyEnd: lineStart + keyEnd,
      valueStart: lineStart + valueStart,
      valueEnd: lineStart + Math.max(valueStart, valueEnd),
      pairEnd: lineStart + Math.max(valueStart, valueEnd),
    });
    section.lastLineEnd = lineStart + line.length;
  }
  flush();
  return sites;
}
