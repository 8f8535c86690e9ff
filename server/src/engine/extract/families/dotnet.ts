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
import { equalsIgnoringAsciiCase, toSource } from '../../scan';
import type { HostSpec, Param } from '../../types';
import { isJsSpace, sourceSpan } from '../common';
import type { SourceView } from '../sourceView';
import type { SiteDraft } from '../uri';
import { adoInsertion, AdoPair, parseAdo, toParams } from './dotnet/adonet';
import { AdoChoice, chooseAdoDriver, fileHints, FileHints } from './dotnet/driver';
import { SERVER_KEYS, TLS_KEYS } from './dotnet/keywords';
import { extractSqlServerJdbc } from './dotnet/sqlserverJdbc';
import { extractTediousObjects, type TediousContext } from './dotnet/tedious';
import { looksLikeXml, providerNameAt, xmlValues } from './dotnet/xml';
import type { Family } from './types';

/** A file without any of these words has no site of this family. */
const QUICK = /server|host|data\s*source|addr|ssl|encrypt|certificate|jdbc:sqlserver/i;
/**
 * A value that may be an ADO.NET string names the server or a TLS setting:
 * `/(server|host|data\s*source|datasource|addr(ess)?|ssl[ -]?mode|encrypt|certificate|ssl-?ca|cacertificatefile)\s*=/i.test(t)`,
 * looking only before each `=`.
 */
export function adoHint(t: string): boolean {
  for (let e = t.indexOf('='); e >= 0; e = t.indexOf('=', e + 1)) {
    // The key ends where the white space before `=` starts (no key ends with white space).
    let j = e;
    while (j > 0 && isJsSpace(t.charCodeAt(j - 1))) j--;
    // Only the keys that end with the letter before the white space can end there.
    const last = t.charCodeAt(j - 1) | 0x20;
    const keys = HINT_KEYS_BY_LAST.get(last);
    if (keys) for (const key of keys) if (endsWithKey(t, j, key)) return true;
    if (last === 101 && endsWithKey(t, j, 'source')) {
      let k = j - 6;
      while (k > 0 && isJsSpace(t.charCodeAt(k - 1))) k--;
      if (endsWithKey(t, k, 'data')) return true;
    }
  }
  return false;
}

/** Every HINT_KEYS key holds one of these (and `data source`, `source`). */
const HINT_WORDS = ['server', 'host', 'addr', 'ssl', 'encrypt', 'certificate', 'source'];
const HINT_KEYS = ['server', 'host', 'addr', 'address', 'sslmode', 'ssl mode', 'ssl-mode', 'encrypt', 'certificate', 'sslca', 'ssl-ca', 'cacertificatefile'];
/** HINT_KEYS by the code of their last letter (lower case). */
const HINT_KEYS_BY_LAST = new Map<number, string[]>();
for (const key of HINT_KEYS) {
  const last = key.charCodeAt(key.length - 1);
  HINT_KEYS_BY_LAST.set(last, [...(HINT_KEYS_BY_LAST.get(last) ?? []), key]);
}

/** t[end - key.length, end) is `key`, ASCII letters in either case. */
function endsWithKey(t: string, end: number, key: string): boolean {
  return equalsIgnoringAsciiCase(t, end - key.length, key);
}

export const DOTNET_FAMILY: Family = { name: 'dotnet', extract: extractDotnet };

