/**
 * postgres.js (the `postgres` package): which files and sites are its, what each setting means (one row
 * per semantic, each naming its source in porsager/postgres 3.4.9, e7dfa14), fixes, the URL beside an
 * options object, and what stays node-postgres's. The same semantics run against a real server in
 * truthTable.test.ts (the postgres.js rows of docs/truth-table.md).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, hoverMarkdown, lint } from '../../server/out/engine';
import type { AnalysedSite, Finding, LintResult } from '../../server/out/engine';

const IMPORT = "import postgres from 'postgres';\n";

function run(code: string, path = 'db.ts'): LintResult {
  return lint(code, { path });
}

function verdict(s: AnalysedSite): string {
  const p = s.policy;
  if (p.rejected) return 'rejected';
  if (p.dynamic) return 'dynamic';
  if (p.encrypts === 'never') return 'plaintext';
  if (p.encrypts === 'maybe') return 'fallback';
  if (p.encrypts === 'unknown') return 'unused';
  if (p.verifiesChain !== 'yes') return 'unverified';
  return p.verifiesHost === 'yes' ? 'verified' : 'chain only';
}

function rules(findings: Finding[]): string {
  return [...new Set(findings.map((f) => f.ruleId))].sort().join(',');
}

test('postgres.js: a file that imports it reads its URLs and ssl options with postgres.js semantics', () => {
  // [call arguments, verdict of the deciding site, rules, source]
  const rows: [string, string, string, string][] = [
    ["'postgres://app@db.example.com/shop'", 'plaintext', 'weak-sslmode', 'index.js parseOptions: defaults.ssl = false, no PGSSL'],
    ["'postgres://app@db.example.com/shop?sslmode=disable'", 'plaintext', 'weak-sslmode', "index.js: a query value 'disable' → false"],
    ["'postgres://app@db.example.com/shop?ssl=false'", 'plaintext', 'weak-sslmode', "index.js: a query value 'false' → false"],
    ["'postgres://app@db.example.com/shop?sslmode=prefer'", 'fallback', 'weak-sslmode', "connection.js secure: !canSSL && ssl === 'prefer' → connected() in plaintext; else rejectUnauthorized = false"],
    ["'postgres://app@db.example.com/shop?sslmode=require'", 'unverified', 'weak-sslmode', "connection.js secure: ssl === 'require' → options.rejectUnauthorized = false"],
    ["'postgres://app@db.example.com/shop?sslmode=allow'", 'unverified', 'weak-sslmode', "connection.js secure: ssl === 'allow' → options.rejectUnauthorized = false"],
    ["'postgres://app@db.example.com/shop?ssl=require'", 'unverified', 'weak-sslmode', 'index.js: the query ssl parameter is the ssl option'],
    ["'postgres://app@db.example.com/shop?sslmode=verify-full'", 'verified', '', 'connection.js secure: any other truthy ssl → tls.connect with Node defaults'],
    ["'postgres://app@db.example.com/shop?sslmode=verify-ca'", 'verified', '', 'connection.js secure: verify-ca is not special-cased, so the host name is checked too'],
    ["'postgres://app@db.example.com/shop?sslmode=no-verify'", 'verified', '', 'connection.js secure: no-verify is not special-cased: verified'],
    ["'postgres://app@db.example.com/shop?ssl=true'", 'verified', '', 'connection.js secure: a truthy string → Node defaults'],
    ["'postgres://app@db.example.com/shop?ssl=require&sslmode=verify-full'", 'verified', '', 'index.js: query.sslmode replaces query.ssl'],
    ["'postgres://app@db.example.com/shop?sslmode=verify-full&sslrootcert=certs/root.pem'", 'rejected', 'rejected-setting', 'index.js: other query parameters go to connection (startup parameters); the server refuses sslrootcert'],
    ["'postgres://app@db.example.com/shop?sslrootcert=system'", 'rejected', 'rejected-setting', 'index.js: sslrootcert=system sets ssl = verify-full but stays a startup parameter'],
    ["'postgres://app@db.example.com/shop?sslmode=require&sslcert=c.pem&sslkey=k.pem'", 'rejected', 'rejected-setting', 'index.js: sslcert and sslkey are startup parameters too'],
    ["'postgres://app@db.example.com/shop?sslmode=verify-full&uselibpqcompat=true'", 'rejected', 'rejected-setting', "index.js: uselibpqcompat is node-postgres's, a startup parameter here"],
    ["{ host: 'db.example.com', ssl: false }", 'plaintext', 'weak-sslmode', 'index.js: o.ssl false → no TLS'],
    ["{ host: 'db.example.com', ssl: true }", 'verified', '', 'connection.js secure: ssl true → Node defaults'],
    ["{ host: 'db.example.com', ssl: 'require' }", 'unverified', 'weak-sslmode', "connection.js secure: 'require' → rejectUnauthorized = false"],
    ["{ host: 'db.example.com', ssl: 'prefer' }", 'fallback', 'weak-sslmode', "connection.js secure: 'prefer' falls back to plaintext"],
    ["{ host: 'db.example.com', ssl: 'verify-full' }", 'verified', '', 'connection.js secure: Node defaults'],
    ["{ host: 'db.example.com', ssl: 'disable' }", 'verified', '', "index.js: only query values 'disable'/'false' become false; in the options the string is truthy"],
    ["{ host: 'db.example.com', ssl: { rejectUnauthorized: false } }", 'unverified', 'verification-disabled', 'connection.js secure: Object.assign(options, ssl)'],
    ["{ host: 'db.example.com', ssl: { ca: fs.readFileSync('certs/root.pem') } }", 'verified', '', 'connection.js secure: the object is tls.connect options (ca replaces Node’s store)'],
    ["{ host: 'db.example.com', ssl: { ca: fs.readFileSync('certs/root.pem'), checkServerIdentity: () => undefined } }", 'chain only', 'no-hostname-check', 'Node tls.connect: checkServerIdentity replaces the host-name check'],
    ["{ host: 'db.example.com', ssl: process.env.DB_SSL ?? 'require' }", 'unverified', 'weak-sslmode', 'the default of an environment lookup (a set value is a string mode)'],
    ["{ host: 'db.example.com', ssl: process.env.DB_SSL }", 'dynamic', '', 'decided at run time'],
    ["'postgres://app@db.example.com/shop?sslmode=require', { ssl: true }", 'verified', '', "index.js: k in o ? o[k] : query — the options' ssl wins"],
    ["'postgres://app@db.example.com/shop?sslmode=verify-full', { ssl: 'require' }", 'unverified', 'weak-sslmode', "index.js: the options' ssl wins over the URL's sslmode"],
  ];
  for (const [args, expected, expectedRules, source] of rows) {
    const code = `${IMPORT}import * as fs from 'node:fs';\nexport const sql = postgres(${args});\n`;
    const r = run(code);
    assert.ok(r.sites.length >= 1, `${args}: a site (${source})`);
    for (const s of r.sites) assert.equal(s.site.driver, 'postgres-js', `${args}: driver`);
    const deciding = r.sites[r.sites.length - 1]!;
    assert.equal(verdict(deciding), expected, `${args}: ${source}`);
    assert.equal(rules(r.findings), expectedRules, `${args}: rules (${source})`);
  }
});

test('postgres.js: the URL beside options that set ssl is not judged; its refused parameters still are', () => {
  const r = run(`${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslmode=require', { ssl: 'verify-full', max: 4 });\n`);
  assert.equal(r.sites.length, 2);
  assert.equal(r.sites[0]!.site.kind, 'uri');
  assert.equal(verdict(r.sites[0]!), 'unused');
  assert.match(r.sites[0]!.policy.notes.join(' '), /options passed beside this URL set ssl/);
  assert.equal(r.findings.length, 0);
  // Options without ssl leave the URL in charge.
  const alone = run(`${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslmode=require', { max: 4 });\n`);
  assert.deepEqual(alone.sites.map(verdict), ['unverified']);
  // sslrootcert in the URL is sent to the server whatever the options say (index.js builds connection from the query).
  const refused = run(`${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslrootcert=certs/root.pem', { ssl: true });\n`);
  const f = refused.findings.find((x) => x.ruleId === 'rejected-setting');
  assert.ok(f, rules(refused.findings));
  const text = `${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslrootcert=certs/root.pem', { ssl: true });\n`;
  assert.equal(text.slice(f.span.start, f.span.end), 'certs/root.pem');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /unrecognized configuration parameter/);
});

test("postgres.js: fixes write sslmode=verify-full in a URL and ssl: 'verify-full' in the options", () => {
  const fixOf = (code: string): { code: string; title: string; preferred: boolean } => {
    const r = run(code);
    const f = r.findings[0]!;
    const fix = f.fixes[0]!;
    return { code: applyEdits(code, fix.edits), title: fix.title, preferred: fix.preferred };
  };
  const url = fixOf(`${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslmode=require');\n`);
  assert.equal(url.code, `${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslmode=verify-full');\n`);
  assert.equal(url.preferred, true);
  const added = fixOf(`${IMPORT}const sql = postgres('postgres://app@db.example.com/shop');\n`);
  assert.equal(added.code, `${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslmode=verify-full');\n`);
  const ssl = fixOf(`${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?ssl=require');\n`);
  assert.equal(ssl.code, `${IMPORT}const sql = postgres('postgres://app@db.example.com/shop?sslmode=verify-full');\n`);
  // Not preferred in the options: Node's store lacks private CAs (ssl: { ca } then).
  const opt = fixOf(`${IMPORT}const sql = postgres(url, { ssl: 'require' });\n`);
  assert.equal(opt.code, `${IMPORT}const sql = postgres(url, { ssl: 'verify-full' });\n`);
  assert.deepEqual([opt.title, opt.preferred], ["Set ssl: 'verify-full'", false]);
  const off = fixOf(`${IMPORT}const sql = postgres({ host: 'db.example.com', ssl: false });\n`);
  assert.equal(off.code, `${IMPORT}const sql = postgres({ host: 'db.example.com', ssl: 'verify-full' });\n`);
  const reject = fixOf(`${IMPORT}const sql = postgres({ host: 'db.example.com', ssl: { rejectUnauthorized: false } });\n`);
  assert.equal(reject.code, `${IMPORT}const sql = postgres({ host: 'db.example.com', ssl: { rejectUnauthorized: true } });\n`);
  // The fixed texts are quiet.
  for (const fixed of [url.code, added.code, ssl.code, opt.code, off.code, reject.code]) assert.deepEqual(run(fixed).findings, [], fixed);
});

test('postgres.js: which files are its (imports), and what stays node-postgres', () => {
  const driverOf = (code: string): string[] => run(code).sites.map((s) => s.site.driver);
  const uri = "postgres('postgres://app@db.example.com/shop?sslmode=require')";
  assert.deepEqual(driverOf(`${IMPORT}export const sql = ${uri};\n`), ['postgres-js']);
  assert.deepEqual(driverOf(`const postgres = require('postgres');\nconst sql = ${uri};\n`), ['postgres-js']);
  // Drizzle's and Kysely's postgres.js drivers.
  assert.deepEqual(driverOf(`import { drizzle } from 'drizzle-orm/postgres-js';\n${IMPORT}const db = drizzle(${uri});\n`), ['postgres-js']);
  // node-postgres beside it: its reading is kept (which call takes the URL is not followed).
  assert.deepEqual(driverOf(`import pg from 'pg';\n${IMPORT}const x = ${uri};\n`), ['node-postgres']);
  // No import of postgres.js: node-postgres, as before.
  assert.deepEqual(driverOf(`import { Pool } from 'pg';\nnew Pool({ connectionString: 'postgres://app@db.example.com/shop?sslmode=require' });\n`), ['node-postgres']);
  // A string ssl value is a site only for postgres.js (node-postgres objects keep their shapes).
  assert.deepEqual(driverOf(`import { Pool } from 'pg';\nnew Pool({ host: 'db.example.com', ssl: 'require' });\n`), []);
});

test('postgres.js: the hover names the driver and why; no password is shown', () => {
  const code = `${IMPORT}const sql = postgres('postgres://app:s3cret-pw@db.example.com/shop?sslmode=require');\n`;
  const r = run(code);
  const md = hoverMarkdown(code, r, code.indexOf('sslmode'));
  assert.ok(md);
  assert.match(md, /postgres\.js/);
  assert.match(md, /imports postgres\.js/);
  assert.ok(!md.includes('s3cret-pw'));
  for (const f of r.findings) assert.ok(!f.message.includes('s3cret-pw'));
});
