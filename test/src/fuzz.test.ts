/**
 * Property tests (fast-check) over the engine's public entry points: the extractors through `lint`,
 * the hover, the fixes and fix-all, the trust-file readers (PEM, DER, PKCS#12, JKS, and anything
 * else) directly and through `lintWithTrust`, and the configuration parser.
 *
 * Inputs are built, not drawn at random: realistic connection strings (URIs, libpq key/value, JDBC,
 * ADO.NET, Go DSNs, env files, driver options objects, keyword arguments) embedded in the string
 * literals of a dozen languages, then mutated (characters inserted, deleted, duplicated, cut off).
 *
 * `npm test` runs a short, seeded run. `npm run fuzz` (scripts/fuzz.mjs) runs 100,000 cases or more.
 * Environment: FUZZ_RUNS = total number of cases over all properties (default: 200 per property);
 * FUZZ_SEED = the seed (default fixed, so `npm test` is reproducible). A failure prints the seed and
 * the counterexample's path; FUZZ_SEED=<seed> with the same FUZZ_RUNS replays it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  AnalysisMemo,
  applyEdits,
  fixAllEdits,
  hoverMarkdown,
  lint,
  lintWithTrust,
  mayHaveSites,
  MemoryFileAccess,
  newTrustFileCache,
  parseConfig,
} from '../../server/out/engine';
import type { Config, Edit, LintResult } from '../../server/out/engine';
import { analyseSites } from '../../server/out/engine/lint';
import { readTrustFile } from '../../server/out/engine/trust';
import { joinInsertions } from '../../server/out/engine/edits';
import { FIXTURE_ROOT, listFixtures, parseFixture } from './util/fixtures';

const NOW = new Date('2025-06-01T00:00:00Z');
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20250601;
/** Relative weight of each property in a long run (the costlier ones get fewer cases). */
const WEIGHTS = { lint: 4, fixtureFiles: 2, fixes: 2, incremental: 2, prefilter: 2, trustBytes: 3, trustLint: 1, config: 2 } as const;
const TOTAL_WEIGHT = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
const DEFAULT_RUNS = 200;

function runsFor(property: keyof typeof WEIGHTS): number {
  const total = Number(process.env.FUZZ_RUNS);
  if (!Number.isFinite(total) || total <= 0) return DEFAULT_RUNS;
  return Math.max(1, Math.ceil((total * WEIGHTS[property]) / TOTAL_WEIGHT));
}

