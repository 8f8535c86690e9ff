/**
 * MySQL URLs whose reader is known:
 * - `mysql://user:pass@host:3306/db?ssl={"rejectUnauthorized":false}` in a JavaScript/TypeScript file
 *   that imports mysql2 or mysql (and no ORM that parses URLs itself): mysql2 / mysqljs parseUrl, each
 *   query value JSON-parsed when it can be;
 * - SQLAlchemy URLs `mysql+pymysql://…?ssl_ca=…` (PyMySQL) and `mysql+mysqlconnector://…`
 *   (MySQL Connector/Python), in any file: the dialect's create_connect_args turns the query into
 *   keyword arguments of the DBAPI's connect().
 * A plain `mysql://` elsewhere (.env, Python's default MySQLdb, Prisma, Rails) is not judged: its
 * reader is not known.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Region } from '../../../scan';
import type { DriverId, HostSpec, Param } from '../../../types';
import { isUrlDelimiter, parseQuery, queryInsertion, safeDecode, schemeOnly, sourceSpan, urlEnd } from '../../common';
import type { SiteDraft } from '../../uri';

const SCHEME = /mysql(?:\+([a-z]+))?:\/\//gi;

/** JavaScript modules that read a mysql:// URL themselves (not mysql2's parseUrl). */
const URL_OWNERS = new Set(['@prisma/client', 'prisma', 'typeorm', 'sequelize', 'knex', 'drizzle-orm', '@mikro-orm/core', '@mikro-orm/mysql', 'kysely']);

export interface UriContext {
  language: Language;
  /** JavaScript imports of the file (module names). */
  jsModules: () => readonly string[];
}

export function extractMysqlUris(region: Region, ctx: UriContext): SiteDraft[] {
  const out: SiteDraft[] = [];
  const text = region.text;
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(text); m; m = SCHEME.exec(text)) {
    const start = m.index;
    if (start > 0 && /[A-Za-z0-9+.\-:]/.test(text[start - 1]!)) continue; // jdbc:mysql://, part of another word
    const dialect = m[1]?.toLowerCase();
    const who = driverFor(dialect, ctx);
    if (!who) {
      SCHEME.lastIndex = start + m[0].length;
      continue;
    }
    const afterScheme = start + m[0].length;
    // A whole string literal that is the URL may hold JSON (`?ssl={"…":…}`); otherwise the URL ends at a delimiter.
    const end = start === 0 && region.kind === 'string' && !/\s/.test(text.trim()) ? text.trimEnd().length : urlEnd(text, afterScheme);
    if (schemeOnly(region, afterScheme, end)) {
      SCHEME.lastIndex = afterScheme;
      continue;
    }
    out.push(parse(region, start, afterScheme, end, who.driver, who.reason));
    SCHEME.lastIndex = Math.max(end, afterScheme);
  }
  return out;
}

function driverFor(dialect: string | undefined, ctx: UriContext): { driver: DriverId; reason: string } | undefined {
  if (dialect === 'pymysql') return { driver: 'pymysql', reason: l10n.t("a mysql+pymysql:// URL is SQLAlchemy's PyMySQL dialect: its query becomes pymysql.connect() arguments") };
  if (dialect === 'mysqlconnector') return { driver: 'mysql-connector-python', reason: l10n.t("a mysql+mysqlconnector:// URL is SQLAlchemy's MySQL Connector/Python dialect: its query becomes mysql.connector.connect() arguments") };
  if (dialect !== undefined || !ctx.language.isJavaScript) return undefined;
  const modules = ctx.jsModules();
  if (modules.some((m) => URL_OWNERS.has(m))) return undefined;
  if (modules.includes('mysql2')) return { driver: 'mysql2', reason: l10n.t('a mysql:// URL in a file that imports mysql2 (ConnectionConfig.parseUrl)') };
  if (modules.includes('mysql')) return { driver: 'mysqljs', reason: l10n.t('a mysql:// URL in a file that imports mysql (mysqljs), not mysql2') };
  return undefined;
}

function parse(region: Region, start: number, afterScheme: number, end: number, driver: DriverId, reason: string): SiteDraft {
  const text = region.text;
  const qRaw = text.indexOf('?', afterScheme);
  const qIdx = qRaw >= 0 && qRaw < end ? qRaw : -1;
  const slash = text.indexOf('/', afterScheme);
  const authEnd = slash >= 0 && slash < (qIdx < 0 ? end : qIdx) ? slash : qIdx < 0 ? end : qIdx;
  const at = text.lastIndexOf('@', authEnd - 1);
  let user: string | undefined;
  let passwordSpan;
  let hostStart = afterScheme;
  if (at >= afterScheme) {
    const colon = text.indexOf(':', afterScheme);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    if (userEnd > afterScheme) user = safeDecode(text.slice(afterScheme, userEnd));
    if (colon >= 0 && colon < at) passwordSpan = sourceSpan(region, colon + 1, at);
    hostStart = at + 1;
  }
  const hostRaw = text.slice(hostStart, authEnd);
  const hosts: HostSpec[] = [];
  if (hostRaw !== '') {
    const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostRaw)!;
    const spec: HostSpec = { host: safeDecode(m[1]!.replace(/^\[|\]$/g, '')) };
    if (m[2]) spec.port = m[2];
    hosts.push(spec);
  }
  let database: string | undefined;
  if (authEnd < end && text[authEnd] === '/') database = safeDecode(text.slice(authEnd + 1, qIdx < 0 ? end : qIdx)) || undefined;
  const params = qIdx >= 0 ? parseQuery(region, qIdx + 1, end, qIdx) : [];
  for (const p of params) {
    if (p.key === 'password' || p.key === 'passwd') passwordSpan = p.valueSpan;
    if (p.key === 'user') user = p.value;
  }
  if (driver === 'mysql2' || driver === 'mysqljs') params.push(...sslJsonParams(params));
  const site: SiteDraft = {
    kind: 'uri',
    span: sourceSpan(region, start, end),
    params,
    // mysql2 parseUrl: new URL(…).hostname; an empty host is mysql2's default, localhost.
    hosts: hosts.length ? hosts : [{ host: 'localhost' }],
    insertion: queryInsertion(region, qIdx, end),
    escape: region.escape,
    driver,
    driverReason: reason,
  };
  if (user !== undefined) site.user = user;
  if (database !== undefined) site.database = database;
  if (passwordSpan) site.passwordSpan = passwordSpan;
  if (end < text.length && !isUrlDelimiter(text[end]!)) site.fragment = true;
  return site;
}

/**
 * `?ssl={"rejectUnauthorized":false,"verifyIdentity":true}`: the options of the JSON object as params
 * whose ranges are the ssl value (they cannot be edited one by one inside the JSON).
 */
function sslJsonParams(params: readonly Param[]): Param[] {
  const ssl = [...params].reverse().find((p) => p.key === 'ssl');
  if (!ssl || ssl.dynamic) return [];
  let v: unknown;
  try {
    v = JSON.parse(ssl.value);
  } catch {
    return [];
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  const out: Param[] = [];
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    if (key !== 'rejectUnauthorized' && key !== 'verifyIdentity' && key !== 'ca') continue;
    const text = key === 'ca' ? (typeof value === 'string' && value.includes('-----BEGIN') ? 'inline PEM' : JSON.stringify(value)) : typeof value === 'string' ? JSON.stringify(value) : String(value);
    out.push({ key, value: text, keySpan: ssl.valueSpan, valueSpan: ssl.valueSpan, removeSpan: ssl.valueSpan, dynamic: key === 'ca' });
  }
  return out;
}
