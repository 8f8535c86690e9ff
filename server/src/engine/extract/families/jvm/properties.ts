/**
 * pgjdbc settings written as calls in Java, Kotlin, Groovy or Scala code:
 *
 *     Properties props = new Properties();
 *     props.setProperty("sslmode", "require");          // also props.put(…), Kotlin props["sslmode"] = "require"
 *     props.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
 *     DriverManager.getConnection("jdbc:postgresql://db.example.com/app", props);
 *
 *     PGSimpleDataSource ds = new PGSimpleDataSource();
 *     ds.setServerNames(…); ds.setSslMode("require"); ds.setSsl(true); ds.setSslRootCert("/certs/root.pem");
 *     val ds = PGSimpleDataSource().apply { sslMode = "require" }   // Kotlin property syntax
 *
 *     HikariConfig config = new HikariConfig();
 *     config.setJdbcUrl("jdbc:postgresql://db.example.com/app");
 *     config.addDataSourceProperty("sslmode", "require");
 *
 * The calls on one receiver in one `{` block form one site (kind 'call', driver 'pgjdbc'). A JDBC URL
 * given to the same receiver (setUrl, setJdbcUrl) or passed with it to DriverManager.getConnection(url,
 * props) — a literal, or a variable assigned a literal in this file — joins the site: pgjdbc's
 * Driver.parseURL gives URL parameters priority over the Properties (pgjdbc 3a699d5, Driver.java
 * "priority 1 - URL values"), and HikariCP's DriverDataSource hands its data source properties to
 * Driver.connect with the URL. A URL written elsewhere keeps its own site, without its TLS parameters
 * (they are judged here). Without a URL the site is a fragment: what it does not set is not judged.
 *
 * Values: string literals; `true` / `false` for setSsl; anything else is computed at run time. A
 * Properties value that is not a String (`props.put("ssl", true)`) is ignored by pgjdbc: Driver.connect
 * copies `info.stringPropertyNames()` only.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Scan } from '../../../scan';
import type { HostSpec, Insertion, Param, Span } from '../../../types';
import { isDynamic } from '../../common';
import { extractJdbc, holdsPgjdbcUrl, startsPgjdbcUrl } from '../../jdbc';
import type { SiteDraft } from '../../uri';
import type { Code, Tok } from './code';
import { callArgs, isPunct, scopeBlock, scopeBlockAt, tokenize } from './code';
import { table } from '../../../table';

/** pgjdbc's TLS connection properties (PGProperty names; case-sensitive). */
export const PGJDBC_TLS_KEYS = new Set(['sslmode', 'ssl', 'sslfactory', 'sslrootcert']);
const IDENTITY_KEYS = new Set(['password', 'user']);
/** A Properties value that is not a String: pgjdbc ignores it. */
export const NON_STRING_SUFFIX = ' (not a String: ignored)';

/** Setter methods of org.postgresql.ds.common.BaseDataSource and HikariConfig → the property they set. */
const SETTERS = table<string>({
  setSslMode: 'sslmode',
  setSslmode: 'sslmode',
  setSsl: 'ssl',
  setSslfactory: 'sslfactory',
  setSslFactory: 'sslfactory',
  setSslRootCert: 'sslrootcert',
  setSslrootcert: 'sslrootcert',
  setPassword: 'password',
  setUser: 'user',
  setServerName: 'host',
  setUrl: 'url',
  setURL: 'url',
  setJdbcUrl: 'jdbcUrl',
});
/** Kotlin (and Groovy) property syntax for the same setters. */
const PROPERTIES = table<string>({
  sslMode: 'sslmode',
  sslmode: 'sslmode',
  ssl: 'ssl',
  sslfactory: 'sslfactory',
  sslFactory: 'sslfactory',
  sslRootCert: 'sslrootcert',
  sslrootcert: 'sslrootcert',
  password: 'password',
  user: 'user',
  serverName: 'host',
  url: 'url',
  jdbcUrl: 'jdbcUrl',
});
const PROPERTY_METHODS = new Set(['setProperty', 'put', 'addDataSourceProperty']);

