/**
 * Connection sites of ADO.NET and SQL Server: Npgsql, Microsoft.Data.SqlClient / System.Data.SqlClient,
 * MySqlConnector / Connector/NET, Microsoft JDBC for SQL Server, tedious / mssql.
 *
 * - ADO.NET strings (`Server=db;Database=app;Encrypt=True`, kind 'adonet') in string literals of any
 *   language, in plain config lines (`ConnectionStrings__Db=Server=…`, YAML `key: Host=…`), and in XML
 *   attribute values and element text (web.config / app.config); see dotnet/adonet.ts for the grammar
 *   and dotnet/driver.ts for which driver reads a string.
 * - `jdbc:sqlserver://…;encrypt=…` URLs (kind 'jdbc', mssql-jdbc).
 * - tedious / mssql `options` objects in JavaScript/TypeScript (kind 'object', tedious).
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../language';
import type { Region, Scan } from '../../scan';
import { toSource } from '../../scan';
import type { HostSpec, Param } from '../../types';
import { sourceSpan } from '../common';
import type { SiteDraft } from '../uri';
import { adoInsertion, AdoPair, parseAdo, toParams } from './dotnet/adonet';
import { AdoChoice, chooseAdoDriver, fileHints, FileHints } from './dotnet/driver';
import { SERVER_KEYS, TLS_KEYS } from './dotnet/keywords';
import { extractSqlServerJdbc } from './dotnet/sqlserverJdbc';
import { extractTediousObjects } from './dotnet/tedious';
import { looksLikeXml, providerNameAt, xmlValues } from './dotnet/xml';
import type { Family } from './types';

/** A file without any of these words has no site of this family. */
const QUICK = /server|host|data\s*source|addr|ssl|encrypt|certificate|jdbc:sqlserver/i;
/** A value that may be an ADO.NET string names the server or a TLS setting. */
const ADO_HINT = /(server|host|data\s*source|datasource|addr(ess)?|ssl[ -]?mode|encrypt|certificate|ssl-?ca|cacertificatefile)\s*=/i;

export const DOTNET_FAMILY: Family = { name: 'dotnet', extract: extractDotnet };

function extractDotnet(text: string, scan: Scan, language: Language): SiteDraft[] {
  if (language.prose || !QUICK.test(text)) return [];
  const modules = language.isJavaScript ? importedModules(text, scan) : [];
  const hints = fileHints(text, language, modules);
  const xml = language.family.name === 'plain' && looksLikeXml(text);
  const values: { region: Region; tagStart?: number }[] = xml ? xmlValues(text) : scan.regions.map((region) => ({ region }));
  const out: SiteDraft[] = [];
  for (const { region, tagStart } of values) {
    if (/jdbc:sqlserver:/i.test(region.text)) {
      out.push(...extractSqlServerJdbc(region));
      continue;
    }
    const provider = tagStart !== undefined ? providerNameAt(text, tagStart) : undefined;
    const site = adoSite(text, region, hints, provider, xml);
    if (site) out.push(site);
  }
  if (language.isJavaScript) {
    const importsMssql = hints.mssql || hints.rawTedious;
    const reason = hints.rawTedious
      ? l10n.t("an options object with encrypt / trustServerCertificate, in a file that imports tedious itself (no mssql): tedious's connection options")
      : l10n.t("an options object with encrypt / trustServerCertificate: tedious's connection options (mssql, Sequelize, TypeORM and knex pass them to tedious)");
    out.push(...extractTediousObjects(text, scan, importsMssql, reason, hints.rawTedious ? 'tedious-direct' : undefined));
  }
  return out;
}

