/**
 * PostgreSQL from Go, Python, PHP and Prisma: extraction (exact ranges, which driver reads what, what
 * is not a setting), a semantics table (each row naming its source), Prisma's env() resolution through
 * FileAccess, fixes, redaction, hostile input, and docs/drivers/scripting.md as an executable table.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits, lint, lintWithTrust, MemoryFileAccess, newTrustFileCache, siteMarkdown } from '../../server/out/engine';
import type { AnalysedSite, LintResult, Param, Site, Span } from '../../server/out/engine';
import { driverSpec } from '../../server/out/engine/drivers';
import { docTableRows, unwrap } from './util/docTables';

const ROOT = path.resolve(__dirname, '../..');

function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function only(text: string, file: string): AnalysedSite {
  const r = lint(text, { path: file });
  assert.equal(r.sites.length, 1, `one site in ${JSON.stringify(text)}: ${r.sites.map((s) => s.site.kind).join(', ')}`);
  return r.sites[0]!;
}

function param(site: Site, key: string): Param {
  const p = site.params.find((x) => x.key === key);
  assert.ok(p, `param ${key}`);
  return p;
}

const PGX = 'import "github.com/jackc/pgx/v5"\n';
const PQ = 'import _ "github.com/lib/pq"\n';

// ---------------------------------------------------------------------------------------------------
// Go: which driver

test('Go: the driver of a connection string comes from the imports and the database/sql driver name', () => {
  const cases: [string, string][] = [
    ['import "github.com/jackc/pgx/v5"', 'pgx'],
    ['import "github.com/jackc/pgx/v4/pgxpool"', 'pgx'],
    ['import "github.com/jackc/pgconn"', 'pgx'],
    ['import "gorm.io/driver/postgres"', 'pgx'],
    ['import _ "github.com/lib/pq"', 'lib-pq'],
    ['import "database/sql"\nfunc f() { sql.Open("pgx", dsn) }', 'pgx'],
    ['import "database/sql"\nfunc f() { sql.Open("postgres", dsn) }', 'lib-pq'],
    // Both imported: the database/sql driver name decides.
    ['import (\n "github.com/jackc/pgx/v5"\n _ "github.com/lib/pq"\n)\nfunc f() { sql.Open("postgres", dsn) }', 'lib-pq'],
    ['package config', 'pgx'],
  ];
  for (const [prefix, driver] of cases) {
    const { site } = only(`${prefix}\nconst u = "postgres://db.example.com/app?sslmode=verify-full"`, 'main.go');
    assert.equal(site.driver, driver, prefix);
    assert.ok(site.driverReason.length > 20);
  }
  assert.match(only('package config\nconst u = "host=db.example.com dbname=app"', 'c.go').site.driverReason, /assumed/);
});

test('Go: a keyword/value string with keys only pgx knows is a pgx site with exact ranges', () => {
  const text = `${PGX}const dsn = "host=db.example.com port=5433 dbname=shop user=app pool_max_conns=10 sslmode=require"`;
  const { site, policy } = only(text, 'db.go');
  assert.equal(site.kind, 'keyvalue');
  assert.equal(site.driver, 'pgx');
  assert.equal(slice(text, site.span), 'host=db.example.com port=5433 dbname=shop user=app pool_max_conns=10 sslmode=require');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com' }]);
  assert.equal(site.database, 'shop');
  const mode = param(site, 'sslmode');
  assert.equal(slice(text, mode.valueSpan), 'require');
  assert.equal(slice(text, mode.removeSpan), ' sslmode=require');
  assert.equal(policy.encrypts, 'always');
  // Not a connection string: too few connection keys, or no host or dbname (where it connects).
  assert.equal(lint(`${PGX}const x = "a=1 b=2"`, { path: 'db.go' }).sites.length, 0);
  assert.equal(lint(`${PGX}const x = "user=app port=5432 pool_max_conns=10"`, { path: 'db.go' }).sites.length, 0);
  assert.equal(lint(`${PGX}const x = "dbname=app user=u pool_max_conns=10"`, { path: 'db.go' }).sites.length, 1);
});

test('Go: tls.Config{InsecureSkipVerify: true} given to pgx or lib/pq is a site; an HTTP client or another library is not', () => {
  const text = `${PGX}func f() {\n\tcfg, _ := pgx.ParseConfig(dsn)\n\tcfg.TLSConfig = &tls.Config{ServerName: "db", InsecureSkipVerify: true}\n}`;
  const { site, policy } = only(text, 'db.go');
  assert.equal(site.kind, 'call');
  assert.equal(site.driver, 'pgx');
  assert.equal(slice(text, site.span), '&tls.Config{ServerName: "db", InsecureSkipVerify: true}');
  assert.equal(slice(text, site.anchor!), 'InsecureSkipVerify: true');
  const skip = param(site, 'InsecureSkipVerify');
  assert.equal(slice(text, skip.keySpan), 'InsecureSkipVerify');
  assert.equal(slice(text, skip.valueSpan), 'true');
  assert.equal(policy.disabledBy?.what, 'InsecureSkipVerify: true');

  const variants: [string, string | undefined][] = [
    [`${PGX}func f() { c.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true} }`, 'pgx'],
    [`${PGX}func f() { t := &tls.Config{InsecureSkipVerify: true}\n poolCfg.ConnConfig.TLSConfig = t }`, 'pgx'],
    [`${PGX}func f() { t := &tls.Config{}\n t.InsecureSkipVerify = true\n cfg.ConnConfig.TLSConfig = t }`, 'pgx'],
    ['import "github.com/lib/pq"\nfunc init() { pq.RegisterTLSConfig("x", &tls.Config{InsecureSkipVerify: true}) }', 'lib-pq'],
    // net/http, another client, a custom verification, no database import: not database settings.
    [`${PGX}func f() { c := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} }`, undefined],
    [`${PGX}func f() { o := &redis.Options{TLSConfig: &tls.Config{InsecureSkipVerify: true}} }`, undefined],
    [`${PGX}func f() { c.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true, VerifyPeerCertificate: check} }`, undefined],
    ['import "net/http"\nfunc f() { c.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true} }', undefined],
    [`${PGX}// cfg.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true}`, undefined],
  ];
  for (const [src, driver] of variants) {
    const sites = lint(src, { path: 'db.go' }).sites.filter((s) => s.site.kind === 'call');
    assert.deepEqual(sites.map((s) => s.site.driver), driver ? [driver] : [], src);
  }
});

// ---------------------------------------------------------------------------------------------------
// Python

test('Python: SQLAlchemy URLs name their driver; asyncpg URLs carry the dialect as a parameter', () => {
  const text = 'e = create_async_engine("postgresql+asyncpg://app:s3cret@db.example.com:5432/shop?ssl=require")';
  const { site } = only(text, 'a.py');
  assert.equal(site.kind, 'uri');
  assert.equal(site.driver, 'asyncpg');
  assert.equal(slice(text, site.span), 'postgresql+asyncpg://app:s3cret@db.example.com:5432/shop?ssl=require');
  assert.equal(slice(text, param(site, 'drivername').valueSpan), 'asyncpg');
  assert.equal(slice(text, param(site, 'ssl').valueSpan), 'require');
  assert.equal(slice(text, site.passwordSpan!), 's3cret');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com', port: '5432' }]);

  assert.equal(only('e = create_engine("postgresql+psycopg2://db.example.com/shop?sslmode=require")', 'a.py').site.driver, 'libpq');
  assert.equal(only('e = create_engine("postgresql+psycopg://db.example.com/shop?sslmode=require")', 'a.py').site.driver, 'libpq');
  // Other dialects are not modelled.
  assert.equal(lint('e = create_engine("postgresql+pg8000://db.example.com/shop")', { path: 'a.py' }).sites.length, 0);
});

test('Python: a Django DATABASES entry is one site: OPTIONS params, host, the ENGINE entry as anchor', () => {
  const text = [
    'DATABASES = {',
    "    'default': {",
    "        'ENGINE': 'django.db.backends.postgresql',",
    "        'NAME': 'shop', 'USER': 'app', 'PASSWORD': 'hunter2',",
    "        'HOST': os.environ.get('DB_HOST', 'db.example.com'), 'PORT': '5433',",
    "        'OPTIONS': {'sslmode': os.getenv('DB_SSLMODE', 'require'), 'sslrootcert': 'certs/ca.pem'},",
    '    }',
    '}',
  ].join('\n');
  const { site } = only(text, 'settings.py');
  assert.equal(site.kind, 'call');
  assert.equal(site.driver, 'libpq');
  assert.match(site.driverReason, /Django/);
  assert.equal(slice(text, site.anchor!), "'ENGINE': 'django.db.backends.postgresql'");
  assert.deepEqual(site.hosts, [{ host: 'db.example.com', port: '5433' }]);
  assert.equal(site.database, 'shop');
  assert.equal(site.user, 'app');
  assert.equal(slice(text, site.passwordSpan!), 'hunter2');
  const mode = param(site, 'sslmode');
  assert.equal(mode.value, 'require');
  assert.equal(mode.fallbackOf, 'DB_SSLMODE');
  assert.equal(slice(text, mode.valueSpan), 'require');
  assert.equal(slice(text, mode.keySpan), "'sslmode'");
  assert.equal(param(site, 'sslrootcert').value, 'certs/ca.pem');
  // Not PostgreSQL: no site.
  assert.equal(lint("DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'OPTIONS': {'ssl': {}}}}", { path: 'settings.py' }).sites.length, 0);
});

test('Python: psycopg connect merges a literal DSN with keywords (keywords last); without a DSN literal it is a fragment', () => {
  const text = 'import psycopg\nc = psycopg.connect("postgresql://app@db.example.com/shop?sslmode=verify-full", sslmode="prefer", connect_timeout=5)';
  const { site, policy } = only(text, 'a.py');
  assert.equal(site.kind, 'call');
  assert.equal(slice(text, site.span), text.slice(text.indexOf('psycopg.connect')));
  assert.deepEqual(site.params.map((p) => `${p.key}=${p.value}`), ['sslmode=verify-full', 'sslmode=prefer']);
  assert.equal(policy.modeWritten, 'prefer');
  assert.equal(site.user, 'app');
  const frag = only('import psycopg2\nc = psycopg2.connect(dsn, sslmode="require")', 'a.py');
  assert.equal(frag.site.fragment, true);
  assert.equal(frag.policy.encrypts, 'always');
  // A call of another client is not psycopg's.
  assert.equal(lint('import psycopg2, sqlite3\nc = sqlite3.connect(host="x")', { path: 'a.py' }).sites.length, 0);
});

test('Python: a connect call whose quotes are out of step is a fragment: nothing added that the reading would not see (fuzz seed 777)', () => {
  const broken = 'import psycopg2\nconn = psycopg2.connect(host="g2.connect(host="db.example.com", password="x", sslmode="allow"\r\n)\n';
  const r = lint(broken, { path: 'app/db.py' });
  assert.equal(r.sites.length, 1);
  assert.equal(r.sites[0]!.site.fragment, true);
  assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
  // A conditional expression is Python: the call is judged, with its fix.
  const cond = 'import psycopg2\nconn = psycopg2.connect(host="a.example.com" if prod else "b.example.com", dbname="x")\n';
  const c = lint(cond, { path: 'app/db.py' });
  assert.equal(c.sites[0]!.site.fragment, undefined);
  assert.ok(c.findings.some((f) => f.ruleId === 'weak-sslmode' && f.fixes.length === 1));
});

test('Python: env lookups with a literal default are judged by the default; without one they are run-time values', () => {
  const forms: [string, string | undefined, boolean][] = [
    ["os.environ.get('DB_SSLMODE', 'require')", 'require', false],
    ["os.getenv('DB_SSLMODE', 'require')", 'require', false],
    ["env('DB_SSLMODE', default='require')", 'require', false],
    ["env.str('DB_SSLMODE', default='require')", 'require', false],
    ["config('DB_SSLMODE', default='require')", 'require', false],
    ["os.environ.get('DB_SSLMODE') or 'require'", 'require', false],
    ["os.environ['DB_SSLMODE']", undefined, true],
    ["os.getenv('DB_SSLMODE')", undefined, true],
    ['settings.MODE', undefined, true],
  ];
  for (const [expr, value, dynamic] of forms) {
    const text = `import psycopg2\nc = psycopg2.connect(host="db.example.com", sslmode=${expr})`;
    const mode = param(only(text, 'a.py').site, 'sslmode');
    assert.equal(mode.dynamic, dynamic, expr);
    if (value !== undefined) {
      assert.equal(mode.value, value, expr);
      assert.equal(mode.fallbackOf, 'DB_SSLMODE', expr);
      assert.equal(slice(text, mode.valueSpan), value);
    }
  }
  const r = lint("import psycopg2\nc = psycopg2.connect(host='db.example.com', sslmode=os.environ.get('DB_SSLMODE', 'prefer'))", { path: 'a.py' });
  assert.match(r.findings[0]!.message, /^sslmode=prefer — the default when DB_SSLMODE is not set: /);
});

test('Python: sslmode entries elsewhere are psycopg fragments; strings and comments that mention sslmode are not', () => {
  const text = 'opts = {"sslmode": "require", "sslrootcert": "ca.pem"}\nopts2 = {}\nopts2["sslmode"] = "disable"\n# sslmode="disable"\nprint("use sslmode=disable in tests only")';
  const sites = lint(text, { path: 'a.py' }).sites;
  assert.deepEqual(sites.map((s) => [s.site.kind, s.site.fragment, s.site.params.map((p) => `${p.key}=${p.value}`).join(' ')]), [
    ['call', true, 'sslmode=require sslrootcert=ca.pem'],
    ['call', true, 'sslmode=disable'],
  ]);
  assert.equal(slice(text, sites[1]!.site.span), 'opts2["sslmode"] = "disable"');
});

test('Python: create_engine with connect_args makes its URL a fragment', () => {
  const text = 'e = create_engine("postgresql://db.example.com/shop", connect_args={"sslmode": "verify-full", "sslrootcert": "ca.pem"})';
  const r = lint(text, { path: 'a.py' });
  assert.equal(r.sites.length, 2);
  assert.equal(r.sites[0]!.site.kind, 'uri');
  assert.equal(r.sites[0]!.site.fragment, true);
  assert.deepEqual(r.findings.map((f) => f.ruleId), []);
});

test('real-world shapes: a bare scheme is no URL; a placeholder query decides at run time; OPTIONS take the host around them', () => {
  // full-stack-fastapi-template backend/app/core/config.py: `database_url.replace(scheme, "postgresql+psycopg://", 1)`
  assert.deepEqual(lint('u = database_url.replace(scheme, "postgresql+psycopg://", 1)', { path: 'config.py' }).sites, []);
  // golang-migrate database/pgx/pgx_test.go: `fmt.Sprintf("postgres://postgres:%s@%s:%s/postgres?%s", …, strings.Join(options, "&"))`
  const go = only(`${PGX}var u = fmt.Sprintf("postgres://postgres:%s@%s:%s/postgres?%s", pw, host, port, strings.Join(options, "&"))`, 'pgx_test.go');
  assert.equal(go.policy.dynamic, true);
  assert.deepEqual(lint(`${PGX}var u = fmt.Sprintf("postgres://postgres:%s@%s:%s/postgres?%s", pw, host, port, opts)`, { path: 'a.go' }).findings, []);
  // NetBox Docker configuration.py: a DATABASE dict without ENGINE, OPTIONS from the environment with a default.
  const netbox = 'DATABASE = {\n    "HOST": environ.get("DB_HOST", "localhost"),\n    "PORT": environ.get("DB_PORT", ""),\n    "OPTIONS": {"sslmode": environ.get("DB_SSLMODE", "prefer")},\n}';
  const nb = lint(netbox, { path: 'configuration.py' });
  assert.deepEqual(nb.sites.map((x) => [x.site.hosts, param(x.site, 'sslmode').fallbackOf]), [[[{ host: 'localhost' }], 'DB_SSLMODE']]);
  assert.deepEqual(nb.findings.map((f) => [f.ruleId, f.severity]), [['weak-sslmode', 'info']]);
  // A tls.Config whose InsecureSkipVerify is an expression is not judged (vigilagent internal/database/postgres.go).
  assert.deepEqual(lint(`${PGX}func f() { poolCfg.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: mode == "verify-ca"} }`, { path: 'a.go' }).sites, []);
});

// ---------------------------------------------------------------------------------------------------
// PHP

test('PHP: a PDO pgsql DSN is a libpq site with `;`-separated parameters and exact ranges', () => {
  const text = '<?php $pdo = new PDO("pgsql:host=db.example.com;port=5432;dbname=shop;sslmode=require", $u, $p);';
  const { site } = only(text, 'a.php');
  assert.equal(site.kind, 'adonet');
  assert.equal(site.driver, 'libpq');
  assert.match(site.driverReason, /PDO/);
  assert.equal(slice(text, site.span), 'pgsql:host=db.example.com;port=5432;dbname=shop;sslmode=require');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com' }]);
  const mode = param(site, 'sslmode');
  assert.equal(slice(text, mode.valueSpan), 'require');
  assert.equal(slice(text, mode.removeSpan), ';sslmode=require');
  assert.deepEqual(site.insertion && { offset: site.insertion.offset, prefix: site.insertion.prefix }, { offset: text.indexOf('require') + 7, prefix: ';' });
  // Interpolation is a run-time value; concatenation makes a fragment.
  assert.equal(param(only('<?php new PDO("pgsql:host=$host;sslmode=$mode");', 'a.php').site, 'sslmode').dynamic, true);
  assert.equal(only('<?php new PDO("pgsql:host=" . $host . ";dbname=app");', 'a.php').site.fragment, true);
  // pg_connect's keyword/value string: the core extractor, with a reason naming PHP.
  assert.match(only('<?php pg_connect("host=db.example.com dbname=app");', 'a.php').site.driverReason, /PHP/);
});

test("PHP: a Laravel 'pgsql' connection array is one site; env() defaults are judged; other drivers are not", () => {
  const text = "<?php return ['pgsql' => ['driver' => 'pgsql', 'host' => env('DB_HOST', 'db.example.com'), 'username' => 'app', 'password' => env('DB_PASSWORD', 'pw'), 'sslmode' => env('DB_SSLMODE', 'prefer')], 'mysql' => ['driver' => 'mysql', 'host' => 'x']];";
  const { site, policy } = only(text, 'config/database.php');
  assert.equal(site.kind, 'call');
  assert.equal(site.driver, 'libpq');
  assert.match(site.driverReason, /Laravel/);
  assert.equal(slice(text, site.anchor!), "'driver' => 'pgsql'");
  assert.deepEqual(site.hosts, [{ host: 'db.example.com' }]);
  assert.equal(site.user, 'app');
  assert.equal(slice(text, site.passwordSpan!), 'pw');
  const mode = param(site, 'sslmode');
  assert.equal(mode.fallbackOf, 'DB_SSLMODE');
  assert.equal(slice(text, mode.valueSpan), 'prefer');
  assert.equal(policy.encrypts, 'maybe');
  assert.match(lint(text, { path: 'config/database.php' }).findings[0]!.message, /^sslmode=prefer — the default when DB_SSLMODE is not set: /);
  // getenv ?: and $_ENV ?? defaults.
  for (const expr of ["getenv('DB_SSLMODE') ?: 'prefer'", "$_ENV['DB_SSLMODE'] ?? 'prefer'"]) {
    const p = param(only(`<?php return ['driver' => 'pgsql', 'sslmode' => ${expr}];`, 'a.php').site, 'sslmode');
    assert.deepEqual([p.value, p.fallbackOf, p.dynamic], ['prefer', 'DB_SSLMODE', false], expr);
  }
});

// ---------------------------------------------------------------------------------------------------
// Prisma

const SCHEMA = (body: string) => `generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n${body}\n}\n`;

test('Prisma: url and directUrl of a PostgreSQL datasource are sites; comments and other providers are not', () => {
  const text = SCHEMA('  url       = "postgresql://app:pw@db.example.com:5432/shop?sslmode=require&sslcert=../ca.pem"\n  directUrl = env("DIRECT_URL")\n  // url = "postgresql://old.example.com/shop?sslmode=disable"');
  const r = lint(text, { path: 'prisma/schema.prisma' });
  assert.equal(r.sites.length, 2);
  const [lit, env] = r.sites.map((s) => s.site);
  assert.equal(lit!.kind, 'prisma');
  assert.equal(lit!.driver, 'prisma');
  assert.equal(slice(text, lit!.span), 'postgresql://app:pw@db.example.com:5432/shop?sslmode=require&sslcert=../ca.pem');
  assert.equal(slice(text, lit!.passwordSpan!), 'pw');
  assert.equal(slice(text, param(lit!, 'sslcert').valueSpan), '../ca.pem');
  assert.equal(slice(text, env!.span), 'env("DIRECT_URL")');
  assert.equal(param(env!, 'env').value, 'DIRECT_URL');
  assert.equal(slice(text, param(env!, 'env').valueSpan), 'DIRECT_URL');
  assert.match(env!.driverReason, /directUrl/);
  assert.equal(r.sites[1]!.policy.dynamic, true);
  assert.deepEqual(lint(SCHEMA('').replace('postgresql', 'mysql') + '\n', { path: 'schema.prisma' }).sites, []);
  assert.deepEqual(lint('datasource db {\n  provider = "mysql"\n  url = "mysql://h/db"\n}\n', { path: 'schema.prisma' }).sites.filter((s) => s.site.driver === 'prisma'), []);
  // A driver adapter is noted.
  const adapter = only('generator client {\n  provider = "prisma-client"\n}\ndatasource db {\n  provider = "postgresql"\n  url = "postgresql://db.example.com/app?sslmode=require&sslaccept=strict"\n}\n', 'schema.prisma');
  assert.ok(adapter.policy.notes.some((n) => /driver adapter/.test(n)));
});

async function lintSchema(files: Record<string, string>, schemaPath: string): Promise<{ text: string; result: LintResult }> {
  const text = files[schemaPath]!;
  const result = await lintWithTrust(text, {
    path: schemaPath,
    documentPath: schemaPath,
    workspaceRoot: '/ws',
    files: new MemoryFileAccess(files),
    cache: newTrustFileCache(),
    now: new Date('2026-11-23T12:00:00Z'),
  });
  return { text, result };
}

test('Prisma: env("X") is resolved from .env at the workspace root, beside the schema, or prisma/.env (Prisma docs, .env files)', async () => {
  const schema = SCHEMA('  url = env("DATABASE_URL")');
  const url = 'postgresql://app:hunter2@db.example.com/shop?sslmode=require';
  const places = ['/ws/.env', '/ws/db/.env', '/ws/prisma/.env'];
  for (const envPath of places) {
    const schemaPath = envPath === '/ws/db/.env' ? '/ws/db/schema.prisma' : '/ws/prisma/schema.prisma';
    const { text, result } = await lintSchema({ [schemaPath]: schema, [envPath]: `# comment\nDATABASE_URL="${url}"\n` }, schemaPath);
    assert.equal(result.sites.length, 1, envPath);
    const { site, policy } = result.sites[0]!;
    assert.equal(policy.dynamic, false, envPath);
    assert.equal(policy.encrypts, 'always');
    assert.deepEqual(site.hosts, [{ host: 'db.example.com' }]);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, slice(text, f.span), f.fixes.length]), [['weak-sslmode', 'env("DATABASE_URL")', 0]], envPath);
    assert.ok(policy.notes.some((n) => n.includes(`DATABASE_URL in ${path.posix.relative('/ws', envPath)}`)), policy.notes.join(' | '));
    // The URL's password is never copied: not into params, messages or the hover.
    const everything = JSON.stringify(result) + siteMarkdown(result.sites[0]!);
    assert.ok(!everything.includes('hunter2'));
  }
  // The workspace root's .env comes first.
  const { result } = await lintSchema({ '/ws/prisma/schema.prisma': schema, '/ws/.env': 'DATABASE_URL=postgresql://a.example.com/x?sslmode=disable', '/ws/prisma/.env': `DATABASE_URL=${url}` }, '/ws/prisma/schema.prisma');
  assert.equal(result.sites[0]!.policy.encrypts, 'never');
  // No .env, or a value that expands other variables: still undecided.
  assert.equal((await lintSchema({ '/ws/prisma/schema.prisma': schema }, '/ws/prisma/schema.prisma')).result.sites[0]!.policy.dynamic, true);
  assert.equal((await lintSchema({ '/ws/prisma/schema.prisma': schema, '/ws/.env': 'DATABASE_URL=postgresql://${HOST}/x' }, '/ws/prisma/schema.prisma')).result.sites[0]!.policy.dynamic, true);
  // The text-only lint never reads a file.
  assert.equal(lint(schema, { path: 'schema.prisma' }).sites[0]!.policy.dynamic, true);
});

test("Prisma: sslcert is the server's CA, resolved from the schema's folder (psl load_url_with_config_dir)", async () => {
  const schema = SCHEMA('  url = "postgresql://db.example.com/shop?sslmode=require&sslaccept=strict&sslcert=certs/missing.pem"');
  const { result } = await lintSchema({ '/ws/prisma/schema.prisma': schema }, '/ws/prisma/schema.prisma');
  const tf = result.sites[0]!.trustFile;
  assert.equal(tf?.state, 'missing');
  assert.equal(tf?.state === 'missing' && tf.tried[0]!.path, '/ws/prisma/certs/missing.pem');
  assert.deepEqual(result.findings.map((f) => f.ruleId), ['trust-file-unreadable']);
});

// ---------------------------------------------------------------------------------------------------
// Semantics

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

const PGX_TLS = 'jackc/pgx 728cefa pgconn/config.go configTLS';
const PGX_DEFAULTS = 'jackc/pgx 728cefa pgconn/defaults.go (sslrootcert = ~/.postgresql/root.crt when it exists)';
const PQ_SSL = 'lib/pq f4654a4 ssl.go';
const PQ_CONNECTOR = 'lib/pq f4654a4 connector.go newConfig';
const PQ_CHANGELOG = 'lib/pq f4654a4 CHANGELOG.md (v1.12.0: prefer/allow, sslrootcert=system, root.crt default)';
const ASYNCPG = 'MagicStack/asyncpg db8ecc2 asyncpg/connect_utils.py _parse_connect_dsn_and_args';
const SA_ASYNCPG = 'sqlalchemy f35da7e dialects/postgresql/asyncpg.py create_connect_args (URL query → asyncpg.connect keywords)';
const QUAINT = 'prisma-engines quaint/src/connector/postgres/url.rs @0d495ae9 parse_query_params';
const QUAINT_TLS = 'prisma-engines quaint/src/connector/postgres/native/mod.rs @004522f9 PostgreSql::new (danger_accept_invalid_certs unless strict)';
const PDO = 'php-src ext/pdo_pgsql/pgsql_driver.c @00443c77 pdo_pgsql_handle_factory (; → space, PQconnectdb)';
const LIBPQ = 'PostgreSQL 18 libpq-connect §34.1.2 and fe-secure-openssl.c initialize_SSL';

const h = 'db.example.com';
const prisma = (url: string) => `datasource db {\n  provider = "postgresql"\n  url = "${url}"\n}\n`;

const rows: Row[] = [
  // pgx
  { source: `${PGX_TLS}: default prefer`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app"`, encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${PGX_TLS}: disable`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=disable"`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${PGX_TLS}: allow tries plaintext first`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=allow"`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${PGX_TLS}: prefer with sslrootcert still skips verification`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=prefer&sslrootcert=/r.pem"`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${PGX_TLS} + ${PGX_DEFAULTS}: require without sslrootcert`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=require"`, encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${PGX_TLS}: require with sslrootcert behaves like verify-ca`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=require&sslrootcert=/r.pem"`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${PGX_TLS}: verify-ca`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=verify-ca"`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${PGX_TLS}: verify-full without sslrootcert uses root.crt or the system roots (no implicit-trust-store)`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=verify-full"`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${PGX_TLS}: sslrootcert=system forces verify-full, even over disable`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=disable&sslrootcert=system"`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${PGX_TLS}: sslnegotiation=direct turns prefer into require`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslnegotiation=direct"`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${PGX_TLS}: values are case-sensitive ("sslmode is invalid")`, path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?sslmode=Require"`, rules: ['rejected-setting'], rejected: true },
  { source: 'jackc/pgx pgconn/parse_url.go: ssl=true is sslmode=require (after v5.10.0)', path: 'a.go', input: `${PGX}var u = "postgres://${h}/app?ssl=true"`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${PGX_TLS}: a placeholder decides at run time`, path: 'a.go', input: `${PGX}var u = fmt.Sprintf("host=${h} dbname=app sslmode=%s", mode)`, rules: [], dynamic: true },
  { source: 'Go crypto/tls: InsecureSkipVerify accepts any certificate', path: 'a.go', input: `${PGX}func f() { c.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true} }`, encrypts: 'unknown', chain: 'no', host: 'no', rules: ['verification-disabled'] },
  // lib/pq
  { source: `${PQ_CONNECTOR}: no sslmode means require (v1.12.3)`, path: 'a.go', input: `${PQ}var u = "host=${h} dbname=app"`, encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${PQ_SSL}: disable`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslmode=disable"`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `lib/pq f4654a4 conn.go: prefer retries without TLS (${PQ_CHANGELOG})`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslmode=prefer"`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${PQ_SSL}: require with an existing root file is verify-ca`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslmode=require&sslrootcert=/r.pem"`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${PQ_SSL}: verify-ca`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslmode=verify-ca&sslrootcert=/r.pem"`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${PQ_SSL}: verify-full`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslmode=verify-full&sslrootcert=/r.pem"`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${PQ_CONNECTOR}: sslrootcert=system makes verify-full the default`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslrootcert=system"`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${PQ_CONNECTOR}: sslrootcert=system refuses a weaker sslmode`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslrootcert=system&sslmode=require"`, rules: ['rejected-setting'], rejected: true },
  { source: `${PQ_CONNECTOR}: sslnegotiation=direct refuses prefer`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslnegotiation=direct&sslmode=prefer"`, rules: ['rejected-setting'], rejected: true },
  { source: `${PQ_SSL}: pqgo-<name> is a tls.Config registered in code`, path: 'a.go', input: `${PQ}var u = "postgres://${h}/app?sslmode=pqgo-mine"`, rules: [], dynamic: true },
  { source: `${PQ_CONNECTOR}: a Unix socket disables TLS (information)`, path: 'a.go', input: `${PQ}var u = "host=/var/run/postgresql dbname=app sslmode=disable"`, encrypts: 'never', rules: ['weak-sslmode'] },
  // psycopg / SQLAlchemy / Django (libpq)
  { source: `${LIBPQ}: psycopg keywords`, path: 'a.py', input: `import psycopg2\nc = psycopg2.connect(host="${h}", sslmode="require")`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${LIBPQ}: require + sslrootcert keyword`, path: 'a.py', input: `import psycopg2\nc = psycopg2.connect(host="${h}", sslmode="require", sslrootcert="/r.pem")`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${LIBPQ}: psycopg with no host uses a Unix socket (information)`, path: 'a.py', input: 'import psycopg2\nc = psycopg2.connect(dbname="app", user="app")', encrypts: 'maybe', rules: ['weak-sslmode'] },
  { source: `${LIBPQ}: SQLAlchemy psycopg2 URL`, path: 'a.py', input: `e = create_engine("postgresql+psycopg2://${h}/app?sslmode=verify-full&sslrootcert=/r.pem")`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${LIBPQ}: Django OPTIONS`, path: 'settings.py', input: `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "${h}", "OPTIONS": {"sslmode": "verify-ca", "sslrootcert": "/r.pem"}}}`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${LIBPQ}: Django without HOST uses a Unix socket (information)`, path: 'settings.py', input: 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"}}', encrypts: 'maybe', rules: ['weak-sslmode'] },
  { source: `${LIBPQ}: Django OPTIONS built elsewhere are not judged`, path: 'settings.py', input: `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "${h}", "OPTIONS": opts}}`, rules: [] },
  // asyncpg
  { source: `${ASYNCPG} + ${SA_ASYNCPG}: ssl absent → prefer`, path: 'a.py', input: `e = create_async_engine("postgresql+asyncpg://${h}/app")`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${ASYNCPG}: ssl=require without a root file → CERT_NONE`, path: 'a.py', input: `e = create_async_engine("postgresql+asyncpg://${h}/app?ssl=require")`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${ASYNCPG}: ssl=verify_ca (underscore accepted)`, path: 'a.py', input: `e = create_async_engine("postgresql+asyncpg://${h}/app?ssl=verify_ca")`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${ASYNCPG}: ssl=verify-full`, path: 'a.py', input: `e = create_async_engine("postgresql+asyncpg://${h}/app?ssl=verify-full")`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${SA_ASYNCPG}: sslmode is no asyncpg.connect argument (TypeError)`, path: 'a.py', input: `e = create_async_engine("postgresql+asyncpg://${h}/app?sslmode=require")`, rules: ['rejected-setting'], rejected: true },
  { source: `${ASYNCPG}: ssl=true is not a mode`, path: 'a.py', input: `e = create_async_engine("postgresql+asyncpg://${h}/app?ssl=true")`, rules: ['rejected-setting'], rejected: true },
  { source: `${ASYNCPG}: DSN sslmode=require with sslrootcert → verify-ca`, path: 'a.py', input: `import asyncpg\nc = asyncpg.connect("postgresql://${h}/app?sslmode=require&sslrootcert=/r.pem")`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: `${ASYNCPG}: DSN verify-full without a root file needs ~/.postgresql/root.crt (fails without it)`, path: 'a.py', input: `import asyncpg\nc = asyncpg.connect("postgresql://${h}/app?sslmode=verify-full")`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['implicit-trust-store'] },
  // PHP
  { source: `${PDO}`, path: 'a.php', input: `<?php new PDO("pgsql:host=${h};dbname=app;sslmode=require");`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${PDO}: verify-full with sslrootcert`, path: 'a.php', input: `<?php new PDO("pgsql:host=${h};dbname=app;sslmode=verify-full;sslrootcert=/r.pem");`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: 'Laravel PostgresConnector::addSslOptions: sslmode into the PDO DSN', path: 'database.php', input: `<?php return ['driver' => 'pgsql', 'host' => '${h}', 'sslmode' => 'require', 'sslrootcert' => '/r.pem'];`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: 'Laravel: the stock 127.0.0.1 default host (information)', path: 'database.php', input: "<?php return ['driver' => 'pgsql', 'host' => env('DB_HOST', '127.0.0.1'), 'sslmode' => 'prefer'];", encrypts: 'maybe', rules: ['weak-sslmode'] },
  // Prisma
  { source: `${QUAINT}: default sslmode prefer`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app`), encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${QUAINT}: disable`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app?sslmode=disable`), encrypts: 'never', rules: ['weak-sslmode'] },
  { source: `${QUAINT_TLS}: require without sslaccept accepts any certificate`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app?sslmode=require`), encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: `${QUAINT_TLS}: require + sslaccept=strict`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app?sslmode=require&sslaccept=strict`), encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${QUAINT}: sslmode=verify-full is unknown to Prisma: prefer`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app?sslmode=verify-full&sslaccept=strict`), encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: `${QUAINT}: explicit sslaccept=accept_invalid_certs`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app?sslmode=require&sslaccept=accept_invalid_certs`), encrypts: 'always', chain: 'no', rules: ['verification-disabled'] },
  { source: `${QUAINT}: an unknown sslaccept value is strict`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app?sslmode=require&sslaccept=yes`), encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: `${QUAINT}: CockroachDB uses the same connector`, path: 'schema.prisma', input: prisma(`postgresql://${h}/app?sslmode=require`).replace('postgresql"', 'cockroachdb"'), encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: 'Prisma docs: url = env("X") is read where Prisma runs (undecided in a text-only lint)', path: 'schema.prisma', input: 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n', rules: [], dynamic: true },
];

for (const row of rows) {
  test(`${row.source} — ${row.input.replace(/\n/g, ' ')}`, () => {
    const result = lint(row.input, { path: row.path });
    assert.equal(result.sites.length, 1, 'one site');
    const { policy } = result.sites[0]!;
    if (row.encrypts) assert.equal(policy.encrypts, row.encrypts, 'encrypts');
    if (row.chain) assert.equal(policy.verifiesChain, row.chain, 'verifies chain');
    if (row.host) assert.equal(policy.verifiesHost, row.host, 'verifies host');
    assert.equal(Boolean(policy.rejected), Boolean(row.rejected), `rejected: ${policy.rejected}`);
    assert.equal(policy.dynamic, Boolean(row.dynamic), 'dynamic');
    assert.deepEqual(result.findings.map((f) => f.ruleId), row.rules);
  });
}

test('anchors and formats: Go takes any certificate of the pool as an anchor; Python (OpenSSL) and Prisma (native-tls/OpenSSL) a root only', () => {
  assert.equal(driverSpec('pgx').anchors, 'any-certificate');
  assert.equal(driverSpec('lib-pq').anchors, 'any-certificate');
  assert.equal(driverSpec('asyncpg').anchors, 'root-only');
  assert.equal(driverSpec('prisma').anchors, 'root-only');
  for (const id of ['pgx', 'lib-pq', 'asyncpg', 'prisma'] as const) assert.deepEqual(driverSpec(id).trustFormats, ['pem']);
});

// ---------------------------------------------------------------------------------------------------
// Fixes

function fixed(text: string, file: string, rule: string): string {
  const f = lint(text, { path: file }).findings.find((x) => x.ruleId === rule);
  assert.ok(f, `${rule} in ${text}`);
  assert.ok(f.fixes.length > 0, 'a fix');
  return applyEdits(text, f.fixes[0]!.edits);
}

test('fixes: sslmode=verify-full in keywords, dict entries, Laravel arrays and PDO DSNs; insertions in the syntax of the site', () => {
  assert.equal(fixed("import psycopg2\nc = psycopg2.connect(host='db.example.com', sslmode=os.getenv('M', 'require'))", 'a.py', 'weak-sslmode'), "import psycopg2\nc = psycopg2.connect(host='db.example.com', sslmode=os.getenv('M', 'verify-full'))");
  assert.equal(fixed("import psycopg2\nc = psycopg2.connect(host='db.example.com', dbname='app')", 'a.py', 'weak-sslmode'), "import psycopg2\nc = psycopg2.connect(host='db.example.com', dbname='app', sslmode='verify-full')");
  assert.equal(
    fixed("DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com',}}", 'settings.py', 'weak-sslmode'),
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'},}}",
  );
  assert.equal(
    fixed("DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'connect_timeout': 5}}}", 'settings.py', 'weak-sslmode'),
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'connect_timeout': 5, 'sslmode': 'verify-full'}}}",
  );
  assert.equal(fixed("<?php return ['driver' => 'pgsql', 'host' => 'db.example.com'];", 'a.php', 'weak-sslmode'), "<?php return ['driver' => 'pgsql', 'host' => 'db.example.com', 'sslmode' => 'verify-full'];");
  assert.equal(fixed('<?php new PDO("pgsql:host=db.example.com;dbname=app");', 'a.php', 'weak-sslmode'), '<?php new PDO("pgsql:host=db.example.com;dbname=app;sslmode=verify-full");');
  assert.equal(fixed(`${PQ}var u = "host=db.example.com dbname=app"`, 'a.go', 'weak-sslmode'), `${PQ}var u = "host=db.example.com dbname=app sslmode=verify-full"`);
  assert.equal(fixed('e = create_async_engine("postgresql+asyncpg://db.example.com/app")', 'a.py', 'weak-sslmode'), 'e = create_async_engine("postgresql+asyncpg://db.example.com/app?ssl=verify-full")');
});

test('fixes: Prisma gets sslmode=require and sslaccept=strict (it has no verify-full); InsecureSkipVerify: false is not preferred', () => {
  const fix = (url: string) => {
    const f = lint(prisma(url), { path: 'schema.prisma' }).findings[0]!;
    return { text: applyEdits(prisma(url), f.fixes[0]!.edits), title: f.fixes[0]!.title, preferred: f.fixes[0]!.preferred };
  };
  assert.deepEqual(fix('postgresql://db.example.com/app'), { text: prisma('postgresql://db.example.com/app?sslmode=require&sslaccept=strict'), title: 'Set sslmode=require and sslaccept=strict', preferred: true });
  assert.deepEqual(fix('postgresql://db.example.com/app?sslmode=verify-full'), { text: prisma('postgresql://db.example.com/app?sslmode=require&sslaccept=strict'), title: 'Set sslmode=require and sslaccept=strict', preferred: true });
  assert.deepEqual(fix('postgresql://db.example.com/app?sslmode=require&sslaccept=accept_invalid_certs'), { text: prisma('postgresql://db.example.com/app?sslmode=require&sslaccept=strict'), title: 'Set sslaccept=strict', preferred: false });
  const go = `${PGX}func f() { c.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true} }`;
  const f = lint(go, { path: 'a.go' }).findings[0]!;
  assert.deepEqual(f.fixes.map((x) => [x.title, x.preferred]), [['Set InsecureSkipVerify: false', false]]);
  assert.equal(applyEdits(go, f.fixes[0]!.edits), go.replace('true', 'false'));
  assert.deepEqual(lint(applyEdits(go, f.fixes[0]!.edits), { path: 'a.go' }).findings, []);
});

// ---------------------------------------------------------------------------------------------------
// Passwords, hostile input

test('passwords in DSNs, keywords, Django, Laravel and Prisma never reach a message or the hover', () => {
  const inputs: [string, string][] = [
    ['a.py', 'import psycopg2\nc = psycopg2.connect(host="db.example.com", password="Zq9-secret", sslmode="disable")'],
    ['settings.py', 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PASSWORD": "Zq9-secret"}}'],
    ['a.php', "<?php return ['driver' => 'pgsql', 'host' => 'db.example.com', 'password' => 'Zq9-secret', 'sslmode' => 'disable'];"],
    ['a.php', '<?php new PDO("pgsql:host=db.example.com;password=Zq9-secret;sslmode=disable");'],
    ['schema.prisma', prisma('postgresql://app:Zq9-secret@db.example.com/app?sslmode=disable')],
    ['a.go', `${PGX}var u = "postgres://app:Zq9-secret@db.example.com/app?sslmode=disable"`],
  ];
  for (const [file, text] of inputs) {
    const r = lint(text, { path: file });
    assert.ok(r.sites.length > 0 && r.sites.every((s) => s.site.passwordSpan !== undefined), `${file}: passwordSpan`);
    const out = r.findings.map((f) => f.message + JSON.stringify(f.fixes)).join('\n') + r.sites.map((s) => siteMarkdown(s)).join('\n');
    assert.ok(!out.includes('Zq9-secret'), `${file}: ${out}`);
  }
});

test('hostile input: 1 MB of repeated fragments never throws and stays linear', () => {
  const mb = (s: string) => s.repeat(Math.ceil(1_000_000 / s.length));
  const inputs: [string, string][] = [
    ['a.go', PGX + mb('Server=;')],
    ['a.go', PGX + mb('cfg.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true}\n')],
    ['a.go', PGX + mb('t.InsecureSkipVerify = true\n')],
    ['a.go', PGX + mb('"host=a dbname=b x_y=1 sslmode=require" ')],
    ['a.py', 'import psycopg2\n' + mb('psycopg2.connect(host="h", sslmode=')],
    ['a.py', mb('{"sslmode": {"sslmode": ')],
    ['a.py', mb('x["sslmode"] = os.getenv("A", ')],
    ['a.py', mb('"postgresql+asyncpg://h/db?ssl=require" ')],
    ['settings.py', mb('{"ENGINE": "django.db.backends.postgresql", "OPTIONS": {')],
    ['a.php', '<?php ' + mb("['driver' => 'pgsql', 'sslmode' => env('A', ")],
    ['a.php', '<?php ' + mb('"pgsql:host=a;sslmode=require;" ')],
    ['schema.prisma', mb('datasource db {\n provider = "postgresql"\n url = "postgresql://h/d?sslmode=require"\n}\n')],
    ['schema.prisma', mb('datasource db {\n')],
  ];
  for (const [file, text] of inputs) {
    const t0 = Date.now();
    assert.doesNotThrow(() => lint(text, { path: file }));
    const ms = Date.now() - t0;
    assert.ok(ms < 15_000, `${file} ${text.slice(0, 40)}: ${ms} ms`);
  }
});

// ---------------------------------------------------------------------------------------------------
// docs/drivers/scripting.md: every row is linted

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

/** Per section: the file the example is linted as, what goes before it, and the driver it must get. */
const SECTIONS: Record<string, { path: string; wrap: (example: string) => string; driver: string }> = {
  pgx: { path: 'x.go', wrap: (e) => `import _ "github.com/jackc/pgx/v5/stdlib"\n${e}`, driver: 'pgx' },
  'lib/pq': { path: 'x.go', wrap: (e) => `${PQ}${e}`, driver: 'lib-pq' },
  'psycopg, SQLAlchemy and Django (libpq)': { path: 'x.py', wrap: (e) => `import psycopg2\n${e}`, driver: 'libpq' },
  asyncpg: { path: 'x.py', wrap: (e) => `import asyncpg\n${e}`, driver: 'asyncpg' },
  'PHP: PDO pgsql, pg_connect, Laravel (libpq)': { path: 'x.php', wrap: (e) => `<?php ${e}`, driver: 'libpq' },
  Prisma: { path: 'schema.prisma', wrap: (e) => `datasource db {\n  provider = "postgresql"\n  ${e}\n}\n`, driver: 'prisma' },
};

const docs = docRows(path.join(ROOT, 'docs/drivers/scripting.md'));

test('docs/drivers/scripting.md has a table for each driver of the family', () => {
  assert.deepEqual([...new Set(docs.map((r) => r.section))].sort(), Object.keys(SECTIONS).sort());
  assert.ok(docs.length >= 50, `${docs.length} rows`);
});

for (const row of docs) {
  test(`docs/drivers/scripting.md ${row.section}: ${row.parameter} = ${row.value}`, () => {
    const s = SECTIONS[row.section]!;
    const unescaped = row.example.replace(/\\\|/g, '|');
    const result = lint(s.wrap(unescaped), { path: s.path });
    assert.equal(result.sites.length, 1, 'one site');
    const p = result.sites[0]!.policy;
    assert.equal(p.driver, s.driver);
    assert.equal(p.encrypts, row.encrypts, 'encrypts');
    assert.equal(p.verifiesChain, row.chain, 'verifies chain');
    assert.equal(p.verifiesHost, row.host, 'verifies host');
  });
}
