/**
 * mysql2 / mysql options in JavaScript and TypeScript:
 *
 *     mysql.createConnection({ host: 'db.example.com', ssl: { ca: fs.readFileSync('ca.pem'), verifyIdentity: true } })
 *     mysql.createPool({ host, user, password })                          // no ssl: no TLS
 *     new Sequelize(db, user, pw, { dialect: 'mysql', dialectOptions: { ssl: { rejectUnauthorized: false } } })
 *     knex({ client: 'mysql2', connection: { host, ssl: { … } } })
 *     new DataSource({ type: 'mysql', host, ssl: { … } })                  // TypeORM
 *
 * A site is the options object: the argument of createConnection / createPool, the connection
 * object of a knex config, the options of a Sequelize or TypeORM config naming MySQL, or (in a file
 * that imports mysql/mysql2 and no PostgreSQL client) any object with an `ssl` property. Its
 * parameters are `ssl` (value `object`, `true`, `false`, a JSON string, or an expression) and the
 * options of an ssl object literal: rejectUnauthorized, ca (the file it reads), verifyIdentity, and
 * spreads.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Region } from '../../../scan';
import type { DriverId, HostSpec, Insertion, Param, Span } from '../../../types';
import { isSpace } from '../../codeView';
import type { SourceView } from '../../sourceView';
import type { SiteDraft } from '../../uri';
import { readFileCaPath } from '../../caPath';
import { Code, Entry, jsImports, Literal, Tok } from './code';

const MAX_OBJECT_SPAN = 20_000;
const MAX_VALUE = 2_000;
const PG_MODULES = new Set(['pg', 'pg-pool', 'pg-native', 'pg-promise', 'postgres', '@prisma/adapter-pg', '@mikro-orm/postgresql', 'slonik']);
const SSL_KEYS = new Set(['rejectUnauthorized', 'ca', 'verifyIdentity']);
const MYSQL_NAME = /^(mysql|mysql2)$/i;

interface Holder {
  /** `{` of the options object. */
  open: number;
  driver: DriverId;
  reason: string;
  /** Where a finding about the missing ssl option goes (the callee, or the entry naming MySQL). */
  anchor?: Span;
  /** Sequelize: the ssl option lives in dialectOptions; TypeORM: `extra.ssl` wins over `ssl`. */
  sslIn?: 'dialectOptions' | 'extra';
}

