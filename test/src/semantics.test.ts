/**
 * Table tests for the driver semantics. Each row names its source; the expected policy is what the
 * driver does on the wire, and `rules` is what dbtrust reports.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from '../../server/out/engine';

interface Row {
  source: string;
  path: string;
  input: string;
  encrypts?: 'always' | 'maybe' | 'never' | 'unknown';
  chain?: 'yes' | 'no' | 'unknown';
  host?: 'yes' | 'no' | 'unknown';
  rules: string[];
  rejected?: boolean;
  /** The policy's `local` (absent: not local). */
  local?: 'socket' | 'loopback';
}

const LIBPQ_DOC = 'PostgreSQL 18 libpq-ssl §34.19.3 Table 34.1 (SSL mode descriptions)';
const LIBPQ_CODE = 'postgres src/interfaces/libpq/fe-secure-openssl.c initialize_SSL (root file ⇒ SSL_VERIFY_PEER for any mode)';
const LIBPQ_CONNECT = 'PostgreSQL 18 libpq-connect §34.1.2 (sslmode, sslrootcert, requiressl)';
/** A mode below verify-ca with sslrootcert=system. */
const LIBPQ_SYSTEM_WEAK =
  'postgres src/interfaces/libpq fe-connect.c connectOptions2 (16+: "weak sslmode … may not be used with sslrootcert=system") and fe-secure-openssl.c initialize_SSL (15 and older: no root file and a mode below verify-ca ⇒ no verification)';
const PGJDBC_MODE = 'pgjdbc org.postgresql.jdbc.SslMode.of (3a699d5) and CHANGELOG 42.2.5';
const PGJDBC_FACTORY = 'pgjdbc org.postgresql.ssl.LibPQFactory: NonValidatingTM unless sslMode.verifyCertificate()';
const PGJDBC_NONVAL = 'pgjdbc org.postgresql.ssl.NonValidatingFactory ("turn off all SSL validation")';
const PGCS = 'pg-connection-string 2.14 index.js parse() (brianc/node-postgres c9e5761)';