const OTHER_DATABASES = /jdbc:(?:mysql|mariadb|sqlserver|oracle|db2|h2|hsqldb)|com\.mysql|MysqlDataSource|SQLServerDataSource|OracleDataSource|org\.mariadb/i;
const POSTGRES = /postgresql|PG(?:Simple|Pooling|ConnectionPool|XA)DataSource/;

type Flavor = 'properties' | 'hikari' | 'datasource';

interface Entry {
  recv: string;
  block: number;
  /** The property set: a pgjdbc key, `password`, `user`, `host`, `url`, `jdbcUrl`. */
  key: string;
  param?: Param;
  /** A JDBC URL literal (url / jdbcUrl). */
  url?: SiteDraft;
  host?: string;
  stmt: Span;
  flavor: Flavor;
  /** The method or property name, for the hover and insertions. */
  method: string;
}

interface Link {
  recv: string;
  block: number;
  url: SiteDraft;
  stmt: Span;
}

export function extractPgjdbcCalls(text: string, scan: Scan, language: Language): SiteDraft[] {
  const fam = language.family.name;
  if ((fam !== 'java' && fam !== 'kotlin') || !POSTGRES.test(text)) return [];
  if (!/ssl/i.test(text)) return [];
  const code = tokenize(text, scan);
  const entries: Entry[] = [];
  const links: Link[] = [];
  const toks = code.toks;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind !== 'ident') continue;
    const next = toks[k + 1];
    const { name: recv, first } = receiverOf(code, k);
    if (isPunct(next, '(')) {
      if (PROPERTY_METHODS.has(t.text)) {
        const e = propertyCall(code, k, recv, first);
        if (e) entries.push(e);
      } else if (SETTERS[t.text] !== undefined && recv !== '') {
        const e = setterCall(code, k, recv, first, SETTERS[t.text]!);
        if (e) entries.push(e);
      } else if (t.text === 'getConnection' && /(^|\.)DriverManager$/.test(recv)) {
        const l = connectionCall(code, k, first);
        if (l) links.push(l);
      }
    } else if (isPunct(next, '[') && toks[k + 2]?.kind === 'string' && isPunct(toks[k + 3], ']') && isAssign(toks, k + 4)) {
      // Kotlin / Groovy: props["sslmode"] = "require"
      const e = indexAssign(code, k);
      if (e) entries.push(e);
    } else if (PROPERTIES[t.text] !== undefined && isAssign(toks, k + 1) && (recv !== '' ? isPunct(toks[k - 1], '.') : inScopeBlock(code, k))) {
      // `ds.sslMode = "require"`, or `sslMode = "require"` inside `PGSimpleDataSource().apply { … }`
      const e = propertyAssign(code, k, recv, first, PROPERTIES[t.text]!);
      if (e) entries.push(e);
    }
  }
  return buildSites(code, entries, links, fam === 'kotlin' ? '' : ';');
}

/** `a.b.` before token k → `a.b` and the index of its first token; '' (and k) when the call has no receiver. */
function receiverOf(code: Code, k: number): { name: string; first: number } {
  const toks = code.toks;
  if (!isPunct(toks[k - 1], '.')) return { name: '', first: k };
  const parts: string[] = [];
  let j = k - 2;
  let first = k;
  while (j >= 0 && toks[j]!.kind === 'ident') {
    parts.unshift(toks[j]!.text);
    first = j;
    if (!isPunct(toks[j - 1], '.')) break;
    j -= 2;
  }
  // `this.props` → `props`
  if (parts[0] === 'this' && parts.length > 1) parts.shift();
  return { name: parts.join('.'), first };
}

