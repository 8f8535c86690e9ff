/**
 * PDO MySQL in PHP:
 *
 *     new PDO('mysql:host=db.example.com;dbname=app', $user, $pass, [
 *         PDO::MYSQL_ATTR_SSL_CA => __DIR__ . '/certs/ca.pem',
 *         PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,
 *     ]);
 *     'mysql' => ['driver' => 'mysql', 'host' => env('DB_HOST'), 'options' => extension_loaded('pdo_mysql')
 *         ? array_filter([PDO::MYSQL_ATTR_SSL_CA => env('MYSQL_ATTR_SSL_CA')]) : []],     // Laravel
 *
 * The DSN (`mysql:` then `key=value;…`, php_pdo_parse_data_source) gives host, port, dbname,
 * unix_socket, user, password and any other key as written (PDO ignores those). The options array
 * gives the TLS attributes (PDO::MYSQL_ATTR_SSL_*, PHP 8.4's Pdo\Mysql::ATTR_SSL_*), keyed
 * `MYSQL_ATTR_SSL_…` with the key's range as written. A DSN string outside a `new PDO` call is a
 * fragment: its options are given elsewhere.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Region } from '../../../scan';
import { toSource } from '../../../scan';
import type { HostSpec, Param, Span } from '../../../types';
import { isDynamic, sourceSpan } from '../../common';
import { STRING, type SourceView } from '../../sourceView';
import type { SiteDraft } from '../../uri';
import { Code, Entry, Literal } from './code';

export const PDO_REASON = (): string => l10n.t('a mysql: DSN is read by PDO MySQL (mysqlnd)');
/** `PDO::MYSQL_ATTR_SSL_CA`, `\\Pdo\\Mysql::ATTR_SSL_CA`, or Laravel's `(PHP_VERSION_ID >= 80500 ? Pdo\\Mysql::ATTR_SSL_CA : PDO::MYSQL_ATTR_SSL_CA)`. */
const ATTR = /(?:PDO::MYSQL_ATTR_|Mysql::ATTR_)(SSL_[A-Z_]+)\b/;

