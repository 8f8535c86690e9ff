/**
 * Driver specs: ADO.NET and SQL Server: Npgsql, Microsoft.Data.SqlClient / System.Data.SqlClient,
 * MySqlConnector / Connector/NET, Microsoft JDBC for SQL Server, tedious / mssql.
 *
 * Fixes: a change of mode to full verification is preferred (SSL Mode=VerifyFull, SslMode=VerifyFull,
 * Encrypt=True, encrypt=true); turning TrustServerCertificate off is offered but not preferred (a SQL
 * Server with its self-generated certificate stops accepting the connection), and neither is
 * Encrypt=Strict (TDS 8 needs SQL Server 2022).
 */
import * as l10n from '@vscode/l10n';
import { lastOf } from '../interpret/dotnet/common';
import { interpretMssqlJdbc } from '../interpret/dotnet/mssqlJdbc';
import { interpretMysqlDotnet } from '../interpret/dotnet/mysql';
import { interpretNpgsql } from '../interpret/dotnet/npgsql';
import { interpretSqlClient, isSystemData } from '../interpret/dotnet/sqlclient';
import { interpretTedious } from '../interpret/dotnet/tedious';
import { TLS } from '../extract/families/dotnet/keywords';
import { escapeFor } from '../scan';
import type { Edit, Fix, Param, Policy, Site } from '../types';
import type { DriverSpec, FixGoal } from './types';

/** Replaces a parameter's value (inside its quotes, when quoted). */
function setValue(site: Site, p: Param, value: string): Edit {
  return { span: p.valueSpan, newText: escapeFor(site.escape, value) };
}

/** Adds `key=value` where the site takes a new parameter. */
function insert(site: Site, key: string, value: string): Edit | undefined {
  const ins = site.insertion;
  if (!ins) return undefined;
  return { span: { start: ins.offset, end: ins.offset }, newText: escapeFor(site.escape, `${ins.prefix}${key}${ins.assign}${value}${ins.suffix}`) };
}

/** Sets a setting: its value when written, else a new parameter with the driver's spelling of the key. */
function set(site: Site, p: Param | undefined, key: string, value: string): Edit | undefined {
  return p ? setValue(site, p, value) : insert(site, key, value);
}

function fix(title: string, edits: (Edit | undefined)[], preferred: boolean): Fix[] {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return [];
  return [{ title, edits: edits as Edit[], preferred }];
}

function npgsqlFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  if (goal === 'enable-verification') return [];
  const mode = policy.modeParam;
  return fix(l10n.t('Set {0}', 'SSL Mode=VerifyFull'), [set(site, mode, 'SSL Mode', 'VerifyFull')], true);
}

function sqlClientFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  const encrypt = lastOf(site.params, TLS.sqlEncrypt);
  const legacy = isSystemData(site);
  if (goal === 'verify-full') {
    const out = fix(l10n.t('Set {0}', 'Encrypt=True'), [set(site, encrypt, 'Encrypt', 'True')], true);
    if (!legacy) out.push(...fix(l10n.t('Set {0} (TDS 8: SQL Server 2022 and Microsoft.Data.SqlClient 5.0+)', 'Encrypt=Strict'), [set(site, encrypt, 'Encrypt', 'Strict')], false));
    return out;
  }
  if (goal === 'enable-verification' && policy.disabledBy) {
    const trust = policy.disabledBy.param;
    const off = `${trust.key.trim()}=False`;
    const out = fix(legacy ? l10n.t('Set {0}', off) : l10n.t('Set {0} ({1} is the stronger option)', off, 'Encrypt=Strict'), [setValue(site, trust, 'False')], false);
    if (!legacy) out.push(...fix(l10n.t('Set {0} and remove {1}', 'Encrypt=Strict', trust.key.trim()), strictPair(site, encrypt, trust, 'Encrypt', 'Strict'), false));
    return out;
  }
  return [];
}

/**
 * Encrypt=Strict and no TrustServerCertificate: the Encrypt value is replaced and the trust parameter
 * removed; without an Encrypt parameter, the trust parameter becomes `Encrypt=Strict` (key and value
 * replaced in place, so quotes around the value stay balanced).
 */