/** Token k starts a statement directly inside a Kotlin scope function's block: `x.apply {`, `with(x) {`, `x.run {`. */
function inScopeBlock(code: Code, k: number): boolean {
  const toks = code.toks;
  const prev = toks[k - 1];
  if (!prev || !(isPunct(prev, '{') || isPunct(prev, ';') || code.text.lastIndexOf('\n', toks[k]!.start) > prev.end - 1)) return false;
  const open = code.blockOf[k]!;
  if (open < 0) return false;
  // the token before the block's `{`
  let j = k - 1;
  while (j >= 0 && toks[j]!.start !== open) j--;
  const before = toks[j - 1];
  if (before?.kind === 'ident' && (before.text === 'apply' || before.text === 'run' || before.text === 'also')) return true;
  if (isPunct(before, ')')) {
    let d = 0;
    for (let i = j - 1; i >= 0 && j - i < 200; i--) {
      if (isPunct(toks[i], ')')) d++;
      else if (isPunct(toks[i], '(') && --d === 0) return toks[i - 1]?.text === 'with';
    }
  }
  return false;
}

function isAssign(toks: Tok[], k: number): boolean {
  return isPunct(toks[k], '=') && !isPunct(toks[k + 1], '=');
}

/** The statement's source range: from its receiver to `)` or the value (and a `;`), as a whole line when alone on it. */
function statementSpan(code: Code, firstTok: number, lastTok: number): Span {
  const text = code.text;
  let start = code.toks[firstTok]!.start;
  let end = code.toks[lastTok]!.end;
  if (isPunct(code.toks[lastTok + 1], ';')) end = code.toks[lastTok + 1]!.end;
  let ls = start;
  while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
  let le = end;
  while (le < text.length && (text[le] === ' ' || text[le] === '\t')) le++;
  if ((ls === 0 || text[ls - 1] === '\n') && (le >= text.length || text[le] === '\n' || text[le] === '\r')) {
    start = ls;
    end = text[le] === '\r' && text[le + 1] === '\n' ? le + 2 : Math.min(text.length, le + 1);
  }
  return { start, end };
}

/** A value given as tokens [s, e): a literal, a boolean, or computed. */
function valueOf(code: Code, s: number, e: number): { value: string; span: Span; dynamic: boolean; nonString?: boolean } | undefined {
  if (e <= s) return undefined;
  const first = code.toks[s]!;
  const span = { start: first.start, end: code.toks[e - 1]!.end };
  if (e - s === 1 && first.kind === 'string' && first.region) {
    const raw = code.text.slice(first.region.start, first.region.end);
    return { value: first.text, span: { start: first.region.start, end: first.region.end }, dynamic: isDynamic(raw) };
  }
  if (e - s === 1 && first.kind === 'ident' && (first.text === 'true' || first.text === 'false')) return { value: first.text, span, dynamic: false, nonString: true };
  // `Boolean.TRUE`, `"true".toString()`… and anything else: computed at run time.
  const shown = code.text.slice(span.start, Math.min(span.end, span.start + 80)).replace(/\s+/g, ' ');
  return { value: shown, span, dynamic: true };
}

function makeParam(key: string, keySpan: Span, v: { value: string; span: Span; dynamic: boolean }, removeSpan: Span): Param {
  return { key, value: v.value, keySpan, valueSpan: v.span, removeSpan, dynamic: v.dynamic };
}

/** `props.setProperty("sslmode", "require")`, `props.put(…)`, `config.addDataSourceProperty(…)`. */
function propertyCall(code: Code, k: number, recv: string, first: number): Entry | undefined {
  const toks = code.toks;
  const call = callArgs(code, k + 1);
  if (!call || call.args.length !== 2) return undefined;
  const [a0, a1] = call.args;
  const keyTok = toks[a0![0]]!;
  if (a0![1] - a0![0] !== 1 || keyTok.kind !== 'string' || !keyTok.region) return undefined;
  const key = keyTok.text;
  if (!PGJDBC_TLS_KEYS.has(key) && !IDENTITY_KEYS.has(key)) return undefined;
  const v = valueOf(code, a1![0], a1![1]);
  if (!v) return undefined;
  const method = toks[k]!.text;
  const flavor: Flavor = method === 'addDataSourceProperty' ? 'hikari' : 'properties';
  const stmt = statementSpan(code, first, call.close);
  // Properties.put with a Boolean: not a String property, so pgjdbc never sees it (Hikari converts it).
  const ignored = v.nonString && method === 'put';
  const keySpan = { start: keyTok.region.start, end: keyTok.region.end };
  return { recv, block: scopeBlock(code, k), key, param: makeParam(ignored ? key + NON_STRING_SUFFIX : key, keySpan, v, stmt), stmt, flavor, method };
}

