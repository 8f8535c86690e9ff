#!/usr/bin/env node
/**
 * Builds the two injection grammars from one table of TLS parameters:
 *
 * - dbtrust-tls.injection.tmLanguage.json (scope dbtrust.tls-parameters.injection): inside strings
 *   of every host language, and in the bare text of .env, .properties/.ini and YAML files, it marks
 *   the parameter names (`sslmode=`, `"TrustServerCertificate"`) and their values;
 * - dbtrust-tls-code.injection.tmLanguage.json (scope dbtrust.tls-code.injection): in code (outside
 *   strings and comments) it marks only values written as code, e.g. `rejectUnauthorized: false`,
 *   `InsecureSkipVerify: true`, `SslMode = SslMode.Require`, `ctx.verify_mode = ssl.CERT_NONE`.
 *
 * Values are found with a look-behind on the parameter name, so a value is recognised whether or not
 * the name and the value share a token (`"sslmode": "require"`, `sslmode='require'`,
 * `setProperty("sslmode", "require")`), and the host grammar keeps tokenizing the name itself.
 *
 * Usage: `node syntaxes/generate.mjs` rewrites both files; `--check` exits 1 when they are stale.
 * The grammar test compares the committed files with `build()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCOPES = {
  parameter: 'variable.parameter.tls.dbtrust',
  operator: 'keyword.operator.assignment.dbtrust',
  weak: 'invalid.deprecated.tls-weak.dbtrust',
  disabled: 'invalid.illegal.tls-verification-disabled.dbtrust',
  safe: 'constant.language.tls-verified.dbtrust',
};

/**
 * One family of parameter names sharing a value vocabulary. Names and values are matched without
 * regard to case (ADO.NET, MySQL and the enums are case-insensitive; libpq's lower-case names are
 * what everyone writes). `weak`: TLS is optional or the certificate chain or host name is not
 * verified; `disabled`: an explicit switch that turns verification off; `safe`: full verification.
 * `source` names where the semantics come from.
 */