/** fc.assert with the run's seed; the message says how to replay a failure. */
function check<T>(name: keyof typeof WEIGHTS, arb: fc.Arbitrary<T>, predicate: (v: T) => void | Promise<void>, async = false): Promise<void> | void {
  const numRuns = runsFor(name);
  const params = { seed: SEED, numRuns, verbose: 1 as const };
  const note = (e: unknown): never => {
    const cause = e instanceof Error && e.cause instanceof Error ? `\nCause: ${e.cause.message}` : '';
    const message = (e instanceof Error ? e.message : String(e)) + cause;
    throw new Error(`property "${name}" failed (FUZZ_SEED=${SEED} FUZZ_RUNS=${process.env.FUZZ_RUNS ?? ''}, ${numRuns} runs)\n${message}`);
  };
  if (async) return fc.assert(fc.asyncProperty(arb, async (v) => predicate(v)), params).catch(note);
  try {
    fc.assert(fc.property(arb, (v) => predicate(v) as void), params);
  } catch (e) {
    note(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Generators

/** A distinctive password: never a substring of any message unless it leaked. */
const passwordArb = fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map((s) => `Pw${s}Qz7`);
const hostArb = fc.constantFrom(
  'db.example.com', 'localhost', '127.0.0.1', '[::1]', '/var/run/postgresql', 'h1.example.com:5433,h2.example.com',
  'mydb.abc123xyz.eu-west-1.rds.amazonaws.com', 'srv.postgres.database.azure.com', 'srv.database.windows.net', '',
);
const userArb = fc.constantFrom('app', 'postgres', 'admin@srv', 'u', 'sa', '');
const dbArb = fc.constantFrom('app', 'postgres', 'db', '', 'my%20db');
const modeArb = fc.constantFrom(
  'disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify', 'Require', 'VerifyFull', 'VERIFY_IDENTITY',
  'PREFERRED', 'REQUIRED', 'DISABLED', 'VERIFY_CA', '', 'verify-fulll', '${SSLMODE}', '%s', '{mode}', 'true', 'false',
);
const boolArb = fc.constantFrom('true', 'false', 'True', 'False', 'yes', 'no', '1', '0', 'strict', 'optional', 'mandatory', '');
const pathArb = fc.constantFrom(
  '/etc/ssl/root.pem', 'root.crt', 'system', '~/.postgresql/root.crt', '%APPDATA%\\postgresql\\root.crt', 'certs/ca.pem',
  '/dev/null', '', 'C:\\certs\\ca.pem', '../../../../etc/passwd', 'ca.p12', 'truststore.jks', 'file:/etc/ts.jks',
);
const keyArb = fc.constantFrom(
  'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl', 'sslfactory', 'sslnegotiation', 'connect_timeout', 'application_name',
  'target_session_attrs', 'sslcrl', 'sslpassword', 'options', 'uselibpqcompat', 'sslaccept', 'tls', 'ssl-mode', 'sslMode',
  // Names of Object's members: lookup tables keyed by text must not find them.
  'constructor', '__proto__', 'toString',
);
const valueArb = fc.oneof(modeArb, pathArb, boolArb, fc.constantFrom('org.postgresql.ssl.NonValidatingFactory', 'accept_invalid_certs', 'skip-verify', '10'));
const paramsArb = fc.array(fc.tuple(keyArb, valueArb), { maxLength: 4 });

interface Conn {
  /** The connection text (a string's content, or whole lines for env/object forms). */
  text: string;
  /** Whether `text` is a whole file body rather than a string literal's content. */
  whole: boolean;
  password: string;
}

const connArb: fc.Arbitrary<Conn> = fc.oneof(
  // URIs: postgres, mysql, with the password in the userinfo
  fc.record({ scheme: fc.constantFrom('postgres', 'postgresql', 'mysql', 'mariadb', 'sqlserver'), user: userArb, pw: passwordArb, host: hostArb, db: dbArb, params: paramsArb, mode: modeArb }).map((r) => ({
    text: `${r.scheme}://${r.user}:${r.pw}@${r.host}/${r.db}?sslmode=${r.mode}${r.params.map(([k, v]) => `&${k}=${v}`).join('')}`,
    whole: false,
    password: r.pw,
  })),
  // libpq key/value, quoted or not
  fc.record({ user: userArb, pw: passwordArb, host: hostArb, db: dbArb, params: paramsArb, quote: fc.constantFrom('', "'") }).map((r) => ({
    text: `host=${r.host} user=${r.user} password=${r.quote}${r.pw}${r.quote} dbname=${r.db}${r.params.map(([k, v]) => ` ${k}=${v}`).join('')}`,
    whole: false,
    password: r.pw,
  })),
  // JDBC: pgjdbc, Connector/J, mssql-jdbc
  fc.record({ kind: fc.constantFrom('postgresql', 'mysql', 'sqlserver'), user: userArb, pw: passwordArb, host: hostArb, db: dbArb, params: paramsArb, a: boolArb, b: boolArb }).map((r) => ({
    text:
      r.kind === 'sqlserver'
        ? `jdbc:sqlserver://${r.host};databaseName=${r.db};user=${r.user};password=${r.pw};encrypt=${r.a};trustServerCertificate=${r.b}`
        : `jdbc:${r.kind}://${r.host}/${r.db}?user=${r.user}&password=${r.pw}${r.params.map(([k, v]) => `&${k}=${v}`).join('')}`,
    whole: false,
    password: r.pw,
  })),
  // ADO.NET: Npgsql, SqlClient, MySqlConnector
  fc.record({ kind: fc.constantFrom('npgsql', 'sqlclient', 'mysql'), pwKey: fc.constantFrom('Password', 'Pwd', 'password'), user: userArb, pw: passwordArb, host: hostArb, db: dbArb, mode: modeArb, a: boolArb, b: boolArb }).map((r) => ({
    text:
      r.kind === 'npgsql'
        ? `Host=${r.host};Database=${r.db};Username=${r.user};${r.pwKey}=${r.pw};SSL Mode=${r.mode};Trust Server Certificate=${r.b}`
        : r.kind === 'sqlclient'
          ? `Server=tcp:${r.host},1433;Initial Catalog=${r.db};User ID=${r.user};${r.pwKey}=${r.pw};Encrypt=${r.a};TrustServerCertificate=${r.b}`
          : `Server=${r.host};Database=${r.db};Uid=${r.user};${r.pwKey}=${r.pw};SslMode=${r.mode}`,
    whole: false,
    password: r.pw,
  })),
  // go-sql-driver DSN
  fc.record({ user: userArb, pw: passwordArb, host: hostArb, db: dbArb, tls: fc.constantFrom('true', 'false', 'skip-verify', 'preferred', 'custom') }).map((r) => ({
    text: `${r.user}:${r.pw}@tcp(${r.host}:3306)/${r.db}?tls=${r.tls}&parseTime=true`,
    whole: false,
    password: r.pw,
  })),
  // environment variables
  fc.record({ pw: passwordArb, host: hostArb, mode: modeArb, root: pathArb, prefix: fc.constantFrom('', 'export ', 'ENV ', '  - ') }).map((r) => ({
    text: [`PGHOST=${r.host}`, `PGPASSWORD=${r.pw}`, `PGSSLMODE=${r.mode}`, `PGSSLROOTCERT=${r.root}`].map((l) => r.prefix + l).join('\n'),
    whole: true,
    password: r.pw,
  })),
  // node-postgres / mysql2 / tedious options objects
  fc.record({ pw: passwordArb, host: hostArb, reject: boolArb, root: pathArb, mode: modeArb }).map((r) => ({
    text: `const pool = new Pool({ host: '${r.host}', password: '${r.pw}', connectionString: 'postgres://${r.host}/db?sslmode=${r.mode}', ssl: { rejectUnauthorized: ${r.reject || 'false'}, ca: fs.readFileSync('${r.root}').toString() } });\nconst cfg = { server: '${r.host}', authentication: { options: { password: '${r.pw}' } }, options: { encrypt: ${r.reject || 'true'}, trustServerCertificate: true } };`,
    whole: true,
    password: r.pw,
  })),
  // postgres.js: a URL beside options, an ssl mode string, an ssl object
  fc.record({ pw: passwordArb, host: hostArb, mode: modeArb, root: pathArb, ssl: fc.constantFrom("'require'", "'prefer'", "'verify-full'", "'disable'", 'false', 'true', '{ rejectUnauthorized: false }', "process.env.DB_SSL ?? 'require'") }).map((r) => ({
    text: `import postgres from 'postgres';\nconst sql = postgres('postgres://app:${r.pw}@${r.host}/db?sslmode=${r.mode}&sslrootcert=${r.root}', { ssl: ${r.ssl}, max: 4 });\nconst other = postgres({ host: '${r.host}', password: '${r.pw}', ssl: { ca: fs.readFileSync('${r.root}'), rejectUnauthorized: false } });`,
    whole: true,
    password: r.pw,
  })),
  // Python keyword arguments
  fc.record({ pw: passwordArb, host: hostArb, mode: modeArb, root: pathArb }).map((r) => ({
    text: `import psycopg2\nconn = psycopg2.connect(host="${r.host}", password="${r.pw}", sslmode="${r.mode}", sslrootcert="${r.root}")\nm = pymysql.connect(host="${r.host}", password="${r.pw}", ssl_verify_cert=False)`,
    whole: true,
    password: r.pw,
  })),
);

/** The file a connection string is written in: its path and the text around the literal. */
interface Host {
  path: string;
  wrap(s: string): string;
}
const backslash = (q: string) => (s: string) => s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`);
const HOSTS: Host[] = [
  { path: 'src/db.ts', wrap: (s) => `const url = '${backslash("'")(s)}';\n` },
  { path: 'src/db.js', wrap: (s) => `module.exports = { url: \`${s.replace(/[`\\$]/g, (c) => '\\' + c)}\` };\n` },
  { path: 'app/db.py', wrap: (s) => `DSN = "${backslash('"')(s)}"\n` },
  { path: 'src/Db.java', wrap: (s) => `class Db { String url = "${backslash('"')(s)}"; }\n` },
  { path: 'src/Db.kt', wrap: (s) => `val url = "${backslash('"')(s).replace(/\$/g, '\\$')}"\n` },
  { path: 'main.go', wrap: (s) => (s.includes('`') ? `var dsn = "${backslash('"')(s)}"\n` : `var dsn = \`${s}\`\n`) },
  { path: 'Program.cs', wrap: (s) => `var cs = @"${s.replace(/"/g, '""')}";\n` },
  { path: 'index.php', wrap: (s) => `<?php\n$dsn = '${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}';\n` },
  { path: 'app.rb', wrap: (s) => `DB = '${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'\n` },
  { path: 'src/main.rs', wrap: (s) => `let url = "${backslash('"')(s)}";\n` },
  { path: 'config.yaml', wrap: (s) => `db:\n  url: "${backslash('"')(s)}"\n` },
  { path: 'values.yml', wrap: (s) => `url: '${s.replace(/'/g, "''")}'\n` },
  { path: 'appsettings.json', wrap: (s) => `{ "ConnectionStrings": { "Db": ${JSON.stringify(s)} } }\n` },
  { path: 'config.toml', wrap: (s) => `[db]\nurl = ${JSON.stringify(s)}\n` },
  { path: 'web.config', wrap: (s) => `<configuration><connectionStrings><add name="Db" connectionString="${s.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" /></connectionStrings></configuration>\n` },
  { path: '.env', wrap: (s) => `DATABASE_URL=${s}\n` },
  { path: 'application.properties', wrap: (s) => `spring.datasource.url=${s}\n` },
  { path: 'Dockerfile', wrap: (s) => `FROM node:20\nENV DATABASE_URL="${backslash('"')(s)}"\n` },
  { path: 'deploy.sh', wrap: (s) => `psql '${s.replace(/'/g, `'"'"'`)}'\n` },
  { path: 'notes.txt', wrap: (s) => `${s}\n` },
  { path: 'pg_service.conf', wrap: (s) => `[svc]\n${s.replace(/ /g, '\n')}\n` },
];
const WHOLE_PATHS = ['.env', 'src/db.ts', 'app/db.py', 'Dockerfile', 'docker-compose.yml', 'deploy.sh', 'notes.txt'];

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const TOKENS = ['"', "'", '`', '\\', '\\"', '%', '%2', '%zz', '${X}', '${PGSSLMODE:-disable}', '\n', '\r\n', '&', ';', '=', '?', '@', ':', '/', '#', '//', '/*', '*/', '{', '}', '(', ')', '[', ']', ' ', '\t', '\0', 'é', '\u2028', '\uD83D', '\uFEFF', 'sslmode=', 'password=', '::', ',', 'constructor', '__proto__', '.toString()', '&valueOf;'];
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6, unit: 'binary' })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === 'insert') t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
    else if (m.kind === 'duplicate') t = t.slice(0, at + m.length) + t.slice(at, at + m.length) + t.slice(at + m.length);
    else if (t.length > 0) t = t.slice(0, Math.max(1, at));
  }
  return t;
}

