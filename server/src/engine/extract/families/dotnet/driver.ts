/**
 * Which driver reads an ADO.NET connection string. Each driver rejects keywords it does not know and
 * `SSL Mode` values outside its enum, so the candidates are the drivers that accept the whole string;
 * among them the file decides (an XML element's providerName, a C# `using`, the client types a file
 * names, a Node import of mssql/tedious), then the keys only one driver has, then the port; otherwise
 * SqlClient is assumed, and the reason says so.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import { andList, commaList } from '../../../l10n';
import type { DriverId, DriverVariant } from '../../../types';
import type { AdoPair } from './adonet';
import { AdoFamily, KEYS_OF, MYSQL_MODES, NPGSQL_MODES, ONLY, TLS } from './keywords';

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
  /** Why (shown in the hover). */
  reason: string;
  /** The driver's flavour, for the interpreter (System.Data.SqlClient, Connector/NET, tedious without mssql). */
  variant?: DriverVariant;
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
    why = l10n.t("the element's providerName is {0}", provider!);
  }
  if (!family) {
    const referenced = candidates.filter((f) => hints[f]);
    if (referenced.length === 1) {
      family = referenced[0]!;
      why = family === 'npgsql' ? l10n.t('this file uses Npgsql') : family === 'mysql' ? l10n.t('this file uses a MySQL ADO.NET driver') : l10n.t('this file uses SqlClient');
    }
  }
  if (!family) {
    // The name the string is stored under, on its line: `MySqlConnectionString: …`, `"Postgres": "…"`.
    const named = candidates.filter((f) => CONTEXT[f].test(context));
    if (named.length === 1) {
      family = named[0]!;
      why = l10n.t('it is stored under a name that says {0}', family === 'npgsql' ? 'PostgreSQL' : family === 'mysql' ? 'MySQL' : 'SQL Server');
    }
  }
  if (!family && candidates.length === 1) {
    family = candidates[0]!;
    const own = pairs.filter((p) => ONLY[family!].has(p.lower)).map((p) => p.key);
    why =
      own.length === 1
        ? l10n.t('{0} is a key only {1} knows', own[0]!, LABEL[family])
        : own.length > 1
          ? l10n.t('{0} are keys only {1} knows', commaList(own.slice(0, 3)), LABEL[family])
          : l10n.t('only {0} accepts every key of this string', LABEL[family]);
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
          ? l10n.t('Port=5432 is PostgreSQL')
          : port === '3306' && best === 'mysql'
            ? l10n.t('Port=3306 is MySQL')
            : best === 'npgsql' && keys.has('host')
              ? l10n.t("Host is Npgsql's name for the server key")
              : best === 'mysql' && server
                ? l10n.t("Server is MySqlConnector's name for the server key (Npgsql's is Host)")
                : l10n.t('its keys point to {0}', LABEL[best]);
    }
  }
  if (!family) {
    // Keys every provider shares, in a file that uses another one (Oracle, OLE DB, ODBC…): not ours.
    if (hints.other) return undefined;
    family = candidates.includes('sqlclient') ? 'sqlclient' : candidates[0]!;
    const names = candidates.map((f) => LABEL[f]);
    why =
      names.length === 2
        ? l10n.t('no file or key names the driver ({0} and {1} both accept these keys), so {2} is assumed', names[0]!, names[1]!, LABEL[family])
        : l10n.t('no file or key names the driver ({0} all accept these keys), so {1} is assumed', andList(names), LABEL[family]);
  }

  if (family === 'sqlclient') {
    if (hints.rawTedious) {
      return {
        driver: 'tedious',
        family,
        variant: 'tedious-direct',
        reason: l10n.t('{0}; this JavaScript/TypeScript file imports tedious itself (no mssql), which parses the string (mssql ConnectionPool.parseConnectionString) and connects with tedious', why),
      };
    }
    if (hints.mssql) return { driver: 'tedious', family, reason: l10n.t('{0}; this JavaScript/TypeScript file imports mssql, which parses the string (mssql ConnectionPool.parseConnectionString) and connects with tedious', why) };
    if (fromProvider === 'sqlclient' && /^System\.Data\.SqlClient$/i.test(provider ?? '')) {
      return { driver: 'sqlclient', family, variant: 'system-data', reason: l10n.t('{0}: System.Data.SqlClient, where Encrypt defaults to False', why) };
    }
    if (hints.systemData && !hints.microsoftData) {
      return { driver: 'sqlclient', family, variant: 'system-data', reason: l10n.t('{0}; `using System.Data.SqlClient;` in this file: System.Data.SqlClient, where Encrypt defaults to False', why) };
    }
    if (hints.microsoftData) return { driver: 'sqlclient', family, reason: l10n.t('{0}; `using Microsoft.Data.SqlClient;` in this file (Encrypt defaults to True since 4.0)', why) };
    return {
      driver: 'sqlclient',
      family,
      reason: l10n.t('{0}; Microsoft.Data.SqlClient 4.0 or later is assumed (Encrypt defaults to True there, to False in System.Data.SqlClient and Microsoft.Data.SqlClient 1.x–3.x)', why),
    };
  }
  if (family === 'mysql') {
    const cnet = (provider !== undefined && /^MySql\.Data/i.test(provider)) || (hints.connectorNet && !hints.mysqlConnector);
    if (cnet) return { driver: 'mysql-dotnet', family, variant: 'connector-net', reason: l10n.t('{0}; MySQL Connector/NET (MySql.Data)', why) };
    return { driver: 'mysql-dotnet', family, reason: l10n.t('{0}; MySqlConnector semantics are assumed (MySQL Connector/NET reads SslMode the same way)', why) };
  }
  return { driver: 'npgsql', family, reason: why };
}

