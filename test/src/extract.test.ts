/** Extraction details: exact source ranges, quoting and escaping rules, hosts, redaction. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, hoverMarkdown, lint, Site, Span } from '../../server/out/engine';

function sites(text: string, path: string): Site[] {
  return lint(text, { path }).sites.map((s) => s.site);
}

function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function param(site: Site, key: string) {
  const p = site.params.find((x) => x.key === key);
  assert.ok(p, `param ${key}`);
  return p;
}

test('URI (libpq-connect §34.1.1.2): user, password, hosts with ports, database, parameters', () => {
  const text = 'U=postgresql://us%40er:p%40ss@h1.example.com:5432,h2.example.com:5433/my%20db?connect_timeout=10&sslmode=verify-full';
  const [s] = sites(text, '.env');
  assert.ok(s);
  assert.equal(s.kind, 'uri');
  assert.equal(s.user, 'us@er');
  assert.equal(s.database, 'my db');
  assert.deepEqual(s.hosts, [{ host: 'h1.example.com', port: '5432' }, { host: 'h2.example.com', port: '5433' }]);
  assert.equal(slice(text, s.passwordSpan!), 'p%40ss');
  const mode = param(s, 'sslmode');
  assert.equal(slice(text, mode.keySpan), 'sslmode');
  assert.equal(slice(text, mode.valueSpan), 'verify-full');
  assert.equal(slice(text, s.span), text.slice(2));
});

test('URI: IPv6 literals, Unix sockets as percent-encoded host or host= parameter', () => {
  assert.deepEqual(sites('U=postgresql://[2001:db8::1]:5433,[::1]/db', '.env')[0]!.hosts, [
    { host: '2001:db8::1', port: '5433' },
    { host: '::1' },
  ]);
  assert.deepEqual(sites('U=postgresql://%2Fvar%2Frun%2Fpostgresql/db', '.env')[0]!.hosts, [{ host: '/var/run/postgresql' }]);
  assert.deepEqual(sites('U=postgresql:///db?host=%2Ftmp', '.env')[0]!.hosts, [{ host: '/tmp' }]);
  assert.deepEqual(sites('U=postgres://', '.env')[0]!.hosts, []);
});

test('URI: parameter values are percent-decoded, ranges stay on the encoded text', () => {
  const text = 'U=postgres://h/db?sslrootcert=%2Fetc%2Fssl%2Fmy%20root.pem&sslmode=verify-ca';
  const s = sites(text, '.env')[0]!;
  const root = param(s, 'sslrootcert');
  assert.equal(root.value, '/etc/ssl/my root.pem');
  assert.equal(slice(text, root.valueSpan), '%2Fetc%2Fssl%2Fmy%20root.pem');
});

test('URI: ends at quotes, white space and unbalanced brackets; keeps ${...} placeholders', () => {
  const text = 'run(`psql postgres://${USER}@${HOST}/db?sslmode=require`), "x"';
  const s = sites(text, 'a.sh')[0]!;
  assert.equal(slice(text, s.span), 'postgres://${USER}@${HOST}/db?sslmode=require');
  const t2 = 'see (postgresql://h/db?sslmode=require).';
  assert.equal(slice(t2, sites(t2, 'notes.txt')[0]!.span), 'postgresql://h/db?sslmode=require');
});

test('URI: jdbc:postgresql:// is not also read as a libpq URI; other schemes are not matched', () => {
  const s = sites('"jdbc:postgresql://h/db?sslmode=require"', 'A.java');
  assert.deepEqual(s.map((x) => x.kind), ['jdbc']);
  assert.deepEqual(sites('"xpostgres://h/db"', 'a.py'), []);
});

test('keyword/value (libpq-connect §34.1.1.1): quotes, backslash escapes, spaces around =', () => {
  const text = `c("host = h1 dbname='my db' sslrootcert='/p a/it\\\\'s.pem' sslmode=verify-full")`;
  // In the Python source the literal is: host = h1 dbname='my db' sslrootcert='/p a/it\\'s.pem' ...
  const s = sites(text, 'a.py')[0]!;
  assert.equal(s.kind, 'keyvalue');
  assert.equal(s.database, 'my db');
  const root = param(s, 'sslrootcert');
  assert.equal(root.value, "/p a/it's.pem");
  assert.equal(slice(text, param(s, 'sslmode').valueSpan), 'verify-full');
  assert.deepEqual(s.hosts, [{ host: 'h1' }]);
});

test('keyword/value: unknown keywords, prose and unterminated quotes are not connection strings', () => {
  assert.deepEqual(sites('x = "name=value other=thing"', 'a.py'), []);
  assert.deepEqual(sites("x = \"host=h sslmode='require\"", 'a.py'), []);
  assert.deepEqual(sites('x = "user=postgres"', 'a.py'), []);
});

test('keyword/value: where it connects (host, hostaddr) or to which database (dbname) makes a connection string; user and port alone do not', () => {
  // libpq-connect §34.1.2 (host): "If a host name looks like an absolute path … the default is to
  // connect to a Unix-domain socket": `user=app port=5432` alone names no server, and a `service=`
  // string takes its settings from the service file (read on its own, pg_service.conf).
  const rows: [string, number][] = [
    ['db, _ := sql.Open("postgres", "user=app port=5432")', 0],
    ['db, _ := sql.Open("postgres", "service=prod user=app")', 0],
    ['db, _ := sql.Open("postgres", "user=app dbname=x")', 1],
    ['db, _ := sql.Open("postgres", "hostaddr=10.0.0.1 user=app")', 1],
    ['db, _ := sql.Open("postgres", "host=db.example.com user=app")', 1],
    ['db, _ := sql.Open("postgres", "user=app port=5432 sslmode=disable")', 1], // a TLS key is judged
  ];
  for (const [text, n] of rows) assert.equal(sites(text, 'db.go').length, n, text);
  assert.equal(sites('psql "port=5433 user=postgres"', 'run.sh').length, 0);
});

test('keyword/value: a fragment with only TLS keys is judged on what it says, not on what it lacks', () => {
  const r = lint('dsn = "host=" + h + " sslrootcert=/r.pem"', { path: 'a.py' });
  assert.equal(r.sites.length, 1);
  assert.equal(r.sites[0]!.site.fragment, true);
  assert.deepEqual(r.findings, []);
});

test('JSON: ranges inside escaped literals land on the source characters', () => {
  const text = '{"a": "x\\"y\\\\z \\u0068ost=h dbname=d sslmode=\\u0070refer"}';
  // decoded: x"y\z host=h dbname=d sslmode=prefer  → not a pure conninfo (x"y\z) …
  assert.deepEqual(sites(text, 'a.json'), []);
  const t2 = '{"a": "\\u0068ost=h dbname=d sslmode=\\u0070refer"}';
  const s = sites(t2, 'a.json')[0]!;
  assert.equal(slice(t2, param(s, 'sslmode').valueSpan), '\\u0070refer');
  assert.equal(slice(t2, param(s, 'host').keySpan), '\\u0068ost');
});

test('JDBC: host list, database, parameters; jdbc:postgresql:db means localhost', () => {
  const text = '"jdbc:postgresql://h1:5432,h2/app?user=u&password=secret&sslmode=require"';
  const s = sites(text, 'A.java')[0]!;
  assert.equal(s.kind, 'jdbc');
  assert.deepEqual(s.hosts, [{ host: 'h1', port: '5432' }, { host: 'h2' }]);
  assert.equal(s.database, 'app');
  assert.equal(s.user, 'u');
  assert.equal(slice(text, s.passwordSpan!), 'secret');
  assert.deepEqual(sites('"jdbc:postgresql:app"', 'A.java')[0]!.hosts, [{ host: 'localhost' }]);
});

test('.properties: backslash escapes are decoded and ranges map back', () => {
  const text = 'url=jdbc\\:postgresql\\://h/app?sslmode\\=require';
  const r = lint(text, { path: 'application.properties' });
  assert.equal(r.findings.length, 1);
  assert.equal(slice(text, r.findings[0]!.span), 'require');
});

test('env: the forms of .env, shell, Dockerfile, compose and Kubernetes', () => {
  const forms: [string, string][] = [
    ['.env', 'PGSSLMODE=require'],
    ['.env', 'PGSSLMODE="require"'],
    ['.env.production', "export PGSSLMODE='require'"],
    ['run.sh', 'export PGSSLMODE=require'],
    ['Dockerfile', 'ENV PGSSLMODE=require'],
    ['Dockerfile', 'ENV PGSSLMODE require'],
    ['compose.yaml', 'environment:\n  - PGSSLMODE=require'],
    ['compose.yaml', 'environment:\n  - "PGSSLMODE=require"'],
    ['compose.yaml', 'environment:\n  PGSSLMODE: require'],
    ['pod.yaml', 'env:\n  - name: PGSSLMODE\n    value: require'],
    ['pod.yaml', 'env:\n  - name: "PGSSLMODE"\n    value: \'require\''],
    ['pod.yaml', 'env:\n  - value: require\n    name: PGSSLMODE'],
    ['task.json', '{"environment": [{"name": "PGSSLMODE", "value": "require"}]}'],
  ];
  for (const [path, text] of forms) {
    const r = lint(text, { path });
    assert.equal(r.findings.length, 1, `${path}: ${text}`);
    assert.equal(slice(text, r.findings[0]!.span), 'require', `${path}: ${text}`);
    assert.equal(r.findings[0]!.ruleId, 'weak-sslmode');
  }
});

test('env: reads, comparisons, comments and valueFrom are not assignments', () => {
  for (const [path, text] of [
    ['a.sh', 'echo "$PGSSLMODE"'],
    ['a.sh', '[ "$PGSSLMODE" == "disable" ]'],
    ['a.ts', 'const m = process.env.PGSSLMODE'],
    ['a.py', 'm = os.environ["PGSSLMODE"]'],
    // In source code a value is a string literal: an expression is no setting (outline's server/env.ts).
    ['env.ts', 'export class Env {\n  public PGSSLMODE = environment.PGSSLMODE;\n}'],
    ['a.py', 'PGSSLMODE = os.getenv("DB_SSLMODE")'],
    ['.env', '# PGSSLMODE=disable'],
    ['pod.yaml', 'env:\n  - name: PGSSLMODE\n    valueFrom:\n      secretKeyRef: {name: a, key: b}'],
  ] as const) {
    assert.deepEqual(lint(text, { path }).findings, [], `${path}: ${text}`);
  }
});

test('env: an assignment without a value inside a longer string takes nothing after that string (found by fuzzing, seed 2323)', () => {
  // The C# verbatim string ends at `="` (a lone quote): the name's line inside it has no value, and the
  // text after the string (a password) is not the value. Before, that password became PGSSLMODE's value
  // and rejected-setting printed it.
  const text = 'var cs = @"x\nENV PGSSLMODE=\nconn = connect(host="", password="Pw0aaA00aaA0Qz7", sslmode="{mode}")';
  const r = lint(text, { path: 'Program.cs' });
  assert.deepEqual(r.sites.filter((s) => s.site.kind === 'env'), []);
  for (const f of r.findings) assert.ok(!f.message.includes('Pw0aaA00aaA0Qz7'), f.message);
  // A quoted name is still followed to its value after the closing quote.
  const json = lint('{ "PGSSLMODE": "disable" }', { path: 'env.json' });
  assert.deepEqual(json.sites.map((s) => s.site.params.map((p) => `${p.key}=${p.value}`)), [['PGSSLMODE=disable']]);
});

test('a literal ending in `key=` joined to what follows leaves that value to run time; a lone `key=` literal is a pattern, no setting', () => {
  // Seen in asyncpg's tests (`'postgresql://foo/?sslmode=' + sslmode`) and pgAdmin's SQL
  // (`split_part(subconninfo, 'sslmode=', 2)`): both were refused settings (rejected-setting, an error).
  const joined: [string, string][] = [
    ['a.py', "dsn = 'postgresql://foo/?sslmode=' + sslmode\n"],
    ['a.py', "dsn = 'host=db.example.com sslmode=' + mode\n"],
    ['a.ts', "const url = 'postgres://db.example.com/app?sslmode=' + mode;\n"],
    ['a.ts', "const url = 'postgres://db.example.com/app?sslmode='.concat(mode);\n"],
    ['A.java', 'String url = "jdbc:postgresql://db.example.com/app?sslmode=" + mode;\n'],
    ['a.go', 'dsn := "host=db.example.com sslmode=" +\n\tmode\n'],
    ['a.php', "$dsn = 'pgsql:host=db.example.com;sslmode=' . $mode;\n"],
    ['a.cs', 'var cs = "Host=db.example.com;SSL Mode=" + mode;\n'],
    ['a.rb', 'url = "postgres://db.example.com/app?sslmode=" << mode\n'],
    ['a.sql', "select 'host=db.example.com sslmode=' || mode;\n"],
  ];
  for (const [path, text] of joined) {
    const r = lint(text, { path });
    assert.equal(r.sites.length, 1, `${path}: ${text}`);
    const mode = r.sites[0]!.site.params.find((p) => /ssl ?mode/i.test(p.key));
    assert.ok(mode?.dynamic, `${path}: ${text}: the mode is decided at run time`);
    assert.deepEqual(r.findings, [], `${path}: ${text}`);
  }
  for (const [path, text] of [
    ['q.sql', "select split_part(split_part(subconninfo, 'sslmode=', 2), ' ', 1) as sslmode;\n"],
    ['a.py', "x = conninfo.split('sslmode=')[1]\n"],
  ] as const) {
    assert.deepEqual(lint(text, { path }).sites, [], `${path}: ${text}`);
  }
  // Not joined: an empty value is written as empty, and refused.
  assert.deepEqual(lint("dsn = 'postgresql://foo/?sslmode='\n", { path: 'a.py' }).findings.map((f) => f.ruleId), ['rejected-setting']);
  assert.deepEqual(lint("dsn = 'host=db.example.com sslmode='\n", { path: 'a.py' }).findings.map((f) => f.ruleId), ['rejected-setting']);
  // `++` and `&&` join nothing.
  assert.deepEqual(lint("const u = 'host=db.example.com sslmode=' && x;\n", { path: 'a.ts' }).findings.map((f) => f.ruleId), ['rejected-setting']);
});

test('jdbc: the AWS Advanced JDBC Wrapper URL is read as pgjdbc, which the wrapper hands its TLS parameters to', () => {
  // Source: Amazon RDS User Guide, "Connecting to RDS for PostgreSQL with the AWS JDBC Driver": "drop-in compatible
  // with the community pgJDBC driver"; jdbc:postgresql:// becomes jdbc:aws-wrapper:postgresql://. Seen in debezium.
  const text = 'spring.datasource.url=jdbc:aws-wrapper:postgresql://db.cluster-abc.us-east-1.rds.amazonaws.com:5432/app?sslmode=require&wrapperPlugins=iam\n';
  const r = lint(text, { path: 'application.properties' });
  assert.equal(r.sites.length, 1);
  const { site, policy } = r.sites[0]!;
  assert.deepEqual([site.kind, site.driver, policy.verifiesChain], ['jdbc', 'pgjdbc', 'no']);
  assert.match(site.driverReason, /AWS Advanced JDBC Wrapper/);
  assert.equal(text.slice(site.span.start, site.span.end), text.slice(text.indexOf('jdbc:'), text.length - 1));
  assert.deepEqual(site.hosts, [{ host: 'db.cluster-abc.us-east-1.rds.amazonaws.com', port: '5432' }]);
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['weak-sslmode']);
  // Not also a libpq URI, and the scheme alone is no site.
  assert.deepEqual(lint('String u = "jdbc:aws-wrapper:postgresql://" + host;', { path: 'A.java' }).sites, []);
  // Other wrappers around pgjdbc (P6Spy, OpenTelemetry, log4jdbc) hand it their TLS parameters too.
  for (const w of ['p6spy', 'otel', 'log4jdbc']) {
    const s = lint(`u=jdbc:${w}:postgresql://db.example.com/app?sslmode=require\n`, { path: 'a.properties' });
    assert.deepEqual(s.sites.map((a) => [a.site.kind, a.site.driver]), [['jdbc', 'pgjdbc']], w);
    assert.match(s.sites[0]!.site.driverReason, new RegExp(`jdbc:${w}:postgresql: URL is read by a JDBC wrapper`));
  }
  // Testcontainers (seen in testcontainers-java): the database runs in a container on this machine.
  const tc = lint('String u = "jdbc:tc:postgresql://hostname/test";', { path: 'A.java' });
  assert.deepEqual(tc.sites.map((a) => [a.site.driver, a.site.hosts, a.policy.local]), [['pgjdbc', [{ host: 'localhost' }], 'loopback']]);
  assert.deepEqual(tc.findings.map((f) => `${f.ruleId}:${f.severity}`), ['weak-sslmode:info']);
  // An unknown wrapper: no site (its postgresql:// part is no libpq URI).
  assert.deepEqual(lint('u=jdbc:foo:postgresql://db.example.com/app\n', { path: 'a.properties' }).sites, []);
});

test('env: PGSSLMODE and PGSSLROOTCERT combine within one block only', () => {
  const text = 'a:\n  environment:\n    PGSSLMODE: require\n    PGSSLROOTCERT: /r.pem\nb:\n  environment:\n    PGSSLMODE: require\n';
  const r = lint(text, { path: 'compose.yml' });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['no-hostname-check', 'weak-sslmode']);
});

test('CRLF line endings keep ranges exact', () => {
  const text = 'A=1\r\nU=postgres://h/db?sslmode=disable\r\nPGSSLMODE=prefer\r\n';
  const r = lint(text, { path: '.env' });
  assert.deepEqual(r.findings.map((f) => slice(text, f.span)), ['disable', 'prefer']);
});

test('hover: a table with the password redacted, the driver and why', () => {
  const text = 'const u = "postgres://admin:hunter2@db.example.com:6432/app?sslmode=require"';
  const r = lint(text, { path: 'a.ts' });
  const md = hoverMarkdown(text, r, text.indexOf('db.example'))!;
  assert.match(md, /\| Password \| ••• \|/);
  assert.ok(!md.includes('hunter2'));
  assert.match(md, /\| Host \| db\.example\.com:6432 \|/);
  assert.match(md, /\| Driver assumed \| \*\*node-postgres\*\*/);
  assert.match(md, /sslmode as applied \| verify-full/);
  assert.equal(hoverMarkdown(text, r, 0), undefined);
  for (const f of r.findings) assert.ok(!f.message.includes('hunter2'));
});