interface Doc {
  text: string;
  path: string;
  /** Passwords written exactly once in the text (a mutation may have copied one elsewhere, e.g. into a path a message names). */
  secrets: string[];
}

const docArb: fc.Arbitrary<Doc> = fc
  .record({
    conns: fc.array(connArb, { minLength: 1, maxLength: 3 }),
    host: fc.constantFrom(...HOSTS),
    wholePath: fc.constantFrom(...WHOLE_PATHS),
    mutations: fc.array(mutationArb, { maxLength: 4 }),
  })
  .map(({ conns, host, wholePath, mutations }) => {
    const whole = conns.every((c) => c.whole);
    const body = whole ? conns.map((c) => c.text).join('\n') + '\n' : conns.map((c) => (c.whole ? c.text + '\n' : host.wrap(c.text))).join('');
    const text = mutate(body, mutations);
    // A password is checked while it is still written once and as a password (a mutation may have
    // moved it into another value, e.g. a path or an sslmode, which messages quote by design): after
    // a password key, or as `user:password` userinfo, followed by its `@`, in a URL cut before it
    // (`scheme://user:password`) or in a user value (`?user=admin:password`). With its `@` deleted and no scheme (`/dev/npostgres:secrettcp(…`
    // in a trust file's path) no syntax reads it as a password any more.
    const secrets = conns.map((c) => c.password).filter((p) => {
      if (count(text, p) !== 1) return false;
      const i = text.indexOf(p);
      if (/(?:password|pwd|PGPASSWORD)\s*[=:]\s*['"]?$/i.test(text.slice(Math.max(0, i - 14), i))) return true;
      const before = text.slice(Math.max(0, i - 80), i);
      return text[i - 1] === ':' && (text[i + p.length] === '@' || /:\/\/[^/:@\s]*:$/.test(before) || /\buser(?:name)?\s*[=:]\s*['"]?[^\s&;'"]*:$/i.test(before));
    });
    return { text, path: whole ? wholePath : host.path, secrets };
  });

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties

function inText(text: string, span: { start: number; end: number }, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: not integers`);
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= text.length, `${what}: [${span.start}, ${span.end}) outside a text of ${text.length}`);
}

function disjoint(edits: readonly Edit[], what: string): void {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const bothInsertions = a.span.start === a.span.end && b.span.start === b.span.end;
    assert.ok(bothInsertions ? a.span.start !== b.span.start || a.newText === b.newText : a.span.end <= b.span.start, `${what}: overlapping edits`);
  }
}

function noSecret(secrets: readonly string[], output: string | undefined, what: string): void {
  if (output === undefined) return;
  for (const s of secrets) assert.ok(!output.includes(s), `${what} shows the password: ${output.slice(0, 300)}`);
}

/** Passwords the engine itself located (site.passwordSpan), when written once and long enough to be distinctive. */
function locatedSecrets(text: string, r: LintResult): string[] {
  const out: string[] = [];
  for (const { site } of r.sites) {
    if (!site.passwordSpan) continue;
    const pw = text.slice(site.passwordSpan.start, site.passwordSpan.end);
    // Only distinctive ones, with a letter and a digit: an empty `password=` makes libpq take the next word
    // (`sslmode=verify-full`) as the password, and a mutation can leave a word the messages use by design
    // (`password=REFERRED`, inside "PREFERRED is the default"). Generated passwords always have both.
    if (pw.length >= 8 && !/[=\s]/.test(pw) && /[A-Za-z]/.test(pw) && /[0-9]/.test(pw) && count(text, pw) === 1) out.push(pw);
  }
  return out;
}

/** Everything a lint result shows a person: messages, fix titles, new files' names, hovers. */
function checkResult(text: string, r: LintResult, secretsIn: readonly string[]): void {
  const secrets = [...secretsIn, ...locatedSecrets(text, r)];
  for (const { site } of r.sites) {
    inText(text, site.span, 'site span');
    if (site.anchor) inText(text, site.anchor, 'site anchor');
    if (site.passwordSpan) inText(text, site.passwordSpan, 'password span');
    for (const p of site.params) {
      inText(text, p.keySpan, `param ${p.key} key`);
      inText(text, p.valueSpan, `param ${p.key} value`);
      inText(text, p.removeSpan, `param ${p.key} remove`);
    }
    if (site.insertion) assert.ok(site.insertion.offset >= 0 && site.insertion.offset <= text.length, 'insertion offset outside the text');
  }
  for (const f of r.findings) {
    inText(text, f.span, `${f.ruleId} span`);
    assert.ok(f.site >= 0 && f.site < r.sites.length, `${f.ruleId}: site index ${f.site}`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `${f.ruleId}: empty message`);
    noSecret(secrets, f.message, `${f.ruleId} message`);
    for (const fix of f.fixes) {
      noSecret(secrets, fix.title, `${f.ruleId} fix title`);
      for (const e of fix.edits) inText(text, e.span, `${f.ruleId} fix edit`);
      disjoint(fix.edits, `${f.ruleId} fix "${fix.title}"`);
      for (const file of fix.files ?? []) noSecret(secrets, file.path, 'new file path');
    }
  }
  disjoint(fixAllEdits(r.findings), 'fix-all');
  const offsets = new Set<number>([0, text.length]);
  for (const { site } of r.sites) for (const o of [site.span.start, (site.span.start + site.span.end) >> 1, site.span.end - 1]) offsets.add(Math.max(0, o));
  for (const o of offsets) noSecret(secrets, hoverMarkdown(text, r, o), 'hover');
}

function lintDoc(text: string, file: string, config?: Config): LintResult {
  return lint(text, { path: file, now: NOW, ...(config ? { config } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Properties

test('lint: never throws, every range inside the text, no password in any message, fix title or hover', () => {
  check('lint', docArb, (doc) => {
    const r = lintDoc(doc.text, doc.path);
    checkResult(doc.text, r, doc.secrets);
  });
});

test('fixture files: the lint fixtures, mutated, lint without throwing, every range inside the text; their fixes apply and settle', () => {
  // Real file shapes the generated documents lack (a Laravel config, a Django settings module, a
  // Kubernetes manifest…): a commented-out `'driver' => 'mysql'` once made the PHP reader throw.
  const files = listFixtures(path.join(FIXTURE_ROOT, 'lint')).map((f) => ({ name: path.basename(f), text: parseFixture(fs.readFileSync(f, 'utf8')).text }));
  assert.ok(files.length >= 50, `${files.length} fixture files`);
  const arb = fc.record({ file: fc.constantFrom(...files), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }) });
  check('fixtureFiles', arb, ({ file, mutations }) => {
    const text = mutate(file.text, mutations);
    checkResult(text, lintDoc(text, file.name), []);
    checkFixes(text, file.name, []);
  });
});

test('prefilter: a text the prefilter turns away has no site, whatever the case of its letters', () => {
  // Settings whose only word of the prefilter is `ssl`, beside the usual documents; then each
  // letter's case flipped at random (drivers that read keys in any case), and `ssl` written `ssL`
  // before a lowercase letter, with a letter before it or not (the camel-case spelling inside a word
  // is what the prefilter ignores), here and there.
  const sslOnly = fc.record({
    form: fc.constantFrom(
      ['src/db.ts', 'const pool = new Pool({ ssl: { rejectUnauthorized: false } });\n'],
      ['app/db.py', 'conn = psycopg.connect(conninfo, sslmode="disable")\n'],
      ['main.go', 'db, err := sql.Open("pgx", "user=app sslmode=disable")\n'],
      ['deploy.sh', 'psql "sslmode=require user=app"\n'],
      ['src/Db.cs', 'var cs = "Username=app;SslMode=Disable;Addr=db";\n'],
      ['src/Db.cs', 'var cs = "Addr=db;Username=app;SSL Mode=Disable";\n'],
      ['src/db.js', 'const conn = mariadb.createConnection({ ssl: { rejectUnauthorized: false } });\n'],
      // ADO.NET strings with no server key, only a TLS key (in any spacing)
      ['src/Db.cs', 'var cs = "Database=app;Trust Server Certificate=true;Uid=u";\n'],
      ['src/Db.cs', 'var cs = "Database=app;TrustServerCertificate=true;Uid=u";\n'],
      ['src/Db.cs', 'var cs = "Database=x;Host Name In Certificate=h;Uid=u";\n'],
      ['src/Db.cs', 'var cs = "Database=x;Server Certificate=c.cer;Uid=u";\n'],
      ['src/Db.cs', 'var cs = "Initial Catalog=app;Root Certificate=/ca.pem;Username=x;Password=p";\n'],
      ['src/Db.cs', 'var cs = "Uid=app;CA Certificate File=ca.pem;Database=d";\n'],
      ['src/Db.cs', 'var cs = "Network Address=db;Initial Catalog=app;User ID=u";\n'],
      // Go MySQL DSNs, libpq keyword/value strings with few keys
      ['main.go', 'dsn := "app@unix(/tmp/x.sock)/app"\n'],
      ['main.go', 'db, _ := sql.Open("pgx", "hostaddr=10.0.0.1 user=app port=5432")\n'],
      ['deploy.sh', 'psql "service=prod user=app port=5432"\n'],
    ),
    mutations: fc.array(mutationArb, { maxLength: 2 }),
  }).map(({ form: [file, text], mutations }) => ({ text: mutate(text, mutations), path: file }));
  const arb = fc
    .record({
      doc: fc.oneof(docArb, sslOnly),
      flips: fc.array(fc.nat(7), { minLength: 1, maxLength: 16 }),
      camel: fc.array(fc.nat(2), { minLength: 1, maxLength: 8 }),
    })
    .map(({ doc, flips, camel }) => {
      let k = 0;
      let text = [...doc.text].map((c) => (flips[k++ % flips.length] === 0 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
      let j = 0;
      text = text.replace(/ssl(?=[A-Za-z])/gi, (m) => {
        const how = camel[j++ % camel.length];
        return how === 0 ? m : how === 1 ? 'ssL' : 'xssL';
      });
      return { text, path: doc.path };
    });
  let turnedAway = 0;
  let all = 0;
  check('prefilter', arb, ({ text, path: file }) => {
    all++;
    // A word cut by an escape sequence (`s\erver`) is one only once decoded: not looked for.
    if (mayHaveSites(text) || mayHaveSites(text.replace(/\\/g, ''))) return;
    turnedAway++;
    assert.deepEqual(analyseSites(text, { path: file, prefilterPassed: true }), [], JSON.stringify(text));
  });
  // Not vacuous: a good share of the texts are turned away (fast-check's shrinking runs count too).
  assert.ok(turnedAway * 20 > all, `${turnedAway} of ${all} turned away`);
});

test('incremental: after any series of edits, lint with a memo of the versions before finds what lint without one finds', () => {
  const editArb = fc.record({
    at: fc.nat(),
    cut: fc.oneof(fc.constant(0), fc.constant(1), fc.nat(60)),
    insert: fc.oneof(
      fc.constantFrom('', 'x', '\n', '\r\n', '"', "'", '`', '/*', '*/', '//', '#', '--', '{', '}', '(', ')', '\\', '\\\n', '${', ';', '=', ' ', 'ssl', 'sslmode=disable', 'Encrypt=False;'),
      fc.string({ maxLength: 6 }),
      connArb.map((c) => c.text),
    ),
  });
  check('incremental', fc.tuple(docArb, fc.array(editArb, { minLength: 1, maxLength: 8 })), ([doc, edits]) => {
    const memo = new AnalysisMemo();
    let text = doc.text;
    for (const e of [undefined, ...edits]) {
      if (e) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
      }
      const plain = lint(text, { path: doc.path, now: NOW });
      const withMemo = lint(text, { path: doc.path, now: NOW, memo });
      assert.deepEqual(JSON.parse(JSON.stringify(withMemo)), JSON.parse(JSON.stringify(plain)));
    }
  });
});