export const FAMILIES = [
  {
    id: 'mode',
    names: ['ssl[-_ ]?mode', 'PGSSLMODE', 'xdevapi\\.ssl-mode'],
    disabled: ['no-verify'],
    weak: ['disabled?', 'allow', 'prefer(?:red)?', 'required?', 'verify[-_]?ca', 'none'],
    safe: ['verify[-_]?full', 'verify[-_]?identity'],
    source: [
      'https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-SSLMODE-STATEMENTS',
      'https://github.com/brianc/node-postgres/blob/master/packages/pg-connection-string/index.js (no-verify)',
      'https://github.com/pgjdbc/pgjdbc/blob/master/pgjdbc/src/main/java/org/postgresql/jdbc/SslMode.java',
      'https://github.com/npgsql/npgsql/blob/3cb5804b769b000a1fc88ad8e5e764667f0df4a1/src/Npgsql/Internal/NpgsqlConnector.cs',
      'https://dev.mysql.com/doc/refman/8.4/en/connection-options.html#option_general_ssl-mode',
      'https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-security.html',
    ],
  },
  {
    id: 'rootcert',
    names: ['sslrootcert', 'PGSSLROOTCERT'],
    safe: ['system'],
    source: ['https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-SSLROOTCERT (sslrootcert=system: the system store, with sslmode=verify-full)'],
  },
  {
    id: 'files',
    names: [
      'sslcert', 'sslkey', 'sslcrl', 'sslcrldir', 'sslpassword', 'sslcertmode', 'sslsni', 'sslnegotiation',
      'PGSSLCERT', 'PGSSLKEY', 'PGSSLCRL', 'PGSSLCRLDIR', 'PGSSLNEGOTIATION', 'sslhostnameverifier',
      'ssl[-_]?ca', 'ssl[-_]?capath', 'ssl[-_]?cert', 'ssl[-_]?key', 'ssl[-_]?cipher',
      'root ?certificate', 'ssl ?certificate', 'ssl ?password',
      'trustStore(?:Type|Password)?', 'trustCertificateKeyStore(?:Url|Type|Password)',
      'clientCertificateKeyStore(?:Url|Type|Password)', 'host ?name ?in ?certificate', 'server ?certificate',
      'MYSQL_ATTR_SSL_CA', 'MYSQL_ATTR_SSL_CAPATH', 'MYSQL_ATTR_SSL_CERT', 'MYSQL_ATTR_SSL_KEY',
    ],
    source: [
      'https://www.postgresql.org/docs/current/libpq-connect.html',
      'https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-security.html',
      'https://learn.microsoft.com/sql/connect/ado-net/encryption-and-certificate-validation',
      'https://docs.oracle.com/en/java/javase/21/security/java-secure-socket-extension-jsse-reference-guide.html',
    ],
  },
  {
    id: 'factory',
    names: ['sslfactory'],
    disabled: ['org\\.postgresql\\.ssl\\.NonValidatingFactory'],
    source: ['https://github.com/pgjdbc/pgjdbc/blob/master/pgjdbc/src/main/java/org/postgresql/ssl/NonValidatingFactory.java'],
  },
  {
    id: 'ssl',
    names: ['ssl', 'useSSL', 'requireSSL'],
    weak: ['false', '0', 'no', 'off'],
    source: [
      'https://github.com/pgjdbc/pgjdbc/blob/master/pgjdbc/src/main/java/org/postgresql/Driver.java (ssl)',
      'https://github.com/brianc/node-postgres/blob/master/packages/pg-connection-string/index.js (ssl)',
      'https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-security.html (useSSL, requireSSL)',
    ],
  },
  {
    id: 'sslaccept',
    names: ['sslaccept'],
    disabled: ['accept_invalid_certs'],
    safe: ['strict'],
    source: ['https://www.prisma.io/docs/orm/overview/databases/postgresql#configuring-an-ssl-connection'],
  },
  {
    id: 'encrypt',
    names: ['encrypt'],
    weak: ['false', 'no', 'optional', '0'],
    safe: ['strict', 'true', 'yes', 'mandatory'],
    source: ['https://learn.microsoft.com/sql/connect/ado-net/encryption-and-certificate-validation', 'https://github.com/microsoft/mssql-jdbc/pull/1697'],
  },
  {
    id: 'trust-server-certificate',
    names: ['trust ?server ?certificate'],
    disabled: ['true', 'yes', '1'],
    safe: ['false', 'no', '0'],
    source: ['https://learn.microsoft.com/sql/connect/ado-net/encryption-and-certificate-validation', 'https://github.com/tediousjs/tedious/pull/1522'],
  },
  {
    id: 'reject-unauthorized',
    names: ['rejectUnauthorized'],
    disabled: ['false', '0'],
    safe: ['true'],
    source: ['https://nodejs.org/api/tls.html#tlsconnectoptions-callback'],
  },
  {
    id: 'verify-certificate',
    names: ['verifyServerCertificate', 'ssl[-_]verify[-_]cert', 'ssl[-_]verify[-_]server[-_]cert', 'MYSQL_ATTR_SSL_VERIFY_SERVER_CERT'],
    disabled: ['false', '0', 'no'],
    safe: ['true', '1', 'yes'],
    source: [
      'https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-security.html (verifyServerCertificate)',
      'https://github.com/PyMySQL/PyMySQL/blob/main/pymysql/connections.py (ssl_verify_cert)',
      'https://github.com/php/php-src/blob/master/ext/pdo_mysql/mysql_driver.c (MYSQL_ATTR_SSL_VERIFY_SERVER_CERT)',
    ],
  },
  {
    id: 'verify-identity',
    names: ['ssl[-_]verify[-_]identity', 'verifyIdentity', 'check_hostname', 'ssl_check_hostname'],
    weak: ['false', '0', 'no'],
    safe: ['true', '1', 'yes'],
    source: [
      'https://github.com/mysql/mysql-connector-python/blob/trunk/mysql-connector-python/lib/mysql/connector/network.py (ssl_verify_identity)',
      'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.check_hostname',
    ],
  },
  {
    id: 'ssl-disabled',
    names: ['ssl[-_]disabled'],
    weak: ['true', '1', 'yes'],
    source: ['https://github.com/mysql/mysql-connector-python/blob/trunk/mysql-connector-python/lib/mysql/connector/constants.py (ssl_disabled)'],
  },
  {
    id: 'tls',
    names: ['tls'],
    disabled: ['skip-verify'],
    weak: ['preferred', 'false'],
    safe: ['true'],
    source: ['https://github.com/go-sql-driver/mysql#tls'],
  },
  {
    id: 'insecure-skip-verify',
    names: ['InsecureSkipVerify'],
    disabled: ['true'],
    safe: ['false'],
    source: ['https://pkg.go.dev/crypto/tls#Config (InsecureSkipVerify)'],
  },
  {
    id: 'verify-mode',
    names: ['verify_mode'],
    disabled: ['CERT_NONE'],
    weak: ['CERT_OPTIONAL'],
    safe: ['CERT_REQUIRED'],
    source: ['https://docs.python.org/3/library/ssl.html#ssl.SSLContext.verify_mode'],
  },
];