export function extractPdo(text: string, view: SourceView, language: Language, code: () => Code): SiteDraft[] {
  const sites: SiteDraft[] = [];
  const consumed: Span[] = [];
  if (language.family.name === 'php' && /PDO|pdo/.test(text)) {
    const c = code();
    const NEW = /\bnew\s+\\?PDO\s*\(/g;
    for (let m = NEW.exec(text); m; m = NEW.exec(text)) {
      if (!c.isCode(m.index)) continue;
      const paren = m.index + m[0].length - 1;
      const args = c.entries(paren, 'arrow');
      const dsnArg = args?.entries[0];
      if (!args || !dsnArg) continue;
      const tok = c.single(dsnArg.valueStart, dsnArg.valueEnd);
      const region = tok?.kind === 'string' ? tok.region : undefined;
      if (!region || !/^\s*mysql:/i.test(region.text)) continue;
      const dsn = parseDsn(region);
      if (!dsn) continue;
      const options = args.entries[3];
      const params = [...dsn.params];
      if (options) params.push(...optionParams(c, options.valueStart, options.valueEnd));
      const site: SiteDraft = {
        kind: 'call',
        span: { start: m.index, end: args.close + 1 },
        params,
        hosts: dsn.hosts,
        anchor: { start: dsnArg.valueStart, end: dsnArg.valueEnd },
        escape: region.escape,
        driver: 'pdo-mysql',
        driverReason: PDO_REASON(),
      };
      if (dsn.database) site.database = dsn.database;
      if (dsn.passwordSpan) site.passwordSpan = dsn.passwordSpan;
      sites.push(site);
      consumed.push(site.span);
    }
    sites.push(...laravel(c, text));
    for (const s of sites) consumed.push(s.span);
  }
  // DSN strings elsewhere (config arrays, .env values): fragments (only in regions that may hold `mysql:`).
  for (const region of view.regionsWith('mysql:', true)) {
    const at = region.text.search(/(^|[\s=:"'])mysql:(host|dbname|unix_socket|port)=/i);
    if (at < 0) continue;
    const start = region.text.indexOf('mysql:', at);
    const sub = subRegion(region, start);
    const dsn = parseDsn(sub, true);
    if (!dsn) continue;
    const span = { start: toSource(sub, 0), end: toSource(sub, dsn.end) };
    if (consumed.some((s) => span.start < s.end && s.start < span.end)) continue;
    const site: SiteDraft = {
      kind: 'adonet',
      span,
      params: dsn.params,
      hosts: dsn.hosts,
      escape: region.escape,
      driver: 'pdo-mysql',
      driverReason: PDO_REASON(),
      fragment: true,
    };
    if (dsn.database) site.database = dsn.database;
    if (dsn.passwordSpan) site.passwordSpan = dsn.passwordSpan;
    sites.push(site);
  }
  return sites;
}

function subRegion(region: Region, from: number): Region {
  if (from === 0) return region;
  const r: Region = { start: toSource(region, from), end: region.end, text: region.text.slice(from), kind: region.kind, escape: region.escape };
  if (region.map) r.map = region.map.slice(from);
  return r;
}

interface Dsn {
  params: Param[];
  hosts: HostSpec[];
  database?: string;
  passwordSpan?: Span;
  /** Decoded end offset of the DSN in its region. */
  end: number;
}

/** `mysql:host=h;port=3306;dbname=d` (pdo_mysql mysql_driver.c: charset, dbname, host, port, unix_socket, user, password). */
function parseDsn(region: Region, stopAtSpace = false): Dsn | undefined {
  const t = region.text;
  const lead = t.length - t.trimStart().length;
  if (!/^mysql:/i.test(t.slice(lead))) return undefined;
  let end = t.length;
  if (stopAtSpace) {
    const ws = t.slice(lead).search(/[\s"'`]/);
    if (ws >= 0) end = lead + ws;
  }
  const body = lead + 6;
  const params: Param[] = [];
  for (let i = body; i < end; ) {
    let j = t.indexOf(';', i);
    if (j < 0 || j > end) j = end;
    const eq = t.indexOf('=', i);
    if (eq > i && eq < j) {
      const key = t.slice(i, eq).trim();
      const value = t.slice(eq + 1, j);
      params.push({
        key,
        value,
        keySpan: sourceSpan(region, i, eq),
        valueSpan: sourceSpan(region, eq + 1, j),
        removeSpan: sourceSpan(region, i === body ? i : i - 1, i === body && j < end ? j + 1 : j),
        dynamic: isDynamic(value),
      });
    }
    i = j + 1;
  }
  const get = (k: string): Param | undefined => [...params].reverse().find((p) => p.key.toLowerCase() === k);
  const host = get('host');
  const sock = get('unix_socket');
  const port = get('port');
  const hosts: HostSpec[] = [];
  const h = host?.value ?? 'localhost';
  // mysqlnd: host "localhost" means the Unix socket.
  if (h === 'localhost') hosts.push({ host: sock?.value ?? 'localhost' });
  else {
    const spec: HostSpec = { host: h };
    if (port) spec.port = port.value;
    hosts.push(spec);
  }
  const dsn: Dsn = { params, hosts, end };
  const db = get('dbname');
  if (db) dsn.database = db.value;
  const pw = get('password');
  if (pw) dsn.passwordSpan = pw.valueSpan;
  return dsn;
}

/** The TLS attributes of a PDO options array (`[…]` or `array(…)`, possibly inside array_filter / a ternary). */
function optionParams(c: Code, start: number, end: number): Param[] {
  const out: Param[] = [];
  const arrays = arraysIn(c, start, end);
  if (arrays.length === 0) {
    const span = { start, end };
    return [{ key: 'options', value: c.shortText(start, end), keySpan: span, valueSpan: span, removeSpan: span, dynamic: true }];
  }
  for (const lit of arrays) {
    for (const e of lit.entries) {
      const m = ATTR.exec(e.key);
      if (!m) continue;
      out.push(attrParam(c, e, `MYSQL_ATTR_${m[1]}`));
    }
  }
  if (/\barray_filter\s*\(/.test(c.text.slice(start, end))) {
    const span = { start, end: start };
    out.push({ key: 'array_filter', value: 'true', keySpan: span, valueSpan: span, removeSpan: span, dynamic: false });
  }
  return out;
}

/** The array literals at the top of an expression (a ternary's first branch, array_filter's argument). */
function arraysIn(c: Code, start: number, end: number): Literal[] {
  const out: Literal[] = [];
  for (let p = start; p < end && out.length < 4; ) {
    const t = c.next(p, end);
    if (t.kind === 'end') break;
    if (c.isPunct(t, '[') || (t.kind === 'ident' && c.tokText(t).toLowerCase() === 'array' && c.isPunct(c.next(t.end, end), '('))) {
      const open = c.isPunct(t, '[') ? t.start : c.next(t.end, end).start;
      const lit = c.entries(open, 'arrow');
      if (lit && lit.entries.some((e) => ATTR.test(e.key))) out.push(lit);
      p = c.matchOf(open) >= 0 ? c.matchOf(open) + 1 : t.end;
      continue;
    }
    if (c.isPunct(t, ':') && out.length > 0) break; // the ternary's else branch
    p = t.end;
  }
  return out;
}

function attrParam(c: Code, e: Entry, name: string): Param {
  const span = { start: e.valueStart, end: e.valueEnd };
  const param = (value: string, valueSpan: Span, dynamic: boolean): Param => ({ ...c.param(e, value, valueSpan, dynamic), key: name, keySpan: e.keySpan });
  const t = c.single(e.valueStart, e.valueEnd);
  if (t?.kind === 'ident' && /^(true|false|null)$/i.test(c.tokText(t))) return param(c.tokText(t).toLowerCase(), span, false);
  if (t?.kind === 'number') return param(c.tokText(t), span, false);
  const lit = c.literal(t);
  if (lit !== undefined && !(c.text[t!.start] === '"' && /\$[A-Za-z_{]/.test(lit))) return param(lit, c.contentSpan(t!), false);
  // __DIR__ . '/certs/ca.pem': relative to this file's folder.
  const toks = c.tokens(e.valueStart, e.valueEnd, 4);
  if (toks.length === 3 && c.tokText(toks[0]!) === '__DIR__' && c.isPunct(toks[1], '.')) {
    const rest = c.literal(toks[2]);
    if (rest !== undefined && /^[\\/]/.test(rest)) {
      const cut = rest.length - rest.replace(/^[\\/]+/, '').length;
      const content = c.contentSpan(toks[2]!);
      return param(rest.slice(cut), { start: content.start + cut, end: content.end }, false);
    }
  }
  return param(c.shortText(e.valueStart, e.valueEnd), span, true);
}

/** Laravel's config/database.php: an array with 'driver' => 'mysql' and an 'options' entry. */
function laravel(c: Code, text: string): SiteDraft[] {
  const out: SiteDraft[] = [];
  const DRIVER = /['"]driver['"]\s*=>\s*['"](?:mysql|mariadb)['"]/g;
  const hits: number[] = [];
  // Both quoted words in strings: not code, and not a commented-out entry (`// 'driver' => 'mysql',`).
  for (let m = DRIVER.exec(text); m; m = DRIVER.exec(text)) if (c.mask[m.index + 1] === STRING && c.mask[m.index + m[0].length - 2] === STRING) hits.push(m.index);
  if (hits.length === 0) return out;
  const owners = c.enclosing(hits);
  hits.forEach((_, i) => {
    const open = owners[i]!;
    if (open < 0) return;
    const lit = c.entries(open, 'arrow');
    if (!lit) return;
    const options = Code.last(lit, 'options');
    const params: Param[] = options ? optionParams(c, options.valueStart, options.valueEnd) : [];
    // The array's entries, as read, need not hold the match (`/'driver' => 'mysql'` is no entry).
    const driver = Code.last(lit, 'driver');
    if (!driver) return;
    const site: SiteDraft = {
      kind: 'call',
      span: { start: lit.open, end: lit.close + 1 },
      params,
      hosts: [],
      anchor: { start: driver.keySpan.start, end: driver.valueEnd },
      escape: 'backslash',
      driver: 'pdo-mysql',
      driverReason: l10n.t("a Laravel database connection with 'driver' => 'mysql' or 'mariadb' (both PDO MySQL)"),
    };
    const host = Code.last(lit, 'host');
    const ht = host ? c.single(host.valueStart, host.valueEnd) : undefined;
    const hv = c.literal(ht);
    if (hv !== undefined) site.hosts = [{ host: hv }];
    const pw = Code.last(lit, 'password');
    const pt = pw ? c.single(pw.valueStart, pw.valueEnd) : undefined;
    if (pt?.kind === 'string') site.passwordSpan = c.contentSpan(pt);
    out.push(site);
  });
  return out;
}