/** Module specifiers a JavaScript/TypeScript file imports or requires (`mssql/msnodesqlv8` → `mssql`). */
function importedModules(text: string, scan: Scan): string[] {
  const out: string[] = [];
  for (const r of scan.regions) {
    if (r.kind !== 'string' || r.text.length > 100 || r.start === 0) continue;
    const before = text.slice(Math.max(0, r.start - 20), r.start - 1);
    if (/(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*$/.test(before)) {
      const parts = r.text.split('/');
      out.push(r.text.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return out;
}

/** Where a string's connection string may start: the whole text; for plain lines also after `=` / `: ` or inside quotes. */
function ranges(region: Region, xml: boolean): [number, number][] {
  const t = region.text;
  const all: [number, number][] = [[0, t.length]];
  if (region.kind !== 'plain' || xml) return all;
  const q = /["']/.exec(t);
  if (q) {
    const close = t.indexOf(q[0], q.index + 1);
    if (close > q.index) all.push([q.index + 1, close]);
  }
  const sep = /=|:\s/.exec(t);
  if (sep) all.push([sep.index + sep[0].length, t.length]);
  return all;
}

function adoSite(text: string, region: Region, hints: FileHints, provider: string | undefined, xml: boolean): SiteDraft | undefined {
  const t = region.text;
  if (!t.includes(';') || !ADO_HINT.test(t)) return undefined;
  for (const [from, to] of ranges(region, xml)) {
    const pairs = parseAdo(t, from, to);
    if (!pairs || !looksLikeConnectionString(pairs)) continue;
    const start = toSource(region, pairs[0]!.keyStart);
    const before = text.slice(Math.max(0, start - 80), start);
    const choice = chooseAdoDriver(pairs, hints, provider, before.slice(before.lastIndexOf('\n') + 1));
    if (!choice) continue;
    return build(text, region, pairs, to, choice);
  }
  return undefined;
}

/** Two pairs or more, a server key or a TLS key, and not a file database (SQLite, Firebird…) or an Oracle descriptor. */
function looksLikeConnectionString(pairs: readonly AdoPair[]): boolean {
  if (pairs.length < 2) return false;
  if (!pairs.some((p) => SERVER_KEYS.has(p.lower) || TLS_KEYS.has(p.lower))) return false;
  for (const p of pairs) {
    const v = p.value.trim();
    // SQLite / SQL CE / Access files, Oracle descriptors; a Firebird database file.
    if (SERVER_KEYS.has(p.lower) && (/\.(db|db3|sqlite3?|sdf|fdb|gdb|mdb|accdb)$/i.test(v) || v === ':memory:' || /^\(\s*description\b/i.test(v))) return false;
    if (p.lower === 'database' && /\.(fdb|gdb)$/i.test(v)) return false;
  }
  return true;
}

function build(text: string, region: Region, pairs: readonly AdoPair[], to: number, choice: AdoChoice): SiteDraft {
  const params = toParams(region, pairs);
  const first = pairs[0]!;
  const last = pairs[pairs.length - 1]!;
  const site: SiteDraft = {
    kind: 'adonet',
    span: sourceSpan(region, first.keyStart, last.pairEnd),
    params,
    hosts: hostsOf(params, choice),
    insertion: adoInsertion(region, pairs, to),
    escape: region.escape,
    driver: choice.driver,
    driverReason: choice.reason,
  };
  if (choice.variant) site.driverVariant = choice.variant;
  const find = (...keys: string[]): Param | undefined => {
    for (let k = params.length - 1; k >= 0; k--) if (keys.includes(pairs[k]!.lower)) return params[k];
    return undefined;
  };
  const db = find('database', 'initial catalog', 'db');
  if (db) site.database = db.value;
  const user = find('user id', 'uid', 'user', 'username', 'user name', 'userid');
  if (user) site.user = user.value;
  const pw = find('password', 'pwd', 'psw', 'password1', 'pwd1');
  if (pw) site.passwordSpan = pw.valueSpan;
  if (isFragment(text, region, pairs)) site.fragment = true;
  return site;
}

/** Hosts as the driver reads its server key. */
function hostsOf(params: readonly Param[], choice: AdoChoice): HostSpec[] {
  let server: Param | undefined;
  let port: Param | undefined;
  for (const p of params) {
    const k = p.key.toLowerCase();
    if (SERVER_KEYS.has(k)) server = p;
    if (k === 'port') port = p;
  }
  if (!server || server.value.trim() === '' || server.dynamic) return server ? [{ host: server.value.trim() }] : [];
  const value = server.value.trim();
  if (choice.family === 'sqlclient') {
    // [tcp:|np:|lpc:|admin:]host[\instance][,port]
    const m = /^(?:(?:tcp|np|lpc|admin):)?([^,\\]*)(?:\\[^,]*)?(?:,\s*(\d+))?/i.exec(value);
    const h: HostSpec = { host: (m?.[1] ?? value).trim() };
    if (m?.[2]) h.port = m[2];
    return [h];
  }
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const h: HostSpec = { host: part };
      const colon = part.lastIndexOf(':');
      if (choice.family === 'npgsql' && colon > 0 && !part.startsWith('[') && part.indexOf(':') === colon) {
        h.host = part.slice(0, colon);
        h.port = part.slice(colon + 1);
      }
      if (!h.port && port && !port.dynamic) h.port = port.value.trim();
      return h;
    });
}

/**
 * Only part of a connection string: the literal is concatenated (`"Server=" + host + ";Encrypt=True"`),
 * starts with `;`, or ends with a key waiting for its value.
 */
function isFragment(text: string, region: Region, pairs: readonly AdoPair[]): boolean {
  const t = region.text.trim();
  if (t.startsWith(';') || pairs[pairs.length - 1]!.value === '' && /=\s*$/.test(t)) return true;
  if (region.kind !== 'string') return false;
  let s = region.start - 1;
  for (let k = 0; k < 3 && s >= 0 && /["'@$`]/.test(text[s]!); k++) s--;
  for (let k = 0; k < 200 && s >= 0 && /\s/.test(text[s]!); k++) s--;
  if (s >= 0 && (text[s] === '+' || text[s] === '&')) return true;
  let e = region.end;
  for (let k = 0; k < 3 && e < text.length && /["'`]/.test(text[e]!); k++) e++;
  for (let k = 0; k < 200 && e < text.length && /\s/.test(text[e]!); k++) e++;
  return e < text.length && (text[e] === '+' || text[e] === '&');
}
