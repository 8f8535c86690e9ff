/**
 * Core data model of the engine. Everything here is plain data: no functions, so findings and
 * fixes can cross process boundaries (LSP `data`, CLI JSON, SARIF) unchanged.
 *
 * Offsets are UTF-16 code-unit offsets into the analysed text, end-exclusive.
 */

export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/**
 * The client library that reads a setting. Each has a DriverSpec (drivers/): its semantics, its
 * trust-file formats and how it anchors a chain, and its fixes.
 */
export type DriverId =
  // PostgreSQL
  | 'libpq' // psql, psycopg2/3, PDO pgsql, libpq-based clients
  | 'pgjdbc'
  | 'node-postgres'
  | 'postgres-js' // postgres.js (the `postgres` package for Node)
  | 'pgx'
  | 'lib-pq' // github.com/lib/pq
  | 'asyncpg' // Python asyncpg (its own TLS handling, not libpq)
  | 'npgsql'
  | 'prisma'
  // MySQL
  | 'mysql-connector-j'
  | 'mysql2'
  | 'mysqljs' // the `mysql` package for Node (mysqljs/mysql)
  | 'mysql-dotnet' // MySqlConnector and MySQL Connector/NET
  | 'pymysql'
  | 'mysql-connector-python'
  | 'go-mysql' // github.com/go-sql-driver/mysql
  | 'pdo-mysql'
  | 'mysql-client' // the mysql command-line client
  // SQL Server
  | 'mssql-jdbc'
  | 'sqlclient' // Microsoft.Data.SqlClient / System.Data.SqlClient
  | 'tedious' // tedious / mssql for Node
  // Any JVM client: a -Djavax.net.ssl.trustStore setting
  | 'jvm';

/** The syntactic form a connection setting was written in. */
export type SiteKind =
  | 'uri' // scheme://… (postgres, mysql, sqlserver…)
  | 'keyvalue' // libpq keyword/value
  | 'jdbc' // jdbc:… URL
  | 'env' // environment variables
  | 'object' // a driver options object in code
  | 'adonet' // Key=Value;Key=Value (ADO.NET, PDO DSN after its prefix)
  | 'dsn' // a driver-specific DSN (go-sql-driver: user@tcp(host)/db?tls=…)
  | 'call' // keyword arguments or setter calls in code (connect(sslmode=…), props.setProperty)
  | 'command' // a command line (psql "…", mysql --ssl-mode=…, java -Djavax.net.ssl.trustStore=…)
  | 'prisma'; // a Prisma schema datasource

/** One `key=value` parameter with the exact source ranges of its key and its value. */
export interface Param {
  /** The key as written (libpq and pgjdbc keys are case-sensitive; env names are upper case). */
  key: string;
  /** The value as the driver reads it: unquoted, unescaped, percent-decoded. */
  value: string;
  keySpan: Span;
  /** Source range of the value's text (inside quotes, when the value is quoted). */
  valueSpan: Span;
  /** Source range of the whole parameter, used to remove it (includes one separator). */
  removeSpan: Span;
  /** The value is a template placeholder (`${X}`, `%s`, `{x}`): it is decided at run time. */
  dynamic: boolean;
  /**
   * The value is the default of a run-time lookup (`${PGSSLMODE:-disable}`, `process.env.DB_SSL ?? false`):
   * the name of the variable, which replaces it when set. The site is judged by the default.
   */
  fallbackOf?: string;
}

export interface HostSpec {
  host: string;
  port?: string;
}

/** Where and how a new parameter can be added to a site. */
export interface Insertion {
  /** Source offset where the text is inserted. */
  offset: number;
  /** Text placed before `key=value` (e.g. `?`, `&`, a space, a newline). */
  prefix: string;
  /** Text placed after `key=value`. */
  suffix: string;
  /** Separator between key and value (`=`). */
  assign: string;
}

/** A flavour of a driver that reads the same settings differently (see Site.driverVariant). */
export type DriverVariant = 'system-data' | 'connector-net' | 'tedious-direct' | 'mariadb-client';

/** A connection setting found in a file. */
export interface Site {
  kind: SiteKind;
  /** Source range of the whole connection string (or of the env assignment(s)). */
  span: Span;
  params: Param[];
  hosts: HostSpec[];
  database?: string;
  user?: string;
  /** Where a finding about a missing parameter goes (default: the whole span). */
  anchor?: Span;
  /** Source range of the password, if one is written. Its text is never copied anywhere. */
  passwordSpan?: Span;
  driver: DriverId;
  /** Why this driver is assumed (shown in the hover; localised, so never read by logic). */
  driverReason: string;
  /**
   * Which flavour of the driver the file shows, where the flavours read the same settings
   * differently (absent: the driver's default flavour). Set by the extractor, read by the interpreter:
   * - `system-data`: System.Data.SqlClient (a `using System.Data.SqlClient;`, or that providerName),
   *   where Encrypt defaults to False and takes booleans only (driver `sqlclient`);
   * - `connector-net`: MySQL Connector/NET (MySql.Data) rather than MySqlConnector (`mysql-dotnet`);
   * - `tedious-direct`: tedious used without mssql (`tedious`);
   * - `mariadb-client`: MariaDB's command-line client (`mariadb`, `mariadb-dump`…), whose TLS options
   *   differ from MySQL's (`mysql-client`).
   */
  driverVariant?: DriverVariant;
  /**
   * Only part of a connection string (the rest is built elsewhere, e.g. by concatenation):
   * parameters it does not contain are not judged.
   */
  fragment?: boolean;
  /** How to add a parameter (absent when the site cannot take one in place). */
  insertion?: Insertion;
  /** How text inserted into this site must be escaped to survive the enclosing literal. */
  escape: EscapeStyle;
  /** Hosts the configuration's `providers` setting assigns to a cloud provider (lower-cased hosts). */
  declaredProviders?: DeclaredProvider[];
}