test('redaction: no password reaches messages, fix titles or fix edits', () => {
  const secrets = ['hunter2', 'pA55w0rd', 'zz-secret'];
  const text = [
    'U1=postgres://u:hunter2@db.example.com/app?sslmode=require',
    'U2="host=db.example.com password=pA55w0rd sslmode=disable"',
    'U3=jdbc:postgresql://db.example.com/app?password=zz-secret&sslmode=require',
  ].join('\n');
  const r = lint(text, { path: '.env' });
  assert.equal(r.findings.length, 3);
  const out = JSON.stringify(r.findings) + r.sites.map((s) => hoverMarkdown(text, r, s.site.span.start)).join('');
  for (const s of secrets) assert.ok(!out.includes(s), s);
});

test('prose files are not scanned; comments are not scanned', () => {
  assert.deepEqual(lint('Use `postgres://h/db?sslmode=disable` for tests.', { path: 'README.md' }).sites, []);
  assert.deepEqual(lint('// postgres://h/db?sslmode=disable\n/* "host=h dbname=d" */', { path: 'a.ts' }).sites, []);
  assert.deepEqual(lint('# postgres://h/db?sslmode=disable', { path: 'a.py' }).sites, []);
});

test('hover: each driver explains the decisive behaviour in its notes', () => {
  const cases: [string, string, RegExp][] = [
    ['.env', 'U=postgresql://h.example.com/db?sslmode=require', /verified only if the default root file exists/],
    ['.env', 'U=postgresql://h.example.com/db?ssl=true', /translates `ssl=true`/],
    ['.env', 'U=postgresql://h.example.com/db', /libpq uses PGSSLMODE from the environment, or else `prefer`/],
    ['.env', 'U=postgresql:///db?host=/tmp&sslmode=disable', /Unix-domain sockets: libpq ignores sslmode/],
    ['.env', 'U=postgresql://h.example.com/db?sslmode=${M}', /decided at run time/],
    ['a.properties', 'u=jdbc:postgresql://h.example.com/db?sslmode=require', /never verifies the certificate, even if root.crt exists/],
    ['a.properties', 'u=jdbc:postgresql://h.example.com/db?ssl=false', /still means sslmode=prefer/],
    ['a.ts', 'x("postgres://h.example.com/db?sslmode=require")', /deprecated alias of verify-full/],
    ['a.ts', 'x("postgres://h.example.com/db?uselibpqcompat=true&sslmode=verify-ca")', /throws while parsing/],
  ];
  for (const [path, text, note] of cases) {
    const r = lint(text, { path });
    assert.match(hoverMarkdown(text, r, r.sites[0]!.site.span.start)!, note, text);
  }
});

