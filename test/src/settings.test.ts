/**
 * The settings users script against: `providers` and `drivers` in `.dbtrust.json` and the editor's
 * `dbtrust.*` settings, how the two merge, the suppression comment the quick fix writes, the root
 * bundle command's content, and the engine's resilience (a failing rule, an aborted lint).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AbortedError,
  analyseSites,
  bundleProviders,
  INTERNAL_ERROR,
  lint,
  lintWithTrust,
  MemoryFileAccess,
  mergeConfigs,
  newTrustFileCache,
  parseConfig,
  parseConfigObject,
  providerBundle,
  RULES,
  siteMarkdown,
  siteProvider,
  suppressionEdit,
  applyEdits,
} from '../../server/out/engine';
import type { Config } from '../../server/out/engine';

const NOW = new Date('2026-11-23T00:00:00Z');
const TRUST_DIR = path.resolve(__dirname, '../../test/fixtures/trust-files');

function config(raw: unknown): Config {
  const r = parseConfigObject(raw, '.dbtrust.json');
  assert.deepEqual(r.errors, []);
  return r.config;
}

test('providers: host names, *.suffix and * map to provider ids, AWS ids take a region', () => {
  const c = config({ providers: { 'DB.Internal.Example.com.': 'azure-postgresql-flexible', '*.corp.example': 'aws-rds:eu-west-1', '*': 'neon' } });
  assert.deepEqual(c.providers, [
    { pattern: 'db.internal.example.com', provider: 'azure-postgresql-flexible' },
    { pattern: '*.corp.example', provider: 'aws-rds', region: 'eu-west-1' },
    { pattern: '*', provider: 'neon' },
  ]);
});

test('providers: unknown ids, regions on non-AWS ids, bad patterns and non-objects are reported and skipped', () => {
  const r = parseConfigObject(
    { providers: { 'a.example': 'azure', 'b.example': 'azure-postgresql-flexible:eu-west-1', 'c..*.example': 'neon', 'd.example': 'aws-rds:Europe', 'e.example': 'neon' } },
    '.dbtrust.json',
  );
  assert.deepEqual(r.config.providers, [{ pattern: 'e.example', provider: 'neon' }]);
  assert.equal(r.errors.length, 4);
  assert.match(r.errors[0]!, /"a\.example" names "azure"; expected one of azure-postgresql-flexible/);
  assert.match(r.errors[1]!, /only valid after aws-rds or aws-rds-proxy/);
  assert.match(r.errors[2]!, /is not a host name/);
  assert.match(r.errors[3]!, /only valid after aws-rds/);
  assert.match(parseConfigObject({ providers: ['x'] }, 'S').errors[0]!, /"providers" must be an object/);
});

test('drivers: globs map to the drivers dbtrust infers; others are reported', () => {
  const r = parseConfigObject({ drivers: { 'services/api/**': 'node-postgres', 'jobs/*.py': 'asyncpg', 'x/**': 'mysql2', '': 'libpq' } }, '.dbtrust.json');
  assert.deepEqual(r.config.drivers, [
    { glob: 'services/api/**', driver: 'node-postgres' },
    { glob: 'jobs/*.py', driver: 'asyncpg' },
  ]);
  assert.equal(r.errors.length, 2);
  assert.match(r.errors[0]!, /"x\/\*\*" names "mysql2"; expected one of libpq, node-postgres/);
  assert.match(r.errors[1]!, /empty glob/);
});

test('an unknown key names every known key; a parse error never quotes the text', () => {
  assert.match(parseConfig('{"rule": {}}', 'c').errors[0]!, /unknown setting "rule" \(known: rules, ignore, expiryWindowDays, providers, drivers, trustStorePasswords\)/);
  const bad = parseConfig('{"ignore": ["postgres://u:hunter2@h/db"', 'c');
  assert.equal(bad.errors.length, 1);
  assert.ok(!bad.errors[0]!.includes('hunter2'));
});

test('mergeConfigs: .dbtrust.json wins per rule and for the window; globs add up; its declarations are tried first', () => {
  const editor = config({
    rules: { 'weak-sslmode': 'error', 'expiring-ca': 'hint' },
    ignore: ['a/**'],
    expiryWindowDays: 30,
    providers: { '*': 'neon' },
    drivers: { '**/*.env': 'libpq' },
  });
  const file = config({ rules: { 'weak-sslmode': 'info' }, ignore: ['b/**'], providers: { 'db.example': 'supabase' }, drivers: { 'api/**': 'node-postgres' } });
  const merged = mergeConfigs(editor, file);
  assert.deepEqual(merged.rules, { 'weak-sslmode': 'info', 'expiring-ca': 'hint' });
  assert.deepEqual(merged.ignore, ['a/**', 'b/**']);
  assert.equal(merged.expiryWindowDays, 30, 'the editor window applies when the file sets none');
  assert.equal(mergeConfigs(editor, config({ expiryWindowDays: 7 })).expiryWindowDays, 7);
  assert.deepEqual(merged.providers?.map((p) => p.pattern), ['db.example', '*']);
  assert.deepEqual(merged.drivers?.map((d) => d.glob), ['api/**', '**/*.env']);
  assert.equal(merged.trustStorePasswords, undefined, 'passwords come from the file only');
});

