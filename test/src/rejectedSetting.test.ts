/**
 * rejected-setting: where the finding lands, and its fix where the value meant is certain. The
 * refusals themselves are rows of the driver tables (semantics, drivers-*, nodeSsl), each with its source.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, lint } from '../../server/out/engine';

interface Row {
  source: string;
  path: string;
  input: string;
  /** The text the finding's range covers. */
  at: string;
  /** The text after the fix (the last line), or undefined: no fix. */
  fixed?: string;
}

const H = 'db.example.com';
const rows: Row[] = [
  { source: 'libpq fe-connect.c connectOptions2: sslmode compared with strcmp, so the lower-case value is meant', path: 'x.env', input: `U=postgresql://${H}/app?sslmode=VERIFY-FULL`, at: 'VERIFY-FULL', fixed: `U=postgresql://${H}/app?sslmode=verify-full` },
  { source: 'libpq: an unknown value has no certain meaning', path: 'x.env', input: `U=postgresql://${H}/app?sslmode=verify_full`, at: 'verify_full' },
  { source: 'libpq: PGSSLMODE is read like sslmode', path: 'x.env', input: `PGHOST=${H}\nPGSSLMODE=Prefer`, at: 'Prefer', fixed: 'PGSSLMODE=prefer' },
  { source: 'libpq 16+ fe-connect.c: only verify-full goes with sslrootcert=system', path: 'x.env', input: `U=postgresql://${H}/app?sslmode=verify-ca&sslrootcert=system`, at: 'verify-ca', fixed: `U=postgresql://${H}/app?sslmode=verify-full&sslrootcert=system` },
  { source: 'pgx pgconn/config.go configTLS: case-sensitive', path: 'a.go', input: `import _ "github.com/jackc/pgx/v5/stdlib"\nvar u = "postgres://${H}/app?sslmode=Require"`, at: 'Require', fixed: `var u = "postgres://${H}/app?sslmode=require"` },
  { source: 'lib/pq connector.go: sslrootcert=system takes verify-full only', path: 'a.go', input: `import _ "github.com/lib/pq"\nvar u = "postgres://${H}/app?sslrootcert=system&sslmode=require"`, at: 'require', fixed: `var u = "postgres://${H}/app?sslrootcert=system&sslmode=verify-full"` },
  { source: 'asyncpg connect_utils.py SSLMode.parse: getattr after - → _, case-sensitive', path: 'a.py', input: `import asyncpg\nc = asyncpg.connect("postgresql://${H}/app?sslmode=Verify-Full")`, at: 'Verify-Full', fixed: `c = asyncpg.connect("postgresql://${H}/app?sslmode=verify-full")` },
  { source: 'SQLAlchemy asyncpg dialect: the refused argument is where the finding is', path: 'a.py', input: `e = create_async_engine("postgresql+asyncpg://${H}/app?sslmode=verify-full")`, at: 'verify-full' },
  { source: 'SqlClient: the refused TrustServerCertificate, not Encrypt, is where the finding is', path: 'a.cs', input: `var c = "Server=${H};Encrypt=True;TrustServerCertificate=maybe";`, at: 'maybe' },
  { source: 'Connector/J: an absolute path as its file: URL', path: 'a.properties', input: `u=jdbc:mysql://${H}/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=/etc/ssl/ts.jks`, at: '/etc/ssl/ts.jks', fixed: `u=jdbc:mysql://${H}/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/etc/ssl/ts.jks` },
  { source: 'Connector/J: a relative path means a different file for each working directory: no fix', path: 'a.properties', input: `u=jdbc:mysql://${H}/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=certs/ts.jks`, at: 'certs/ts.jks' },
  { source: 'Connector/J BooleanPropertyDefinition: the refused legacy property is where the finding is', path: 'a.properties', input: `u=jdbc:mysql://${H}/app?useSSL=0`, at: '0' },
  { source: 'go-sql-driver/mysql dsn.go: the refused allowFallbackToPlaintext is where the finding is', path: 'a.go', input: `import "github.com/go-sql-driver/mysql"\nvar dsn = "app@tcp(${H}:3306)/shop?tls=true&allowFallbackToPlaintext=maybe"`, at: 'maybe' },
  { source: 'mssql-jdbc isBooleanPropertyOn: the refused trustServerCertificate, not encrypt', path: 'a.properties', input: `u=jdbc:sqlserver://${H};encrypt=true;trustServerCertificate=yes`, at: 'yes' },
  { source: 'Node tls.connect: the checkServerIdentity that is not a function is where the finding is', path: 'a.ts', input: `new Pool({ host: '${H}', ssl: { checkServerIdentity: undefined } })`, at: 'undefined' },
  { source: 'libpq refuses the value on a local host too: the severity stays', path: 'x.env', input: 'U=postgresql://localhost/app?sslmode=REQUIRE', at: 'REQUIRE', fixed: 'U=postgresql://localhost/app?sslmode=require' },
];

for (const row of rows) {
  test(`rejected-setting: ${row.source} — ${row.input.split('\n').pop()}`, () => {
    const findings = lint(row.input, { path: row.path }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['rejected-setting']);
    const f = findings[0]!;
    assert.equal(f.severity, 'error');
    assert.equal(row.input.slice(f.span.start, f.span.end), row.at);
    assert.match(f.message, /\.$/);
    if (row.fixed === undefined) {
      assert.deepEqual(f.fixes, []);
      return;
    }
    assert.equal(f.fixes.length, 1);
    assert.ok(f.fixes[0]!.preferred);
    const after = applyEdits(row.input, f.fixes[0]!.edits);
    assert.equal(after.split('\n').pop(), row.fixed);
    assert.deepEqual(lint(after, { path: row.path }).findings.filter((g) => g.ruleId === 'rejected-setting'), [], 'fixed');
  });
}

test('rejected-setting: no finding where another rule says it (libpq sslmode=no-verify) or the value is decided at run time', () => {
  assert.deepEqual(lint(`U=postgresql://${H}/app?sslmode=no-verify`, { path: 'x.env' }).findings.map((f) => f.ruleId), ['verification-disabled']);
  assert.deepEqual(lint(`U=postgresql://${H}/app?sslmode=\${MODE}`, { path: 'x.env' }).findings, []);
});