/** Every fix applies and re-lints; fix-all, repeated, has disjoint edits each round and settles within a few rounds. */
function checkFixes(original: string, file: string, secrets: readonly string[]): void {
  const r = lintDoc(original, file);
  for (const f of r.findings) {
    for (const fix of f.fixes) {
      const fixed = applyEdits(original, fix.edits);
      checkResult(fixed, lintDoc(fixed, file), secrets);
    }
  }
  let text = original;
  let rounds = 0;
  for (;;) {
    const edits = fixAllEdits(lintDoc(text, file).findings);
    if (edits.length === 0) break;
    disjoint(edits, 'fix-all');
    const next = applyEdits(text, edits);
    if (next === text) break;
    text = next;
    rounds++;
    assert.ok(rounds <= 6, `fix-all has not settled after ${rounds} rounds:\n${original}\n---\n${text}`);
  }
  checkResult(text, lintDoc(text, file), secrets);
}

test('fixes: every fix applies and re-lints; fix-all never overlaps and reaches a fixed point', () => {
  check('fixes', docArb, (doc) => checkFixes(doc.text, doc.path, doc.secrets));
});

// Trust files: real ones from the fixtures (PEM bundles, a JKS and a PKCS#12 store), as PEM, DER
// (one certificate), bare base64, UTF-16, and cut or corrupted.
const TRUST_DIR = path.resolve(__dirname, '../../test/fixtures/trust-files');
const CERT_DIR = path.resolve(__dirname, '../../test/fixtures/certs');
const P12_PASSWORD = 'trust-pw';
const JKS_PASSWORD = 'changeit';

