/**
 * PostgreSQL connection settings in Python:
 * - SQLAlchemy URLs with a driver: `postgresql+psycopg2://…?sslmode=require` (the dialect passes the
 *   query to psycopg2.connect as keyword arguments, so libpq reads them) and
 *   `postgresql+asyncpg://…?ssl=require` (asyncpg.connect keyword arguments: asyncpg's own semantics);
 * - Django `DATABASES` entries: a dict with `'ENGINE': '…postgresql…'` (or PostGIS), whose `OPTIONS`
 *   Django's PostgreSQL backend passes to psycopg as connection keywords;
 * - psycopg / psycopg2 `connect(…)` (and psycopg2 connection pools) with keyword arguments, merged with
 *   a literal DSN given first (keywords override the DSN, as in psycopg's make_dsn);
 * - any other `sslmode` entry: `connect_args={"sslmode": "require"}`, `sslmode="require"` in a call,
 *   `options["sslmode"] = "require"`: a fragment of a psycopg connection (only what it sets is judged).
 * Values may be environment lookups with a literal default (`os.getenv('DB_SSLMODE', 'require')`),
 * judged by the default.
 */
import * as l10n from '@vscode/l10n';
import type { Region, Scan } from '../../../scan';
import type { DriverId, HostSpec, Param, Span } from '../../../types';
import { extractKeyValue } from '../../keyvalue';
import { parseUri, type SiteDraft } from '../../uri';
import { urlEnd } from '../../common';
import { Code, callArgs, calleeBefore, entry, type Entry, type ListInfo, readList, readValue, type ValueRef } from './code';
import { pythonEnv } from './envFallback';
import { callDraft, containerSpan, entryParam, hostOf, listInsertion } from './sites';
import { extractUris } from '../../uri';
import type { SourceView } from '../../sourceView';

/** Longer values of `x["sslmode"] = …` are not read. */
const MAX_VALUE = 300;

/** Keys read from connection keywords and Django OPTIONS (libpq keywords that decide TLS). */
const TLS_KEYS = ['sslmode', 'sslrootcert', 'sslnegotiation', 'requiressl'];

const PSYCOPG_REASON = (): string => l10n.t('psycopg (psycopg2 / psycopg 3) hands connection keywords to libpq, so libpq semantics apply (those of the libpq it is linked with)');
const DJANGO_REASON = (): string => l10n.t('Django\'s PostgreSQL backend passes OPTIONS to psycopg as connection keywords, which libpq reads');

export interface PythonFacts {
  asyncpg: boolean;
  psycopg: boolean;
  sqlalchemy: boolean;
  django: boolean;
}

let last: { text: string; facts: PythonFacts } | undefined;

/** What the file imports (memoised for the last text: the driver of every site asks). */
export function pythonFacts(text: string): PythonFacts {
  if (last && last.text === text) return last.facts;
  last = { text, facts: computeFacts(text) };
  return last.facts;
}

