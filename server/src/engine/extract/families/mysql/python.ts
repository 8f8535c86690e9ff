/**
 * PyMySQL and MySQL Connector/Python connections in Python:
 *
 *     pymysql.connect(host='db.example.com', ssl={'ca': 'certs/ca.pem'}, ssl_verify_identity=True)
 *     mysql.connector.connect(host=h, ssl_ca='ca.pem', ssl_verify_cert=True)
 *     create_engine('mysql+pymysql://u:p@h/db?ssl_ca=ca.pem', connect_args={'ssl': {'ca': 'ca.pem'}})
 *
 * A site is a call (kind 'call'): each keyword argument a Param whose value is the Python literal as
 * written (`True`, `None`, `"text"` JSON-quoted with the range of its content, `dict`), or the
 * expression (dynamic). An `ssl` dict's entries are params `ssl.<key>`; `**kwargs` is a `**` param.
 * Callees are found through the file's imports (`import pymysql as db`, `from mysql import
 * connector`, `from pymysql import connect`). A create_engine / create_async_engine call whose first
 * argument is a literal mysql+pymysql / mysql+mysqlconnector URL is one site: the URL's query
 * parameters (strings, as SQLAlchemy passes them; `url.<key>`) then its connect_args.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Scan } from '../../../scan';
import { toSource } from '../../../scan';
import type { DriverId, HostSpec, Param, Span } from '../../../types';
import { parseQuery, safeDecode } from '../../common';
import type { SiteDraft } from '../../uri';
import { Code, Entry, Literal, Tok } from './code';

interface Callee {
  re: RegExp;
  driver: DriverId;
  reason: string;
}

export function extractPythonMysql(text: string, _scan: Scan, language: Language, code: () => Code): SiteDraft[] {
  if (language.family.name !== 'python' || !/pymysql|mysql\.connector|mysql import|mysql\+/.test(text)) return [];
  const c = code();
  const callees = findCallees(c);
  const sites: SiteDraft[] = [];
  const seen = new Set<number>();
  for (const callee of callees) {
    callee.re.lastIndex = 0;
    for (let m = callee.re.exec(text); m; m = callee.re.exec(text)) {
      if (!c.isCode(m.index) || seen.has(m.index)) continue;
      // Not an attribute of something else (`x.connect(` matched by a bare `connect(`).
      if (m.index > 0 && /[\w.]/.test(text[m.index - 1]!)) continue;
      seen.add(m.index);
      const paren = m.index + m[0].length - 1;
      const args = c.entries(paren, 'equals');
      if (!args) continue;
      const site = callSite(c, m.index, paren, args, callee.driver, callee.reason);
      if (site) sites.push(site);
    }
  }
  const ENGINE = /\bcreate_(?:async_)?engine\s*\(/g;
  for (let m = ENGINE.exec(text); m; m = ENGINE.exec(text)) {
    if (!c.isCode(m.index)) continue;
    const paren = m.index + m[0].length - 1;
    const args = c.entries(paren, 'equals');
    const first = args?.entries[0];
    if (!args || !first || first.key !== '') continue;
    const tok = c.single(first.valueStart, first.valueEnd);
    const url = c.literal(tok);
    const dialect = url !== undefined ? /^mysql\+(pymysql|mysqlconnector):\/\//i.exec(url) : null;
    if (!dialect) continue;
    const driver: DriverId = dialect[1]!.toLowerCase() === 'pymysql' ? 'pymysql' : 'mysql-connector-python';
    const site = engineSite(c, m.index, paren, args, tok!, url!, driver);
    if (site) sites.push(site);
  }
  return sites;
}

/** Call patterns for the names this file binds to PyMySQL and Connector/Python. */
function findCallees(c: Code): Callee[] {
  const text = c.text;
  const pm: string[] = [];
  const pmDirect: string[] = [];
  const mc: string[] = [];
  const mcDirect: string[] = [];
  const IMPORT = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+([^\n#]+)/gm;
  for (let m = IMPORT.exec(text); m; m = IMPORT.exec(text)) {
    if (!c.isCode(m.index + m[0].search(/\S/))) continue;
    const from = m[1];
    for (const part of m[2]!.replace(/[()\\]/g, ' ').split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (!name) continue;
      const bound = (alias ?? name).trim();
      if (!from) {
        if (name === 'pymysql') pm.push(bound);
        if (name === 'mysql.connector') mc.push(alias ? bound : 'mysql.connector');
      } else if (from === 'pymysql' && /^(connect|Connect|Connection)$/.test(name)) pmDirect.push(bound);
      else if (from === 'pymysql.connections' && name === 'Connection') pmDirect.push(bound);
      else if (from === 'mysql' && name === 'connector') mc.push(bound);
      else if (from === 'mysql.connector' && /^(connect|MySQLConnection|CMySQLConnection)$/.test(name)) mcDirect.push(bound);
    }
  }
  const esc = (s: string): string => s.split('.').map((x) => x.replace(/[^\w]/g, '\\$&')).join('\\s*\\.\\s*');
  const out: Callee[] = [];
  const pmReason = l10n.t('a pymysql connect call');
  const mcReason = l10n.t('a mysql.connector connect call (MySQL Connector/Python)');
  if (pm.length) out.push({ re: new RegExp(`\\b(?:${pm.map(esc).join('|')})\\s*\\.\\s*(?:connect|Connect|Connection|connections\\s*\\.\\s*Connection)\\s*\\(`, 'g'), driver: 'pymysql', reason: pmReason });
  if (pmDirect.length) out.push({ re: new RegExp(`\\b(?:${pmDirect.map(esc).join('|')})\\s*\\(`, 'g'), driver: 'pymysql', reason: pmReason });
  if (mc.length) out.push({ re: new RegExp(`\\b(?:${mc.map(esc).join('|')})\\s*\\.\\s*(?:connect|MySQLConnection|CMySQLConnection|pooling\\s*\\.\\s*MySQLConnectionPool)\\s*\\(`, 'g'), driver: 'mysql-connector-python', reason: mcReason });
  if (mcDirect.length) out.push({ re: new RegExp(`\\b(?:${mcDirect.map(esc).join('|')})\\s*\\(`, 'g'), driver: 'mysql-connector-python', reason: mcReason });
  return out;
}

function callSite(c: Code, calleeStart: number, paren: number, args: Literal, driver: DriverId, reason: string): SiteDraft | undefined {
  const params: Param[] = [];
  for (const e of args.entries) params.push(...kwargParams(c, e, ''));
  // A call with nothing but positional arguments is not a connection written here.
  if (args.entries.length > 0 && args.entries.every((e) => e.key === '')) return undefined;
  const site: SiteDraft = {
    kind: 'call',
    span: { start: calleeStart, end: args.close + 1 },
    params,
    hosts: [],
    anchor: { start: calleeStart, end: paren },
    insertion: insertionIn(c, args),
    escape: 'none',
    driver,
    driverReason: reason,
  };
  identity(c, args, site);
  return site;
}

/** Keyword arguments (and the entries of an ssl dict) as params. */
function kwargParams(c: Code, e: Entry, prefix: string): Param[] {
  if (e.spread) return [c.param(e, c.shortText(e.valueStart, e.valueEnd), { start: e.valueStart, end: e.valueEnd }, true, `${prefix}**`)];
  if (e.key === '') return [];
  const key = prefix + e.key;
  const first = c.next(e.valueStart, e.valueEnd);
  if (c.isPunct(first, '{') && c.matchOf(first.start) + 1 === e.valueEnd && !prefix) {
    const dict = c.entries(first.start, 'colon');
    if (!dict) return [c.param(e, c.shortText(e.valueStart, e.valueEnd), { start: e.valueStart, end: e.valueEnd }, true, key)];
    const out = [c.param(e, 'dict', { start: e.valueStart, end: e.valueEnd }, false, key)];
    for (const d of dict.entries) if (d.spread || d.quotedKey) out.push(...kwargParams(c, d, `${key}.`));
    return out;
  }
  return [valueParam(c, e, key)];
}

/** A Python literal as written; strings JSON-quoted with the range of their content. */
function valueParam(c: Code, e: Entry, key: string): Param {
  const span = { start: e.valueStart, end: e.valueEnd };
  const toks = c.tokens(e.valueStart, e.valueEnd, 3);
  // A string prefix (r'', u'', b'') is one identifier token glued to the string.
  const t = toks.length === 1 ? toks[0] : toks.length === 2 && toks[0]!.kind === 'ident' && /^[rRuUbB]{1,2}$/.test(c.tokText(toks[0]!)) && toks[0]!.end === toks[1]!.start ? toks[1] : undefined;
  if (t?.kind === 'ident' && ['True', 'False', 'None'].includes(c.tokText(t))) return c.param(e, c.tokText(t), span, false, key);
  if (t?.kind === 'number') return c.param(e, c.tokText(t), span, false, key);
  const s = c.literal(t);
  if (s !== undefined && !/^[fF]/.test(c.text.slice(e.valueStart, t!.start))) return c.param(e, JSON.stringify(s), c.contentSpan(t!), false, key);
  // ssl=ssl.create_default_context(cafile='ca.pem'): a verifying context (CERT_REQUIRED, check_hostname).
  const ctx = /^(?:ssl\s*\.\s*)?create_default_context\s*\(/.exec(c.text.slice(e.valueStart, e.valueEnd));
  if (ctx && key === 'ssl') {
    const paren = e.valueStart + ctx[0].length - 1;
    const args = c.entries(paren, 'equals');
    if (args && args.close + 1 === e.valueEnd) {
      const cafile = Code.last(args, 'cafile');
      const ct = cafile ? c.single(cafile.valueStart, cafile.valueEnd) : undefined;
      const path = c.literal(ct);
      const out = c.param(e, 'context', span, false, key);
      if (cafile) out.value = path !== undefined ? `context:${JSON.stringify(path)}` : 'context:?';
      return out;
    }
  }
  return c.param(e, c.shortText(e.valueStart, e.valueEnd), span, true, key);
}

/** Where a new keyword argument goes: after the last argument. */
function insertionIn(c: Code, args: Literal): SiteDraft['insertion'] {
  const last = args.entries[args.entries.length - 1];
  if (!last) return { offset: args.open + 1, prefix: '', suffix: '', assign: '=' };
  const end = last.valueEnd;
  const trailingComma = c.next(end, args.close);
  if (c.isPunct(trailingComma, ',')) return { offset: trailingComma.end, prefix: ' ', suffix: ',', assign: '=' };
  return { offset: end, prefix: ', ', suffix: '', assign: '=' };
}

function identity(c: Code, args: Literal, site: SiteDraft): void {
  const str = (key: string): { value: string; tok: Tok } | undefined => {
    const e = Code.last(args, key);
    const t = e ? c.single(e.valueStart, e.valueEnd) : undefined;
    const v = c.literal(t);
    return v === undefined ? undefined : { value: v, tok: t! };
  };
  const host = str('host');
  const sock = str('unix_socket');
  if (host && host.value !== '') {
    const h: HostSpec = { host: host.value };
    const pe = Code.last(args, 'port');
    const pt = pe ? c.single(pe.valueStart, pe.valueEnd) : undefined;
    if (pt?.kind === 'number') h.port = c.tokText(pt);
    site.hosts = [h];
  } else if (sock) site.hosts = [{ host: sock.value }];
  else if (!Code.last(args, 'host') && !Code.last(args, 'unix_socket') && !args.entries.some((e) => e.spread || e.key === 'read_default_file' || e.key === 'option_files')) {
    site.hosts = [{ host: 'localhost' }];
  }
  const db = str('database') ?? str('db');
  if (db) site.database = db.value;
  const user = str('user');
  if (user) site.user = user.value;
  for (const k of ['password', 'passwd']) {
    const e = Code.last(args, k);
    const t = e ? c.single(e.valueStart, e.valueEnd) : undefined;
    if (t?.kind === 'string' && t.region) site.passwordSpan = c.contentSpan(t);
  }
}

/**
 * create_engine('mysql+pymysql://…?ssl_ca=…', connect_args={…}): the URL's query parameters as
 * `url.<key>` string params (SQLAlchemy passes them as strings; the interpreter applies the dialect's
 * translation), then connect_args, which SQLAlchemy applies over them.
 */
function engineSite(c: Code, calleeStart: number, _paren: number, args: Literal, urlTok: Tok, url: string, driver: DriverId): SiteDraft | undefined {
  const region = urlTok.region!;
  const t = region.text;
  const q = t.indexOf('?');
  const params: Param[] = [];
  if (q >= 0) {
    for (const p of parseQuery(region, q + 1, t.length, q)) params.push({ ...p, key: `url.${p.key}`, value: JSON.stringify(p.value) });
  }
  const ca = Code.last(args, 'connect_args');
  if (ca) {
    const first = c.next(ca.valueStart, ca.valueEnd);
    if (c.isPunct(first, '{') && c.matchOf(first.start) + 1 === ca.valueEnd) {
      const dict = c.entries(first.start, 'colon');
      if (!dict) return undefined;
      for (const d of dict.entries) if (d.spread || d.quotedKey) params.push(...kwargParams(c, d, ''));
    } else params.push(c.param(ca, c.shortText(ca.valueStart, ca.valueEnd), { start: ca.valueStart, end: ca.valueEnd }, true, '**'));
  }
  // Identity from the URL: scheme://user:password@host:port/db
  const m = /^[^:]+:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/:?]*)(?::(\d+))?(?:\/([^?]*))?/.exec(url)!;
  const site: SiteDraft = {
    kind: 'call',
    span: { start: calleeStart, end: args.close + 1 },
    params,
    hosts: [],
    anchor: { start: urlTok.start, end: urlTok.end },
    escape: region.escape,
    driver,
    driverReason: l10n.t('a SQLAlchemy {0} engine: the URL query and connect_args become the DBAPI\'s connect() arguments', driver === 'pymysql' ? 'mysql+pymysql' : 'mysql+mysqlconnector'),
  };
  // New URL parameters go at the end of the URL.
  site.insertion = { offset: toSource(region, t.length), prefix: q < 0 ? '?' : t.endsWith('?') || t.endsWith('&') ? '' : '&', suffix: '', assign: '=' };
  if (m[3]) {
    const h: HostSpec = { host: safeDecode(m[3]) };
    if (m[4]) h.port = m[4];
    site.hosts = [h];
  } else site.hosts = [{ host: 'localhost' }];
  if (m[1]) site.user = safeDecode(m[1]);
  if (m[5]) site.database = safeDecode(m[5]);
  if (m[2] !== undefined) {
    const at = t.indexOf('@');
    const colon = t.indexOf(':', t.indexOf('://') + 3);
    if (colon >= 0 && at > colon) site.passwordSpan = regionPart(region, colon + 1, at);
  }
  return site;
}

function regionPart(region: Tok['region'] & object, start: number, end: number): Span {
  return { start: toSource(region, start), end: toSource(region, end) };
}