function trustSeeds(): { name: string; bytes: Uint8Array }[] {
  const seeds: { name: string; bytes: Uint8Array }[] = [];
  for (const dir of [TRUST_DIR, CERT_DIR]) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.endsWith('.md')) continue;
      seeds.push({ name, bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))) });
    }
  }
  const pem = fs.readFileSync(path.join(CERT_DIR, 'digicert-global-root-g2.pem'), 'utf8');
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  seeds.push({ name: 'one.der', bytes: new Uint8Array(Buffer.from(b64, 'base64')) });
  seeds.push({ name: 'bare.txt', bytes: new TextEncoder().encode(b64) });
  seeds.push({ name: 'utf16.pem', bytes: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pem, 'utf16le')])) });
  return seeds;
}

type ByteMutation = { kind: 'flip'; at: number; xor: number } | { kind: 'cut'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'drop'; at: number; length: number };
const byteMutationArb: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
);

function mutateBytes(bytes: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let b = Buffer.from(bytes);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') {
      if (b.length > 0) b[at] = b[at]! ^ m.xor;
    } else if (m.kind === 'cut') b = b.subarray(0, at);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
  }
  return new Uint8Array(b);
}

const trustBytesArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ seed: fc.constantFrom(...trustSeeds()), mutations: fc.array(byteMutationArb, { minLength: 1, maxLength: 4 }) }).map(({ seed, mutations }) => ({ name: seed.name, bytes: mutateBytes(seed.bytes, mutations) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ name: 'random.bin', bytes })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 400 }).map((s) => ({ name: 'text.pem', bytes: new TextEncoder().encode(`-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`) })) },
);

