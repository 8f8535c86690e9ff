/**
 * Which driver reads an ADO.NET connection string. Each driver rejects keywords it does not know and
 * `SSL Mode` values outside its enum, so the candidates are the drivers that accept the whole string;
 * among them the file decides (an XML element's providerName, a C# `using`, the client types a file
 * names, a Node import of mssql/tedious), then the keys only one driver has, then the port; otherwise
 * SqlClient is assumed, and the reason says so.
 */
import type { Language } from '../../../language';
import type { DriverId } from '../../../types';
import type { AdoPair } from './adonet';
import { AdoFamily, KEYS_OF, MYSQL_MODES, NPGSQL_MODES, ONLY, TLS } from './keywords';

/** Markers the interpreters read back from driverReason: which flavour of a driver the file uses. */
export const MARK = {
  systemData: '`using System.Data.SqlClient;`',
  microsoftData: '`using Microsoft.Data.SqlClient;`',
  connectorNet: 'MySQL Connector/NET (MySql.Data)',
  rawTedious: 'tedious itself (no mssql)',
} as const;

export interface FileHints {
  npgsql: boolean;
  sqlclient: boolean;
  mysql: boolean;
  systemData: boolean;
  microsoftData: boolean;
  connectorNet: boolean;
  mysqlConnector: boolean;
  /** A JavaScript/TypeScript file that imports mssql or tedious. */
  mssql: boolean;
  /** …tedious without mssql. */
  rawTedious: boolean;
  /** The file uses another ADO.NET provider (Oracle, OLE DB, ODBC, SQLite, Firebird, DB2) whose strings look alike. */
  other: boolean;
}