// ---------------------------------------------------------------------------------------------
// Driver hints

const ENV = 'DATABASE_URL=postgres://app@db.example.com/app?sslmode=require\n';

function driverOf(text: string, file: string, c: Config): { driver: string; reason: string } {
  const sites = analyseSites(text, { path: file, config: c, configDir: '/ws' });
  assert.equal(sites.length, 1);
  return { driver: sites[0]!.site.driver, reason: sites[0]!.site.driverReason };
}

test('a driver hint decides where dbtrust would guess: a .env under services/api is read by node-postgres', () => {
  const c = config({ drivers: { 'services/api/**': 'node-postgres' } });
  const hinted = driverOf(ENV, '/ws/services/api/.env', c);
  assert.equal(hinted.driver, 'node-postgres');
  assert.match(hinted.reason, /the "drivers" setting assigns files matching services\/api\/\*\* to node-postgres/);
  assert.equal(driverOf(ENV, '/ws/services/batch/.env', c).driver, 'libpq', 'outside the glob: the inference');
  assert.equal(driverOf(ENV, '/elsewhere/services/api/.env', c).driver, 'libpq', 'outside the config folder: no hint');
  // Without configDir the globs have nothing to be relative to.
  assert.equal(analyseSites(ENV, { path: '/ws/services/api/.env', config: c })[0]!.site.driver, 'libpq');
});

test('the hint changes the verdict the way the driver does (node-postgres 8 reads sslmode=require as verify-full)', () => {
  // Source: pg-connection-string 2.x README, "sslmode=require … treated as verify-full" (see docs/drivers/postgresql.md).
  const c = config({ drivers: { 'api/**': 'node-postgres' } });
  const plain = lint(ENV, { path: '/ws/other/.env', config: c, configDir: '/ws', now: NOW });
  const hinted = lint(ENV, { path: '/ws/api/.env', config: c, configDir: '/ws', now: NOW });
  assert.deepEqual(plain.findings.map((f) => f.ruleId), ['weak-sslmode']);
  assert.deepEqual(hinted.sites.map((a) => a.policy.driver), ['node-postgres']);
  assert.notDeepEqual(hinted.findings.map((f) => f.message), plain.findings.map((f) => f.message));
});

test('a .env read by a postgres.js service: the hint postgres-js makes sslmode=require unverified', () => {
  // Source: porsager/postgres 3.4.9 src/connection.js secure(): require → rejectUnauthorized: false.
  const c = config({ drivers: { 'web/**': 'postgres-js' } });
  const r = lint(ENV, { path: '/ws/web/.env', config: c, configDir: '/ws', now: NOW });
  assert.deepEqual(r.sites.map((a) => [a.policy.driver, a.policy.verifiesChain]), [['postgres-js', 'no']]);
  assert.match(r.sites[0]!.site.driverReason, /assigns files matching web\/\*\* to postgres-js/);
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['weak-sslmode']);
  assert.match(r.findings[0]!.message, /postgres\.js encrypts but does not verify/);
  assert.deepEqual(parseConfigObject({ drivers: { 'web/**': 'postgres-js' } }, '.dbtrust.json').errors, []);
});

test('a hint never overrides a driver the code names, nor applies to sites its driver cannot read', () => {
  const c = config({ drivers: { '**': 'libpq' } });
  const go = 'package main\nimport "github.com/jackc/pgx/v5"\nvar dsn = "postgres://db.example.com/app?sslmode=require"\n';
  assert.equal(driverOf(go, '/ws/main.go', c).driver, 'pgx', 'the import names pgx');
  const jdbc = 'url=jdbc:postgresql://db.example.com/app?sslmode=require\n';
  assert.equal(driverOf(jdbc, '/ws/app.properties', config({ drivers: { '**': 'node-postgres' } })).driver, 'pgjdbc', 'node-postgres cannot read a jdbc: URL');
  assert.equal(driverOf(jdbc, '/ws/app.properties', config({ drivers: { '**': 'pgjdbc' } })).driver, 'pgjdbc');
});

