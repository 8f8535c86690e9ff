/**
 * The verdicts against a real PostgreSQL server and real clients.
 *
 * One throwaway cluster (Debian's server binaries, test/pg/cluster.sh) with a chain generated at test
 * time (test/pg/pki.sh): root → intermediate A → server certificate for localhost / 127.0.0.1. The
 * server is switched (configuration reload) through four states:
 *
 *   before     leaf A + intermediate A
 *   after      an intermediate rotation: leaf B + intermediate B, same root
 *   wronghost  a certificate for another host name (wrong.example.net), from intermediate A
 *   impostor   a chain from another root, with the same names as the real root and intermediate A
 *
 * In each state psql (libpq), node-postgres and pgjdbc connect with every setting of the table. The
 * same setting text is linted by dbtrust (with its trust files read), and the live probe judges each
 * trust file against the chain the server presents. Every row's outcomes must agree with the verdict:
 * what dbtrust calls verified refuses the impostor and the wrong host and survives the rotation; what it
 * flags as pinned breaks at the rotation; what it calls unverified connects to the impostor; and the
 * other way round, whatever connects to the impostor, accepts the wrong host or breaks at the rotation
 * is flagged. The run writes docs/truth-table.md.
 *
 * Skipped, saying so, only when the PostgreSQL server binaries are not installed.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWithTrust, newTrustFileCache } from '../../server/out/engine';
import type { Policy } from '../../server/out/engine';
import { NodeFileAccess } from '../../server/out/node/fileAccess';
import { probeServer } from '../../server/out/probe';
import type { ProbeResult } from '../../server/out/probe';

const ROOT = path.resolve(__dirname, '../..');
const PG_SCRIPTS = path.join(ROOT, 'test/pg');
const DOC = path.join(ROOT, 'docs/truth-table.md');
const PGJDBC_JAR = process.env.PGJDBC_JAR ?? '/usr/share/java/postgresql.jar';

// ---------------------------------------------------------------------------------------------------
// Tools

function findPgBin(): string | undefined {
  const dirs: string[] = [];
  if (process.env.PGBIN) dirs.push(process.env.PGBIN);
  else if (fs.existsSync('/usr/lib/postgresql')) {
    const versions = fs.readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  return dirs.find((d) => ['initdb', 'pg_ctl', 'postgres', 'psql'].every((b) => fs.existsSync(path.join(d, b))));
}

const PGBIN = findPgBin();
const SKIP = PGBIN
  ? false
  : 'PostgreSQL server binaries not found (initdb, pg_ctl, postgres, psql under /usr/lib/postgresql/*/bin or $PGBIN): install the postgresql package to run the real-server truth table';

function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (error && (error as { killed?: boolean }).killed) return reject(new Error(`${cmd} timed out: ${stderr}`));
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// The fixture

type State = 'before' | 'after' | 'wronghost' | 'impostor';
const STATES: readonly State[] = ['before', 'after', 'wronghost', 'impostor'];
const STATE_LEAF: Record<State, string> = { before: 'leafA', after: 'leafB', wronghost: 'leafW', impostor: 'leafI' };
const TRUST_FILES = ['root.pem', 'intA.pem', 'leafA.pem', 'root-intA.pem', 'wrong-root.pem', 'expired-root.pem'] as const;

