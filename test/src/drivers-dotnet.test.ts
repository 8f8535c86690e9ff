/**
 * ADO.NET and SQL Server drivers: Npgsql, Microsoft.Data.SqlClient / System.Data.SqlClient,
 * MySqlConnector / Connector/NET, the Microsoft JDBC driver for SQL Server and tedious / mssql.
 * Extraction with exact ranges, which driver reads a string, the semantics (each row naming its
 * source), fixes, trust files, redaction, hostile input, and docs/drivers/dotnet.md as an executable table.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAllEdits, hoverMarkdown, lint, lintWithTrust, MemoryFileAccess, newTrustFileCache } from '../../server/out/engine';
import type { AnalysedSite, Finding, Param, Site, Span } from '../../server/out/engine';
import { driverSpec } from '../../server/out/engine/drivers';
import { docTableRows, unwrap } from './util/docTables';
import { FIXTURE_ROOT } from './util/fixtures';

const MINE = new Set(['npgsql', 'sqlclient', 'mysql-dotnet', 'mssql-jdbc', 'tedious']);

function analysed(text: string, path: string): AnalysedSite[] {
  return lint(text, { path }).sites.filter((s) => MINE.has(s.site.driver));
}

function only(text: string, path: string): AnalysedSite {
  const all = analysed(text, path);
  assert.equal(all.length, 1, `one site in ${text}`);
  return all[0]!;
}

function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function param(site: Site, key: string): Param {
  const p = site.params.find((x) => x.key === key);
  assert.ok(p, `param ${key}`);
  return p;
}

function findings(text: string, path: string): Finding[] {
  return lint(text, { path }).findings;
}

/** Applies the fix with this title of the first finding of `rule`. */
function applyFix(text: string, path: string, rule: string, title: RegExp): string {
  const f = findings(text, path).find((x) => x.ruleId === rule);
  assert.ok(f, `${rule} in ${text}`);
  const fix = f.fixes.find((x) => title.test(x.title));
  assert.ok(fix, `fix ${title} among ${f.fixes.map((x) => x.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}

// ---------------------------------------------------------------------------------------------------
// ADO.NET extraction

test('ADO.NET: keys any case and with spaces, white space around = and ;, quoted values, exact ranges', () => {
  const text = `{"cs": "Data Source = sql.example.com ; Initial Catalog=shop;Trust Server Certificate = true ;Password='a;''b';App=\\"x;y\\""}`;
  const { site } = only(text, 'appsettings.json');
  assert.equal(site.kind, 'adonet');
  assert.equal(site.driver, 'sqlclient');
  assert.equal(site.escape, 'backslash');
  assert.deepEqual(site.params.map((p) => p.key), ['Data Source', 'Initial Catalog', 'Trust Server Certificate', 'Password', 'App']);
  const ds = param(site, 'Data Source');
  assert.equal(slice(text, ds.keySpan), 'Data Source');
  assert.equal(slice(text, ds.valueSpan), 'sql.example.com');
  // The first parameter's removal runs to the next key: one `;` goes with it.
  assert.equal(slice(text, ds.removeSpan), 'Data Source = sql.example.com ; ');
  const tsc = param(site, 'Trust Server Certificate');
  assert.equal(tsc.value, 'true');
  assert.equal(slice(text, tsc.keySpan), 'Trust Server Certificate');
  assert.equal(slice(text, tsc.valueSpan), 'true');
  assert.equal(slice(text, tsc.removeSpan), ';Trust Server Certificate = true');
  const pw = param(site, 'Password');
  assert.equal(pw.value, "a;'b");
  assert.equal(slice(text, pw.valueSpan), "a;''b");
  assert.equal(slice(text, site.passwordSpan!), "a;''b");
  const app = param(site, 'App');
  assert.equal(app.value, 'x;y');
  assert.equal(slice(text, app.valueSpan), 'x;y');
  assert.equal(slice(text, site.span), text.slice(8, text.length - 2));
  assert.deepEqual(site.hosts, [{ host: 'sql.example.com' }]);
  assert.equal(site.database, 'shop');
  // Insertion goes after the closing quote of the last value.
  assert.equal(site.insertion!.offset, text.length - 2);
  assert.equal(site.insertion!.prefix, ';');
});

test('ADO.NET: a trailing `;` keeps its place when a parameter is added', () => {
  const text = 'using System.Data.SqlClient;\nvar c = "Server=sql.example.com;Database=shop;";';
  const { site } = only(text, 'Program.cs');
  assert.deepEqual({ ...site.insertion!, offset: 0 }, { offset: 0, prefix: '', suffix: ';', assign: '=' });
  assert.equal(applyFix(text, 'Program.cs', 'weak-sslmode', /^Set Encrypt=True$/), 'using System.Data.SqlClient;\nvar c = "Server=sql.example.com;Database=shop;Encrypt=True;";');
});

test('ADO.NET: C# verbatim strings map "" back to the source; interpolation holes are run-time values', () => {
  const text = 'var c = @"Server=sql.example.com;Password=""p;w"";Encrypt=False";\nvar d = $"Server={host};Encrypt={encrypt}";';
  const all = analysed(text, 'Program.cs');
  assert.equal(all.length, 2);
  const v = all[0]!.site;
  assert.equal(v.escape, 'double-double');
  assert.equal(param(v, 'Password').value, 'p;w');
  assert.equal(slice(text, v.passwordSpan!), 'p;w');
  assert.equal(slice(text, param(v, 'Encrypt').valueSpan), 'False');
  const d = all[1]!;
  assert.equal(d.policy.dynamic, true);
  assert.deepEqual(findings(text, 'Program.cs').map((f) => f.ruleId), ['weak-sslmode']);
});

test('ADO.NET in XML (web.config): attribute values and element text, character references decoded, comments skipped', () => {
  const text = [
    '<configuration>',
    '  <connectionStrings>',
    '    <add name="a" connectionString="Server=sql.example.com;Password=&quot;a&amp;b;c&quot;;Encrypt=False" providerName="Microsoft.Data.SqlClient" />',
    '    <!-- <add name="old" connectionString="Server=sql.example.com;Encrypt=False" /> -->',
    '  </connectionStrings>',
    '  <nh><property name="connection.connection_string">Host=pg.example.com;Database=shop;SSL Mode=Require</property></nh>',
    '</configuration>',
  ].join('\n');
  const all = analysed(text, 'web.config');
  assert.deepEqual(all.map((s) => s.site.driver), ['sqlclient', 'npgsql']);
  const a = all[0]!.site;
  assert.equal(a.escape, 'none');
  assert.equal(param(a, 'Password').value, 'a&b;c');
  assert.equal(slice(text, a.passwordSpan!), 'a&amp;b;c');
  assert.equal(slice(text, param(a, 'Encrypt').valueSpan), 'False');
  assert.match(a.driverReason, /providerName is Microsoft\.Data\.SqlClient/);
  assert.equal(slice(text, all[1]!.site.span), 'Host=pg.example.com;Database=shop;SSL Mode=Require');
  // The fix lands inside the attribute, before its closing quote.
  const fixed = applyFix(text, 'web.config', 'weak-sslmode', /^Set Encrypt=True$/);
  assert.ok(fixed.includes('&quot;a&amp;b;c&quot;;Encrypt=True" providerName'));
});

test('ADO.NET in plain configuration lines: .env, YAML and a docker-compose list', () => {
  const env = 'ConnectionStrings__Default=Server=sql.example.com;Database=shop;Encrypt=False\n';
  assert.equal(slice(env, only(env, '.env').site.span), 'Server=sql.example.com;Database=shop;Encrypt=False');
  const yaml = 'app:\n  db: Host=pg.example.com;Database=shop;SSL Mode=Prefer\n  list:\n    - ConnectionStrings__Db=Server=mysql.example.com;Port=3306;SslMode=None\n';
  const all = analysed(yaml, 'values.yaml');
  assert.deepEqual(all.map((s) => [s.site.driver, slice(yaml, s.site.span)]), [
    ['npgsql', 'Host=pg.example.com;Database=shop;SSL Mode=Prefer'],
    ['mysql-dotnet', 'Server=mysql.example.com;Port=3306;SslMode=None'],
  ]);
});

test('ADO.NET: what is not a database connection string of these drivers', () => {
  const none: [string, string][] = [
    ['appsettings.json', '{"a": "Data Source=shop.db;Cache=Shared"}'], // SQLite
    ['appsettings.json', '{"a": "Data Source=|DataDirectory|\\\\shop.sdf;Persist Security Info=False"}'], // SQL CE
    ['appsettings.json', '{"a": "DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=a2V5;EndpointSuffix=core.windows.net"}'],
    ['appsettings.json', '{"a": "Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=a2V5"}'],
    ['appsettings.json', '{"a": "host=rabbit.example.com;virtualHost=/;username=guest;password=guest"}'], // EasyNetQ
    ['appsettings.json', '{"a": "Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora)(PORT=1521)));User Id=x;Password=y"}'],
    ['a.py', 'c = "Driver={ODBC Driver 18 for SQL Server};Server=sql.example.com;Encrypt=no;TrustServerCertificate=yes"'],
    ['a.cs', 'var c = "Provider=SQLOLEDB;Data Source=sql.example.com;Initial Catalog=shop;Integrated Security=SSPI";'],
    ['a.php', '$pdo = new PDO("sqlsrv:Server=sql.example.com;Database=shop;Encrypt=0");'],
    ['a.cs', 'var c = "Server=sql.example.com";'], // one pair: not a connection string
    ['a.cs', '// "Server=sql.example.com;Database=shop;Encrypt=False" in a comment'],
    ['a.cs', 'var r = "localhost:6379,password=x,ssl=True,abortConnect=False";'],
    ['appsettings.json', '{"a": "DataSource=localhost;Database=/data/shop.fdb;User=SYSDBA;Password=masterkey"}'], // Firebird
    ['a.cs', 'using Oracle.ManagedDataAccess.Client;\nvar c = new OracleConnection("Data Source=ora;User Id=x;Password=y");'],
    ['web.config', '<add name="o" connectionString="Data Source=ora;User Id=x;Password=y;" providerName="System.OracleClient" />'],
    ['README.md', 'Use `Server=sql.example.com;Encrypt=False` in production.'],
  ];
  for (const [p, text] of none) assert.deepEqual(analysed(text, p).map((s) => s.site.driver), [], `${p}: ${text}`);
});

test('ADO.NET: Go code has none (its `server=…;` strings are go-mssqldb\'s, not modelled)', () => {
  // Seen in microsoft/go-mssqldb: read as MySqlConnector and Npgsql strings before.
  for (const text of ['connString := fmt.Sprintf("server=%s;port=%d;", *server, port)', 'connStr := fmt.Sprintf("host=%s;port=%d", ip, port)', 'cs := "Server=db.example.com;Database=app;TrustServerCertificate=true"']) {
    assert.deepEqual(lint(text, { path: 'main.go' }).sites, [], text);
  }
});

test('ADO.NET hosts as each driver reads its server key', () => {
  const hosts = (text: string, p = 'a.cs') => only(text, p).site.hosts;
  assert.deepEqual(hosts('var c = "Server=tcp:sql.example.com,1433;Database=shop";'), [{ host: 'sql.example.com', port: '1433' }]);
  assert.deepEqual(hosts('var c = "Data Source=sql.example.com\\\\SHOP;Initial Catalog=shop";'), [{ host: 'sql.example.com' }]);
  assert.deepEqual(hosts('var c = "Host=h1.example.com,h2.example.com:5433;Port=5434;Database=shop";'), [
    { host: 'h1.example.com', port: '5434' },
    { host: 'h2.example.com', port: '5433' },
  ]);
  assert.deepEqual(hosts('var c = "Server=m1.example.com,m2.example.com;Port=3307;SslMode=Required";'), [
    { host: 'm1.example.com', port: '3307' },
    { host: 'm2.example.com', port: '3307' },
  ]);
  // SQL Server's names for this machine are local: findings there are information.
  for (const local of ['.', '(local)', '(localdb)\\\\MSSQLLocalDB', 'localhost,1433']) {
    const a = only(`using System.Data.SqlClient;\nvar c = "Server=${local};Database=shop";`, 'a.cs');
    assert.equal(a.policy.local, 'loopback', local);
  }
});

test('ADO.NET fragments: a concatenated literal is judged only on what it writes', () => {
  const text = 'var a = "Server=" + host + ";Database=shop;TrustServerCertificate=True";\nvar b = "Host=pg.example.com;Database=" + db;\n';
  const all = analysed(text, 'a.cs');
  assert.deepEqual(all.map((s) => s.site.fragment), [true, true]);
  // The Npgsql fragment sets no SSL Mode: no verdict on the default.
  assert.equal(all[1]!.policy.modeApplied, 'not set here');
  assert.deepEqual(findings(text, 'a.cs').map((f) => f.ruleId), ['verification-disabled']);
});

// ---------------------------------------------------------------------------------------------------
// Which driver reads an ADO.NET string

test('driver choice: provider, using directives, client types, imports, own keys, port; the reason says why', () => {
  const rows: [string, string, string, RegExp][] = [
    ['a.cs', 'using Npgsql;\nvar c = "Server=db.example.com;Database=shop;User Id=u;Password=p";', 'npgsql', /this file uses Npgsql/],
    ['a.cs', 'var c = "Server=db.example.com;Database=shop;Uid=u;Pwd=p";\nvar k = new MySqlConnection(c);', 'mysql-dotnet', /MySQL ADO\.NET driver.*MySqlConnector semantics/],
    ['a.cs', 'using MySql.Data.MySqlClient;\nvar c = "Server=db.example.com;Database=shop";', 'mysql-dotnet', /MySQL Connector\/NET \(MySql\.Data\)/],
    ['a.cs', 'using System.Data.SqlClient;\nvar c = "Server=db.example.com;Database=shop";', 'sqlclient', /System\.Data\.SqlClient, where Encrypt defaults to False/],
    ['a.cs', 'using Microsoft.Data.SqlClient;\nvar c = "Server=db.example.com;Database=shop";', 'sqlclient', /using Microsoft\.Data\.SqlClient;/],
    ['appsettings.json', '{"a": "Server=db.example.com;Database=shop;User Id=u;Password=p"}', 'sqlclient', /no file or key names the driver.*Microsoft\.Data\.SqlClient 4\.0 or later is assumed/],
    ['appsettings.json', '{"a": "Server=db.example.com;Initial Catalog=shop;Encrypt=True"}', 'sqlclient', /Encrypt.*only SqlClient knows|only SqlClient accepts/],
    ['appsettings.json', '{"a": "Host=db.example.com;Database=shop;Root Certificate=/r.pem"}', 'npgsql', /Root Certificate is a key only Npgsql knows/],
    ['appsettings.json', '{"a": "Server=db.example.com;Database=shop;SslMode=Required"}', 'mysql-dotnet', /only MySqlConnector/],
    ['appsettings.json', '{"a": "Server=db.example.com;Port=5432;Database=shop"}', 'npgsql', /Port=5432 is PostgreSQL/],
    ['appsettings.json', '{"a": "Host=db.example.com;Database=shop;Username=u"}', 'npgsql', /Host is Npgsql's name/],
    ['appsettings.json', '{"a": "Server=db.example.com;Port=3306;Database=shop"}', 'mysql-dotnet', /Port=3306 is MySQL/],
    ['a.ts', "import sql from 'mssql';\nsql.connect('Server=db.example.com;Database=shop;Encrypt=true');", 'tedious', /imports mssql/],
    ['web.config', '<add name="a" connectionString="Server=db.example.com;Database=shop" providerName="Npgsql" />', 'npgsql', /providerName is Npgsql/],
    ['ci.yml', 'env:\n  MySqlConnectionString: Server=db.example.com;Database=test;Uid=root;Pwd=x\n', 'mysql-dotnet', /stored under a name that says MySQL/],
    ['ci.yml', 'env:\n  PgConnection: Server=db.example.com;Port=${{ job.services.postgres.ports[5432] }};Database=test\n', 'npgsql', /Port=5432 is PostgreSQL/],
    // SQL Server properties in JVM code: mssql-jdbc (its tests append `;trustServerCertificate=true;` to URLs).
    ['A.java', 'String cs = url + ";encrypt=false;trustServerCertificate=true;";', 'mssql-jdbc', /Java or Kotlin code.*mssql-jdbc/],
    ['A.kt', 'val cs = "Server=db.example.com;Database=shop;TrustServerCertificate=true"', 'mssql-jdbc', /Java or Kotlin code/],
    ['A.java', 'String cs = "Host=db.example.com;Database=shop;Root Certificate=/r.pem";', 'npgsql', /Root Certificate is a key only Npgsql knows/],
  ];
  for (const [p, text, driver, why] of rows) {
    const { site } = only(text, p);
    assert.equal(site.driver, driver, `${p}: ${text}`);
    assert.match(site.driverReason, why, site.driverReason);
  }
});

// ---------------------------------------------------------------------------------------------------
// jdbc:sqlserver URLs

test('jdbc:sqlserver: server part, properties in any case with spaces, {braced} values, exact ranges', () => {
  const text = 'u=jdbc:sqlserver://sql.example.com\\\\SHOP:1433;databaseName=shop;Password={a;b}}c};TrustServerCertificate = true;\n';
  const { site, policy } = only(text, 'a.properties');
  assert.equal(site.kind, 'jdbc');
  assert.equal(site.driver, 'mssql-jdbc');
  assert.equal(slice(text, site.span), text.slice(2, text.length - 1));
  assert.deepEqual(site.hosts, [{ host: 'sql.example.com', port: '1433' }]);
  assert.equal(site.database, 'shop');
  assert.equal(param(site, 'Password').value, 'a;b}c');
  assert.equal(slice(text, site.passwordSpan!), 'a;b}}c');
  const tsc = param(site, 'TrustServerCertificate');
  assert.equal(slice(text, tsc.keySpan), 'TrustServerCertificate');
  assert.equal(slice(text, tsc.valueSpan), 'true');
  assert.equal(slice(text, tsc.removeSpan), ';TrustServerCertificate = true');
  assert.equal(param(site, 'databaseName').removeSpan.start, text.indexOf(';databaseName'));
  assert.ok(policy.disabledBy);
  // A trailing `;` keeps its place.
  assert.deepEqual({ ...site.insertion!, offset: 0 }, { offset: 0, prefix: '', suffix: ';', assign: '=' });
  assert.equal(site.insertion!.offset, text.length - 1);
});

test('jdbc:sqlserver: serverName and portNumber properties; the URL ends at white space not beside = or ;', () => {
  const { site } = only('String u = "jdbc:sqlserver://;serverName=sql.example.com;portNumber=1444;encrypt=false";', 'A.java');
  assert.deepEqual(site.hosts, [{ host: 'sql.example.com', port: '1444' }]);
  const cmd = 'java -Durl=jdbc:sqlserver://sql.example.com;encrypt=false -jar app.jar\n';
  assert.equal(slice(cmd, only(cmd, 'run.sh').site.span), 'jdbc:sqlserver://sql.example.com;encrypt=false');
});

// ---------------------------------------------------------------------------------------------------
// tedious / mssql objects

test('tedious options object: the site spans the options; encrypt and trustServerCertificate with exact ranges', () => {
  const text = "import sql from 'mssql';\nconst c = { server: 'sql.example.com\\\\SHOP', port: 1444, user: 'shop', password: 'hunter2', database: 'shop', options: { encrypt: true, trustServerCertificate: true } };";
  const { site, policy } = only(text, 'db.ts');
  assert.equal(site.kind, 'object');
  assert.equal(site.driver, 'tedious');
  assert.equal(slice(text, site.span), '{ encrypt: true, trustServerCertificate: true }');
  assert.deepEqual(site.hosts, [{ host: 'sql.example.com', port: '1444' }]);
  assert.equal(site.user, 'shop');
  assert.equal(site.database, 'shop');
  assert.equal(slice(text, site.passwordSpan!), 'hunter2');
  const tsc = param(site, 'trustServerCertificate');
  assert.equal(slice(text, tsc.keySpan), 'trustServerCertificate');
  assert.equal(slice(text, tsc.valueSpan), 'true');
  assert.equal(slice(text, tsc.removeSpan), ', trustServerCertificate: true');
  assert.equal(policy.disabledBy?.what, 'trustServerCertificate: true');
});

test('tedious objects: Sequelize, TypeORM and knex shapes count; other objects with `encrypt` do not', () => {
  const yes: string[] = [
    "new Sequelize({ dialect: 'mssql', dialectOptions: { options: { encrypt: false } } });",
    "createConnection({ type: 'mssql', host: 'h', options: { encrypt: false } });",
    "knex({ client: 'mssql', connection: { server: 'h', options: { encrypt: false } } });",
    "new Connection({ server: 'h', authentication: { type: 'default', options: { userName: 'u' } }, options: { encrypt: false } });",
    "import sql from 'mssql';\nconst options = { encrypt: false, enableArithAbort: true };",
  ];
  for (const text of yes) assert.equal(only(text, 'a.ts').policy.encrypts, 'never', text);
  const no: string[] = [
    "import sql from 'mssql';\nconst cipher = { algorithm: 'aes-256-gcm', encrypt: false };",
    "const s3 = { bucket: 'b', encrypt: false };",
    "new Sequelize({ dialect: 'postgres', dialectOptions: { options: { encrypt: false } } });",
    "sql.connect({ server: 'h', driver: 'msnodesqlv8', options: { trustServerCertificate: true } });",
  ];
  for (const text of no) assert.deepEqual(analysed(text, 'a.ts').map((s) => s.site.kind), [], text);
  // A node-postgres ssl object in the same file is still node-postgres's.
  const pg = "import { Pool } from 'pg';\nnew Pool({ host: 'h', ssl: { rejectUnauthorized: false } });";
  assert.deepEqual(lint(pg, { path: 'a.ts' }).sites.map((s) => s.site.driver), ['node-postgres']);
});

// ---------------------------------------------------------------------------------------------------
// Semantics

interface Row {
  source: string;
  path: string;
  input: string;
  driver: string;
  encrypts?: 'always' | 'maybe' | 'never' | 'unknown';
  chain?: 'yes' | 'no' | 'unknown';
  host?: 'yes' | 'no' | 'unknown';
  rules: string[];
  rejected?: boolean;
}

const NPG = 'npgsql/npgsql 3cb5804 NpgsqlConnector.NegotiateEncryption';
const NPG_CSB = 'npgsql/npgsql 3cb5804 NpgsqlConnectionStringBuilder.cs';
const SQLDOC = 'MicrosoftDocs/sql-docs 3ad7194 docs/connect/ado-net/encryption-and-certificate-validation.md';
const SQLCODE = 'dotnet/SqlClient c16adb7';
const MYC = 'mysql-net/MySqlConnector 6136675 Core/ServerSession.cs ValidateRemoteCertificate';
const CNET = 'mysql/mysql-connector-net ac184e8 common/Ssl.cs ServerCheckValidation + SslPemCertificateValidator';
const MJ = 'microsoft/mssql-jdbc 34285fd';
const TED = 'tediousjs/tedious a99826d';
const MSSQL = 'tediousjs/node-mssql 797a838 lib/tedious/connection-pool.js';
const H = 'db.example.com';

const rows: Row[] = [
  // Npgsql
  { source: `${NPG_CSB}: SSL Mode defaults to Prefer`, path: 'a.cs', input: `using Npgsql; var c = "Host=${H};Database=shop";`, driver: 'npgsql', encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${NPG}: Disable`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=Disable";`, driver: 'npgsql', encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${NPG}: Allow tries plaintext first`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=Allow";`, driver: 'npgsql', encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${NPG}: Prefer, SslTrustServerValidation`, path: 'a.cs', input: `var c = "Host=${H};SslMode=prefer";`, driver: 'npgsql', encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${NPG}: Require validates nothing`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=Require";`, driver: 'npgsql', encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${NPG}: Require ignores Root Certificate (unlike libpq)`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=Require;Root Certificate=/r.pem";`, driver: 'npgsql', encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${NPG}: VerifyCA ignores a name mismatch`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=VerifyCA;Root Certificate=/r.pem";`, driver: 'npgsql', encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${NPG}: VerifyFull`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=VerifyFull;Root Certificate=/r.pem";`, driver: 'npgsql', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${NPG}: VerifyFull without Root Certificate uses PGSSLROOTCERT, root.crt or the system store`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=VerifyFull";`, driver: 'npgsql', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${NPG_CSB}: Enum.Parse(ignoreCase) takes the numbers too (5 = VerifyFull)`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=5";`, driver: 'npgsql', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${NPG_CSB}: Enum.Parse throws for libpq's verify-full`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=verify-full";`, driver: 'npgsql', rules: ['rejected-setting'], rejected: true },
  { source: `${NPG_CSB}: Trust Server Certificate is obsolete and does nothing (8.0)`, path: 'a.cs', input: `var c = "Host=${H};SSL Mode=VerifyFull;Trust Server Certificate=true";`, driver: 'npgsql', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${NPG}: a Unix-domain socket uses no TLS (information)`, path: 'a.cs', input: `var c = "Host=/var/run/postgresql;SSL Mode=Disable";`, driver: 'npgsql', encrypts: 'never', rules: ['weak-sslmode'] },
  // SqlClient
  { source: `${SQLCODE} DbConnectionStringDefaults.Encrypt: Mandatory since 4.0 (#1210)`, path: 'a.cs', input: `var c = "Server=${H};Database=shop";`, driver: 'sqlclient', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${SQLDOC}: System.Data.SqlClient defaults to Encrypt=False (login packets only)`, path: 'a.cs', input: `using System.Data.SqlClient; var c = "Server=${H};Database=shop";`, driver: 'sqlclient', encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${SQLDOC}: Encrypt=False encrypts only the LOGIN packets`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=False";`, driver: 'sqlclient', encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${SQLCODE} SqlConnectionEncryptOption.TryParse: optional = false`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=Optional";`, driver: 'sqlclient', encrypts: 'maybe', rules: ['weak-sslmode'] },
  { source: `${SQLCODE} SqlConnectionEncryptOption.TryParse: yes = mandatory`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=yes";`, driver: 'sqlclient', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${SQLDOC}: Encrypt=True + TrustServerCertificate=True: the certificate isn't validated`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=True;TrustServerCertificate=True";`, driver: 'sqlclient', encrypts: 'always', chain: 'no', host: 'no', rules: ['verification-disabled'] },
  { source: `${SQLDOC}: Encrypt=False + TrustServerCertificate=True`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=False;TrustServerCertificate=yes";`, driver: 'sqlclient', encrypts: 'maybe', chain: 'no', rules: ['verification-disabled'] },
  { source: `${SQLCODE} CHANGELOG 5.0.0-preview3: Strict treats TrustServerCertificate as False`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=Strict;TrustServerCertificate=True";`, driver: 'sqlclient', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${SQLCODE} DbConnectionStringKeywords: "Trust Server Certificate" (2.0, #534)`, path: 'a.cs', input: `var c = "Data Source=${H};Trust Server Certificate=True";`, driver: 'sqlclient', chain: 'no', rules: ['verification-disabled'] },
  { source: `${SQLCODE} SqlConnectionEncryptOption.Parse throws for other values`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=sometimes";`, driver: 'sqlclient', rules: ['rejected-setting'], rejected: true },
  { source: `${SQLDOC}: System.Data.SqlClient knows only booleans (no Strict)`, path: 'a.cs', input: `using System.Data.SqlClient; var c = "Server=${H};Encrypt=Strict";`, driver: 'sqlclient', rules: ['rejected-setting'], rejected: true },
  { source: `${SQLCODE} ManagedSni/SniCommon ValidateSslServerCertificate: ServerCertificate pins, nothing new to report`, path: 'a.cs', input: `var c = "Server=${H};Encrypt=Strict;ServerCertificate=/c/sql.cer";`, driver: 'sqlclient', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${SQLDOC}: HostNameInCertificate names the host the certificate must carry (5.0)`, path: 'a.cs', input: `var c = "Server=10.0.0.5;Encrypt=True;HostNameInCertificate=${H}";`, driver: 'sqlclient', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  // MySqlConnector / Connector/NET
  { source: `${MYC}: SslMode defaults to Preferred (MySqlConnectionStringBuilder)`, path: 'a.cs', input: `using MySqlConnector; var c = "Server=${H};Database=shop";`, driver: 'mysql-dotnet', encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${MYC}: None`, path: 'a.cs', input: `var c = "Server=${H};SslMode=None";`, driver: 'mysql-dotnet', encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${MYC}: Disabled = None`, path: 'a.cs', input: `var c = "Server=${H};Ssl Mode=Disabled";`, driver: 'mysql-dotnet', encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${MYC}: Required trusts any certificate`, path: 'a.cs', input: `var c = "Server=${H};SslMode=Required;SslCa=/r.pem";`, driver: 'mysql-dotnet', encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${MYC}: VerifyCA drops a name mismatch`, path: 'a.cs', input: `var c = "Server=${H};SslMode=VerifyCA";`, driver: 'mysql-dotnet', encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${MYC}: VerifyFull`, path: 'a.cs', input: `var c = "Server=${H};SslMode=VerifyFull;SslCa=/r.pem";`, driver: 'mysql-dotnet', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${CNET}: a PEM SslCa accepts any host name, even in VerifyFull`, path: 'a.cs', input: `using MySql.Data.MySqlClient; var c = "Server=${H};SslMode=VerifyFull;SslCa=/r.pem";`, driver: 'mysql-dotnet', encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${CNET}: VerifyFull without SslCa relies on the system store's own checks`, path: 'a.cs', input: `using MySql.Data.MySqlClient; var c = "Server=${H};SslMode=VerifyFull";`, driver: 'mysql-dotnet', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  // Microsoft JDBC
  { source: `${MJ} CHANGELOG 10.1.0: encrypt defaults to true (#1697)`, path: 'a.properties', input: `u=jdbc:sqlserver://${H};databaseName=shop`, driver: 'mssql-jdbc', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${MJ} IOBuffer.enableSSL: encrypt=false is login-only with a permissive trust manager`, path: 'a.properties', input: `u=jdbc:sqlserver://${H};encrypt=false`, driver: 'mssql-jdbc', encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${MJ} EncryptOption.valueOfString: optional = false`, path: 'a.properties', input: `u=jdbc:sqlserver://${H};Encrypt=Optional`, driver: 'mssql-jdbc', encrypts: 'maybe', rules: ['weak-sslmode'] },
  { source: `${MJ} IOBuffer.enableSSL: trustServerCertificate=true trusts any certificate`, path: 'a.properties', input: `u=jdbc:sqlserver://${H};encrypt=true;trustServerCertificate=true`, driver: 'mssql-jdbc', encrypts: 'always', chain: 'no', rules: ['verification-disabled'] },
  { source: `${MJ} SQLServerConnection: "ignore trustServerCertificate for strict"`, path: 'a.properties', input: `u=jdbc:sqlserver://${H};encrypt=strict;trustServerCertificate=true`, driver: 'mssql-jdbc', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${MJ} SQLServerConnection isBooleanPropertyOn: other values throw`, path: 'a.properties', input: `u=jdbc:sqlserver://${H};trustServerCertificate=yes`, driver: 'mssql-jdbc', rules: ['rejected-setting'], rejected: true },
  { source: `${MJ} IOBuffer.enableSSL: trustManagerClass decides alone (no verdict)`, path: 'a.properties', input: `u=jdbc:sqlserver://${H};trustManagerClass=com.example.Tm`, driver: 'mssql-jdbc', encrypts: 'always', chain: 'unknown', rules: [] },
  // tedious / mssql
  { source: `${TED} commit 70ffe4a: encrypt defaults to true (6.0.0); ${MSSQL}`, path: 'a.ts', input: `sql.connect({ server: '${H}', options: { trustServerCertificate: false } });`, driver: 'tedious', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${TED} src/prelogin-payload.ts: encrypt false sends NOT_SUP (nothing encrypted)`, path: 'a.ts', input: `sql.connect({ server: '${H}', options: { encrypt: false } });`, driver: 'tedious', encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${TED} src/message-io.ts startTls: rejectUnauthorized: !trustServerCertificate`, path: 'a.ts', input: `sql.connect({ server: '${H}', options: { encrypt: true, trustServerCertificate: true } });`, driver: 'tedious', encrypts: 'always', chain: 'no', host: 'no', rules: ['verification-disabled'] },
  { source: `${TED} src/connection.ts wrapWithTls: strict ignores trustServerCertificate (16.3.0, #1522)`, path: 'a.ts', input: `sql.connect({ server: '${H}', options: { encrypt: 'strict', trustServerCertificate: true } });`, driver: 'tedious', encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${TED} src/connection.ts: encrypt must be a boolean or 'strict'`, path: 'a.ts', input: `sql.connect({ server: '${H}', options: { encrypt: 'yes' } });`, driver: 'tedious', rules: ['rejected-setting'], rejected: true },
  { source: `${TED} src/connection.ts: a computed value gives no verdict`, path: 'a.ts', input: `sql.connect({ server: '${H}', options: { trustServerCertificate: !prod } });`, driver: 'tedious', encrypts: 'unknown', rules: [] },
  { source: `${MSSQL} + @tediousjs/connection-string: Encrypt=false in a connection string`, path: 'a.ts', input: `import sql from 'mssql'; sql.connect('Server=${H};Database=shop;Encrypt=false');`, driver: 'tedious', encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${MSSQL} + @tediousjs/connection-string: any other text is true (Encrypt=strict is plain true)`, path: 'a.ts', input: `import sql from 'mssql'; sql.connect('Server=${H};Encrypt=strict;TrustServerCertificate=true');`, driver: 'tedious', encrypts: 'always', chain: 'no', rules: ['verification-disabled'] },
];

for (const row of rows) {
  test(`${row.source} — ${row.input}`, () => {
    const { site, policy } = only(row.input, row.path);
    assert.equal(site.driver, row.driver);
    if (row.encrypts) assert.equal(policy.encrypts, row.encrypts, 'encrypts');
    if (row.chain) assert.equal(policy.verifiesChain, row.chain, 'verifies chain');
    if (row.host) assert.equal(policy.verifiesHost, row.host, 'verifies host');
    assert.equal(Boolean(policy.rejected), Boolean(row.rejected), `rejected: ${policy.rejected}`);
    assert.deepEqual(
      findings(row.input, row.path).map((f) => f.ruleId),
      row.rules,
    );
  });
}

test('hover: the mode setting has the driver\'s name, and Npgsql says Trust Server Certificate does nothing', () => {
  const text = `var c = "Host=${H};SSL Mode=Require;Trust Server Certificate=true;Password=hunter2";`;
  const r = lint(text, { path: 'a.cs' });
  const md = hoverMarkdown(text, r, text.indexOf('Host'))!;
  assert.match(md, /\| SSL Mode as written \| `Require` \|/);
  assert.match(md, /does nothing since Npgsql 8\.0/);
  assert.match(md, /\| Password \| ••• \|/);
  assert.doesNotMatch(md, /hunter2/);
  const obj = "sql.connect({ server: 'sql.example.com', options: { trustServerCertificate: true } });";
  const om = hoverMarkdown(obj, lint(obj, { path: 'a.ts' }), obj.indexOf('trust'))!;
  assert.match(om, /\| encrypt as written \| \(not set\) \|/);
  assert.match(om, /\| Verification turned off by \| `trustServerCertificate: true` \|/);
  assert.doesNotMatch(om, /ssl option/);
  const sql = 'var c = "Server=sql.example.com;Database=shop";';
  assert.match(hoverMarkdown(sql, lint(sql, { path: 'a.cs' }), 10)!, /\| Encrypt as applied \| Mandatory \(default\) \|/);
});

test('messages: "No Encrypt" / "No SSL Mode" when the mode is absent, with the driver\'s own sentence', () => {
  const m = findings('using System.Data.SqlClient; var c = "Server=sql.example.com;Database=shop";', 'a.cs')[0]!.message;
  assert.match(m, /^No Encrypt: System\.Data\.SqlClient encrypts only the login packet/);
  const n = findings('var c = "Host=pg.example.com;Database=shop";', 'a.cs')[0]!.message;
  assert.match(n, /^No SSL Mode: Npgsql tries TLS but falls back to plaintext \(Prefer is the default\)/);
});

// ---------------------------------------------------------------------------------------------------
// Fixes

test('fixes: Npgsql and MySQL modes become VerifyFull (preferred), in place or added', () => {
  assert.equal(applyFix('var c = "Host=h.example.com;SSL Mode=Require";', 'a.cs', 'weak-sslmode', /^Set SSL Mode=VerifyFull$/), 'var c = "Host=h.example.com;SSL Mode=VerifyFull";');
  assert.equal(applyFix('var c = "Host=h.example.com;Database=shop";', 'a.cs', 'weak-sslmode', /^Set SSL Mode=VerifyFull$/), 'var c = "Host=h.example.com;Database=shop;SSL Mode=VerifyFull";');
  assert.equal(applyFix('var c = "Host=h.example.com;SSL Mode=VerifyCA";', 'a.cs', 'no-hostname-check', /VerifyFull/), 'var c = "Host=h.example.com;SSL Mode=VerifyFull";');
  assert.equal(applyFix('var c = "Server=h.example.com;SslMode=Required";', 'a.cs', 'weak-sslmode', /^Set SslMode=VerifyFull$/), 'var c = "Server=h.example.com;SslMode=VerifyFull";');
  assert.equal(applyFix("var c = \"Server=h.example.com;SslMode='Preferred'\";", 'a.cs', 'weak-sslmode', /VerifyFull/), "var c = \"Server=h.example.com;SslMode='VerifyFull'\";");
  for (const t of ['var c = "Host=h.example.com;SSL Mode=Require";', 'var c = "Server=h.example.com;SslMode=Required";']) {
    assert.ok(findings(t, 'a.cs')[0]!.fixes[0]!.preferred);
  }
});

test('fixes: SqlClient Encrypt=False → True (preferred) or Strict; TrustServerCertificate → False or Encrypt=Strict (not preferred)', () => {
  const weak = 'var c = "Server=h.example.com;Encrypt=False";';
  const f = findings(weak, 'a.cs')[0]!;
  assert.deepEqual(f.fixes.map((x) => [x.title, x.preferred]), [
    ['Set Encrypt=True', true],
    ['Set Encrypt=Strict (TDS 8: SQL Server 2022 and Microsoft.Data.SqlClient 5.0+)', false],
  ]);
  assert.equal(applyFix(weak, 'a.cs', 'weak-sslmode', /^Set Encrypt=Strict/), 'var c = "Server=h.example.com;Encrypt=Strict";');
  const off = 'var c = "Server=h.example.com;Encrypt=True;TrustServerCertificate=True;Database=shop";';
  const g = findings(off, 'a.cs')[0]!;
  assert.deepEqual(g.fixes.map((x) => [x.title, x.preferred]), [
    ['Set TrustServerCertificate=False (Encrypt=Strict is the stronger option)', false],
    ['Set Encrypt=Strict and remove TrustServerCertificate', false],
  ]);
  assert.equal(applyFix(off, 'a.cs', 'verification-disabled', /^Set TrustServerCertificate=False/), 'var c = "Server=h.example.com;Encrypt=True;TrustServerCertificate=False;Database=shop";');
  assert.equal(applyFix(off, 'a.cs', 'verification-disabled', /^Set Encrypt=Strict/), 'var c = "Server=h.example.com;Encrypt=Strict;Database=shop";');
  // Without an Encrypt key, the trust key itself becomes Encrypt=Strict (its quotes stay balanced).
  assert.equal(applyFix("var c = \"Server=h.example.com;TrustServerCertificate='true'\";", 'a.cs', 'verification-disabled', /^Set Encrypt=Strict/), "var c = \"Server=h.example.com;Encrypt='Strict'\";");
  // System.Data.SqlClient has no Strict.
  const legacy = 'using System.Data.SqlClient; var c = "Server=h.example.com;TrustServerCertificate=True";';
  assert.deepEqual(findings(legacy, 'a.cs').flatMap((x) => x.fixes.map((y) => y.title)), ['Set TrustServerCertificate=False']);
});

test('fixes: JDBC encrypt and trustServerCertificate; tedious encrypt and trustServerCertificate', () => {
  assert.equal(applyFix('u=jdbc:sqlserver://h.example.com;encrypt=false', 'a.properties', 'weak-sslmode', /^Set encrypt=true$/), 'u=jdbc:sqlserver://h.example.com;encrypt=true');
  const tsc = 'u=jdbc:sqlserver://h.example.com;trustServerCertificate=true;databaseName=shop';
  assert.equal(applyFix(tsc, 'a.properties', 'verification-disabled', /^Set trustServerCertificate=false/), 'u=jdbc:sqlserver://h.example.com;trustServerCertificate=false;databaseName=shop');
  assert.equal(applyFix(tsc, 'a.properties', 'verification-disabled', /^Set encrypt=strict/), 'u=jdbc:sqlserver://h.example.com;encrypt=strict;databaseName=shop');
  const obj = "sql.connect({ server: 'h', options: { encrypt: false } });";
  assert.equal(applyFix(obj, 'a.ts', 'weak-sslmode', /^Set encrypt: true$/), "sql.connect({ server: 'h', options: { encrypt: true } });");
  const t = "sql.connect({ server: 'h', options: { trustServerCertificate: true } });";
  const fix = findings(t, 'a.ts')[0]!.fixes;
  assert.deepEqual(fix.map((x) => [x.title, x.preferred]), [['Set trustServerCertificate: false', false]]);
  assert.equal(applyEdits(t, fix[0]!.edits), "sql.connect({ server: 'h', options: { trustServerCertificate: false } });");
});

test('fixes escape what they insert for the literal (C# verbatim, JSON) and fix-all settles', () => {
  const text = '{"a": "Host=h.example.com;Database=shop", "b": "Server=h.example.com;Encrypt=no;TrustServerCertificate=no"}';
  let current = text;
  for (let i = 0; i < 3; i++) current = applyEdits(current, fixAllEdits(findings(current, 'appsettings.json')));
  assert.equal(current, '{"a": "Host=h.example.com;Database=shop;SSL Mode=VerifyFull", "b": "Server=h.example.com;Encrypt=True;TrustServerCertificate=no"}');
  assert.deepEqual(findings(current, 'appsettings.json'), []);
});

// ---------------------------------------------------------------------------------------------------
// Trust files

test('driver specs: how each anchors a chain and which trust files it loads', () => {
  const spec = (id: string) => {
    const s = driverSpec(id as Parameters<typeof driverSpec>[0]);
    return [s.id, s.anchors, [...s.trustFormats]];
  };
  assert.deepEqual(spec('npgsql'), ['npgsql', 'root-only', ['pem', 'pkcs12']]); // CustomRootTrust (dotnet/runtime#99426); .pfx read as PKCS#12
  assert.deepEqual(spec('mysql-dotnet'), ['mysql-dotnet', 'root-only', ['pem', 'der']]); // MySqlConnector: the chain's root must be a file certificate
  assert.deepEqual(spec('mssql-jdbc'), ['mssql-jdbc', 'any-certificate', ['jks', 'pkcs12']]); // KeyStore + PKIX
  assert.deepEqual(spec('tedious'), ['tedious', 'root-only', ['pem']]); // Node / OpenSSL
  assert.deepEqual(spec('sqlclient'), ['sqlclient', 'root-only', []]); // no CA file setting
});

test('trust settings: Root Certificate, SslCa and trustStore are trust files; SqlClient uses the system store', () => {
  const trust = (text: string, p: string) => only(text, p).policy.trust;
  assert.deepEqual(pick(trust('var c = "Host=h;SSL Mode=VerifyFull;Root Certificate=certs/root.pem";', 'a.cs')), ['file', 'certs/root.pem', 'Root Certificate']);
  assert.deepEqual(pick(trust('var c = "Server=h;SslMode=VerifyCA;Ssl-Ca=certs/ca.pem";', 'a.cs')), ['file', 'certs/ca.pem', 'Ssl-Ca']);
  assert.deepEqual(pick(trust('u=jdbc:sqlserver://h;trustStore=certs/ts.jks', 'a.properties')), ['file', 'certs/ts.jks', 'trustStore']);
  assert.equal(trust('var c = "Server=h;Encrypt=True";', 'a.cs').kind, 'node-default');
});

function pick(t: AnalysedSite['policy']['trust']): unknown[] {
  return t.kind === 'file' ? [t.kind, t.path, t.param.key] : [t.kind];
}

async function trustFindings(text: string, file: string, files: Record<string, string | Uint8Array>): Promise<string[]> {
  const r = await lintWithTrust(text, {
    path: file,
    documentPath: `/w/${file}`,
    workspaceRoot: '/w',
    files: new MemoryFileAccess(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/w/${k}`, v]))),
    cache: newTrustFileCache(),
    now: new Date('2026-11-23T12:00:00Z'),
  });
  return r.findings.map((f) => f.ruleId).sort();
}

test('trust files: Npgsql reads PEM, not DER; the JDBC driver reads keystores, not PEM; MySqlConnector reads DER', async () => {
  const pem = fs.readFileSync(path.join(FIXTURE_ROOT, 'certs/digicert-global-root-g2.pem'), 'utf8');
  const der = new X509Certificate(pem).raw;
  assert.deepEqual(await trustFindings('var c = "Host=db.example.com;SSL Mode=VerifyFull;Root Certificate=ca.pem";', 'a.cs', { 'ca.pem': pem }), []);
  assert.deepEqual(await trustFindings('var c = "Host=db.example.com;SSL Mode=VerifyFull;Root Certificate=ca.der";', 'a.cs', { 'ca.der': der }), ['trust-file-unreadable']);
  assert.deepEqual(await trustFindings('var c = "Server=db.example.com;SslMode=VerifyFull;SslCa=ca.der";', 'a.cs', { 'ca.der': der }), []);
  assert.deepEqual(await trustFindings('u=jdbc:sqlserver://db.example.com;trustStore=ca.pem', 'a.properties', { 'ca.pem': pem }), ['trust-file-unreadable']);
  // Not read when the mode does not verify (Npgsql Require ignores Root Certificate).
  assert.deepEqual(await trustFindings('var c = "Host=db.example.com;SSL Mode=Require;Root Certificate=ca.der";', 'a.cs', { 'ca.der': der }), ['weak-sslmode']);
});

test('trust: the system store SqlClient validates against lacks the private Amazon RDS roots (Encrypt defaults to True since 4.0)', () => {
  const text = 'var c = "Server=shop.c9akciq32.eu-west-1.rds.amazonaws.com;Database=shop";';
  const f = findings(text, 'a.cs');
  assert.deepEqual(f.map((x) => x.ruleId), ['missing-root']);
  assert.match(f[0]!.message, /^The operating system's trust store where the client runs .* does not hold the CA of Amazon RDS/);
  // No fix writes a CA file setting SqlClient does not have.
  assert.deepEqual(f[0]!.fixes, []);
});

test('trust files: an intermediate alone fails Npgsql (root-only anchoring, like OpenSSL clients)', async () => {
  const int = fs.readFileSync(path.join(FIXTURE_ROOT, 'certs/microsoft-azure-rsa-tls-issuing-ca-03.pem'), 'utf8');
  const npg = await trustFindings('var c = "Host=db.example.com;SSL Mode=VerifyFull;Root Certificate=int.pem";', 'a.cs', { 'int.pem': int });
  assert.deepEqual(npg, ['missing-root', 'pinned-intermediate']);
});

// ---------------------------------------------------------------------------------------------------
// Redaction and hostile input

test('passwords never appear in messages, fixes or hovers of the dotnet fixtures', () => {
  const dir = path.join(FIXTURE_ROOT, 'lint');
  for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('dotnet-'))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const r = lint(text, { path: name });
    const out = JSON.stringify(r.findings) + r.sites.map((s) => hoverMarkdown(text, r, s.site.span.start) ?? '').join('\n');
    for (const secret of ['hunter2', 'Passw0rd!', 'p;w']) assert.ok(!out.includes(secret), `${name}: ${secret}`);
    for (const s of r.sites) if (s.site.passwordSpan) assert.ok(slice(text, s.site.passwordSpan).length > 0);
  }
});

test('hostile input stays linear and never throws', () => {
  const big = 'Server=;'.repeat(130_000);
  const cases: [string, string][] = [
    [`var c = "${big}";`, 'a.cs'],
    [big, 'a.txt'],
    [`<a v="${big}">${big}</a>`, 'web.config'],
    ['<add connectionString="Server=x;Encrypt=no' + ' &amp'.repeat(100_000) + '"/>', 'web.config'],
    ['u=' + 'jdbc:sqlserver://h;encrypt=false '.repeat(30_000), 'a.properties'],
    ['u=jdbc:sqlserver://h;' + '{'.repeat(200_000), 'a.properties'],
    ["import sql from 'mssql';\n" + '{ encrypt: true, '.repeat(60_000), 'a.ts'],
    ["import sql from 'mssql';\n" + 'x = { options: { trustServerCertificate: true } };\n'.repeat(20_000), 'a.ts'],
    ['var c = "' + "Password='".repeat(100_000) + '";', 'a.cs'],
    ['var c = "Server=x;' + 'a'.repeat(1_000_000) + '";', 'a.cs'],
    ['x = ' + '"Server=h;Encrypt=no" + '.repeat(40_000), 'a.cs'],
  ];
  for (const [text, p] of cases) {
    const t0 = Date.now();
    const r = lint(text, { path: p });
    for (const f of r.findings) assert.ok(f.span.end <= text.length);
    assert.ok(Date.now() - t0 < 8000, `${p}: ${Date.now() - t0} ms`);
  }
});

// ---------------------------------------------------------------------------------------------------
// docs/drivers/dotnet.md is executable

interface DocRow {
  section: string;
  parameter: string;
  value: string;
  example: string;
  encrypts: string;
  chain: string;
  host: string;
}

function docRows(file: string): DocRow[] {
  return docTableRows(file).map(({ section, get }) => ({ section, parameter: get('parameter'), value: get('value'), example: unwrap(get('example')), encrypts: get('encrypts'), chain: get('verifies chain'), host: get('verifies host') }));
}

const DOC_DRIVER: [RegExp, string, string][] = [
  [/^Npgsql/, 'npgsql', 'Program.cs'],
  [/^Microsoft\.Data\.SqlClient/, 'sqlclient', 'Program.cs'],
  [/^MySqlConnector/, 'mysql-dotnet', 'Program.cs'],
  [/^Microsoft JDBC/, 'mssql-jdbc', 'a.properties'],
  [/^tedious/, 'tedious', 'db.ts'],
];

const docs = docRows(path.resolve(__dirname, '../../docs/drivers/dotnet.md'));

test('docs/drivers/dotnet.md has a table for each driver', () => {
  const sections = new Set(docs.map((r) => DOC_DRIVER.find(([re]) => re.test(r.section))?.[1]));
  assert.deepEqual([...sections].sort(), ['mssql-jdbc', 'mysql-dotnet', 'npgsql', 'sqlclient', 'tedious']);
  assert.ok(docs.length >= 45, `${docs.length} rows`);
});

for (const row of docs) {
  const [, driver, file] = DOC_DRIVER.find(([re]) => re.test(row.section))!;
  test(`docs/drivers/dotnet.md ${driver}: ${row.parameter} = ${row.value}`, () => {
    const { site, policy } = only(row.example, file);
    assert.equal(site.driver, driver);
    assert.equal(policy.encrypts, row.encrypts, 'encrypts');
    assert.equal(policy.verifiesChain, row.chain, 'verifies chain');
    assert.equal(policy.verifiesHost, row.host, 'verifies host');
  });
}