// ---------------------------------------------------------------------------------------------
// Provider declarations

const AZURE_ROOTS = fs.readFileSync(path.join(TRUST_DIR, 'azure-roots.pem'));

async function trustFindings(host: string, c: Config): Promise<string[]> {
  const text = `DATABASE_URL=postgres://app@${host}/app?sslmode=verify-full&sslrootcert=/certs/root.pem\n`;
  const r = await lintWithTrust(text, {
    path: '/ws/.env',
    config: c,
    now: NOW,
    files: new MemoryFileAccess({ '/certs/root.pem': AZURE_ROOTS }),
    documentPath: '/ws/.env',
    cache: newTrustFileCache(),
  });
  return r.findings.map((f) => f.ruleId);
}

test('a declared provider is the host\'s provider: its trust file is judged against that provider\'s roots', async () => {
  const host = 'pg.internal.example.com';
  const sites = analyseSites(`postgres://${host}/db?sslmode=verify-full`, { path: '/ws/.env', config: config({ providers: { '*.internal.example.com': 'aws-rds:eu-west-1' } }) });
  const view = siteProvider(sites[0]!.site, NOW);
  assert.equal(view?.match.provider.id, 'aws-rds');
  assert.equal(view?.match.region, 'eu-west-1');
  assert.equal(view?.declared, '*.internal.example.com');

  const withFile = await lintWithTrust(`U=postgres://${host}/db?sslmode=verify-full&sslrootcert=/certs/root.pem\n`, {
    path: '/ws/.env',
    config: config({ providers: { '*.internal.example.com': 'azure-postgresql-flexible' } }),
    now: NOW,
    files: new MemoryFileAccess({ '/certs/root.pem': AZURE_ROOTS }),
    documentPath: '/ws/.env',
    cache: newTrustFileCache(),
  });
  assert.match(siteMarkdown(withFile.sites[0]!, { now: NOW }), /declared by the providers setting `\*\.internal\.example\.com`/);
  assert.deepEqual(await trustFindings(host, config({})), [], 'unknown host: nothing to compare with');
  assert.deepEqual(await trustFindings(host, config({ providers: { [host]: 'azure-postgresql-flexible' } })), [], 'Azure roots for an Azure host');
  assert.deepEqual(await trustFindings(host, config({ providers: { '*.example.com': 'aws-rds:eu-west-1' } })), ['missing-root'], 'Azure roots for an RDS host');
});

test('a declaration overrides what the host name says, and Unix sockets have no provider', () => {
  const c = config({ providers: { '*': 'supabase' } });
  const rds = analyseSites('postgres://x.abc.eu-west-1.rds.amazonaws.com/db?sslmode=verify-full', { path: '/ws/.env', config: c });
  assert.equal(siteProvider(rds[0]!.site, NOW)?.match.provider.id, 'supabase');
  const socket = analyseSites('host=/var/run/postgresql dbname=app sslmode=disable', { path: '/ws/app.conf', config: c });
  assert.equal(siteProvider(socket[0]!.site, NOW), undefined);
});

// ---------------------------------------------------------------------------------------------
// The suppression comment

function suppressed(text: string, file: string, line: number, rule = 'weak-sslmode', languageId?: string): string | undefined {
  const edit = suppressionEdit(text, file, languageId, line, rule);
  return edit ? applyEdits(text, [edit]) : undefined;
}

test('the suppression comment uses the file\'s comment syntax and indentation, and silences the finding', () => {
  const rows: [string, string, number, string][] = [
    ['app.py', 'x = 1\n    DSN = "postgres://h/db?sslmode=require"\n', 1, '    # dbtrust-disable-next-line weak-sslmode\n'],
    ['db.ts', 'const a = 1;\n\tconst dsn = "postgres://h/db?sslmode=require";\n', 1, '\t// dbtrust-disable-next-line weak-sslmode\n'],
    ['.env', 'DATABASE_URL=postgres://h/db?sslmode=require\n', 0, '# dbtrust-disable-next-line weak-sslmode\n'],
    ['q.sql', "SELECT 'postgres://h/db?sslmode=require';\n", 0, '-- dbtrust-disable-next-line weak-sslmode\n'],
    ['web.config', '<add connectionString="Host=h;SSL Mode=Require" />\n', 0, '<!-- dbtrust-disable-next-line weak-sslmode -->\n'],
    ['appsettings.json', '{\n  "Db": "postgres://h/db?sslmode=require"\n}\n', 1, '  // dbtrust-disable-next-line weak-sslmode\n'],
  ];
  for (const [file, text, line, comment] of rows) {
    const out = suppressed(text, file, line);
    assert.ok(out, file);
    assert.ok(out.includes(comment), `${file}: ${JSON.stringify(out)}`);
    const before = lint(text, { path: file, now: NOW }).findings.filter((f) => f.ruleId === 'weak-sslmode').length;
    const after = lint(out, { path: file, now: NOW }).findings.filter((f) => f.ruleId === 'weak-sslmode').length;
    assert.equal(before, 1, `${file} has the finding`);
    assert.equal(after, 0, `${file}: the comment silences it`);
  }
});