/** `props["sslmode"] = "require"`. */
function indexAssign(code: Code, k: number): Entry | undefined {
  const toks = code.toks;
  const keyTok = toks[k + 2]!;
  const key = keyTok.text;
  if (!PGJDBC_TLS_KEYS.has(key) && !IDENTITY_KEYS.has(key)) return undefined;
  const end = valueEnd(code, k + 5);
  const v = valueOf(code, k + 5, end);
  if (!v) return undefined;
  const stmt = statementSpan(code, k, end - 1);
  const recv = toks[k]!.text;
  const keySpan = { start: keyTok.region!.start, end: keyTok.region!.end };
  return { recv, block: scopeBlock(code, k), key, param: makeParam(v.nonString ? key + NON_STRING_SUFFIX : key, keySpan, v, stmt), stmt, flavor: 'properties', method: 'setProperty' };
}

/** The end (exclusive token index) of a value starting at `s`: up to `;`, a line break, or the block's end. */
function valueEnd(code: Code, s: number): number {
  const toks = code.toks;
  let e = s;
  let depth = 0;
  const line = (i: number): number => code.text.lastIndexOf('\n', toks[i]!.start);
  while (e < toks.length) {
    const t = toks[e]!;
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'punct' && ')]}'.includes(t.text)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (isPunct(t, ';') || isPunct(t, ','))) break;
    if (depth === 0 && e > s && line(e) !== line(e - 1) && !isPunct(toks[e - 1], '+') && !isPunct(t, '+') && !isPunct(t, '.')) break;
    e++;
  }
  return e;
}

/** `ds.setSslMode("require")`, `config.setJdbcUrl("jdbc:…")`. */
function setterCall(code: Code, k: number, recv: string, first: number, key: string): Entry | undefined {
  const call = callArgs(code, k + 1);
  if (!call || call.args.length !== 1) return undefined;
  const [s, e] = call.args[0]!;
  const stmt = statementSpan(code, first, call.close);
  return entryFor(code, k, recv, key, s, e, stmt, code.toks[k]!.text);
}

/** Kotlin: `ds.sslMode = "require"`, `config.jdbcUrl = "jdbc:…"`. */
function propertyAssign(code: Code, k: number, recv: string, first: number, key: string): Entry | undefined {
  const end = valueEnd(code, k + 2);
  const stmt = statementSpan(code, first, end - 1);
  return entryFor(code, k, recv, key, k + 2, end, stmt, code.toks[k]!.text);
}

function entryFor(code: Code, k: number, recv: string, key: string, s: number, e: number, stmt: Span, method: string): Entry | undefined {
  const v = valueOf(code, s, e);
  if (!v) return undefined;
  const block = scopeBlock(code, k);
  const flavor: Flavor = key === 'jdbcUrl' || /DataSourceProperty/.test(method) ? 'hikari' : 'datasource';
  if (key === 'url' || key === 'jdbcUrl') {
    const url = urlSite(code, s, e);
    return url ? { recv, block, key, url, stmt, flavor, method } : undefined;
  }
  if (key === 'host') return v.dynamic || v.nonString ? undefined : { recv, block, key, host: v.value, stmt, flavor, method };
  const keyTok = code.toks[k]!;
  return { recv, block, key, param: makeParam(key, { start: keyTok.start, end: keyTok.end }, v, stmt), stmt, flavor, method };
}