test('the added sslmode joins the query with ?, & or nothing after a trailing separator', () => {
  const cases: [string, string, string][] = [
    ['.env', 'U=postgresql://h.example.com/db', 'U=postgresql://h.example.com/db?sslmode=verify-full'],
    ['.env', 'U=postgresql://h.example.com/db?connect_timeout=5', 'U=postgresql://h.example.com/db?connect_timeout=5&sslmode=verify-full'],
    ['.env', 'U=postgresql://h.example.com/db?', 'U=postgresql://h.example.com/db?sslmode=verify-full'],
    ['a.properties', 'u=jdbc:postgresql://h.example.com/db?user=a&', 'u=jdbc:postgresql://h.example.com/db?user=a&sslmode=verify-full'],
  ];
  for (const [path, text, fixed] of cases) {
    const f = lint(text, { path }).findings[0]!;
    assert.equal(applyEdits(text, f.fixes[0]!.edits), fixed);
  }
});

/** Code that mentions a setting without being one, as found in real repositories (each row names where). */
const NOT_SITES: { source: string; path: string; text: string }[] = [
  { source: 'jackc/pgx pgconn/config.go: a prefix test', path: 'config.go', text: 'if strings.HasPrefix(connString, "postgres://") || strings.HasPrefix(connString, "postgresql://") {\n}' },
  { source: 'jackc/pgx pgconn/parse_url.go', path: 'parse_url.go', text: 'p, ok := strings.CutPrefix(connString, "postgresql://")' },
  { source: 'jackc/pgx pgconn/config.go configTLS: code about sslmode, outside string literals', path: 'config.go', text: 'if sslmode == "" {\n\tsslmode = "prefer"\n}\nif sslmode == "prefer" {\n\tsslmode = "require"\n}\n' },
  { source: 'jackc/pgx pgconn/config.go: environment variable names mapped to keywords', path: 'config.go', text: 'nameMap := map[string]string{\n\t"PGHOST":               "host",\n\t"PGSSLMODE":            "sslmode",\n\t"PGSSLROOTCERT":        "sslrootcert",\n\t"PGSSLNEGOTIATION":     "sslnegotiation",\n}' },
  { source: 'a JDBC prefix test (Java)', path: 'Db.java', text: 'if (url.startsWith("jdbc:postgresql:")) { return true; }\nif (url.startsWith("jdbc:postgresql://")) { return true; }' },
  { source: 'a JDBC URL built at run time: the literal is its scheme alone', path: 'Db.java', text: 'String url = "jdbc:postgresql://" + host + "/" + db;' },
  { source: 'a Connector/J prefix test', path: 'Db.java', text: 'boolean mysql = url.startsWith("jdbc:mysql://");' },
  { source: 'a mysql2 prefix test', path: 'db.ts', text: "import mysql from 'mysql2';\nconst isUrl = (s: string) => s.startsWith('mysql://');" },
  { source: 'sqlalchemy test/dialect/mysql/test_dialect.py: make_url of a bare scheme', path: 'test_dialect.py', text: 'mysql_dialect = make_url("mysql+pymysql://").get_dialect()()' },
];