function extractDotnet(text: string, _scan: Scan, language: Language, view: SourceView): SiteDraft[] {
  // Go has no ADO.NET: its `server=…;` strings are go-mssqldb's, a driver dbtrust does not model (they were
  // read as MySqlConnector or Npgsql strings).
  if (language.prose || language.family.name === 'go' || !QUICK.test(text)) return [];
  // What the file says about its client: read once, and only when a string needs it.
  let fileHintsOf: FileHints | undefined;
  const hints = (): FileHints => (fileHintsOf ??= fileHints(text, language, language.isJavaScript ? view.importedModules : []));
  const xml = language.family.name === 'plain' && looksLikeXml(text);
  // In Java or Kotlin code, SQL Server's key=value; properties are the Microsoft JDBC driver's.
  const jvm = language.family.name === 'java' || language.family.name === 'kotlin';
  const values: { region: Region; tagStart?: number }[] = xml ? xmlValues(text) : candidateRegions(view);
  const out: SiteDraft[] = [];
  for (const { region, tagStart } of values) {
    if (/jdbc:sqlserver:/i.test(region.text)) {
      out.push(...extractSqlServerJdbc(region));
      continue;
    }
    const provider = tagStart !== undefined ? providerNameAt(text, tagStart) : undefined;
    const site = adoSite(text, region, hints, provider, xml, jvm);
    if (site) out.push(site);
  }
  if (language.isJavaScript) {
    out.push(
      ...extractTediousObjects(view, () => {
        // As fileHints reads the imports: mssql, or tedious without mssql.
        const modules = view.importedModules;
        const mssql = modules.includes('mssql');
        const rawTedious = !mssql && modules.includes('tedious');
        const reason = rawTedious
          ? l10n.t("an options object with encrypt / trustServerCertificate, in a file that imports tedious itself (no mssql): tedious's connection options")
          : l10n.t("an options object with encrypt / trustServerCertificate: tedious's connection options (mssql, Sequelize, TypeORM and knex pass them to tedious)");
        const context: TediousContext = { importsMssql: mssql || rawTedious, reason };
        if (rawTedious) context.variant = 'tedious-direct';
        return context;
      }),
    );
  }
  return out;
}

/**
 * The lexer's regions that may hold a site, in text order: those that may hold a URL (`://`, as a
 * jdbc:sqlserver:// URL does), and those with a `;` and a server or TLS key followed by `=` (adoHint;
 * or all those that may hold a `;`, when they are few). Any other region holds no URL, and is no
 * ADO.NET string.
 */
function candidateRegions(view: SourceView): { region: Region }[] {
  // Few `;` in the text (JSON, YAML): the regions that may hold `://` or `;` are all there is to read.
  if (view.occursFewerThan(';', view.scan.regions.length >> 3)) return view.regionsWith(['://', ';']).map((region) => ({ region }));
  const urls = view.regionsWith('://');
  // adoHint needs one of its keys: when the view's occurrences are kept for the next version, only
  // the regions that may hold one of these words are tried; else every region (one pass, cheaper
  // than a search of the text).
  let hinted: readonly Region[] = view.scan.regions;
  if (view.remembered) {
    view.findAll(HINT_WORDS, true);
    hinted = view.regionsWith(HINT_WORDS, true);
  }
  const out: { region: Region }[] = [];
  let k = 0;
  let h = 0;
  for (const region of view.scan.regions) {
    const hint = h < hinted.length && hinted[h] === region;
    if (hint) h++;
    if (k < urls.length && urls[k] === region) {
      k++;
      out.push({ region });
    } else if (hint && region.text.includes(';') && adoHint(region.text)) out.push({ region });
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

function adoSite(text: string, region: Region, hints: () => FileHints, provider: string | undefined, xml: boolean, jvm: boolean): SiteDraft | undefined {
  const t = region.text;
  if (!t.includes(';') || !adoHint(t)) return undefined;
  for (const [from, to] of ranges(region, xml)) {
    const pairs = parseAdo(t, from, to);
    if (!pairs || !looksLikeConnectionString(pairs)) continue;
    const start = toSource(region, pairs[0]!.keyStart);
    const before = text.slice(Math.max(0, start - 80), start);
    const chosen = chooseAdoDriver(pairs, hints(), provider, before.slice(before.lastIndexOf('\n') + 1));
    if (!chosen) continue;
    // mssql-jdbc reads the same keys (server, database and user are synonyms of its serverName,
    // databaseName and user; encrypt and trustServerCertificate are its own), with its own values.
    const choice: AdoChoice =
      jvm && chosen.driver === 'sqlclient'
        ? { driver: 'mssql-jdbc', family: chosen.family, reason: l10n.t('SQL Server connection properties in Java or Kotlin code are read by the Microsoft JDBC Driver for SQL Server (mssql-jdbc)') }
        : chosen;
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