/** The JDBC URL of a literal argument, or of a variable assigned a literal in this file. */
function urlSite(code: Code, s: number, e: number): SiteDraft | undefined {
  if (e - s !== 1) return undefined;
  const t = code.toks[s]!;
  if (t.kind === 'string' && t.region) return jdbcOf(t);
  if (t.kind !== 'ident') return undefined;
  // The last `NAME = "jdbc:postgresql:…"` (a field, a local, a Kotlin val) before the use, else after it.
  let found: Tok | undefined;
  const toks = code.toks;
  for (let j = 0; j + 2 < toks.length; j++) {
    if (toks[j]!.kind !== 'ident' || toks[j]!.text !== t.text || !isAssign(toks, j + 1)) continue;
    const v = toks[j + 2]!;
    if (v.kind !== 'string' || !holdsPgjdbcUrl(v.text)) continue;
    if (found && j > s) break;
    found = v;
  }
  return found ? jdbcOf(found) : undefined;
}

/** Stands for a JDBC URL of another database (MySQL, SQL Server): its properties are not pgjdbc's. Compared by identity. */
const NOT_PGJDBC: SiteDraft = { kind: 'jdbc', span: { start: 0, end: 0 }, params: [], hosts: [], escape: 'none' };

function jdbcOf(t: Tok): SiteDraft | undefined {
  if (!t.region || !t.text.startsWith('jdbc:')) return undefined;
  if (!startsPgjdbcUrl(t.text)) return NOT_PGJDBC;
  return extractJdbc(t.region)[0];
}

/** `DriverManager.getConnection(url, props)`. */
function connectionCall(code: Code, k: number, first: number): Link | undefined {
  const call = callArgs(code, k + 1);
  if (!call || call.args.length !== 2) return undefined;
  const [a0, a1] = call.args;
  if (a1![1] - a1![0] !== 1 || code.toks[a1![0]]!.kind !== 'ident') return undefined;
  const url = urlSite(code, a0![0], a0![1]);
  if (!url) return undefined;
  const stmt = { start: code.toks[first]!.start, end: code.toks[call.close]!.end };
  return { recv: code.toks[a1![0]]!.text, block: scopeBlock(code, k), url, stmt };
}

export const PGJDBC_CALL_REASON = (): string => l10n.t('pgjdbc connection properties set in code (java.util.Properties, PGSimpleDataSource setters, HikariCP data source properties)');

function buildSites(code: Code, entries: Entry[], links: Link[], semi: string): SiteDraft[] {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const id = `${e.recv}\u0000${e.block}`;
    const g = groups.get(id) ?? [];
    g.push(e);
    groups.set(id, g);
  }
  const otherFile = OTHER_DATABASES.test(code.text);
  const sites: SiteDraft[] = [];
  for (const g of groups.values()) {
    if (!g.some((e) => e.param && PGJDBC_TLS_KEYS.has(e.param.key.split(' ')[0]!))) continue;
    const first = g[0]!;
    const link = links.find((l) => l.recv === first.recv && l.block === first.block) ?? links.find((l) => l.recv === first.recv && l.stmt.start > first.stmt.start);
    const urlEntry = [...g].reverse().find((e) => e.url);
    const url = urlEntry?.url ?? link?.url;
    if (url === NOT_PGJDBC) continue; // a MySQL / SQL Server URL: not pgjdbc
    if (!url && otherFile && !/PG(?:Simple|Pooling|ConnectionPool|XA)DataSource/.test(code.text)) continue;
    const site = groupSite(code, g, url, link, semi);
    sites.push(site);
    if (url && !(url.span.start >= site.span.start && url.span.end <= site.span.end)) sites.push(inertUrl(url));
  }
  return sites;
}