for (const row of NOT_SITES) {
  test(`not a connection setting: ${row.source}`, () => {
    assert.deepEqual(lint(row.text, { path: row.path }).sites.map((s) => s.site.kind), []);
  });
}

test('still settings: a scheme alone outside a string literal (the driver defaults), key=value text outside string literals in config files, a variable set to a mode', () => {
  assert.deepEqual(sites('U=postgres://', '.env').map((s) => s.kind), ['uri']);
  assert.deepEqual(sites('url=jdbc:postgresql:', 'db.properties').map((s) => s.kind), ['jdbc']);
  assert.deepEqual(sites('conninfo: host=db.example.com sslmode=require\n', 'app.yml').map((s) => s.kind), ['keyvalue']);
  assert.deepEqual(sites('conninfo=host=db.example.com sslmode=require\n', 'app.properties').map((s) => s.kind), ['keyvalue']);
  assert.deepEqual(sites('PG_CONN=host=db.example.com sslmode=require\n', '.env').map((s) => s.kind), ['keyvalue']);
  // In code: inside a string literal; an environment map with a real mode.
  assert.deepEqual(sites('conn, _ := pgx.Connect(ctx, "host=db.example.com sslmode=require")', 'main.go').map((s) => s.kind), ['keyvalue']);
  assert.deepEqual(sites('env := map[string]string{\n\t"PGSSLMODE": "disable",\n}', 'main.go').map((s) => s.kind), ['env']);
});