const CLASSES = ['disabled', 'weak', 'safe'];

/** Every parameter name, longest alternatives first (Oniguruma alternation is ordered). */
function allNames() {
  return FAMILIES.flatMap((f) => f.names).sort((a, b) => b.length - a.length);
}

const alt = (xs) => `(?:${xs.join('|')})`;

/** After a name: the value follows an assignment, a `=>`, a `:`, a call's `(` or, for a quoted name, a `,`. */
const NAME_TAIL = `(?:["'\`]?[ \\t]{0,4}(?:=>?|:|\\()|["'\`][ \\t]{0,4},)[ \\t]{0,4}`;

/**
 * The look-behind before a value: a word boundary, an optional setter prefix (`setSslMode(`), the
 * name, its tail, and for string values an optional opening quote.
 */
function valueLookbehind(names, code) {
  const open = code ? '' : `["'\`]?`;
  return `(?<=\\b(?:set|with)?${alt(names)}${NAME_TAIL}${open})`;
}

/**
 * In code a value may be qualified (`SslMode.Require`, `ssl.CERT_NONE`, `PgSslMode::Prefer`); the
 * qualified name is the value, so the match starts where the host grammar's own token starts.
 */
const QUALIFIER = '(?:[A-Za-z_][A-Za-z0-9_]{0,40}(?:\\.|::)){0,2}';

/** A value ends where a word would not go on (`requirement`, `verify-caX`, `NonValidatingFactoryX` are not values). */
const VALUE_END = '(?![\\w.-]*\\w)';

function valuePatterns(code) {
  const out = [];
  for (const cls of CLASSES) {
    for (const family of FAMILIES) {
      const values = family[cls];
      if (!values || values.length === 0) continue;
      out.push({
        comment: `${family.id}: ${cls} values`,
        match: `(?i)${valueLookbehind(family.names, code)}${code ? QUALIFIER : ''}${alt(values)}${VALUE_END}`,
        name: SCOPES[cls],
      });
    }
  }
  return out;
}

function parametersGrammar() {
  const names = alt(allNames());
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'dbtrust TLS parameters',
    comment: 'Generated by syntaxes/generate.mjs: edit the table there and run `node syntaxes/generate.mjs`.',
    scopeName: 'dbtrust.tls-parameters.injection',
    injectionSelector:
      'L:string -comment, L:source.dotenv -comment -string, L:source.ini -comment -string, L:source.java-properties -comment -string, L:source.yaml -comment -string',
    patterns: [{ include: '#values' }, { include: '#names' }],
    repository: {
      values: { patterns: valuePatterns(false) },
      names: {
        patterns: [
          {
            comment: 'A parameter name followed by its assignment: sslmode=, Encrypt =, "ssl-mode":, TrustServerCertificate=>.',
            match: `(?i)\\b(${names})(?![\\w-])[ \\t]*(=>?|:(?![/\\\\]))`,
            captures: { 1: { name: SCOPES.parameter }, 2: { name: SCOPES.operator } },
          },
          {
            comment: 'A string that is exactly a parameter name: a JSON or dictionary key, a setProperty argument, an XML attribute value.',
            match: `(?i)(?<=["'\`])${names}(?=["'\`])`,
            name: SCOPES.parameter,
          },
        ],
      },
    },
  };
}

function codeGrammar() {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'dbtrust TLS values in code',
    comment: 'Generated by syntaxes/generate.mjs: edit the table there and run `node syntaxes/generate.mjs`.',
    scopeName: 'dbtrust.tls-code.injection',
    injectionSelector: 'L:source -string -comment',
    patterns: valuePatterns(true),
  };
}

/** The two grammars, keyed by their file name in syntaxes/. */
export function build() {
  return {
    'dbtrust-tls.injection.tmLanguage.json': parametersGrammar(),
    'dbtrust-tls-code.injection.tmLanguage.json': codeGrammar(),
  };
}

export function serialise(grammar) {
  return JSON.stringify(grammar, null, 2) + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  let stale = false;
  for (const [file, grammar] of Object.entries(build())) {
    const target = path.join(dir, file);
    const text = serialise(grammar);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current === text) continue;
    if (process.argv.includes('--check')) {
      console.error(`${file} is stale: run node syntaxes/generate.mjs`);
      stale = true;
    } else {
      fs.writeFileSync(target, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