const host = 'db.example.com';
const rows: Row[] = [
  // libpq
  { source: LIBPQ_CONNECT + ': default sslmode is prefer', path: 'x.env', input: `U=postgresql://${host}/app`, encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_DOC + ': disable', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=disable`, encrypts: 'never', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_DOC + ': allow', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=allow`, encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_DOC + ': prefer', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=prefer`, encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_CODE + ': require without a root file verifies nothing', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=require`, encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_CONNECT + ': "require: if a root CA file is present, verify … as if verify-ca"', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=require&sslrootcert=/r.pem`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: LIBPQ_DOC + ': verify-ca', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=verify-ca&sslrootcert=/r.pem`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: LIBPQ_DOC + ': verify-full', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=verify-full&sslrootcert=/r.pem`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: LIBPQ_CONNECT + ': sslrootcert=system with verify-full verifies against the OS store (libpq 16+; older versions fail closed)', path: 'x.env', input: `U=postgresql://${host}/app?sslrootcert=system&sslmode=verify-full`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: LIBPQ_CONNECT + ': sslrootcert=system makes verify-full the default only in libpq 16+; libpq 15 reads a file named "system" and stays at prefer (docs/truth-table.md, psql 15.18)', path: 'x.env', input: `U=postgresql://${host}/app?sslrootcert=system`, encrypts: 'maybe', chain: 'unknown', host: 'unknown', rules: ['weak-sslmode'] },
  { source: LIBPQ_SYSTEM_WEAK + ': require (psql 15.18 connects to an impostor, docs/truth-table.md)', path: 'x.env', input: `U=postgresql://${host}/app?sslrootcert=system&sslmode=require`, encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_SYSTEM_WEAK + ': prefer', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=prefer&sslrootcert=system`, encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_SYSTEM_WEAK + ': disable', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=disable&sslrootcert=system`, encrypts: 'never', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_SYSTEM_WEAK + ': PGSSLMODE=allow with PGSSLROOTCERT=system', path: 'x.env', input: `PGHOST=${host}\nPGSSLMODE=allow\nPGSSLROOTCERT=system`, encrypts: 'maybe', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_CONNECT + ': verify-ca with sslrootcert=system is refused by libpq 16+, and libpq 15 finds no root file "system" (psql 15.18, docs/truth-table.md): it fails everywhere', path: 'x.env', input: `U=postgresql://${host}/app?sslrootcert=system&sslmode=verify-ca`, rules: ['rejected-setting'], rejected: true },
  { source: LIBPQ_CONNECT + ': requiressl=1 is sslmode=require (deprecated)', path: 'x.py', input: `c("host=${host} dbname=app requiressl=1")`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: 'libpq-connect §34.1.1.2: ssl=true in a URI is translated into sslmode=require', path: 'x.env', input: `U=postgresql://${host}/app?ssl=true`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: LIBPQ_CONNECT + ': values are lower case; others are rejected', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=VERIFY-FULL`, rules: ['rejected-setting'], rejected: true },
  { source: 'node-postgres docs: no-verify is not a libpq mode (libpq rejects it); still an explicit switch-off', path: 'x.env', input: `U=postgresql://${host}/app?sslmode=no-verify`, rules: ['verification-disabled'], rejected: true },
  { source: 'libpq-envars §34.15: PGSSLMODE behaves like sslmode', path: '.env', input: 'PGSSLMODE=require', encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: 'libpq-envars §34.15: PGSSLROOTCERT behaves like sslrootcert (require + root file ⇒ verify-ca)', path: '.env', input: 'PGSSLMODE=require\nPGSSLROOTCERT=/r.pem', encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: 'libpq-envars §34.15: PGHOST behaves like host (a loopback server: information)', path: '.env', input: 'PGHOST=localhost\nPGSSLMODE=require', encrypts: 'always', chain: 'no', rules: ['weak-sslmode'], local: 'loopback' },
  { source: 'libpq-envars §34.15: PGHOST behaves like host (a path is a Unix-domain socket directory)', path: '.env', input: 'PGHOST=/var/run/postgresql\nPGSSLMODE=disable', encrypts: 'never', rules: ['weak-sslmode'], local: 'socket' },
  { source: 'libpq-envars §34.15: PGHOSTADDR behaves like hostaddr (used when PGHOST is not set)', path: '.env', input: 'PGHOSTADDR=127.0.0.1\nPGSSLMODE=prefer', encrypts: 'maybe', rules: ['weak-sslmode'], local: 'loopback' },
  { source: 'libpq-envars §34.15: PGHOST names a remote server: not local', path: '.env', input: 'PGSSLMODE=require\nPGHOST=db.example.com', encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: 'libpq-connect §34.1.2 host: a path is a Unix-domain socket; libpq-ssl: sslmode is ignored there (info)', path: 'x.env', input: 'U=postgresql:///app?host=/var/run/postgresql&sslmode=disable', encrypts: 'never', rules: ['weak-sslmode'], local: 'socket' },
  // pgjdbc
  { source: PGJDBC_MODE + ': no sslmode and no ssl ⇒ prefer', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: PGJDBC_MODE + ': ssl=true ⇒ verify-full', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?ssl=true`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['implicit-trust-store'] },
  { source: PGJDBC_MODE + ': bare ssl ⇒ verify-full', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?ssl`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['implicit-trust-store'] },
  { source: PGJDBC_MODE + ': ssl=false alone ⇒ prefer, not disable', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?ssl=false`, encrypts: 'maybe', chain: 'no', rules: ['weak-sslmode'] },
  { source: PGJDBC_FACTORY + ': require never verifies', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?sslmode=require&sslrootcert=/r.pem`, encrypts: 'always', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: PGJDBC_FACTORY + ': verify-ca', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?sslmode=verify-ca`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['implicit-trust-store', 'no-hostname-check'] },
  { source: PGJDBC_MODE + ': values are case-insensitive', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?sslmode=Verify-Full`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['implicit-trust-store'] },
  { source: PGJDBC_NONVAL, path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?sslmode=verify-full&sslfactory=org.postgresql.ssl.NonValidatingFactory`, chain: 'no', rules: ['verification-disabled'] },
  { source: PGJDBC_NONVAL + ' (with ssl=true)', path: 'a.properties', input: `u=jdbc:postgresql://${host}/app?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory`, chain: 'no', rules: ['verification-disabled'] },
  { source: 'pgjdbc docs: jdbc:postgresql:database connects to localhost (info)', path: 'a.properties', input: 'u=jdbc:postgresql:app', encrypts: 'maybe', rules: ['weak-sslmode'], local: 'loopback' },
  // node-postgres
  { source: PGCS + ': no ssl parameter ⇒ config.ssl undefined ⇒ no TLS', path: 'a.ts', input: `c('postgres://${host}/app')`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: PGCS + ': sslmode=disable ⇒ ssl=false', path: 'a.ts', input: `c('postgres://${host}/app?sslmode=disable')`, encrypts: 'never', rules: ['weak-sslmode'] },
  { source: PGCS + ': require ⇒ ssl={} (Node verifies) but a deprecated alias', path: 'a.ts', input: `c('postgres://${host}/app?sslmode=require')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['weak-sslmode'] },
  { source: PGCS + ': prefer ⇒ deprecated alias of verify-full', path: 'a.ts', input: `c('postgres://${host}/app?sslmode=prefer')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['weak-sslmode'] },
  { source: PGCS + ': verify-ca ⇒ deprecated alias of verify-full', path: 'a.ts', input: `c('postgres://${host}/app?sslmode=verify-ca')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['weak-sslmode'] },
  { source: PGCS + ': allow has no case ⇒ ssl={} (verifies today)', path: 'a.ts', input: `c('postgres://${host}/app?sslmode=allow')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: ['weak-sslmode'] },
  { source: PGCS + ': verify-full ⇒ ssl={}', path: 'a.ts', input: `c('postgres://${host}/app?sslmode=verify-full')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: PGCS + ': no-verify ⇒ rejectUnauthorized false', path: 'a.ts', input: `c('postgres://${host}/app?sslmode=no-verify')`, encrypts: 'always', chain: 'no', host: 'no', rules: ['verification-disabled'] },
  { source: PGCS + ': ssl=true ⇒ Node TLS defaults', path: 'a.ts', input: `c('postgres://${host}/app?ssl=true')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: PGCS + ': sslmode wins over ssl=0 (sslmode sets ssl={})', path: 'a.ts', input: `c('postgres://${host}/app?ssl=0&sslmode=verify-full')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: PGCS + ': uselibpqcompat prefer ⇒ rejectUnauthorized false', path: 'a.ts', input: `c('postgres://${host}/app?uselibpqcompat=true&sslmode=prefer')`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: PGCS + ': uselibpqcompat require without sslrootcert ⇒ not verified', path: 'a.ts', input: `c('postgres://${host}/app?uselibpqcompat=true&sslmode=require')`, encrypts: 'always', chain: 'no', rules: ['weak-sslmode'] },
  { source: PGCS + ': uselibpqcompat require with sslrootcert ⇒ verify-ca', path: 'a.ts', input: `c('postgres://${host}/app?uselibpqcompat=true&sslmode=require&sslrootcert=/nonexistent/r.pem')`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: PGCS + ': uselibpqcompat verify-ca without sslrootcert throws', path: 'a.ts', input: `c('postgres://${host}/app?uselibpqcompat=true&sslmode=verify-ca')`, rules: ['rejected-setting'], rejected: true },
  { source: PGCS + ': uselibpqcompat verify-full ⇒ full', path: 'a.ts', input: `c('postgres://${host}/app?uselibpqcompat=true&sslmode=verify-full')`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
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
    assert.equal(policy.local, row.local, 'local');
    assert.deepEqual(result.findings.map((f) => f.ruleId), row.rules);
  });
}

test('node-postgres: pg-connection-string never reads the sslrootcert file and prints no warning', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const original = fs.readFileSync;
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    // A path that would throw ENOENT if it were read: the verdict must still be computed.
    const r = lint(`c('postgres://${host}/app?uselibpqcompat=true&sslmode=require&sslrootcert=/definitely/not/here.pem')`, { path: 'a.ts' });
    assert.equal(r.sites[0]!.policy.rejected, undefined);
    lint(`c('postgres://${host}/app?sslmode=prefer')`, { path: 'b.ts' });
    assert.equal(fs.readFileSync, original, 'fs.readFileSync restored');
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings, []);
});

test('driver inference: jdbc → pgjdbc; URI in JS/TS → node-postgres; otherwise libpq; hover says why', () => {
  const cases: [string, string, string][] = [
    ['a.java', '"jdbc:postgresql://h/db"', 'pgjdbc'],
    ['a.ts', '"postgres://h/db"', 'node-postgres'],
    ['a.mjs', '"postgres://h/db"', 'node-postgres'],
    ['a.py', '"postgres://h/db"', 'libpq'],
    ['a.ts', '"host=h dbname=db"', 'libpq'],
    ['.env', 'PGSSLMODE=require', 'libpq'],
  ];
  for (const [path, text, driver] of cases) {
    const r = lint(text, { path });
    assert.equal(r.sites[0]?.site.driver, driver, `${path}: ${text}`);
    assert.ok(r.sites[0]!.site.driverReason.length > 10);
  }
  // The editor's language id wins over the extension.
  assert.equal(lint('"postgres://h/db"', { path: 'untitled-1', languageId: 'typescript' }).sites[0]?.site.driver, 'node-postgres');
});