test('a second rule joins the directive above; none is offered in JSON or inside a multi-line string', () => {
  const text = 'x = 1\n# dbtrust-disable-next-line no-hostname-check -- staging\nDSN = "postgres://h/db?sslmode=require"\n';
  assert.equal(suppressed(text, 'app.py', 2), 'x = 1\n# dbtrust-disable-next-line no-hostname-check, weak-sslmode -- staging\nDSN = "postgres://h/db?sslmode=require"\n');
  assert.equal(suppressed('# dbtrust-disable-next-line\nDSN=postgres://h/db\n', '.env', 1), undefined, 'already covers every rule');
  assert.equal(suppressed('{\n  "url": "postgres://h/db?sslmode=require"\n}\n', 'package.json', 1), undefined);
  assert.equal(suppressed('const s = `\npostgres://h/db?sslmode=require`;\n', 'a.js', 1), undefined);
  assert.equal(suppressed('x\r\nDSN = "postgres://h/db?sslmode=require"\r\n', 'a.py', 1), 'x\r\n# dbtrust-disable-next-line weak-sslmode\r\nDSN = "postgres://h/db?sslmode=require"\r\n');
});

// ---------------------------------------------------------------------------------------------
// Root bundles for a provider chosen by hand

test('a root bundle holds the provider\'s current roots, regional for AWS', () => {
  const ids = bundleProviders().map((p) => p.id);
  assert.ok(ids.includes('azure-postgresql-flexible') && ids.includes('aws-rds'));
  const azure = providerBundle('azure-postgresql-flexible', undefined, NOW)!;
  assert.equal(azure.fileName, 'azure-postgresql-roots.pem');
  assert.deepEqual(azure.roots.map((r) => r.name).sort(), ['DigiCert Global Root G2', 'Microsoft RSA Root Certificate Authority 2017']);
  assert.equal(azure.content.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
  const rds = providerBundle('aws-rds', 'eu-west-1', NOW)!;
  assert.equal(rds.fileName, 'aws-rds-eu-west-1-roots.pem');
  assert.ok(rds.roots.length >= 1 && rds.roots.every((r) => /eu-west-1/.test(r.name)), rds.roots.map((r) => r.name).join());
  assert.equal(providerBundle('nope', undefined, NOW), undefined);
});

// ---------------------------------------------------------------------------------------------
// Resilience

test('a rule that throws yields an internal-error finding there; the other rules still report', () => {
  const rules = RULES as unknown as { meta: { id: string }; check: () => never }[];
  const broken = { ...RULES[0]!, meta: { ...RULES[0]!.meta, id: 'broken-rule' }, check: () => { throw new TypeError('postgres://u:hunter2@h'); } };
  rules.push(broken as never);
  try {
    const r = lint(ENV, { path: '/ws/.env', now: NOW });
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), [INTERNAL_ERROR, 'weak-sslmode']);
    const internal = r.findings.find((f) => f.ruleId === INTERNAL_ERROR)!;
    assert.match(internal.message, /could not check the rule broken-rule .*internal error: TypeError/);
    assert.ok(!internal.message.includes('hunter2'), 'the error message is never shown');
    assert.equal(internal.severity, 'warning');
  } finally {
    rules.pop();
  }
});

test('an aborted lint stops before reading trust files', async () => {
  let reads = 0;
  const files = new MemoryFileAccess({ '/certs/root.pem': AZURE_ROOTS });
  const counting = Object.assign(Object.create(files), { readFile: (...a: Parameters<MemoryFileAccess['readFile']>) => (reads++, files.readFile(...a)) });
  const text = 'DATABASE_URL=postgres://h.example.com/db?sslmode=verify-full&sslrootcert=/certs/root.pem\n';
  const opts = { path: '/ws/.env', now: NOW, files: counting, documentPath: '/ws/.env', cache: newTrustFileCache() };
  await assert.rejects(lintWithTrust(text, { ...opts, signal: { aborted: true } }), AbortedError);
  assert.equal(reads, 0);
  await lintWithTrust(text, opts);
  assert.ok(reads > 0, 'the same lint, not aborted, reads the file');
});