/** "This host is Azure": a host of the site matched by a `providers` pattern of the configuration. */
export interface DeclaredProvider {
  /** The site's host, lower-cased. */
  host: string;
  /** The pattern that matched (`db.internal.example.com`, `*.corp.example`, `*`). */
  pattern: string;
  /** A provider id (providers/types.ts ProviderId), validated when the configuration was read. */
  provider: string;
  region?: string;
}

/** How the text of a string literal encodes characters. */
export type EscapeStyle =
  | 'none' //        raw text (plain config values, shell single quotes, Go raw strings)
  | 'backslash' //   C-family, JSON, YAML double quotes, shell double quotes
  | 'double-single' // YAML single quotes, SQL: '' stands for '
  | 'double-double'; // C# verbatim strings: "" stands for "

export type Tristate = 'yes' | 'no' | 'unknown';

/** Where the trust anchors for chain verification come from. */
export type TrustSource =
  | { kind: 'file'; path: string; param: Param }
  | { kind: 'system'; param: Param }
  | { kind: 'default-file'; description: string }
  | { kind: 'node-default'; description: string }
  | { kind: 'none' };

/** The effective TLS policy of one site, as its driver applies it. */
export interface Policy {
  driver: DriverId;
  /** The sslmode parameter (or env var) as written, if any. */
  modeParam?: Param;
  /** The mode as written, or undefined when absent. */
  modeWritten?: string;
  /** The mode the driver actually enforces, in words (e.g. "verify-full (alias)"). */
  modeApplied: string;
  /** TLS is used: always, maybe (opportunistic, falls back to plaintext), or never. */
  encrypts: 'always' | 'maybe' | 'never' | 'unknown';
  verifiesChain: Tristate;
  verifiesHost: Tristate;
  /** Chain verification happens only if a file exists on the machine that runs the code. */
  verifiesChainIfDefaultFile?: boolean;
  trust: TrustSource;
  /** An explicit switch that turns verification off. */
  disabledBy?: { param: Param; what: string };
  /** All hosts are local: a Unix socket (sslmode is ignored) or a loopback address. */
  local?: 'socket' | 'loopback';
  /** The decisive value is decided at run time (a placeholder), so no verdict is given. */
  dynamic: boolean;
  /** The driver rejects this configuration (connection fails); the text says why. */
  rejected?: string;
  /** The written parameter the driver rejects, when it is not the mode's (rejected-setting reports it there). */
  rejectedAt?: Param;
  /**
   * The value the driver takes instead of the rejected mode, when what was meant is certain (a case
   * slip: `VERIFY-FULL` for `verify-full`); rejected-setting's fix writes it.
   */
  rejectedInstead?: string;
  /** Verifies today only through behaviour the driver has announced it will change; says how. */
  futureWeak?: string;
  /** Facts shown in the hover, each a sentence. */
  notes: string[];
  /**
   * What the mode parameter is called for this driver, for the hover ("SslMode", "sslMode", "tls");
   * default `sslmode` (`PGSSLMODE` for env sites).
   */
  modeKey?: string;
  /**
   * The sentences the generic rules use for drivers whose wording they do not build themselves
   * (MySQL, SQL Server, Npgsql, Go…): why it is weak, why verification is off, why the host name is
   * not checked. A rule reports only when the policy's facts call for it; the sentence says why.
   */
  explain?: { weak?: string; disabled?: string; noHost?: string };
}

/** A text edit as data. */
export interface Edit {
  span: Span;
  newText: string;
}

/** A file a fix creates. Never written over an existing file: the host refuses or picks a free name. */
export interface NewFile {
  /** Absolute path, in the style of the linted document's path. */
  path: string;
  content: string;
}

export interface Fix {
  title: string;
  /** Edits of the linted document. */
  edits: Edit[];
  /** Files the fix creates (e.g. a root-only CA bundle); absent for most fixes. */
  files?: NewFile[];
  /** Safe to apply without review (marks the LSP code action preferred). */
  preferred: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  /** Index of the site in the lint result's `sites`. */
  site: number;
}

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  description: string;
  docsUrl: string;
  fixable: boolean;
  /**
   * What the rule reports goes wrong on this machine too, so its findings on loopback hosts and Unix
   * sockets keep their severity (else they are reported as information).
   */
  sameWhenLocal?: boolean;
}

export interface AnalysedSite {
  site: Site;
  policy: Policy;
  /** The trust file the site names, located and read (set by attachTrustFiles; absent in text-only lint). */
  trustFile?: import('./trustAnalysis').TrustFileAnalysis;
}

export interface LintResult {
  sites: AnalysedSite[];
  findings: Finding[];
}