function computeFacts(text: string): PythonFacts {
  const imports = (mod: RegExp): boolean => new RegExp(`^[ \\t]*(?:from|import)[ \\t]+${mod.source}\\b`, 'm').test(text);
  return {
    asyncpg: imports(/asyncpg/),
    psycopg: imports(/psycopg2?|psycopg_pool/),
    sqlalchemy: imports(/sqlalchemy/),
    django: imports(/django/) || /['"]django\.(?:db|contrib\.gis\.db)\.backends\./.test(text),
  };
}

export function extractPython(text: string, scan: Scan, view: SourceView): SiteDraft[] {
  const hasUrl = text.includes('+') && /postgres(?:ql)?\+/i.test(text);
  const hasKeys = /sslmode|ENGINE|connect|sslrootcert/.test(text);
  if (!hasUrl && !hasKeys) return [];
  const out: SiteDraft[] = [];
  for (const r of scan.regions) if (r.kind === 'string' && r.text.includes('+')) out.push(...sqlalchemyUrls(r));
  if (!hasKeys) return out;
  const code = new Code(view);
  if (/create(?:_async)?_engine/.test(text)) out.push(...engineUrls(code, out));
  const claimed: Span[] = out.map((d) => d.span);
  const free = (s: Span): boolean => !claimed.some((c) => s.start < c.end && c.start < s.end);
  for (const d of djangoDatabases(code)) {
    if (!free(d.span)) continue;
    out.push(d);
    claimed.push(d.span);
  }
  for (const d of psycopgCalls(code, pythonFacts(text))) {
    if (!free(d.span)) continue;
    out.push(d);
    claimed.push(d.span);
  }
  for (const d of sslmodeEntries(code)) {
    if (!free(d.span)) continue;
    out.push(d);
    claimed.push(d.span);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// SQLAlchemy URLs

const SA_SCHEME = /postgres(?:ql)?\+([A-Za-z0-9_]+):\/\//gi;
const SA_LIBPQ = new Set(['psycopg2', 'psycopg', 'psycopg2cffi', 'psycopg_async']);

function sqlalchemyUrls(region: Region): SiteDraft[] {
  const out: SiteDraft[] = [];
  const text = region.text;
  SA_SCHEME.lastIndex = 0;
  for (let m = SA_SCHEME.exec(text); m; m = SA_SCHEME.exec(text)) {
    const start = m.index;
    if (start > 0 && /[A-Za-z0-9.\-]/.test(text[start - 1]!)) continue;
    const dialect = m[1]!.toLowerCase();
    const afterScheme = start + m[0].length;
    const end = urlEnd(text, afterScheme);
    SA_SCHEME.lastIndex = Math.max(end, afterScheme);
    if (end === afterScheme) continue; // a bare scheme (`"postgresql+psycopg://"` in a replace()) is no URL
    let driver: DriverId;
    let reason: string;
    if (SA_LIBPQ.has(dialect)) {
      driver = 'libpq';
      reason = l10n.t("SQLAlchemy's postgresql+{0} dialect passes the URL's query parameters to {1}.connect as keywords, which libpq reads", dialect, dialect.startsWith('psycopg2') ? 'psycopg2' : 'psycopg');
    } else if (dialect === 'asyncpg') {
      driver = 'asyncpg';
      reason = l10n.t("SQLAlchemy's postgresql+asyncpg dialect passes the URL's query parameters to asyncpg.connect as keyword arguments");
    } else continue;
    const draft = parseUri(region, start, afterScheme, end);
    if (!draft) continue;
    if (driver === 'asyncpg') {
      // The dialect name as a parameter: it tells the interpreter the query holds keyword arguments.
      const nameStart = start + m[0].indexOf('+') + 1;
      const span = regionSpanOf(region, nameStart, nameStart + dialect.length);
      draft.params.unshift({ key: 'drivername', value: 'asyncpg', keySpan: span, valueSpan: span, removeSpan: span, dynamic: false });
    }
    draft.driver = driver;
    draft.driverReason = reason;
    out.push(draft);
  }
  return out;
}

const SA_REASON = (): string => l10n.t('SQLAlchemy\'s default PostgreSQL dialect is psycopg2, which hands the URL\'s parameters to libpq');

/**
 * `create_engine(url, connect_args={…})`: the keywords of connect_args reach the driver too, so the URL
 * alone is not the whole TLS story: it becomes a fragment (its missing parameters are not judged). A
 * plain postgres:// URL there is taken here, ahead of the core extractor, to mark it so.
 */
function engineUrls(code: Code, urls: SiteDraft[]): SiteDraft[] {
  const out: SiteDraft[] = [];
  const re = /\bcreate(?:_async)?_engine\s*\(/g;
  for (let m = re.exec(code.text); m; m = re.exec(code.text)) {
    if (code.mask[m.index] !== 0) continue;
    const args = callArgs(code, m.index + m[0].length - 1);
    if (!args || !entry(args, 'connect_args')) continue;
    const first = args.entries[0];
    if (!first || first.key !== undefined) continue;
    const toks = code.tokens(first.valueStart, first.valueEnd, 2);
    const region = toks.length === 1 && toks[0]!.kind === 'string' ? toks[0]!.region! : undefined;
    if (!region) continue;
    const known = urls.find((d) => d.span.start >= region.start && d.span.end <= region.end);
    if (known) {
      known.fragment = true;
      continue;
    }
    const uri = extractUris(region)[0];
    if (!uri) continue;
    uri.fragment = true;
    uri.driver = 'libpq';
    uri.driverReason = SA_REASON();
    out.push(uri);
  }
  return out;
}

function regionSpanOf(region: Region, start: number, end: number): Span {
  const map = region.map;
  return map ? { start: map[start]!, end: map[end]! } : { start: region.start + start, end: region.start + end };
}

// ---------------------------------------------------------------------------------------------------
// Django DATABASES

function djangoDatabases(code: Code): SiteDraft[] {
  const out: SiteDraft[] = [];
  const seen = new Set<number>();
  for (const r of code.scan.regions) {
    if (r.kind !== 'string' || r.text !== 'ENGINE') continue;
    const open = code.enclosing(r.start);
    if (open < 0 || code.text[open] !== '{' || seen.has(open)) continue;
    seen.add(open);
    const list = readList(code, open, [':']);
    if (!list) continue;
    const eng = entry(list, 'ENGINE');
    if (!eng || eng.keyTok?.start !== r.start - 1) continue;
    const engine = readValue(code, eng.valueStart, eng.valueEnd, pythonEnv);
    if (engine.dynamic || !/postgres|postgis/i.test(engine.value)) continue;
    const site = djangoSite(code, list, eng, engine);
    if (site) out.push(site);
  }
  return out;
}

function djangoSite(code: Code, list: ListInfo, eng: Entry, engine: ValueRef): SiteDraft | undefined {
  const params: Param[] = [];
  let fragment = hidesEntries(code, list);
  const opts = entry(list, 'OPTIONS');
  let insertion;
  const quote = engine.quote ?? "'";
  if (opts) {
    const first = code.next(opts.valueStart, opts.valueEnd);
    const optList = code.isPunct(first, '{') && code.matchOf(first.start) === opts.valueEnd - 1 ? readList(code, first.start, [':']) : undefined;
    if (optList) {
      if (hidesEntries(code, optList)) fragment = true;
      for (const e of optList.entries) {
        if (e.key === undefined || !TLS_KEYS.includes(e.key)) continue;
        params.push(entryParam(code, optList, e, e.key, readValue(code, e.valueStart, e.valueEnd, pythonEnv)));
      }
      insertion = listInsertion(code, optList, 'dict', quote);
    } else fragment = true; // OPTIONS built elsewhere
  } else {
    insertion = listInsertion(code, list, 'dict', quote, { before: `${quote}OPTIONS${quote}: {`, after: '}' });
  }
  const val = (key: string): ValueRef | undefined => {
    const e = entry(list, key);
    return e ? readValue(code, e.valueStart, e.valueEnd, pythonEnv) : undefined;
  };
  const host = val('HOST');
  const hosts: HostSpec[] = host ? hostOf(host, val('PORT')) : [];
  const anchor = { start: eng.keyTok!.start, end: eng.valueEnd };
  const draft = callDraft(containerSpan(list, anchor), params, hosts, 'none', { anchor, driver: 'libpq', driverReason: DJANGO_REASON() });
  if (insertion && !fragment) draft.insertion = insertion;
  if (fragment) draft.fragment = true;
  const name = val('NAME');
  if (name && !name.dynamic) draft.database = name.value;
  const user = val('USER');
  if (user && !user.dynamic) draft.user = user.value;
  const pw = entry(list, 'PASSWORD');
  if (pw) {
    const ref = readValue(code, pw.valueStart, pw.valueEnd, pythonEnv);
    if (ref.quote !== undefined) draft.passwordSpan = ref.span;
  }
  return draft;
}

// ---------------------------------------------------------------------------------------------------
// psycopg connect calls

const CONNECT_CALLEE = /(?:^|\.)(?:connect|(?:Simple|Threaded|Persistent|Async)?ConnectionPool|AsyncConnection\.connect|Connection\.connect)$/;
const CONNECT_KEYS = ['host', 'hostaddr', 'port', 'dbname', 'database', 'user', 'password', 'service'];

function psycopgCalls(code: Code, facts: PythonFacts): SiteDraft[] {
  if (!facts.psycopg) return [];
  const out: SiteDraft[] = [];
  const re = /\b(connect|\w*ConnectionPool)\s*\(/g;
  for (let m = re.exec(code.text); m; m = re.exec(code.text)) {
    if (code.mask[m.index] !== 0) continue;
    const open = m.index + m[0].length - 1;
    const callee = calleeBefore(code, open);
    if (!callee || !CONNECT_CALLEE.test(callee.name)) continue;
    // `sqlite3.connect`, `asyncpg.connect`, `pymysql.connect`: other clients.
    if (/^(?:sqlite3|asyncpg|pymysql|MySQLdb|mysql\.connector|pyodbc|cx_Oracle|oracledb|redis|pymongo)\./.test(callee.name)) continue;
    if (!/psycopg/.test(callee.name) && callee.name.includes('.') && !/^(?:pool|psycopg_pool)\./.test(callee.name)) continue;
    const args = callArgs(code, open);
    if (!args) continue;
    const site = connectSite(code, args, callee.start);
    if (site) out.push(site);
  }
  return out;
}

function connectSite(code: Code, args: ListInfo, calleeStart: number): SiteDraft | undefined {
  const keywords = args.entries.filter((e) => e.key !== undefined && [...TLS_KEYS, ...CONNECT_KEYS].includes(e.key));
  if (keywords.length === 0) return undefined;
  const params: Param[] = [];
  let hosts: HostSpec[] = [];
  let fragment = hidesEntries(code, args);
  const draft = callDraft({ start: calleeStart, end: args.close + 1 }, params, hosts, 'none', { driver: 'libpq', driverReason: PSYCOPG_REASON() });
  // A DSN given first: its parameters come before the keywords (which override them).
  const first = args.entries[0];
  if (first && first.key === undefined && !first.spread) {
    const toks = code.tokens(first.valueStart, first.valueEnd, 2);
    const region = toks.length === 1 && toks[0]!.kind === 'string' ? toks[0]!.region : undefined;
    const dsn = region ? (extractUris(region)[0] ?? extractKeyValue(region)[0]) : undefined;
    if (dsn) {
      params.push(...dsn.params);
      hosts = dsn.hosts;
      if (dsn.passwordSpan) draft.passwordSpan = dsn.passwordSpan;
      if (dsn.database !== undefined) draft.database = dsn.database;
      if (dsn.user !== undefined) draft.user = dsn.user;
    } else if (!region || region.text.trim() !== '') fragment = true; // a DSN built at run time
  }
  let host: ValueRef | undefined;
  let port: ValueRef | undefined;
  for (const e of keywords) {
    const ref = readValue(code, e.valueStart, e.valueEnd, pythonEnv);
    const key = e.key === 'database' ? 'dbname' : e.key!;
    if (key === 'host' || key === 'hostaddr') host = ref;
    else if (key === 'port') port = ref;
    else if (key === 'dbname' && !ref.dynamic) draft.database = ref.value;
    else if (key === 'user' && !ref.dynamic) draft.user = ref.value;
    else if (key === 'password') {
      if (ref.quote !== undefined) draft.passwordSpan = ref.span;
      continue;
    }
    if (TLS_KEYS.includes(key)) params.push(entryParam(code, args, e, key, ref));
  }
  if (host) hosts = hostOf(host, port);
  draft.hosts = hosts;
  const quote = keywords.map((e) => readValue(code, e.valueStart, e.valueEnd).quote).find((q) => q !== undefined) ?? "'";
  draft.anchor = { start: calleeStart, end: args.open };
  if (fragment) draft.fragment = true;
  else draft.insertion = listInsertion(code, args, 'kwarg', quote);
  return draft;
}

/**
 * Whether a dict or an argument list may hold more than its entries show: a spread (`**kw`), or an
 * entry that is no Python (quotes out of step, `host="a(host="db", …`). What it lacks is then not
 * judged, and nothing is added to it, which this reading would not see either (fix-all would add it
 * forever).
 */
function hidesEntries(code: Code, list: ListInfo): boolean {
  return list.entries.some((e) => e.spread || stringsOutOfStep(code, e.valueStart, e.valueEnd));
}

/**
 * Whether text[start, end) is no Python because of its strings: a string literal directly followed
 * by a name or a number other than an operator word (`"a" if prod else "b"`, `"x" in y` are Python),
 * or a string the line ends before it is closed. Quotes out of step then hide what a list holds, and
 * nothing may be added to it: the next reading would not see that either.
 */
function stringsOutOfStep(code: Code, start: number, end: number): boolean {
  const toks = code.tokens(start, end);
  const text = code.text;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === 'string' && (t.end - t.start < 2 || text[t.end - 1] !== text[t.start])) return true;
    if (i === 0 || toks[i - 1]!.kind !== 'string') continue;
    if (t.kind === 'number' || (t.kind === 'ident' && !OPERATOR_WORDS.has(text.slice(t.start, t.end)))) return true;
  }
  return false;
}

const OPERATOR_WORDS = new Set(['if', 'else', 'and', 'or', 'not', 'in', 'is', 'for', 'async']);

// ---------------------------------------------------------------------------------------------------
// Other sslmode entries

function sslmodeEntries(code: Code): SiteDraft[] {
  const out: SiteDraft[] = [];
  const lists = new Set<number>();
  const parents = new Map<number, ListInfo | undefined>();
  const parentOf = (open: number): ListInfo | undefined => {
    const p = code.enclosing(open);
    if (p < 0 || code.text[p] !== '{') return undefined;
    if (!parents.has(p)) parents.set(p, readList(code, p, [':']));
    return parents.get(p);
  };
  // `"sslmode": …` in a dict, `sslmode=…` in a call or dict(…)
  const re = /\bsslmode\b/g;
  for (let m = re.exec(code.text); m; m = re.exec(code.text)) {
    const inString = code.mask[m.index] === 1;
    if (code.mask[m.index] === 2) continue;
    const open = code.enclosing(m.index);
    if (open < 0 || lists.has(open)) continue;
    const ch = code.text[open];
    if (ch === '{' && inString) {
      lists.add(open);
      const list = readList(code, open, [':']);
      const d = list && listSite(code, list, 'dict', parentOf(open));
      if (d) out.push(d);
    } else if (ch === '(' && !inString) {
      lists.add(open);
      const list = callArgs(code, open);
      const d = list && listSite(code, list, 'kwarg');
      if (d) out.push(d);
    } else if (ch === '[' && inString) {
      const d = subscriptSite(code, open);
      if (d) out.push(d);
    }
  }
  return out;
}

/**
 * A dict or keyword list holding sslmode. An `"OPTIONS": {…}` dict takes its host from the dict around
 * it (`"HOST": …`, as in Django and NetBox settings).
 */
function listSite(code: Code, list: ListInfo, style: 'dict' | 'kwarg', parent?: ListInfo): SiteDraft | undefined {
  const mode = entry(list, 'sslmode');
  if (!mode || (style === 'dict' && mode.keyTok?.kind !== 'string') || (style === 'kwarg' && mode.keyTok?.kind !== 'ident')) return undefined;
  const params = list.entries
    .filter((e) => e.key !== undefined && TLS_KEYS.includes(e.key))
    .map((e) => entryParam(code, list, e, e.key!, readValue(code, e.valueStart, e.valueEnd, pythonEnv)));
  const owner = parent?.entries.find((e) => e.key === 'OPTIONS' && e.valueStart === list.open) ? parent : undefined;
  const hostEntry = entry(list, 'host') ?? (owner && entry(owner, 'HOST'));
  const portEntry = owner && entry(owner, 'PORT');
  const port = portEntry ? readValue(code, portEntry.valueStart, portEntry.valueEnd, pythonEnv) : undefined;
  const hosts = hostEntry ? hostOf(readValue(code, hostEntry.valueStart, hostEntry.valueEnd, pythonEnv), port) : [];
  const anchor = { start: mode.start, end: mode.end };
  return callDraft(containerSpan(list, anchor), params, hosts, 'none', {
    anchor,
    fragment: true,
    driver: 'libpq',
    driverReason: l10n.t('an sslmode {0} in Python is a psycopg connection keyword (directly, or through SQLAlchemy\'s connect_args and Django\'s OPTIONS), read by libpq', style === 'dict' ? 'entry' : 'keyword'),
  });
}

/** `options["sslmode"] = value` */
function subscriptSite(code: Code, open: number): SiteDraft | undefined {
  const close = code.matchOf(open);
  if (close < 0) return undefined;
  const inner = code.tokens(open + 1, close, 2);
  if (inner.length !== 1 || code.literal(inner[0]) !== 'sslmode') return undefined;
  const eq = code.next(close + 1, code.text.length);
  if (!code.isPunct(eq, '=') || code.text[eq.start + 1] === '=') return undefined;
  const vs = code.skip(eq.end, code.text.length);
  // The value runs to the end of the line; a realistic one is short (an environment lookup at most).
  const limit = Math.min(code.text.length, vs + MAX_VALUE);
  let ve = vs;
  while (ve < limit && code.text[ve] !== '\n' && code.text[ve] !== '\r' && code.mask[ve] !== 2) ve++;
  if (ve === limit && limit < code.text.length && code.text[ve] !== '\n' && code.text[ve] !== '\r') return undefined;
  ve = code.trimEnd(vs, ve);
  if (ve <= vs) return undefined;
  const ref = readValue(code, vs, ve, pythonEnv);
  const keySpan = { start: inner[0]!.start, end: inner[0]!.end };
  const target = code.prev(open);
  const start = target && target.kind === 'ident' ? target.start : open;
  const param: Param = { key: 'sslmode', value: ref.value, keySpan, valueSpan: ref.span, removeSpan: { start, end: ve }, dynamic: ref.dynamic };
  if (ref.fallbackOf !== undefined) param.fallbackOf = ref.fallbackOf;
  return callDraft({ start, end: ve }, [param], [], 'none', {
    fragment: true,
    driver: 'libpq',
    driverReason: l10n.t('an sslmode entry in Python is a psycopg connection keyword, read by libpq'),
  });
}