test("names of Object's members in the text (identifiers, file extensions, URL parameters, XML entities) find nothing in the lookup tables (pgjdbc's own sources made the reader throw on x.toString())", () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    const kv = 'host=db.example.com sslmode=disable';
    assert.deepEqual(lint(kv, { path: `/w/settings.${name}` }).findings.map((f) => f.ruleId), ['weak-sslmode'], `.${name}`);
    assert.deepEqual(lint(kv, { path: '/w/settings', languageId: name }).findings.map((f) => f.ruleId), ['weak-sslmode'], `language ${name}`);
    const java = `class A { void f(PGSimpleDataSource ds) { x.${name}(); ds.setSslMode("require"); } }`;
    assert.deepEqual(lint(java, { path: 'A.java' }).findings.map((f) => f.ruleId), ['weak-sslmode'], `x.${name}()`);
    assert.deepEqual(lint(`val ds = PGSimpleDataSource()\nds.${name} = "x"\n`, { path: 'A.kt' }).sites, [], `ds.${name} =`);
    const sa = `e = create_engine("mysql+pymysql://db.example.com/app?${name}=x&ssl_ca=/etc/ssl/ca.pem")`;
    assert.doesNotThrow(() => lint(sa, { path: 'a.py' }), `?${name}=`);
    const cj = `u=jdbc:mysql://db.example.com/app?useSSL=${name}`;
    assert.deepEqual(lint(cj, { path: 'a.properties' }).findings.map((f) => f.ruleId), ['rejected-setting'], `useSSL=${name}`);
    const xml = `<add name="Db" connectionString="Server=db.example.com;Encrypt=&${name};" />`;
    for (const f of lint(xml, { path: 'web.config' }).findings) assert.doesNotMatch(f.message, /native code|function/, `&${name};`);
  }
});
