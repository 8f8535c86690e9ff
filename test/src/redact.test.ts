/** The last-line redaction of values the hover shows (see server/src/engine/redact.ts). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { redactShown } from '../../server/out/engine/redact';
import { lint } from '../../server/out/engine/lint';
import { hoverMarkdown } from '../../server/out/engine/hover';

test('keyed passwords and user information are masked; ordinary values are untouched', () => {
  const rows: [string, string][] = [
    ['password=hunter2', 'password=•••'],
    ["PWD='a b c'", 'PWD=•••'],
    ['passwd: x1;y', 'passwd: •••;y'],
    ['myserver:hunter2@myserver.postgres.database.azure.com', 'myserver:•••@myserver.postgres.database.azure.com'],
    ['db.example.com', 'db.example.com'],
    ['db.example.com:5432', 'db.example.com:5432'],
    ['[::1]:5432', '[::1]:5432'],
    ['app_user', 'app_user'],
    // a URL cut before its `@` (fuzz seed 90210); ports, host lists and IPv6 literals stay
    ['sqlserver://u:hunter2', 'sqlserver://u:•••'],
    ['postgres://admin:x1', 'postgres://admin:•••'],
    ['postgres://u:hunter2@db/x', 'postgres://u:•••@db/x'],
    ['postgres://db.example.com:5432/app', 'postgres://db.example.com:5432/app'],
    ['jdbc:sqlserver://db:1433;databaseName=x', 'jdbc:sqlserver://db:1433;databaseName=x'],
    ['postgres://h1:5432,h2:5433/app', 'postgres://h1:5432,h2:5433/app'],
    ['postgres://[::1]:5432/app', 'postgres://[::1]:5432/app'],
  ];
  for (const [input, shown] of rows) {
    assert.equal(redactShown(input), shown, input);
    assert.ok(!/hunter2|x1|a b c/.test(redactShown(input)), input);
  }
});

test('hover: a password cut by an unencoded / or a lost @ is not shown in the host, port, database or user rows (fuzz seeds 8842, 31337)', () => {
  // libpq ends the user information at the first `/` (fe-connect.c, conninfo_uri_parse_options):
  // `sa:se/cret@host` reads as host `sa`, port `se`, database `cret@host/...`.
  const rows: [string, string, string, RegExp][] = [
    ['db.ts', 'const u = "postgres://sa:Se/cret9@db.example.com/app?sslmode=require";', 'Se|cret9', /\| Database \| •••@db\.example\.com\/app \|/],
    ['db.ts', 'const u = "postgres://sa:Sec/ret9@db.example.com";', 'Sec|ret9', /\| Host \| sa:••• \|/],
    ['deploy.sh', "psql 'postgres://tgres://:PwAaa0a0AQz7'", 'PwAaa0a0AQz7', /\| Database \| \/:••• \|/],
    ['db.ts', 'const u = "postgres://db.example.com/app_db?sslmode=require";', '^$', /\| Database \| app\\?_db \|/],
    // a user name read where a `user:password` was written (fuzz seed 31337)
    ['app/db.py', 'DSN = "jdbc:postgresql:///app?user=admin:Pw000AA0Qz7(srv.example.net:3306)/?tls=true"', 'Pw000AA0Qz7', /\| User \| admin:••• \|/],
    ['db.ts', 'const u = "postgres://db.example.com/app?user=admin@srv";', '^$', /\| User \| admin@srv \|/],
    // a second user:password@ after the first (fuzz seed 4242)
    ['db.ts', 'const u = "postgres://admin@srv:Pw/x@srv:Pw0aAaA0AAaQz7host.example.com/";', 'Pw0aAaA0AAaQz7', /\| Database \| •••@srv:••• \|/],
  ];
  for (const [path, text, secret, shown] of rows) {
    const result = lint(text, { path });
    const at = text.search(/postgres|jdbc/) + 2;
    const md = hoverMarkdown(text, result, at);
    assert.ok(md, text);
    assert.match(md, shown, md);
    for (const part of secret.split('|').filter((s) => s.length > 2)) assert.ok(!md.includes(part), `${part} shown: ${md}`);
  }
});

test('messages and fix titles: a value that holds `password=…` is masked there too (fuzz seed 8842)', () => {
  const text = "const url = 'jdbc:mysql://[::1]/my%20db?user=admin@srv&sslmode=password=Pw0aA0AaQz7&application_name=disable';\n";
  const r = lint(text, { path: 'src/db.ts' });
  assert.ok(r.findings.length > 0);
  for (const f of r.findings) {
    assert.ok(!f.message.includes('Pw0aA0AaQz7'), f.message);
    for (const fix of f.fixes) assert.ok(!fix.title.includes('Pw0aA0AaQz7'), fix.title);
  }
  assert.ok(r.findings.some((f) => f.message.includes('sslmode=password=•••')));
});

test('Go DSN: the value of a password key that holds `@tcp(` is no DSN whose user the hover would show (fuzz seed 31337)', () => {
  const text = 'DSN = "jdbc:postgresql:///db?user=admin&password=Pw0AQz7w0Qz7@tcp(srv.example.net:3306)/?tls=custom"\n';
  const r = lint(text, { path: 'app/db.py' });
  assert.ok(!r.sites.some((s) => s.site.kind === 'dsn'), JSON.stringify(r.sites.map((s) => s.site.kind)));
  for (let o = 0; o <= text.length; o++) assert.ok(!(hoverMarkdown(text, r, o) ?? '').includes('Pw0AQz7w0Qz7'), `hover at ${o}`);
  // A DSN after another key stays one, as does one whose password holds `…pwd=`.
  assert.equal(lint('DSN=app:pw@tcp(db.example.com:3306)/app\n', { path: '.env' }).sites.filter((s) => s.site.kind === 'dsn').length, 1);
  assert.equal(lint('DSN=app:mypwd=x@tcp(db.example.com:3306)/app\n', { path: '.env' }).sites.filter((s) => s.site.kind === 'dsn').length, 1);
});

test('a password pair inside the quoted value of another is masked too (fuzz seed 7272)', () => {
  // The first value is the quoted `', password: '`; the second pair's value overlaps its end.
  const shown = redactShown("verify-ca password:', password: 'PwSecret0Qz7', connectionString: 'p");
  assert.ok(!shown.includes('PwSecret0Qz7'), shown);
  assert.equal(shown, 'verify-ca password:•••, connectionString: \'p');
  assert.equal(redactShown('password="a b" user=x pwd=zz'), 'password=••• user=x pwd=•••');
});

test('environment assignments in a string of several lines: each value ends with its line (fuzz seed 7272)', () => {
  // A Go raw string holding .env lines: PGSSLMODE's value once ran on over the next lines (a
  // password included) into the hover, and PGHOST's into the host.
  const text = 'var env = `\nPGHOST=srv.postgres.database.azure.com\nPGPASSWORD=PwSecret0Qz7\nPGSSLMODE=verify-ca\nPGSSLROOTCERT=root.crt\nconst pool = new Pool({ password: "PwOther0Qz7" })`\n';
  const r = lint(text, { path: 'main.go' });
  const env = r.sites.find((s) => s.site.kind === 'env');
  assert.ok(env, 'an env site');
  assert.deepEqual(env.site.params.map((p) => [p.key, p.value]), [['PGSSLMODE', 'verify-ca'], ['PGSSLROOTCERT', 'root.crt']]);
  assert.deepEqual(env.site.hosts, [{ host: 'srv.postgres.database.azure.com' }]);
  for (let i = 0; i <= text.length; i++) {
    const h = hoverMarkdown(text, r, i);
    assert.ok(!h?.includes('PwSecret0Qz7') && !h?.includes('PwOther0Qz7'), `hover at ${i}`);
  }
});