test('trust readers: any bytes give a result with problems, never an exception, never the password', () => {
  check('trustBytes', fc.record({ file: trustBytesArb, password: fc.constantFrom(undefined, P12_PASSWORD, JKS_PASSWORD, 'PwWrongSecret42') }), ({ file, password }) => {
    const r = readTrustFile(file.bytes, file.name, password === undefined ? {} : { password });
    assert.ok(Array.isArray(r.certificates) && Array.isArray(r.problems), 'result shape');
    assert.ok(typeof r.description === 'string');
    for (const p of r.problems) {
      assert.ok(typeof p.message === 'string' && p.message.length > 0, 'empty problem message');
      assert.notEqual(p.code, 'internal-error', `the reader threw inside: ${p.message}`);
      if (password) assert.ok(!p.message.includes(password), `problem message shows the password: ${p.message}`);
    }
    assert.ok(!r.description.includes('PwWrongSecret42'));
  });
});

test('lintWithTrust: a site naming a corrupted trust file lints, with every range inside the text', async () => {
  const W = '/ws';
  const textArb = fc.record({
    mode: modeArb,
    name: fc.constantFrom('ca.pem', 'ca.der', 'store.p12', 'store.jks', 'ca.crt'),
    form: fc.constantFrom('uri', 'kv', 'jdbc', 'env', 'node'),
    pw: passwordArb,
  });
  await check(
    'trustLint',
    fc.record({ t: textArb, file: trustBytesArb, withPasswords: fc.boolean() }),
    async ({ t, file, withPasswords }) => {
      const text =
        t.form === 'uri'
          ? `const u = "postgres://app:${t.pw}@db.example.com/app?sslmode=${t.mode}&sslrootcert=${t.name}";\n`
          : t.form === 'kv'
            ? `DSN = "host=db.example.com password=${t.pw} sslmode=${t.mode} sslrootcert=${t.name}"\n`
            : t.form === 'jdbc'
              ? `spring.datasource.url=jdbc:postgresql://db.example.com/app?password=${t.pw}&sslmode=${t.mode}&sslfactory=org.postgresql.ssl.LibPQFactory&sslrootcert=${W}/${t.name}\n`
              : t.form === 'env'
                ? `PGPASSWORD=${t.pw}\nPGSSLMODE=${t.mode}\nPGSSLROOTCERT=${t.name}\n`
                : `new Pool({ password: '${t.pw}', ssl: { ca: fs.readFileSync('${t.name}') } });\n`;
      const docPath = t.form === 'jdbc' ? 'application.properties' : t.form === 'env' ? '.env' : t.form === 'node' ? 'db.js' : t.form === 'kv' ? 'db.py' : 'db.ts';
      const config = withPasswords
        ? parseConfig(JSON.stringify({ trustStorePasswords: { [t.name]: 'PwStoreSecret99' } }), `${W}/.dbtrust.json`).config
        : undefined;
      const r = await lintWithTrust(text, {
        path: docPath,
        documentPath: `${W}/${docPath}`,
        workspaceRoot: W,
        files: new MemoryFileAccess({ [`${W}/${t.name}`]: file.bytes }),
        cache: newTrustFileCache(),
        now: NOW,
        configDir: W,
        ...(config ? { config } : {}),
      });
      checkResult(text, r, [t.pw, 'PwStoreSecret99']);
    },
    true,
  );
});

const configArb = fc
  .record({
    rules: fc.dictionary(fc.constantFrom('weak-sslmode', 'verification-disabled', 'no-such-rule', 'missing-root', ''), fc.constantFrom<unknown>('off', 'hint', 'info', 'warning', 'error', 'loud', 3, null, ['x'])),
    ignore: fc.oneof(fc.array(fc.constantFrom('**/vendor/**', 'dist', '!keep', '[', '\\', '')), fc.constantFrom<unknown>('x', 3, null)),
    expiryWindowDays: fc.constantFrom<unknown>(0, 30, 90, 3650, 3651, -1, 1.5, '30', null),
    trustStorePasswords: fc.oneof(fc.dictionary(fc.constantFrom('ca.p12', 'store.jks', '../x.p12', ''), passwordArb, { maxKeys: 2 }), fc.constantFrom<unknown>([], 'x', null)),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    mutations: fc.array(mutationArb, { maxLength: 3 }),
  })
  .map(({ extra, mutations, ...c }) => {
    const text = mutate(JSON.stringify({ ...extra, ...c }, null, 2), mutations);
    const pws = typeof c.trustStorePasswords === 'object' && c.trustStorePasswords && !Array.isArray(c.trustStorePasswords) ? Object.values(c.trustStorePasswords as Record<string, string>) : [];
    return { text, secrets: pws.filter((p) => count(text, p) === 1) };
  });