export function extractNodeMysql(text: string, language: Language, view: SourceView, code: () => Code): SiteDraft[] {
  if (!language.isJavaScript || !/mysql/i.test(text)) return [];
  const modules = jsImports(view);
  const mysql2 = modules.includes('mysql2');
  const mysqljs = modules.includes('mysql');
  // Without a MySQL import, only an ORM setting (`dialect`, `client` or `type`, then `:`) whose value is
  // the string 'mysql' or 'mysql2' makes a site.
  if (!mysql2 && !mysqljs && !view.scan.regions.some((r) => ormValue(view, r))) return [];
  const c = code();
  const pg = modules.some((m) => PG_MODULES.has(m));
  const fileDriver: DriverId = mysql2 || !mysqljs ? 'mysql2' : 'mysqljs';
  const holders = new Map<number, Holder>();
  const add = (h: Holder): void => {
    if (!holders.has(h.open)) holders.set(h.open, h);
  };

  // createConnection({…}) / createPool({…}) in a file that imports a MySQL client.
  if (mysql2 || mysqljs) {
    const CALL = /\b(createConnection|createPool)\s*\(/g;
    for (let m = CALL.exec(text); m; m = CALL.exec(text)) {
      if (!c.isCode(m.index)) continue;
      const paren = m.index + m[0].length - 1;
      const arg = c.next(paren + 1, text.length);
      if (!c.isPunct(arg, '{')) continue;
      const lit = c.entries(arg.start, 'colon');
      if (!lit || Code.last(lit, 'type')) continue; // TypeORM's createConnection({ type: … }) is handled below
      const reason = mysql2
        ? l10n.t('an options object passed to {0} in a file that imports mysql2', m[1]!)
        : l10n.t('an options object passed to {0} in a file that imports mysql (mysqljs), not mysql2', m[1]!);
      add({ open: arg.start, driver: fileDriver, reason, anchor: { start: m.index, end: m.index + m[1]!.length } });
    }
  }

  // ORM configurations naming MySQL, and objects with an ssl key in a MySQL-only file.
  const keyHits: { pos: number; key: string; tok: Tok }[] = [];
  const KEY = /\b(ssl|dialect|client|type)\b\s*['"]?\s*:/g;
  for (let m = KEY.exec(text); m; m = KEY.exec(text)) {
    const at = m.index;
    const quoted = text[at - 1] === '"' || text[at - 1] === "'";
    const start = quoted ? at - 1 : at;
    if (quoted ? c.isCode(at - 1) : !c.isCode(at)) continue;
    const tok = c.next(start, text.length);
    keyHits.push({ pos: start, key: m[1]!, tok });
  }
  const owners = c.enclosing(keyHits.map((k) => k.pos));
  /** Objects an ORM configuration owns (Sequelize dialectOptions, knex connection): not sites of their own. */
  const claimed = new Set<number>();
  const objectValue = (e: Entry | undefined): number => {
    const t = e && c.next(e.valueStart, e.valueEnd);
    return e && t && c.isPunct(t, '{') && c.matchOf(t.start) + 1 === e.valueEnd ? t.start : -1;
  };
  for (const pass of ['orm', 'ssl'] as const) {
    keyHits.forEach((hit, i) => {
      if ((hit.key === 'ssl') !== (pass === 'ssl')) return;
      const open = owners[i]!;
      if (open < 0 || text[open] !== '{') return;
      const lit = c.entries(open, 'colon');
      if (!lit) return;
      const entry = Code.last(lit, hit.key);
      if (!entry || entry.keySpan.start !== hit.pos) return;
      const value = c.literal(c.single(entry.valueStart, entry.valueEnd));
      const at = { start: entry.keySpan.start, end: entry.valueEnd };
      if (hit.key === 'dialect' && value !== undefined && /^mysql$/i.test(value)) {
        const d = objectValue(Code.last(lit, 'dialectOptions'));
        if (d >= 0) claimed.add(d);
        add({ open, driver: 'mysql2', reason: l10n.t("Sequelize's mysql dialect uses mysql2"), anchor: at, sslIn: 'dialectOptions' });
      } else if (hit.key === 'client' && value !== undefined && /^(mysql|mysql2)$/i.test(value)) {
        const conn = objectValue(Code.last(lit, 'connection'));
        if (conn >= 0) {
          const drv: DriverId = value.toLowerCase() === 'mysql' ? 'mysqljs' : 'mysql2';
          claimed.add(conn);
          add({ open: conn, driver: drv, reason: l10n.t("knex with client '{0}' uses the {1} package", value, drv === 'mysqljs' ? 'mysql' : 'mysql2'), anchor: at });
        }
      } else if (hit.key === 'type' && value !== undefined && /^mysql$/i.test(value)) {
        const pe = Code.last(lit, 'connectorPackage');
        const pkg = pe ? c.literal(c.single(pe.valueStart, pe.valueEnd)) : undefined;
        const drv: DriverId = pkg === 'mysql' ? 'mysqljs' : pkg === 'mysql2' ? 'mysql2' : mysqljs && !mysql2 ? 'mysqljs' : 'mysql2';
        const why = pkg
          ? l10n.t("TypeORM with connectorPackage '{0}'", pkg)
          : l10n.t("TypeORM's mysql driver loads the mysql package when it is installed and mysql2 otherwise (MysqlDriver.loadDependencies); {0} is assumed", drv === 'mysqljs' ? 'mysql' : 'mysql2');
        const ex = objectValue(Code.last(lit, 'extra'));
        if (ex >= 0) claimed.add(ex);
        add({ open, driver: drv, reason: why, anchor: at, sslIn: 'extra' });
      } else if (hit.key === 'ssl' && (mysql2 || mysqljs) && !pg && !claimed.has(open) && !namesOther(c, lit)) {
        const reason = mysql2
          ? l10n.t('an ssl option in a file that imports mysql2 and no PostgreSQL client')
          : l10n.t('an ssl option in a file that imports mysql (mysqljs), not mysql2 and no PostgreSQL client');
        add({ open, driver: fileDriver, reason });
      }
    });
  }

  const sites: SiteDraft[] = [];
  for (const h of holders.values()) {
    const site = buildSite(c, h);
    if (site) sites.push(site);
  }
  return narrow(sites);
}

/** The string region may be the value of a `dialect`, `client` or `type` key naming MySQL. */
function ormValue(view: SourceView, r: Region): boolean {
  if (r.kind !== 'string' || r.text.length < 5 || r.text.length > 6 || !MYSQL_NAME.test(r.text)) return false;
  const text = view.text;
  const colon = view.prevSignificantOffset(view.openingQuote(r));
  if (text[colon] !== ':') return false;
  // The key before the colon, maybe quoted.
  let k = view.prevSignificantOffset(colon);
  if (text[k] === '"' || text[k] === "'") {
    k--;
    while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
  }
  return ['dialect', 'client', 'type'].some((w) => text.startsWith(w, k + 1 - w.length));
}

/** `client` / `dialect` / `type` naming another database (knex 'pg', TypeORM 'postgres'…). */
function namesOther(c: Code, lit: Literal): boolean {
  for (const key of ['client', 'dialect', 'type', 'driver']) {
    const e = Code.last(lit, key);
    const v = e ? c.literal(c.single(e.valueStart, e.valueEnd)) : undefined;
    if (v !== undefined && !/^(mysql|mysql2)$/i.test(v)) return true;
  }
  return false;
}

function buildSite(c: Code, h: Holder): SiteDraft | undefined {
  const lit = c.entries(h.open, 'colon');
  if (!lit) return undefined;
  let sslHolder: Literal | undefined = lit;
  if (h.sslIn === 'dialectOptions') {
    const d = Code.last(lit, 'dialectOptions');
    const t = d && c.next(d.valueStart, d.valueEnd);
    sslHolder = d && t && c.isPunct(t, '{') && c.matchOf(t.start) + 1 === d.valueEnd ? c.entries(t.start, 'colon') : undefined;
    if (d && !sslHolder) return undefined; // dialectOptions computed elsewhere
  }
  let ignored: Entry | undefined;
  if (h.sslIn === 'extra') {
    // TypeORM MysqlDriver.createConnectionOptions assigns `extra` over the options: extra.ssl wins.
    const ex = Code.last(lit, 'extra');
    const t = ex && c.next(ex.valueStart, ex.valueEnd);
    const exLit = ex && t && c.isPunct(t, '{') && c.matchOf(t.start) + 1 === ex.valueEnd ? c.entries(t.start, 'colon') : undefined;
    if (ex && !exLit) return undefined;
    if (exLit && Code.last(exLit, 'ssl')) {
      ignored = Code.last(lit, 'ssl');
      sslHolder = exLit;
    }
  } else if (h.sslIn === 'dialectOptions' && !(sslHolder && Code.last(sslHolder, 'ssl'))) ignored = Code.last(lit, 'ssl');
  const sslEntry = sslHolder ? Code.last(sslHolder, 'ssl') : undefined;
  const spreads = (sslHolder?.entries ?? []).some((e) => e.spread) || lit.entries.some((e) => e.spread);
  // Without ssl, only a whole options object (no spread, no uri) says "no TLS".
  if (!sslEntry && (spreads || Code.last(lit, 'uri') || Code.last(lit, 'url') || !h.anchor)) return undefined;

  const params: Param[] = [];
  let insertion: Insertion | undefined;
  if (sslEntry) {
    const first = c.next(sslEntry.valueStart, sslEntry.valueEnd);
    const isObject = c.isPunct(first, '{') && endsValue(c, c.matchOf(first.start) + 1, sslEntry.valueEnd);
    const tok = c.single(sslEntry.valueStart, sslEntry.valueEnd);
    const word = tok?.kind === 'ident' ? c.tokText(tok) : '';
    const str = c.literal(tok);
    const whole = { start: sslEntry.valueStart, end: sslEntry.valueEnd };
    if (isObject) {
      const obj = c.entries(first.start, 'colon');
      if (!obj) return undefined;
      params.push(c.param(sslEntry, 'object', whole, false));
      params.push(...sslParams(c, obj));
      insertion = objectInsertion(c, obj.open, obj.close);
    } else if (['true', 'false', 'null', 'undefined'].includes(word)) params.push(c.param(sslEntry, word, whole, false));
    else if (tok?.kind === 'number') params.push(c.param(sslEntry, c.tokText(tok), whole, false));
    else if (str !== undefined) params.push(c.param(sslEntry, JSON.stringify(str), tok!.region ? c.contentSpan(tok!) : whole, false));
    else params.push(c.param(sslEntry, c.shortText(sslEntry.valueStart, sslEntry.valueEnd), whole, true));
  }
  if (ignored) params.push(c.param(ignored, c.shortText(ignored.valueStart, ignored.valueEnd), { start: ignored.valueStart, end: ignored.valueEnd }, false, h.sslIn === 'extra' ? 'ignored.ssl (extra.ssl wins)' : 'ignored.ssl (Sequelize reads dialectOptions.ssl)'));
  const anchor = sslEntry ? { start: sslEntry.keySpan.start, end: sslEntry.valueEnd } : h.anchor!;
  const whole = { start: lit.open, end: lit.close + 1 };
  const site: SiteDraft = {
    kind: 'object',
    span: whole.end - whole.start > MAX_OBJECT_SPAN ? anchor : whole,
    params,
    hosts: [],
    anchor,
    escape: 'backslash',
    driver: h.driver,
    driverReason: h.reason,
  };
  if (insertion) site.insertion = insertion;
  identity(c, lit, site);
  // createConnection({…}) without host and without a computed part connects to localhost.
  const elsewhere = ['host', 'socketPath', 'uri', 'url'].some((k) => Code.last(lit, k));
  if (site.hosts.length === 0 && !elsewhere && !spreads && h.anchor && h.sslIn !== 'dialectOptions') site.hosts = [{ host: 'localhost' }];
  return site;
}

/** Nothing follows a bracket's end in the value but a TypeScript `as T` / `satisfies T`. */
function endsValue(c: Code, after: number, valueEnd: number): boolean {
  if (after <= 0) return false;
  const t = c.next(after, valueEnd);
  return t.kind === 'end' || (t.kind === 'ident' && (c.tokText(t) === 'as' || c.tokText(t) === 'satisfies'));
}

function sslParams(c: Code, obj: Literal): Param[] {
  const out: Param[] = [];
  for (const e of obj.entries) {
    if (e.spread) {
      out.push(c.param(e, c.shortText(e.valueStart, e.valueEnd), { start: e.valueStart, end: e.valueEnd }, true, '...'));
      continue;
    }
    if (!SSL_KEYS.has(e.key)) continue;
    if (e.key === 'ca') out.push(caParam(c, e));
    else out.push(literalParam(c, e));
  }
  return out;
}

/** true/false/null/undefined/numbers/strings as written (strings JSON-quoted); anything else computed. */
function literalParam(c: Code, e: Entry): Param {
  const t = c.single(e.valueStart, e.valueEnd);
  const span = { start: e.valueStart, end: e.valueEnd };
  if (t && t.kind === 'ident' && ['true', 'false', 'null', 'undefined'].includes(c.tokText(t))) return c.param(e, c.tokText(t), span, false);
  if (t && t.kind === 'number') return c.param(e, c.tokText(t), span, false);
  const lit = c.literal(t);
  if (lit !== undefined) return c.param(e, JSON.stringify(lit), span, false);
  return c.param(e, c.shortText(e.valueStart, e.valueEnd), span, true);
}

/**
 * `ca`: the file it reads, when the value is `fs.readFileSync(PATH)` (optionally `.toString()`, in a
 * one-element array) with PATH a literal, `` `${__dirname}/x` ``, `__dirname + '/x'`, or
 * `path.join(__dirname, 'a', 'b')` / `path.resolve(…)` of literals. Anything else is computed.
 */
export function caParam(c: Code, e: Entry): Param {
  const whole = { start: e.valueStart, end: e.valueEnd };
  const found = e.valueEnd - e.valueStart <= MAX_VALUE ? readFileCaPath(c, c.tokens(e.valueStart, e.valueEnd)) : undefined;
  if (found) return c.param(e, found.path, found.span, false);
  const lit = c.literal(c.single(e.valueStart, e.valueEnd));
  const value = lit !== undefined && lit.includes('-----BEGIN') ? 'inline PEM' : c.shortText(e.valueStart, e.valueEnd);
  return c.param(e, value, whole, true);
}

/** Where a new `key: value` goes in the object literal text[open, close]: before its first property. */
function objectInsertion(c: Code, open: number, close: number): Insertion {
  const text = c.text;
  const first = c.skip(open + 1, close);
  let ws = open + 1;
  while (ws < close && /\s/.test(text[ws]!)) ws++;
  if (first >= close) return { offset: open + 1, prefix: ' ', suffix: ws > open + 1 ? '' : ' ', assign: ': ' };
  const gap = text.slice(open + 1, ws);
  const nl = gap.lastIndexOf('\n');
  if (nl >= 0) return { offset: ws, prefix: '', suffix: ',\n' + gap.slice(nl + 1), assign: ': ' };
  return { offset: ws, prefix: '', suffix: ', ', assign: ': ' };
}

/** host, port, database, user from string literals; the password's range (never its text). */
function identity(c: Code, lit: Literal, site: SiteDraft): void {
  const str = (key: string): { value: string; tok: Tok } | undefined => {
    const e = Code.last(lit, key);
    const t = e ? c.single(e.valueStart, e.valueEnd) : undefined;
    const value = c.literal(t);
    return value === undefined ? undefined : { value, tok: t! };
  };
  const host = str('host');
  if (host && host.value !== '') {
    const h: HostSpec = { host: host.value };
    const pe = Code.last(lit, 'port');
    const pt = pe ? c.single(pe.valueStart, pe.valueEnd) : undefined;
    const port = pt?.kind === 'number' ? c.tokText(pt) : c.literal(pt);
    if (port) h.port = port;
    site.hosts = [h];
  }
  const database = str('database');
  if (database) site.database = database.value;
  const user = str('user') ?? str('username');
  if (user) site.user = user.value;
  const pw = Code.last(lit, 'password');
  const pt = pw ? c.single(pw.valueStart, pw.valueEnd) : undefined;
  if (pt?.kind === 'string' && pt.region) site.passwordSpan = c.contentSpan(pt);
}

/** Sites never overlap: a site whose span holds another keeps only its anchor (the ssl property). */
function narrow(sites: SiteDraft[]): SiteDraft[] {
  const sorted = [...sites].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const open: SiteDraft[] = [];
  const contains = new Set<SiteDraft>();
  for (const s of sorted) {
    while (open.length > 0 && open[open.length - 1]!.span.end <= s.span.start) open.pop();
    if (open.length > 0) contains.add(open[open.length - 1]!);
    open.push(s);
  }
  const out = sorted.map((s) => (contains.has(s) ? { ...s, span: s.anchor! } : s));
  // Anchors of containers can still overlap nested sites (an anchor is the ssl property): drop those.
  const kept: SiteDraft[] = [];
  for (const s of out.sort((a, b) => a.span.start - b.span.start)) {
    if (kept.length && kept[kept.length - 1]!.span.end > s.span.start) continue;
    kept.push(s);
  }
  return kept;
}