class PgFixture {
  readonly pki: string;
  readonly trustDir: string;
  readonly homeEmpty: string;
  readonly homeRootCrt: string;
  readonly javaClasses: string;
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly bin: string,
  ) {
    this.pki = path.join(dir, 'pki');
    this.trustDir = path.join(this.pki, 'trust');
    this.homeEmpty = path.join(dir, 'homes/empty');
    this.homeRootCrt = path.join(dir, 'homes/rootcrt');
    this.javaClasses = path.join(dir, 'java');
  }

  static async create(bin: string): Promise<PgFixture> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-pg-'));
    const fx = new PgFixture(dir, await freePort(), bin);
    // Stop the server even if the test process ends before `after` runs (an exception, Ctrl-C, a kill).
    process.once('exit', () => fx.stopSync());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        fx.stopSync();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
    const env = { ...process.env, PGBIN: bin };
    execFileSync(path.join(PG_SCRIPTS, 'pki.sh'), [fx.pki], { stdio: 'pipe' });
    fs.mkdirSync(fx.homeEmpty, { recursive: true });
    fs.mkdirSync(path.join(fx.homeRootCrt, '.postgresql'), { recursive: true });
    fs.copyFileSync(path.join(fx.trustDir, 'root.pem'), path.join(fx.homeRootCrt, '.postgresql/root.crt'));
    const init = await run(path.join(PG_SCRIPTS, 'cluster.sh'), ['init', dir, String(fx.port)], { env });
    if (init.code !== 0) throw new Error(`cluster.sh init failed: ${init.stderr}`);
    const start = await run(path.join(PG_SCRIPTS, 'cluster.sh'), ['start', dir], { env });
    if (start.code !== 0) throw new Error(`cluster.sh start failed: ${start.stderr}\n${fx.log()}`);
    fs.mkdirSync(fx.javaClasses);
    const javac = await run('javac', ['-cp', PGJDBC_JAR, '-d', fx.javaClasses, path.join(PG_SCRIPTS, 'JdbcCases.java')]);
    if (javac.code !== 0) throw new Error(`javac failed: ${javac.stderr}`);
    return fx;
  }

  trust(name: string): string {
    return path.join(this.trustDir, name);
  }

  leafFingerprint(state: State): string {
    return new X509Certificate(fs.readFileSync(path.join(this.pki, `${STATE_LEAF[state]}.pem`))).fingerprint256;
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'run/server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Installs the state's certificate, reloads, and waits until new connections get it. */
  async use(state: State): Promise<void> {
    const r = await run(path.join(PG_SCRIPTS, 'cluster.sh'), ['use', this.dir, state], { env: { ...process.env, PGBIN: this.bin } });
    if (r.code !== 0) throw new Error(`cluster.sh use ${state} failed: ${r.stderr}`);
    const want = this.leafFingerprint(state);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const p = await probeServer({ host: '127.0.0.1', port: this.port, timeoutMs: 5000 });
      if (p.chain[0]?.sha256 === want) return;
      if (Date.now() > deadline) throw new Error(`the server did not switch to ${state}: ${p.error?.message ?? p.chain[0]?.subject}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  stopSync(): void {
    if (this.stopped) return;
    this.stopped = true;
    try {
      execFileSync(path.join(PG_SCRIPTS, 'cluster.sh'), ['stop', this.dir], { stdio: 'ignore', env: { ...process.env, PGBIN: this.bin }, timeout: 30_000 });
    } catch {
      /* best effort */
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// The settings

type ClientName = 'psql' | 'node-postgres' | 'postgres-js' | 'pgjdbc';
type Family = 'openssl' | 'java';
const FAMILY: Record<ClientName, Family> = { psql: 'openssl', 'node-postgres': 'openssl', 'postgres-js': 'openssl', pgjdbc: 'java' };

interface Paths {
  trust(name: string): string;
  port: string;
}

interface Spec {
  id: string;
  client: ClientName;
  /**
   * psql: `conninfo` keywords, `env` variables (space-separated NAME=value, in a .env file), or
   * `prefix`: variables put before the psql command in a shell script;
   * node-postgres: `url` query, or `object` properties next to host/port/user/database;
   * postgres.js: the same, or `both`: a URL query and, after `|`, the properties of an options object
   * passed beside it (`postgres(url, { … })`);
   * pgjdbc: `url` query.
   */
  form: 'conninfo' | 'env' | 'prefix' | 'url' | 'object' | 'both';
  /** The TLS part of the setting. */
  tls: (p: Paths) => string;
  /** The client's home holds .postgresql/root.crt (the root): libpq's and pgjdbc's default trust file. */
  homeRootCrt?: boolean;
  /** node-postgres and postgres.js run with NODE_EXTRA_CA_CERTS=root.pem (the root is in Node's default store). */
  extraCa?: boolean;
  /** psql runs with SSL_CERT_FILE=root.pem (the root is OpenSSL's default store: sslrootcert=system). */
  sslCertFile?: boolean;
  /** The trust file the setting names: the probe's verdict on it predicts the connection. */
  trustFile?: (typeof TRUST_FILES)[number];
  /** A verify-full row: its outcomes must equal the probe's verdict on the trust file in every state. */
  probeRow?: boolean;
}

const SPECS: Spec[] = [];
function psql(id: string, tls: Spec['tls'], extra: Partial<Spec> = {}): void {
  SPECS.push({ id, client: 'psql', form: 'conninfo', tls, ...extra });
}
function node(id: string, form: 'url' | 'object', tls: Spec['tls'], extra: Partial<Spec> = {}): void {
  SPECS.push({ id, client: 'node-postgres', form, tls, ...extra });
}
function pgjs(id: string, form: 'url' | 'object' | 'both', tls: Spec['tls'], extra: Partial<Spec> = {}): void {
  SPECS.push({ id, client: 'postgres-js', form, tls, ...extra });
}
function jdbc(id: string, tls: Spec['tls'], extra: Partial<Spec> = {}): void {
  SPECS.push({ id, client: 'pgjdbc', form: 'url', tls, ...extra });
}

psql('psql-disable', () => 'sslmode=disable');
psql('psql-allow', () => 'sslmode=allow');
psql('psql-default', () => '');
psql('psql-require', () => 'sslmode=require');
psql('psql-require-rootcrt', () => 'sslmode=require', { homeRootCrt: true });
psql('psql-prefer-root', (p) => `sslmode=prefer sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
psql('psql-require-root', (p) => `sslmode=require sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
psql('psql-verify-ca-root', (p) => `sslmode=verify-ca sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
for (const f of TRUST_FILES) psql(`psql-verify-full-${f}`, (p) => `sslmode=verify-full sslrootcert=${p.trust(f)}`, { trustFile: f, probeRow: true });
psql('psql-verify-full-no-file', () => 'sslmode=verify-full');
psql('psql-verify-full-rootcrt', () => 'sslmode=verify-full', { homeRootCrt: true });
psql('psql-system', () => 'sslrootcert=system', { sslCertFile: true });
psql('psql-verify-full-system', () => 'sslmode=verify-full sslrootcert=system', { sslCertFile: true });
psql('psql-require-system', () => 'sslmode=require sslrootcert=system', { sslCertFile: true });
psql('psql-verify-ca-system', () => 'sslmode=verify-ca sslrootcert=system', { sslCertFile: true });
psql('psql-env-verify-full', (p) => `PGSSLMODE=verify-full PGSSLROOTCERT=${p.trust('root.pem')}`, { form: 'env', trustFile: 'root.pem' });
psql('psql-env-verify-ca-intA', (p) => `PGSSLMODE=verify-ca PGSSLROOTCERT=${p.trust('intA.pem')}`, { form: 'env', trustFile: 'intA.pem' });
psql('psql-env-require', () => 'PGSSLMODE=require', { form: 'env' });
psql('psql-env-prefix', (p) => `PGSSLMODE=verify-full PGSSLROOTCERT=${p.trust('root.pem')}`, { form: 'prefix', trustFile: 'root.pem' });

node('node-no-ssl', 'url', () => '');
node('node-disable', 'url', () => 'sslmode=disable');
node('node-require', 'url', () => 'sslmode=require');
node('node-prefer-extra-ca', 'url', () => 'sslmode=prefer', { extraCa: true });
node('node-require-extra-ca', 'url', () => 'sslmode=require', { extraCa: true });
for (const f of TRUST_FILES) node(`node-verify-full-${f}`, 'url', (p) => `sslmode=verify-full&sslrootcert=${p.trust(f)}`, { trustFile: f, probeRow: true });
node('node-verify-ca-root', 'url', (p) => `sslmode=verify-ca&sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
node('node-no-verify', 'url', () => 'sslmode=no-verify');
node('node-system', 'url', () => 'sslmode=verify-full&sslrootcert=system');
node('node-compat-prefer', 'url', () => 'uselibpqcompat=true&sslmode=prefer');
node('node-compat-require', 'url', () => 'uselibpqcompat=true&sslmode=require');
node('node-compat-require-root', 'url', (p) => `uselibpqcompat=true&sslmode=require&sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
node('node-compat-verify-ca', 'url', () => 'uselibpqcompat=true&sslmode=verify-ca');
node('node-compat-verify-ca-root', 'url', (p) => `uselibpqcompat=true&sslmode=verify-ca&sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
node('node-compat-verify-full-root', 'url', (p) => `uselibpqcompat=true&sslmode=verify-full&sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
node('node-obj-reject-false', 'object', () => 'ssl: { rejectUnauthorized: false }');
node('node-obj-ssl-true', 'object', () => 'ssl: true', { extraCa: true });
node('node-obj-ca-root', 'object', (p) => `ssl: { ca: fs.readFileSync('${p.trust('root.pem')}') }`, { trustFile: 'root.pem' });
node('node-obj-ca-intA', 'object', (p) => `ssl: { ca: fs.readFileSync('${p.trust('intA.pem')}') }`, { trustFile: 'intA.pem' });
node('node-obj-ca-root-no-host', 'object', (p) => `ssl: { ca: fs.readFileSync('${p.trust('root.pem')}'), checkServerIdentity: () => undefined }`, { trustFile: 'root.pem' });

// postgres.js 3.4.9 (src/index.js parseOptions, src/connection.js secure)
pgjs('pgjs-no-ssl', 'url', () => '');
pgjs('pgjs-disable', 'url', () => 'sslmode=disable');
pgjs('pgjs-allow', 'url', () => 'sslmode=allow');
pgjs('pgjs-prefer', 'url', () => 'sslmode=prefer');
pgjs('pgjs-require', 'url', () => 'sslmode=require');
pgjs('pgjs-require-extra-ca', 'url', () => 'sslmode=require', { extraCa: true });
pgjs('pgjs-verify-ca', 'url', () => 'sslmode=verify-ca', { extraCa: true });
pgjs('pgjs-verify-full', 'url', () => 'sslmode=verify-full', { extraCa: true });
pgjs('pgjs-verify-full-no-extra-ca', 'url', () => 'sslmode=verify-full');
pgjs('pgjs-verify-full-root', 'url', (p) => `sslmode=verify-full&sslrootcert=${p.trust('root.pem')}`, { extraCa: true });
pgjs('pgjs-no-verify', 'url', () => 'sslmode=no-verify', { extraCa: true });
pgjs('pgjs-ssl-true', 'url', () => 'ssl=true', { extraCa: true });
pgjs('pgjs-ssl-false', 'url', () => 'ssl=false');
pgjs('pgjs-system', 'url', () => 'sslrootcert=system', { extraCa: true });
pgjs('pgjs-require-system', 'url', () => 'sslmode=require&sslrootcert=system', { extraCa: true });
pgjs('pgjs-obj-false', 'object', () => 'ssl: false');
pgjs('pgjs-obj-true', 'object', () => 'ssl: true', { extraCa: true });
pgjs('pgjs-obj-require', 'object', () => "ssl: 'require'", { extraCa: true });
pgjs('pgjs-obj-prefer', 'object', () => "ssl: 'prefer'", { extraCa: true });
pgjs('pgjs-obj-verify-full', 'object', () => "ssl: 'verify-full'", { extraCa: true });
pgjs('pgjs-obj-disable', 'object', () => "ssl: 'disable'", { extraCa: true });
pgjs('pgjs-obj-reject-false', 'object', () => 'ssl: { rejectUnauthorized: false }');
pgjs('pgjs-obj-ca-root', 'object', (p) => `ssl: { ca: fs.readFileSync('${p.trust('root.pem')}') }`, { trustFile: 'root.pem' });
pgjs('pgjs-obj-ca-intA', 'object', (p) => `ssl: { ca: fs.readFileSync('${p.trust('intA.pem')}') }`, { trustFile: 'intA.pem' });
pgjs('pgjs-both-require-true', 'both', () => 'sslmode=require|ssl: true', { extraCa: true });
pgjs('pgjs-both-verify-full-require', 'both', () => "sslmode=verify-full|ssl: 'require'", { extraCa: true });

jdbc('jdbc-default', () => '');
jdbc('jdbc-disable', () => 'sslmode=disable');
jdbc('jdbc-allow', () => 'sslmode=allow');
jdbc('jdbc-require', () => 'sslmode=require');
jdbc('jdbc-require-root', (p) => `sslmode=require&sslrootcert=${p.trust('root.pem')}`);
jdbc('jdbc-ssl-true', () => 'ssl=true');
jdbc('jdbc-ssl-true-rootcrt', () => 'ssl=true', { homeRootCrt: true });
jdbc('jdbc-verify-ca-root', (p) => `sslmode=verify-ca&sslrootcert=${p.trust('root.pem')}`, { trustFile: 'root.pem' });
jdbc('jdbc-verify-ca-intA', (p) => `sslmode=verify-ca&sslrootcert=${p.trust('intA.pem')}`, { trustFile: 'intA.pem' });
for (const f of TRUST_FILES) jdbc(`jdbc-verify-full-${f}`, (p) => `sslmode=verify-full&sslrootcert=${p.trust(f)}`, { trustFile: f, probeRow: true });
jdbc('jdbc-plus-in-path', (p) => `sslmode=verify-full&sslrootcert=${p.trust('root+intA.pem')}`);
jdbc('jdbc-nonvalidating-verify-full', () => 'sslmode=verify-full&sslfactory=org.postgresql.ssl.NonValidatingFactory');
jdbc('jdbc-nonvalidating-require', () => 'sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory');

// ---------------------------------------------------------------------------------------------------
// Building each setting's text, linting it, running it

const SQL = 'select ssl from pg_stat_ssl where pid = pg_backend_pid()';

interface Built {
  /** What the client is given: a conninfo, a URL, a code expression, or environment variables. */
  setting: string;
  env: Record<string, string>;
  /** The setting as written in a file, for dbtrust. */
  lintFile: string;
  lintText: string;
}

function build(spec: Spec, p: Paths): Built {
  const tls = spec.tls(p);
  switch (spec.client) {
    case 'psql': {
      if (spec.form === 'env') {
        const env: Record<string, string> = { PGHOST: 'localhost', PGPORT: p.port, PGUSER: 'postgres', PGDATABASE: 'postgres' };
        for (const a of tls.split(' ').filter(Boolean)) {
          const eq = a.indexOf('=');
          env[a.slice(0, eq)] = a.slice(eq + 1);
        }
        const text = Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join('');
        return { setting: '', env, lintFile: '.env', lintText: text };
      }
      if (spec.form === 'prefix') {
        const env: Record<string, string> = {};
        for (const a of tls.split(' ').filter(Boolean)) env[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
        const conninfo = `host=localhost port=${p.port} user=postgres dbname=postgres`;
        return { setting: conninfo, env, lintFile: 'connect.sh', lintText: `${tls} psql "${conninfo}" -c 'select 1'\n` };
      }
      const conninfo = `host=localhost port=${p.port} user=postgres dbname=postgres${tls ? ' ' + tls : ''}`;
      return { setting: conninfo, env: {}, lintFile: 'connect.sh', lintText: `psql "${conninfo}" -c 'select 1'\n` };
    }
    case 'node-postgres': {
      const expr = spec.form === 'url' ? `'postgres://postgres@localhost:${p.port}/postgres${tls ? '?' + tls : ''}'` : `{ host: 'localhost', port: ${p.port}, user: 'postgres', database: 'postgres', ${tls} }`;
      return { setting: expr, env: {}, lintFile: 'db.ts', lintText: `import * as fs from 'node:fs';\nimport { Client } from 'pg';\n\nexport const client = new Client(${expr});\n` };
    }
    case 'postgres-js': {
      const [query, props] = spec.form === 'both' ? tls.split('|') : spec.form === 'url' ? [tls, ''] : ['', tls];
      const url = `'postgres://postgres@localhost:${p.port}/postgres${query ? '?' + query : ''}'`;
      const object = `{ host: 'localhost', port: ${p.port}, user: 'postgres', database: 'postgres', ${props} }`;
      const args = spec.form === 'url' ? url : spec.form === 'object' ? object : `${url}, { ${props} }`;
      return { setting: args, env: {}, lintFile: 'db.ts', lintText: `import * as fs from 'node:fs';\nimport postgres from 'postgres';\n\nexport const sql = postgres(${args});\n` };
    }
    case 'pgjdbc': {
      const url = `jdbc:postgresql://localhost:${p.port}/postgres?user=postgres${tls ? '&' + tls : ''}`;
      return { setting: url, env: {}, lintFile: 'application.properties', lintText: `spring.datasource.url=${url}\n` };
    }
  }
}

interface Outcome {
  kind: 'tls' | 'plain' | 'error';
  message?: string;
}
const connects = (o: Outcome): boolean => o.kind !== 'error';

interface Row {
  spec: Spec;
  built: Built;
  shown: string;
  outcomes: Partial<Record<State, Outcome>>;
  rules: string[];
  /** weak-sslmode or verification-disabled on a site that verifies in no case (not a future or machine-dependent weakness). */
  calledUnverified: boolean;
  unusable?: boolean;
  policy?: Policy;
  sites: number;
  claims: { text: string; ok: boolean }[];
}

function cleanMessage(fx: PgFixture, raw: string): string {
  let s = raw.replace(/\r/g, '');
  s = s.split(fx.homeEmpty).join('~').split(fx.homeRootCrt).join('~');
  s = s.split(fx.trustDir + path.sep).join('').split(fx.dir).join('<tmp>');
  s = s.replace(/^psql: error: /, '').replace(/connection to server at "[^"]*" \([^)]*\), port \d+ failed: /g, '');
  s = s.split(String(fx.port)).join('$PORT');
  return s.replace(/\s+/g, ' ').trim();
}

async function runPsql(fx: PgFixture, rows: Row[]): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  for (const row of rows) {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', HOME: row.spec.homeRootCrt ? fx.homeRootCrt : fx.homeEmpty, PGCONNECT_TIMEOUT: '5', PGGSSENCMODE: 'disable', ...row.built.env };
    if (row.spec.sslCertFile) env.SSL_CERT_FILE = fx.trust('root.pem');
    const args = row.built.setting ? [row.built.setting, '-AtXq', '-c', SQL] : ['-AtXq', '-c', SQL];
    const r = await run(path.join(fx.bin, 'psql'), args, { env, timeoutMs: 30_000 });
    const value = r.stdout.trim();
    out.set(row.spec.id, r.code === 0 && (value === 't' || value === 'f') ? { kind: value === 't' ? 'tls' : 'plain' } : { kind: 'error', message: cleanMessage(fx, r.stderr || r.stdout) });
  }
  return out;
}

/**
 * Runs a Node client script of test/pg (one JSON line per case in, one per outcome out) over the rows:
 * once without and once with NODE_EXTRA_CA_CERTS=root.pem (Spec.extraCa).
 */
async function runNodeScript(fx: PgFixture, rows: Row[], script: string, input: (r: Row) => Record<string, string>): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  for (const extra of [false, true]) {
    const group = rows.filter((r) => Boolean(r.spec.extraCa) === extra);
    if (group.length === 0) continue;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: fx.homeEmpty };
    if (extra) env.NODE_EXTRA_CA_CERTS = fx.trust('root.pem');
    const lines = group.map((r) => JSON.stringify({ id: r.spec.id, ...input(r) }) + '\n').join('');
    const r = await run(process.execPath, ['--no-warnings', path.join(PG_SCRIPTS, script)], { env, input: lines, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`${script} failed: ${r.stderr}`);
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const res = JSON.parse(line) as { id: string; outcome: Outcome['kind']; message?: string };
      out.set(res.id, res.outcome === 'error' ? { kind: 'error', message: cleanMessage(fx, res.message ?? '') } : { kind: res.outcome });
    }
  }
  return out;
}

/** node-postgres: `new Client(expr)`. */
const runNode = (fx: PgFixture, rows: Row[]): Promise<Map<string, Outcome>> => runNodeScript(fx, rows, 'pg-client.js', (r) => ({ expr: r.built.setting }));
/** postgres.js: `postgres(args)`. */
const runPostgresJs = (fx: PgFixture, rows: Row[]): Promise<Map<string, Outcome>> => runNodeScript(fx, rows, 'postgresjs-client.js', (r) => ({ args: r.built.setting }));

const jdbcVersion = { pgjdbc: 'unknown', java: 'unknown' };

async function runJdbc(fx: PgFixture, rows: Row[]): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  const input = 'version\n' + rows.map((r) => `${r.spec.id}\t${r.spec.homeRootCrt ? fx.homeRootCrt : fx.homeEmpty}\t${r.built.setting}&connectTimeout=5\n`).join('');
  const r = await run('java', ['-cp', `${fx.javaClasses}${path.delimiter}${PGJDBC_JAR}`, 'JdbcCases'], { input, timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`JdbcCases failed: ${r.stderr}`);
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [id, kind, message] = line.split('\t');
    if (id === 'version') {
      jdbcVersion.pgjdbc = kind!;
      jdbcVersion.java = message!;
      continue;
    }
    out.set(id!, kind === 'error' ? { kind: 'error', message: cleanMessage(fx, message ?? '') } : { kind: kind as 'tls' | 'plain' });
  }
  return out;
}

async function lintRow(fx: PgFixture, row: Row): Promise<void> {
  const dir = path.join(fx.dir, 'lint', row.spec.id);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, row.built.lintFile);
  fs.writeFileSync(file, row.built.lintText);
  const result = await lintWithTrust(row.built.lintText, { path: file, documentPath: file, workspaceRoot: dir, files: new NodeFileAccess(), cache: newTrustFileCache() });
  row.sites = result.sites.length;
  // A URL with an options object beside it is two sites; the options' ssl decides (postgres.js).
  row.policy = result.sites[row.spec.form === 'both' ? 1 : 0]?.policy;
  row.rules = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  // A trust file the rules call unusable for this client: reported as an error (expired-ca is a warning
  // where the client still connects, e.g. Java with an expired trust anchor).
  row.unusable = result.findings.some((f) => UNUSABLE.includes(f.ruleId) && f.severity === 'error');
  row.calledUnverified = result.findings.some((f) => {
    const p = result.sites[f.site]!.policy;
    return WEAK.includes(f.ruleId) && p.futureWeak === undefined && p.verifiesChainIfDefaultFile !== true;
  });
}

// ---------------------------------------------------------------------------------------------------
// Agreement

const WEAK = ['weak-sslmode', 'verification-disabled'];
const PINNED = ['pinned-intermediate', 'pinned-server-cert'];
const UNUSABLE = ['expired-ca', 'trust-file-unreadable'];

type Category = 'rejected' | 'unverified' | 'chain only' | 'verified';

function category(row: Row): Category {
  const p = row.policy!;
  if (p.rejected) return 'rejected';
  if (p.encrypts === 'never' || p.encrypts === 'maybe') return 'unverified';
  const chain = p.verifiesChain === 'yes' || (p.verifiesChain === 'no' && p.verifiesChainIfDefaultFile === true && row.spec.homeRootCrt === true);
  if (!chain) return 'unverified';
  return p.verifiesHost === 'yes' ? 'verified' : 'chain only';
}

/** The probe's verdict on the row's trust file in a state, for the row's client family. */
function probeVerifies(probes: Map<string, ProbeResult>, state: State, file: string, family: Family, withHost: boolean): boolean | undefined {
  const p = probes.get(`${state}:${file}`);
  const tf = p?.trustFile;
  if (!tf || tf.state !== 'read') return undefined;
  const chain = family === 'java' ? tf.java.verified : tf.openssl.verified;
  return chain && (!withHost || p!.host!.matches);
}

function judgeRow(row: Row, probes: Map<string, ProbeResult>): void {
  const o = row.outcomes as Record<State, Outcome>;
  const claims: Row['claims'] = [];
  const claim = (text: string, ok: boolean): void => void claims.push({ text, ok });
  const has = (ids: string[]): boolean => row.rules.some((r) => ids.includes(r));
  const sites = row.spec.form === 'both' ? 2 : 1;
  claim(sites === 1 ? 'one connection setting found' : 'the URL and the options beside it found', row.sites === sites && row.policy?.driver === { psql: 'libpq', 'node-postgres': 'node-postgres', 'postgres-js': 'postgres-js', pgjdbc: 'pgjdbc' }[row.spec.client]);
  if (!row.policy) {
    row.claims = claims;
    return;
  }
  const cat = category(row);
  const family = FAMILY[row.spec.client];
  switch (cat) {
    case 'rejected':
      claim('rejected: fails in every state', STATES.every((s) => !connects(o[s])));
      break;
    case 'unverified':
      claim('unverified: connects to the impostor', connects(o.impostor));
      break;
    case 'chain only':
      claim('verifies the chain: refuses the impostor', !connects(o.impostor));
      claim('no host-name check: accepts the wrong host whenever it accepts the server', connects(o.wronghost) === connects(o.before));
      break;
    case 'verified':
      claim('verified: refuses the impostor', !connects(o.impostor));
      claim('verified: refuses the wrong host', !connects(o.wronghost));
      break;
  }
  if (cat === 'verified' || cat === 'chain only') {
    if (has(PINNED)) {
      claim('pinned: fails after the rotation', !connects(o.after));
      if (family === 'openssl') claim('pinned, OpenSSL client: fails already before the rotation', !connects(o.before));
    } else if (row.unusable) {
      claim('trust file unusable: fails before and after the rotation', !connects(o.before) && !connects(o.after));
    } else {
      claim('survives the rotation', connects(o.before) === connects(o.after));
    }
    if (row.spec.trustFile) {
      const predicted = probeVerifies(probes, 'before', row.spec.trustFile, family, cat === 'verified');
      claim(`the probe's verdict on ${row.spec.trustFile} (${family}) predicts the connection before the rotation`, predicted !== undefined && predicted === connects(o.before));
    }
  }
  // The other way round: what the real client does wrong, dbtrust says.
  if (connects(o.impostor)) claim('connects to the impostor: flagged weak-sslmode or verification-disabled', has(WEAK));
  else claim('refuses the impostor: not called unverified', !row.calledUnverified);
  if (connects(o.wronghost) && !connects(o.impostor)) claim('accepts the wrong host: flagged no-hostname-check', has(['no-hostname-check', ...WEAK]));
  if (connects(o.before) && !connects(o.after)) claim('breaks at the rotation: flagged pinned', has([...PINNED, 'missing-root']));
  row.claims = claims;
}

/**
 * Rows where the real client contradicts dbtrust today: each is a finding about the rules, with what
 * the client does. Listed rows run as todo while they disagree, and fail once they agree (remove them
 * then). Some depend on the client's version.
 */
function knownDisagreements(): Record<string, string> {
  // Rows where dbtrust is known to disagree with the real clients, with why (none at present).
  return {};
}

// ---------------------------------------------------------------------------------------------------
// The document

function cell(o: Outcome | undefined): string {
  if (!o) return '—';
  if (o.kind === 'tls') return 'TLS';
  if (o.kind === 'plain') return 'plaintext';
  return `✗ ${shortError(o.message ?? '')}`;
}

function shortError(m: string): string {
  const first = m.split(' <- ')[0]!;
  let s = first;
  if (/PKIX path building failed|SunCertPathBuilderException/.test(m)) s = 'PKIX: unable to find valid certification path';
  else if (/could not be verified by hostnameverifier/i.test(m)) s = 'host name could not be verified';
  s = s.replace(/^SSL error: /, 'SSL error: ');
  return (s.length > 80 ? s.slice(0, 77) + '…' : s).replace(/\|/g, '\\|');
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function versions(bin: string, jdbc: { pgjdbc: string; java: string }): Record<string, string> {
  const v: Record<string, string> = {};
  v.server = execFileSync(path.join(bin, 'postgres'), ['--version']).toString().trim().replace(/^postgres \(PostgreSQL\) /, '');
  v.psql = execFileSync(path.join(bin, 'psql'), ['--version']).toString().trim().replace(/^psql \(PostgreSQL\) /, '');
  v.pg = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/pg/package.json'), 'utf8')) as { version: string }).version;
  v.postgresjs = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/postgres/package.json'), 'utf8')) as { version: string }).version;
  v.pgcs = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/pg-connection-string/package.json'), 'utf8')) as { version: string }).version;
  v.node = process.version;
  v.pgjdbc = jdbc.pgjdbc;
  v.java = jdbc.java;
  return v;
}

function generate(rows: Row[], probes: Map<string, ProbeResult>, v: Record<string, string>, known: Record<string, string>): string {
  const lines: string[] = [];
  const agree = rows.filter((r) => r.claims.every((c) => c.ok)).length;
  lines.push('# Truth table: dbtrust verdicts against a real PostgreSQL server');
  lines.push('');
  lines.push('<!-- Generated by test/src/truthTable.test.ts on every test run. Do not edit. -->');
  lines.push('');
  lines.push('Every row is a connection setting, run by a real client against a real server in four states, and');
  lines.push('linted by dbtrust (with its trust file read). A row **agrees** when the outcomes are what the verdict');
  lines.push('says, and the other way round when what the client does wrong is flagged.');
  lines.push('');
  lines.push(`Clients: psql / libpq ${v.psql}; node-postgres (pg) ${v.pg} with pg-connection-string ${v.pgcs} and postgres.js ${v.postgresjs} on Node ${v.node}; pgjdbc ${v.pgjdbc} on Java ${v.java}. Server: PostgreSQL ${v.server}.`);
  lines.push('');
  lines.push('## The fixture');
  lines.push('');
  lines.push('Generated at test time by `test/pg/pki.sh` (EC P-256 keys), served by a throwaway cluster (`test/pg/cluster.sh`) on');
  lines.push('127.0.0.1, switched between four states by a configuration reload:');
  lines.push('');
  lines.push('| state | the server presents |');
  lines.push('|---|---|');
  lines.push('| before | leaf A (SAN `localhost`, `127.0.0.1`) + intermediate A, under the root |');
  lines.push('| after rotation | leaf B + intermediate B, under the same root |');
  lines.push('| wrong host | a leaf for `wrong.example.net` + intermediate A, under the root |');
  lines.push('| impostor | a leaf for `localhost` + an intermediate from another root, both CAs with the same names as the real root and intermediate A |');
  lines.push('');
  lines.push('Trust files: `root.pem` (the root), `intA.pem` (intermediate A only), `leafA.pem` (the first server');
  lines.push('certificate only), `root-intA.pem` (root + intermediate A), `wrong-root.pem` (an unrelated root),');
  lines.push('`expired-root.pem` (the root\'s name and key, validity 2015–2020). `~/.postgresql/root.crt` is the root where a');
  lines.push('row says so, otherwise the client\'s home has no `.postgresql` folder. The server accepts TLS and plaintext, so a');
  lines.push('client that falls back to plaintext is seen connecting ("plaintext"). Every client connects to `localhost` as');
  lines.push('user `postgres` (trust authentication); psql also gets `PGGSSENCMODE=disable` and `PGCONNECT_TIMEOUT=5`, pgjdbc');
  lines.push('`connectTimeout=5`, node-postgres `connectionTimeoutMillis: 5000`, postgres.js `connect_timeout: 5`.');
  lines.push('');
  lines.push(`**${rows.length} rows, ${agree} agree, ${rows.length - agree} disagree.**`);
  lines.push('');
  lines.push('Verdict: what dbtrust computes for the setting (verified, chain only, unverified, rejected) and the rules it');
  lines.push('reports (on `localhost` every finding is downgraded to information, but it is reported).');
  const titles: Record<ClientName, string> = { psql: 'psql (libpq)', 'node-postgres': 'node-postgres', 'postgres-js': 'postgres.js', pgjdbc: 'pgjdbc' };
  for (const client of ['psql', 'node-postgres', 'postgres-js', 'pgjdbc'] as ClientName[]) {
    lines.push('');
    lines.push(`## ${titles[client]}`);
    lines.push('');
    lines.push('| setting | before | after rotation | impostor | wrong host | dbtrust verdict | agrees |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const r of rows.filter((x) => x.spec.client === client)) {
      const o = r.outcomes;
      const verdict = `${r.policy ? category(r) : 'no site'}${r.rules.length ? ': ' + r.rules.join(', ') : ''}`;
      const failed = r.claims.filter((c) => !c.ok).map((c) => c.text);
      lines.push(`| ${esc(r.shown)} | ${cell(o.before)} | ${cell(o.after)} | ${cell(o.impostor)} | ${cell(o.wronghost)} | ${esc(verdict)} | ${failed.length ? 'NO: ' + esc(failed.join('; ')) : 'yes'} |`);
    }
  }
  const disagreeing = rows.filter((r) => r.claims.some((c) => !c.ok));
  if (disagreeing.length > 0) {
    lines.push('');
    lines.push('## Disagreements');
    lines.push('');
    for (const r of disagreeing) {
      const failed = r.claims.filter((c) => !c.ok).map((c) => c.text);
      lines.push(`- **${r.spec.client}** ${r.shown}: ${known[r.spec.id] ?? 'not yet explained'}. (Failed: ${failed.join('; ')}.)`);
    }
  }
  lines.push('');
  lines.push('## The probe on each trust file');
  lines.push('');
  lines.push('`dbtrust probe 127.0.0.1:PORT --sslrootcert FILE` in each state: whether the file verifies the presented chain and');
  lines.push('host for OpenSSL clients and for Java. The verify-full rows above must match it in every state.');
  lines.push('');
  lines.push('| trust file | state | OpenSSL clients | Java clients | host |');
  lines.push('|---|---|---|---|---|');
  for (const f of TRUST_FILES) {
    for (const s of STATES) {
      const p = probes.get(`${s}:${f}`);
      const tf = p?.trustFile;
      const show = (c: { verified: boolean; anchor?: { role: string }; reason?: string } | undefined): string =>
        !c ? '—' : c.verified ? `verifies (anchor: ${c.anchor!.role})` : `✗ ${esc(c.reason!.replace(/ \(.*$/, ''))}`;
      lines.push(`| ${f} | ${s} | ${show(tf?.openssl)} | ${show(tf?.java)} | ${p?.host ? (p.host.matches ? 'matches' : '✗ mismatch') : '—'} |`);
    }
  }
  lines.push('');
  lines.push('## Messages');
  lines.push('');
  lines.push('The clients\' error messages, shortened above (temporary paths removed, the home directory shown as `~`):');
  lines.push('');
  const messages = new Map<string, Set<string>>();
  for (const r of rows) {
    for (const s of STATES) {
      const o = r.outcomes[s];
      if (o?.kind !== 'error') continue;
      const key = `${r.spec.client}: ${o.message}`;
      if (!messages.has(key)) messages.set(key, new Set());
      messages.get(key)!.add(r.spec.id);
    }
  }
  for (const key of [...messages.keys()].sort()) lines.push(`- ${key.replace(/\s+/g, ' ')}`);
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// The tests

describe('truth table against a real PostgreSQL', { skip: SKIP }, () => {
  let fx: PgFixture | undefined;
  const rows: Row[] = [];
  const probes = new Map<string, ProbeResult>();
  let known: Record<string, string> = {};
  let serverMajor = 0;
  let direct: ProbeResult | undefined;
  const logs: { state: State; authorizedBefore: number; authorizedAfter: number; receivedBefore: number; receivedAfter: number }[] = [];

  before(async () => {
    assert.ok(fs.existsSync(PGJDBC_JAR), `pgjdbc not found at ${PGJDBC_JAR}: install libpostgresql-jdbc-java (or set PGJDBC_JAR)`);
    fx = await PgFixture.create(PGBIN!);
    known = knownDisagreements();
    serverMajor = Number(/(\d+)\.\d+/.exec(execFileSync(path.join(fx.bin, 'postgres'), ['--version']).toString())?.[1] ?? 0);
    const real: Paths = { trust: (n) => fx!.trust(n), port: String(fx.port) };
    const shown: Paths = { trust: (n) => n, port: '5432' };
    for (const spec of SPECS) {
      const extras = [spec.homeRootCrt ? '~/.postgresql/root.crt = root' : '', spec.extraCa ? 'NODE_EXTRA_CA_CERTS=root.pem' : '', spec.sslCertFile ? 'SSL_CERT_FILE=root.pem' : ''].filter(Boolean);
      const tls = spec.tls(shown);
      const [query, props] = tls.split('|');
      const written = spec.form === 'prefix' ? `${tls} psql "host=…"` : spec.form === 'both' ? `?${query} beside { ${props} }` : tls;
      const row: Row = { spec, built: build(spec, real), shown: `\`${written || '(no TLS setting)'}\`${extras.length ? ' with ' + extras.join(', ') : ''}`, outcomes: {}, rules: [], calledUnverified: false, sites: 0, claims: [] };
      rows.push(row);
      await lintRow(fx, row);
    }
    for (const state of STATES) {
      if (state !== 'before') await fx.use(state);
      const [a, b, c, d] = [
        await runPsql(fx, rows.filter((r) => r.spec.client === 'psql')),
        await runNode(fx, rows.filter((r) => r.spec.client === 'node-postgres')),
        await runPostgresJs(fx, rows.filter((r) => r.spec.client === 'postgres-js')),
        await runJdbc(fx, rows.filter((r) => r.spec.client === 'pgjdbc')),
      ];
      for (const row of rows) row.outcomes[state] = a.get(row.spec.id) ?? b.get(row.spec.id) ?? c.get(row.spec.id) ?? d.get(row.spec.id);
      if (state === 'before') direct = await probeServer({ host: 'localhost', port: fx.port, sslnegotiation: 'direct', sslrootcert: fx.trust('root.pem'), timeoutMs: 5000 });
      for (const f of TRUST_FILES) probes.set(`${state}:${f}`, await probeServer({ host: 'localhost', port: fx.port, sslrootcert: fx.trust(f), timeoutMs: 5000 }));
      // A probe with no other client running: the server must see a connection and no startup message.
      const count = (re: RegExp): number => fx!.log().split('\n').filter((l) => re.test(l)).length;
      const authorizedBefore = count(/connection authorized/);
      const receivedBefore = count(/connection received/);
      probes.set(`${state}:none`, await probeServer({ host: '127.0.0.1', port: fx.port, timeoutMs: 5000 }));
      await new Promise((res) => setTimeout(res, 300));
      logs.push({ state, authorizedBefore, receivedBefore, authorizedAfter: count(/connection authorized/), receivedAfter: count(/connection received/) });
    }
    for (const row of rows) judgeRow(row, probes);
  });

  after(() => fx?.stopSync());

  test('every client produced an outcome in every state', () => {
    for (const row of rows) for (const s of STATES) assert.ok(row.outcomes[s], `${row.spec.id} has no outcome for ${s}`);
  });

  test('the fixture behaves as designed: a verify-full client with the root connects before and after the rotation, refuses the impostor and the wrong host', () => {
    for (const id of ['psql-verify-full-root.pem', 'node-verify-full-root.pem', 'jdbc-verify-full-root.pem']) {
      const o = rows.find((r) => r.spec.id === id)!.outcomes;
      assert.deepEqual([o.before?.kind, o.after?.kind, o.impostor?.kind, o.wronghost?.kind], ['tls', 'tls', 'error', 'error'], id);
    }
    const disable = rows.find((r) => r.spec.id === 'psql-disable')!.outcomes;
    assert.equal(disable.impostor?.kind, 'plain');
  });

  test('every row agrees with dbtrust', async (t) => {
    for (const row of rows) {
      const failed = row.claims.filter((c) => !c.ok);
      const knownReason = known[row.spec.id];
      const detail = `${row.spec.id} (${row.shown}): before ${cell(row.outcomes.before)}, after ${cell(row.outcomes.after)}, impostor ${cell(row.outcomes.impostor)}, wrong host ${cell(row.outcomes.wronghost)}; dbtrust: ${row.policy ? category(row) : 'no site'} [${row.rules.join(', ')}]; failed: ${failed.map((c) => c.text).join('; ')}`;
      await t.test(row.spec.id, knownReason && failed.length > 0 ? { todo: knownReason } : {}, () => {
        if (knownReason) assert.ok(failed.length > 0, `${row.spec.id} is listed as a known disagreement but now agrees: remove it from knownDisagreements`);
        assert.equal(failed.length, 0, detail);
      });
    }
  });

  test('the probe agrees with the real clients: its OpenSSL verdict is libpq\'s and Node\'s verify-full, its Java verdict pgjdbc\'s, in every state', () => {
    for (const row of rows.filter((r) => r.spec.probeRow)) {
      for (const s of STATES) {
        const predicted = probeVerifies(probes, s, row.spec.trustFile!, FAMILY[row.spec.client], true);
        assert.equal(predicted, connects(row.outcomes[s]!), `${row.spec.id} in state ${s}: probe says ${predicted}, the client ${cell(row.outcomes[s])}`);
      }
      // Before the rotation, the probe says whether the file survives it; the client shows it after.
      const tf = probes.get(`before:${row.spec.trustFile!}`)!.trustFile!;
      const check = FAMILY[row.spec.client] === 'java' ? tf.java : tf.openssl;
      if (check.verified) assert.equal(check.survivesRotation, connects(row.outcomes.after!), `${row.spec.id}: survivesRotation`);
    }
  });

  test('the probe reads the chain the server presents in each state: roles, issuers, host name', () => {
    for (const s of STATES) {
      const p = probes.get(`${s}:none`)!;
      assert.equal(p.error, undefined, s);
      assert.equal(p.chain.length, 2, `${s}: leaf + intermediate`);
      assert.deepEqual(p.chain.map((c) => c.role), ['leaf', 'intermediate']);
      assert.equal(p.chain[0]!.sha256, fx!.leafFingerprint(s));
      assert.equal(p.chain[0]!.issuedBy, 1);
      assert.equal(p.chain[1]!.issuedBy, null, 'the root is not sent');
      assert.equal(p.chain[1]!.issuerCN, 'dbtrust Test Root CA', 'the impostor names its root like the real one');
      assert.equal(p.host!.matches, s !== 'wronghost', `${s}: host check on 127.0.0.1`);
      assert.equal(p.sentBeforeTls, 8);
    }
    const before = probes.get('before:root.pem')!.trustFile!;
    assert.equal(before.openssl.verified, true);
    assert.equal(before.openssl.survivesRotation, true);
    const pinned = probes.get('before:intA.pem')!;
    assert.equal(pinned.trustFile!.openssl.verified, false);
    assert.equal(pinned.trustFile!.java.verified, true);
    assert.equal(pinned.trustFile!.java.survivesRotation, false);
    assert.ok(pinned.findings.some((f) => f.code === 'trust-file-java-only'));
    assert.equal(probes.get('before:root-intA.pem')!.trustFile!.java.survivesRotation, true, 'root + intermediate: Java anchors at the intermediate, and the root carries it past the rotation');
    const rotated = probes.get('after:intA.pem')!;
    assert.ok(rotated.findings.some((f) => f.code === 'trust-file-fails'), 'after the rotation the pinned intermediate verifies nothing');
    const impostor = probes.get('impostor:root.pem')!;
    assert.equal(impostor.trustFile!.openssl.verified, false);
    assert.equal(impostor.trustFile!.java.verified, false);
    assert.match(impostor.trustFile!.openssl.reason!, /signature failure|unable to get/);
  });

  test('the probe with direct TLS: PostgreSQL 17+ accepts it with ALPN postgresql, older servers are reported as such', () => {
    assert.ok(direct);
    if (serverMajor >= 17) {
      assert.equal(direct.error, undefined, direct.error?.message);
      assert.equal(direct.tls!.alpn, 'postgresql');
      assert.equal(direct.sentBeforeTls, 0);
      assert.equal(direct.trustFile!.openssl.verified, true);
    } else {
      assert.equal(direct.error?.code, 'direct-refused', `PostgreSQL ${serverMajor}: ${direct.error?.message}`);
    }
  });

  test('the probe never sends a startup message: the server logs its connection, and no session is authorized', () => {
    assert.equal(logs.length, STATES.length);
    for (const l of logs) {
      assert.ok(l.receivedAfter > l.receivedBefore, `${l.state}: the server saw the probe's connection`);
      assert.equal(l.authorizedAfter, l.authorizedBefore, `${l.state}: no session was started`);
    }
  });

  test('docs/truth-table.md is generated from this run', () => {
    const v = versions(fx!.bin, jdbcVersion);
    const text = generate(rows, probes, v, known);
    fs.writeFileSync(DOC, text);
    assert.ok(text.includes(`**${rows.length} rows`));
  });
});