function strictPair(site: Site, encrypt: Param | undefined, trust: Param, key: string, value: string): Edit[] {
  if (encrypt) return [setValue(site, encrypt, value), { span: trust.removeSpan, newText: '' }];
  return [
    { span: trust.keySpan, newText: escapeFor(site.escape, key) },
    { span: trust.valueSpan, newText: escapeFor(site.escape, value) },
  ];
}

function mysqlFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  if (goal === 'enable-verification') return [];
  if (goal === 'check-host' && policy.modeParam && /verifyfull|^\s*4\s*$/i.test(policy.modeParam.value)) return [];
  return fix(l10n.t('Set {0}', 'SslMode=VerifyFull'), [set(site, policy.modeParam, 'SslMode', 'VerifyFull')], true);
}

function jdbcFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  const encrypt = lastOf(site.params, ['encrypt']);
  if (goal === 'verify-full') {
    return [...fix(l10n.t('Set {0}', 'encrypt=true'), [set(site, encrypt, 'encrypt', 'true')], true), ...fix(l10n.t('Set {0} (TDS 8: SQL Server 2022)', 'encrypt=strict'), [set(site, encrypt, 'encrypt', 'strict')], false)];
  }
  if (goal === 'enable-verification' && policy.disabledBy) {
    const trust = policy.disabledBy.param;
    return [
      ...fix(l10n.t('Set {0} ({1} is the stronger option)', 'trustServerCertificate=false', 'encrypt=strict'), [setValue(site, trust, 'false')], false),
      ...fix(l10n.t('Set {0} and remove {1}', 'encrypt=strict', 'trustServerCertificate'), strictPair(site, encrypt, trust, 'encrypt', 'strict'), false),
    ];
  }
  return [];
}

function tediousFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  const object = site.kind === 'object';
  if (goal === 'verify-full' && policy.modeParam) return fix(l10n.t('Set {0}', object ? 'encrypt: true' : 'Encrypt=true'), [setValue(site, policy.modeParam, 'true')], true);
  if (goal === 'enable-verification' && policy.disabledBy) {
    const trust = policy.disabledBy.param;
    return fix(l10n.t('Set {0}', object ? 'trustServerCertificate: false' : `${trust.key.trim()}=false`), [setValue(site, trust, 'false')], false);
  }
  return [];
}

export const DOTNET_DRIVERS: readonly DriverSpec[] = [
  {
    id: 'npgsql',
    label: 'Npgsql',
    database: 'postgresql',
    // X509ChainTrustMode.CustomRootTrust anchors only at a self-signed root (dotnet/runtime#99426).
    anchors: 'root-only',
    trustFormats: ['pem', 'pkcs12'],
    interpret: interpretNpgsql,
    fixes: npgsqlFixes,
  },
  {
    id: 'sqlclient',
    label: 'Microsoft.Data.SqlClient / System.Data.SqlClient',
    database: 'sqlserver',
    // No setting names a CA file: the operating system's store decides (ServerCertificate is an exact pin).
    anchors: 'root-only',
    trustFormats: [],
    interpret: interpretSqlClient,
    fixes: sqlClientFixes,
  },
  {
    id: 'mysql-dotnet',
    label: 'MySqlConnector / MySQL Connector/NET',
    database: 'mysql',
    // MySqlConnector accepts a chain whose (untrusted) root is a certificate of SslCa.
    anchors: 'root-only',
    trustFormats: ['pem', 'der'],
    interpret: interpretMysqlDotnet,
    fixes: mysqlFixes,
  },
  {
    id: 'mssql-jdbc',
    label: 'Microsoft JDBC Driver for SQL Server',
    database: 'sqlserver',
    anchors: 'any-certificate',
    trustFormats: ['jks', 'pkcs12'],
    interpret: interpretMssqlJdbc,
    fixes: jdbcFixes,
  },
  {
    id: 'tedious',
    label: 'tedious / mssql',
    database: 'sqlserver',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretTedious,
    fixes: tediousFixes,
  },
];