/** What the file says about its database client. Regular expressions over the text: linear. */
export function fileHints(text: string, language: Language, modules: readonly string[]): FileHints {
  const cs = language.family.name === 'csharp';
  const systemData = cs && /\busing\s+System\.Data\.SqlClient\s*;/.test(text);
  const microsoftData = cs && /\busing\s+Microsoft\.Data\.SqlClient\s*;/.test(text);
  const mssql = modules.includes('mssql');
  const rawTedious = !mssql && modules.includes('tedious');
  return {
    npgsql: /\bNpgsql\w*|\bUseNpgsql\s*\(/.test(text),
    sqlclient: systemData || microsoftData || /\bSqlConnection(StringBuilder)?\b|\bUseSqlServer\s*\(|\bAddSqlServer\w*\s*[<(]/.test(text),
    mysql: /\bMySqlConnector\b|\bMySql\.Data\b|\bMySqlConnection\b|\bUseMySql\s*\(/i.test(text),
    systemData,
    microsoftData,
    connectorNet: /\bMySql\.Data\b/.test(text),
    mysqlConnector: /\bMySqlConnector\b/.test(text),
    mssql,
    rawTedious,
    other: /\b(Oracle|OleDb|Odbc|Sqlite|SQLite|Fb|DB2)Connection\b|\bOracle\.ManagedDataAccess\b|\bSystem\.Data\.OracleClient\b/.test(text),
  };
}

export interface AdoChoice {
  driver: DriverId;
  family: AdoFamily;
  reason: string;
}

/** Words in the name a string is stored under. */
const CONTEXT: Record<AdoFamily, RegExp> = {
  sqlclient: /sql\s*server|mssql|sql_server|azure\s*sql/i,
  npgsql: /postgres|npgsql|pgsql/i,
  mysql: /mysql|mariadb/i,
};

const LABEL: Record<AdoFamily, string> = { sqlclient: 'SqlClient', npgsql: 'Npgsql', mysql: 'MySqlConnector / MySQL Connector/NET' };

function accepts(f: AdoFamily, pairs: readonly AdoPair[], values: boolean): boolean {
  const keys = KEYS_OF[f];
  if (!pairs.every((p) => keys.has(p.lower))) return false;
  if (!values) return true;
  // An SSL Mode value outside the driver's enum makes it throw.
  const modeKeys: readonly string[] = f === 'npgsql' ? TLS.npgsqlMode : f === 'mysql' ? TLS.mysqlMode : [];
  for (const p of pairs) {
    if (!modeKeys.includes(p.lower) || /[{$%]/.test(p.value)) continue;
    const v = p.value.trim().toLowerCase();
    if (f === 'npgsql' && !NPGSQL_MODES.includes(v) && !/^[0-5]$/.test(v)) return false;
    if (f === 'mysql' && !MYSQL_MODES.includes(v) && !/^[0-4]$/.test(v)) return false;
  }
  return true;
}

function providerFamily(provider: string | undefined): AdoFamily | undefined {
  if (!provider) return undefined;
  if (/sqlclient/i.test(provider)) return 'sqlclient';
  if (/npgsql/i.test(provider)) return 'npgsql';
  if (/mysql/i.test(provider)) return 'mysql';
  return undefined;
}

/**
 * The driver of a string, or undefined when no driver accepts it (it is not an ADO.NET string of a
 * database these drivers read, or it is invalid for all of them).
 */
export function chooseAdoDriver(pairs: readonly AdoPair[], hints: FileHints, provider?: string, context = ''): AdoChoice | undefined {
  let candidates: AdoFamily[] = (['sqlclient', 'npgsql', 'mysql'] as const).filter((f) => accepts(f, pairs, true));
  // An SSL Mode no driver accepts (libpq's `verify-full`): the keys decide, and the driver rejects the value.
  if (candidates.length === 0) candidates = (['sqlclient', 'npgsql', 'mysql'] as const).filter((f) => accepts(f, pairs, false));
  if (candidates.length === 0) return undefined;
  const keys = new Set(pairs.map((p) => p.lower));
  const portValue = pairs.find((p) => p.lower === 'port')?.value ?? '';
  // A port written in a placeholder still names it: `Port=${{ job.services.postgres.ports[5432] }}`.
  const port = /\b5432\b/.test(portValue) ? '5432' : /\b3306\b/.test(portValue) ? '3306' : portValue.trim();
  let family: AdoFamily | undefined;
  let why = '';

  const fromProvider = providerFamily(provider);
  // Another provider (System.OracleClient, System.Data.EntityClient, …) reads this string.
  if (provider !== undefined && provider.trim() !== '' && !fromProvider) return undefined;
  if (fromProvider && candidates.includes(fromProvider)) {
    family = fromProvider;
    why = `the element's providerName is ${provider}`;
  }
  if (!family) {
    const referenced = candidates.filter((f) => hints[f]);
    if (referenced.length === 1) {
      family = referenced[0]!;
      why = `this file uses ${family === 'npgsql' ? 'Npgsql' : family === 'mysql' ? 'a MySQL ADO.NET driver' : 'SqlClient'}`;
    }
  }
  if (!family) {
    // The name the string is stored under, on its line: `MySqlConnectionString: …`, `"Postgres": "…"`.
    const named = candidates.filter((f) => CONTEXT[f].test(context));
    if (named.length === 1) {
      family = named[0]!;
      why = `it is stored under a name that says ${family === 'npgsql' ? 'PostgreSQL' : family === 'mysql' ? 'MySQL' : 'SQL Server'}`;
    }
  }
  if (!family && candidates.length === 1) {
    family = candidates[0]!;
    const own = pairs.filter((p) => ONLY[family!].has(p.lower)).map((p) => p.key);
    why = own.length ? `${own.slice(0, 3).join(', ')} ${own.length === 1 ? 'is a key' : 'are keys'} only ${LABEL[family]} knows` : `only ${LABEL[family]} accepts every key of this string`;
  }
  if (!family) {
    // Host is Npgsql's own name for the server key, Server MySqlConnector's (when SqlClient is out).
    const server = !candidates.includes('sqlclient') && keys.has('server');
    const score = (f: AdoFamily): number =>
      pairs.filter((p) => ONLY[f].has(p.lower)).length +
      (f === 'npgsql' && port === '5432' ? 2 : 0) +
      (f === 'mysql' && port === '3306' ? 2 : 0) +
      (f === 'npgsql' && keys.has('host') ? 1 : 0) +
      (f === 'mysql' && server ? 1 : 0);
    const best = [...candidates].sort((a, b) => score(b) - score(a))[0]!;
    if (score(best) > 0 && candidates.filter((f) => score(f) === score(best)).length === 1) {
      family = best;
      why =
        port === '5432' && best === 'npgsql'
          ? 'Port=5432 is PostgreSQL'
          : port === '3306' && best === 'mysql'
            ? 'Port=3306 is MySQL'
            : best === 'npgsql' && keys.has('host')
              ? "Host is Npgsql's name for the server key"
              : best === 'mysql' && server
                ? "Server is MySqlConnector's name for the server key (Npgsql's is Host)"
                : `its keys point to ${LABEL[best]}`;
    }
  }
  if (!family) {
    // Keys every provider shares, in a file that uses another one (Oracle, OLE DB, ODBC…): not ours.
    if (hints.other) return undefined;
    family = candidates.includes('sqlclient') ? 'sqlclient' : candidates[0]!;
    const names = candidates.map((f) => LABEL[f]);
    const all = names.length === 2 ? `${names[0]} and ${names[1]} both accept` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} all accept`;
    why = `no file or key names the driver (${all} these keys), so ${LABEL[family]} is assumed`;
  }

  if (family === 'sqlclient') {
    if (hints.mssql || hints.rawTedious) {
      const who = hints.rawTedious ? MARK.rawTedious : 'mssql';
      return { driver: 'tedious', family, reason: `${why}; this JavaScript/TypeScript file imports ${who}, which parses the string (mssql ConnectionPool.parseConnectionString) and connects with tedious` };
    }
    if (fromProvider === 'sqlclient' && /^System\.Data\.SqlClient$/i.test(provider ?? '')) return { driver: 'sqlclient', family, reason: `${why}: System.Data.SqlClient, where Encrypt defaults to False` };
    if (hints.systemData && !hints.microsoftData) return { driver: 'sqlclient', family, reason: `${why}; ${MARK.systemData} in this file: System.Data.SqlClient, where Encrypt defaults to False` };
    if (hints.microsoftData) return { driver: 'sqlclient', family, reason: `${why}; ${MARK.microsoftData} in this file (Encrypt defaults to True since 4.0)` };
    return {
      driver: 'sqlclient',
      family,
      reason: `${why}; Microsoft.Data.SqlClient 4.0 or later is assumed (Encrypt defaults to True there, to False in System.Data.SqlClient and Microsoft.Data.SqlClient 1.x–3.x)`,
    };
  }
  if (family === 'mysql') {
    const cnet = (provider !== undefined && /^MySql\.Data/i.test(provider)) || (hints.connectorNet && !hints.mysqlConnector);
    return { driver: 'mysql-dotnet', family, reason: cnet ? `${why}; ${MARK.connectorNet}` : `${why}; MySqlConnector semantics are assumed (MySQL Connector/NET reads SslMode the same way)` };
  }
  return { driver: 'npgsql', family, reason: why };
}