test('config: any text parses to a usable configuration; errors are sentences without passwords', () => {
  check('config', configArb, ({ text, secrets }) => {
    const { config, errors } = parseConfig(text, '/ws/.dbtrust.json');
    assert.ok(config && typeof config.rules === 'object' && Array.isArray(config.ignore));
    for (const e of errors) {
      assert.ok(e.startsWith('/ws/.dbtrust.json'), `an error that does not name the file: ${e}`);
      noSecret(secrets, e, 'config error');
    }
    // The parsed configuration drives a lint without trouble.
    const doc = 'const u = "postgres://app@db.example.com/app?sslmode=require";\n';
    checkResult(doc, lintDoc(doc, 'db.ts', config), secrets);
  });
});

// ---------------------------------------------------------------------------------------------
// Counterexamples the properties found, kept as fixed cases.

test('found by fuzzing: a jdbc:sqlserver: URL whose `;` is followed by a line or paragraph separator ends (it looped forever)', () => {
  const texts: string[] = [];
  for (const sep of ['\u2028', '\u2029', '\u00a0', '\f', '\v']) {
    texts.push(`jdbc:sqlserver://;${sep}`, `DSN = "jdbc:sqlserver://h;databaseName=db;encrypt=no;${sep}trustServerCertificate=true"`, `u = "jdbc:sqlserver://h;a=${sep}b"`);
  }
  // In a child process with a time limit: a loop that never ends fails the test instead of hanging it.
  const engine = JSON.stringify(path.resolve(__dirname, '../../server/out/engine'));
  const child = spawnSync(process.execPath, ['-e', `const e = require(${engine}); for (const t of ${JSON.stringify(texts)}) e.lint(t, { path: 'app/db.py' });`], { timeout: 20_000, encoding: 'utf8' });
  assert.equal(child.status, 0, `status ${child.status}, signal ${child.signal}: ${child.stderr}`);
  for (const text of texts) checkResult(text, lint(text, { path: 'app/db.py', now: NOW }), []);
  // Other white space around `;` and `=` still belongs to the URL.
  const r = lint('u = "jdbc:sqlserver://h; encrypt = false ; trustServerCertificate=true"', { path: 'app/db.py', now: NOW });
  assert.ok(r.sites.some((s) => s.site.params.some((p) => p.key.trim() === 'trustServerCertificate')));
});

test('found by fuzzing: a Kubernetes env entry followed by an empty CRLF line ends (it looped forever)', () => {
  // The search for `value:` below `- name: PGSSLMODE` stepped to "the end of the line + 1", which
  // after a CRLF line is the LF of the same line.
  const texts = ['- name: PGSSLMODE\n\r\n', '      - name: PGHOST\n  \r\n      - name: PGSSLROOTCERT', 'env:\r\n  - name: PGSSLMODE\r\n\r\n    value: require\r\n'];
  const engine = JSON.stringify(path.resolve(__dirname, '../../server/out/engine'));
  const child = spawnSync(process.execPath, ['-e', `const e = require(${engine}); for (const t of ${JSON.stringify(texts)}) e.lint(t, { path: 'k8s.yaml' });`], { timeout: 20_000, encoding: 'utf8' });
  assert.equal(child.status, 0, `status ${child.status}, signal ${child.signal}: ${child.stderr}`);
  for (const text of texts) checkResult(text, lint(text, { path: 'k8s.yaml', now: NOW }), []);
  // A blank CRLF line between the name and its value keeps them together.
  assert.deepEqual(lint(texts[2]!, { path: 'k8s.yaml', now: NOW }).findings.map((f) => f.ruleId), ['weak-sslmode']);
});