function groupSite(code: Code, g: Entry[], url: SiteDraft | undefined, link: Link | undefined, semi: string): SiteDraft {
  const hikari = g.some((e) => e.flavor === 'hikari');
  const urlFirst = !hikari && !link; // a DataSource's setUrl: later setters override what it set
  const own: Param[] = [];
  let urlAt = -1;
  let host: string | undefined;
  let passwordSpan: Span | undefined;
  let user: string | undefined;
  for (const e of g) {
    if (e.url) urlAt = own.length;
    if (e.host !== undefined) host = e.host;
    if (!e.param) continue;
    if (e.param.key === 'password') {
      if (!e.param.dynamic) passwordSpan = e.param.valueSpan;
      continue;
    }
    if (e.param.key === 'user') {
      if (!e.param.dynamic) user = e.param.value;
      continue;
    }
    own.push(e.param);
  }
  const urlParams = url?.params ?? [];
  const params = urlFirst && urlAt >= 0 ? [...own.slice(0, urlAt), ...urlParams, ...own.slice(urlAt)] : [...own, ...urlParams];
  const spans = g.map((e) => e.stmt);
  if (link) spans.push(link.stmt);
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const hosts: HostSpec[] = url ? url.hosts : host !== undefined ? [{ host }] : [];
  const site: SiteDraft = {
    kind: 'call',
    span: trimSpan(code.text, { start, end }),
    params,
    hosts,
    escape: 'none',
    driver: 'pgjdbc',
    driverReason: url ? l10n.t('{0}; the JDBC URL given with them takes priority over them (Driver.parseURL)', PGJDBC_CALL_REASON()) : PGJDBC_CALL_REASON(),
  };
  if (!url && host === undefined) site.fragment = true;
  // Findings about a setting the site lacks go on its first TLS setting (one statement, one line).
  const firstTls = own.find((p) => PGJDBC_TLS_KEYS.has(p.key.split(' ')[0]!));
  if (firstTls) site.anchor = { start: Math.min(firstTls.keySpan.start, firstTls.valueSpan.start), end: Math.max(firstTls.keySpan.end, firstTls.valueSpan.end) };
  if (url?.database !== undefined) site.database = url.database;
  if (user ?? url?.user) site.user = (user ?? url?.user)!;
  passwordSpan ??= url?.passwordSpan;
  if (passwordSpan) site.passwordSpan = passwordSpan;
  // A line is added only where the next reading counts it with the group (else fix-all would add it
  // again and again): not after the call that takes the Properties (with quotes out of step, the last
  // property call's statement can run past that call), and not inside a block that a stray `{` in the
  // last statement opened.
  const ins = insertion(code, g, semi);
  if (ins && !(link && ins.offset > link.stmt.start) && scopeBlockAt(code, ins.offset) === g[0]!.block) site.insertion = ins;
  return site;
}

function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** A new `recv.setProperty("key", "value");` line after the group's last property call. */
function insertion(code: Code, g: Entry[], semi: string): Insertion | undefined {
  const calls = g.filter((e) => e.param && (e.method === 'setProperty' || e.method === 'put' || e.method === 'addDataSourceProperty' || semi === ''));
  const last = calls[calls.length - 1];
  if (!last) return undefined;
  const method = last.method === 'addDataSourceProperty' ? 'addDataSourceProperty' : 'setProperty';
  const text = code.text;
  let ls = last.stmt.start;
  while (ls > 0 && text[ls - 1] !== '\n') ls--;
  const indent = /^[ \t]*/.exec(text.slice(ls))![0];
  const lineEnd = text.indexOf('\n', last.stmt.start);
  const stmtEnd = last.stmt.end;
  // Insert after the statement's line (the statement span may already hold its newline).
  const offset = text[stmtEnd - 1] === '\n' ? stmtEnd : lineEnd >= 0 && lineEnd < stmtEnd + 200 ? lineEnd : stmtEnd;
  const recv = last.recv === '' ? '' : `${last.recv}.`;
  const newline = text[stmtEnd - 1] === '\n';
  return {
    offset,
    prefix: `${newline ? '' : '\n'}${indent}${recv}${method}("`,
    suffix: `")${semi}${newline ? (text[stmtEnd - 2] === '\r' ? '\r\n' : '\n') : ''}`,
    assign: '", "',
  };
}

/** A URL whose TLS parameters are judged with the Properties given beside it: a fragment without them. */
function inertUrl(url: SiteDraft): SiteDraft {
  return {
    ...url,
    params: url.params.filter((p) => !PGJDBC_TLS_KEYS.has(p.key)),
    fragment: true,
    driver: 'pgjdbc',
    driverReason: l10n.t('a jdbc:postgresql: URL passed with connection properties: its TLS parameters are judged with those properties (URL parameters take priority)'),
  };
}