test('found by fuzzing: a Prisma URL ending in an sslmode without a value gets sslmode=require&sslaccept=strict, in edits with a defined order', () => {
  // `?sslmode"`: the key written without "=" (its value must come with one: valueEdit), and
  // `?sslmode="`: an empty value at the end of the URL. Either way the mode's edit and
  // `&sslaccept=strict` were two insertions at one offset, in no defined order (joinInsertions in
  // engine/edits.ts joins a fix's insertions at one offset in the fix's order).
  for (const end of ['sslmode"', 'sslmode="']) {
    const text = `datasource db {\n  provider = "postgresql"\n  url = "postgresql://app@db.example.com/shop?${end}require"\n}\n`;
    const r = lint(text, { path: 'schema.prisma', now: NOW });
    checkResult(text, r, []);
    const fix = r.findings.find((f) => f.ruleId === 'weak-sslmode')?.fixes[0];
    assert.ok(fix, `${end}: a fix`);
    assert.match(applyEdits(text, fix.edits), /shop\?sslmode=require&sslaccept=strict"/, end);
  }
  // The join keeps every other edit as it is, and the same array when nothing is joined.
  const edits = [{ span: { start: 5, end: 5 }, newText: 'a' }, { span: { start: 1, end: 3 }, newText: 'x' }, { span: { start: 5, end: 5 }, newText: 'b' }, { span: { start: 7, end: 7 }, newText: 'c' }];
  assert.deepEqual(joinInsertions(edits), [{ span: { start: 5, end: 5 }, newText: 'ab' }, { span: { start: 1, end: 3 }, newText: 'x' }, { span: { start: 7, end: 7 }, newText: 'c' }]);
  const apart = edits.slice(0, 2);
  assert.equal(joinInsertions(apart), apart);
});

test('found by fuzzing: fix-all on a Django DATABASES entry whose quotes are out of step settles', () => {
  // `…"localhost"),OPTIONS": {…` (a quote deleted): the dict's entries as read held no OPTIONS, so
  // fix-all added one, which the next reading did not see either, forever.
  const text = 'DATABASES = {\n    "local": {\n        "ENGINE": "django.db.backends.postgresql",\n        "HOST": os.environ.get("DB_HOST", "localhost"),OPTIONS": {"sslmode": "disable"},\n    },\n    "secure": {\n        "ENGINE": "django.db.backends.postgresql",\n        "HOST": "db.example.com",\n    },\n}\n';
  checkFixes(text, 'settings.py', []);
  const local = lint(text, { path: 'settings.py', now: NOW }).sites.find((s) => text.slice(s.site.span.start, s.site.span.end).includes('localhost'));
  assert.ok(local?.site.fragment, 'the entry that is no Python is a fragment');
  assert.equal(local.site.insertion, undefined);
  // A string the line ends before it is closed (`'` inserted before an entry) likewise.
  const open = 'DATABASES = {\n    "local": {\n        "ENGINE": "django.db.backends.postgresql",\n        "HOST": "db.example.com",\n\'        "OPTIONS": {"sslmode": "disable"},\n    },\n}\n';
  checkFixes(open, 'settings.py', []);
  assert.ok(lint(open, { path: 'settings.py', now: NOW }).sites.every((s) => s.site.insertion === undefined));
});

test('found by fuzzing: fix-all never adds a property after the call that takes the Properties', () => {
  // Kotlin, quotes out of step (`setProperty("sslrootcert",/root.pem")`): the last property call's
  // statement ran past `DriverManager.getConnection(…, props)`, and the `setProperty("sslmode", …)`
  // line added after it never counted, so fix-all added it forever.
  const text = 'fun connect() {\n    val props = Properties()\n    props["ssl"] = true\n    props.setProperty("sslrootcert",/root.pem")\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", props)\n}rops)\n}\n';
  checkFixes(text, 'Db.kt', []);
  // Written in order, the property is still added before the call.
  const fine = 'fun connect() {\n    val props = Properties()\n    props.setProperty("ssl", "false")\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", props)\n}\n';
  const fixed = applyEdits(fine, fixAllEdits(lint(fine, { path: 'Db.kt', now: NOW }).findings));
  assert.ok(fixed.indexOf('setProperty("sslmode"') >= 0 && fixed.indexOf('setProperty("sslmode"') < fixed.indexOf('getConnection'), fixed);
});

test('found by fuzzing: fix-all never adds a property inside a block that a stray brace in the last property call opened', () => {
  // Seed 3535: `setProperty("sslrootcert", "/etc/ssl/root.pem"{)` opens a block; a line added after
  // it is in that block, another group, so fix-all added `setProperty("sslmode", …)` forever.
  const text =
    'fun connect() {\n    val props = Properties()\n    props["ssl"] = true\n    props.setProperty("sslrootcert", "/etc/ssl/root.pem"{)\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", props)\n}\n';
  checkFixes(text, 'Db.kt', []);
  // A property call inside a control-flow block still gets its line after it, in the same scope.
  const nested = 'fun connect() {\n    val props = Properties()\n    if (prod) {\n        props.setProperty("ssl", "false")\n    }\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", props)\n}\n';
  const fixed = applyEdits(nested, fixAllEdits(lint(nested, { path: 'Db.kt', now: NOW }).findings));
  assert.match(fixed, /props\.setProperty\("ssl", "false"\)\n {8}props\.setProperty\("sslmode", "verify-full"\)\n/, fixed);
});

test('found by fuzzing: a HOCON or .properties key of dots alone (`.=`) is skipped, not read as a key (it threw)', () => {
  const text = 'lick.dbs.default {\n  profile = "slick.jdbc.PostgresProfile$"\n  db {\n   .= .jdbc.PostgresProfile$"\n  db {\n    url = "jdbc:postgresql://db.example.com/app"\n    properties = {\n      sslmode = "require"\n    }\n  }\n}\n';
  const r = lintDoc(text, 'jvm-slick.conf');
  assert.deepEqual(r.findings.map((f) => [f.ruleId, text.slice(f.span.start, f.span.end)]), [['weak-sslmode', 'require']]);
  checkFixes(text, 'jvm-slick.conf', []);
  // The same in a .properties file (`.=`, `[]:`): skipped, the other lines read as without them.
  const props = 'spring.datasource.url=jdbc:postgresql://db.example.com/app\nspring.datasource.hikari.data-source-properties.ssl=true\n';
  const found = (t: string) => lintDoc(t, 'application.properties').findings.map((f) => [f.ruleId, t.slice(f.span.start, f.span.end)]);
  assert.deepEqual(found(props + '.=x\n[]:y\n'), found(props));
  assert.equal(found(props).length, 1);
});

test('found by fuzzing: fix-all on a Connector/J URL whose host list starts with "(" settles', () => {
  const start = "const url = 'jdbc:mysql://(srv.example.com/db?user=app&password=PwFixAllQz7';\n";
  let text = start;
  for (let round = 1; ; round++) {
    const edits = fixAllEdits(lintDoc(text, 'src/db.ts').findings);
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
    assert.ok(round < 4, `fix-all keeps editing:\n${text}`);
  }
  // The password parameter keeps its value: whatever is added comes as a separate `&key=value`.
  assert.match(text, /password=PwFixAllQz7(?:&|')/, `the password value was changed:\n${text}`);
  assert.match(text, /sslMode=VERIFY_IDENTITY/);
});

test('found by fuzzing: the hover of a site whose trust file holds a certificate with an unreadable date does not throw', async () => {
  // One base64 character of the third certificate of the eu-west-1 bundle changed (offset 2765, M → L).
  const bytes = new Uint8Array(fs.readFileSync(path.join(TRUST_DIR, 'eu-west-1-bundle.pem')));
  assert.equal(String.fromCharCode(bytes[2765]!), 'M');
  bytes[2765] = 'L'.charCodeAt(0);
  const text = 'const u = "postgres://app@db.example.com/app?sslmode=disable&sslrootcert=ca.pem";\n';
  const r = await lintWithTrust(text, {
    path: 'db.ts',
    documentPath: '/ws/db.ts',
    workspaceRoot: '/ws',
    files: new MemoryFileAccess({ '/ws/ca.pem': bytes }),
    cache: newTrustFileCache(),
    now: NOW,
  });
  assert.ok(r.sites.length > 0);
  assert.doesNotThrow(() => hoverMarkdown(text, r, r.sites[0]!.site.span.start));
});
