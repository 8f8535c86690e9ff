/**
 * `dbtrust scan --cache` (server/src/cli/cache.ts): the bundle dist/cli.js, spawned. A scan with the
 * cache prints what a scan without it prints; an entry is reused only while the file and every file
 * its analysis read (a trust file, one that was missing) are unchanged, and the whole cache is dropped
 * when the configuration, --now or the language change.
 */
import { beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CERTS = path.join(ROOT, 'test', 'fixtures', 'certs');
const INTERMEDIATE = path.join(CERTS, 'microsoft-azure-rsa-tls-issuing-ca-03.pem');
const ROOT_CA = path.join(CERTS, 'digicert-global-root-g2.pem');

let dir: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** From the debug output: files whose entry was reused, and files scanned. */
  reused: number;
  visited: number;
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, DBTRUST_LOCALE: '', DBTRUST_DEBUG: '1', ...env } });
  const m = /cache: (\d+) of (\d+) files reused/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, reused: m ? Number(m[1]) : -1, visited: m ? Number(m[2]) : -1 };
}

function write(name: string, content: string | Buffer): void {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

/** Sets a file's modification time well in the past, so that its stamp is not too recent to trust. */
function age(name: string): void {
  const t = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(dir, name), t, t);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-cache-'));
  write('db.ts', 'const url = "postgres://app@mydb.postgres.database.azure.com/app?sslmode=verify-full&sslrootcert=certs/ca.pem";\n');
  write('certs/ca.pem', fs.readFileSync(INTERMEDIATE));
  write('app.env', 'PGSSLMODE=require\nPGHOST=db.example.com\n');
  write('other.env', 'PGSSLMODE=disable\n');
  for (let i = 0; i < 5; i++) write(`src/m${i}.ts`, `export const x${i} = ${i};\n`);
  for (const f of ['db.ts', 'certs/ca.pem', 'app.env', 'other.env', ...[0, 1, 2, 3, 4].map((i) => `src/m${i}.ts`)]) age(f);
});

const NOW = ['--now', '2026-01-01'];

test('cache: a second scan reuses every entry and prints the same, in every format; the cache file is never scanned', () => {
  for (const format of ['text', 'json', 'sarif']) {
    fs.rmSync(path.join(dir, '.dbtrustcache'), { force: true });
    const plain = cli([...NOW, '--format', format]);
    const first = cli([...NOW, '--format', format, '--cache']);
    const second = cli([...NOW, '--format', format, '--cache']);
    assert.equal(first.stdout, plain.stdout, format);
    assert.equal(second.stdout, plain.stdout, format);
    assert.equal(second.status, plain.status);
    assert.equal(first.reused, 0);
    assert.equal(second.reused, second.visited);
    assert.ok(second.visited >= 9, `${second.visited} files`);
  }
  // Files changed in the last two seconds are compared by content (and their entries renewed); once
  // older, by their stamps alone, and a scan that changes nothing does not write the cache again.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  const renewed = cli([...NOW, '--format', 'sarif', '--cache']);
  assert.equal(renewed.reused, renewed.visited);
  const written = fs.statSync(path.join(dir, '.dbtrustcache')).mtimeMs;
  const third = cli([...NOW, '--format', 'sarif', '--cache']);
  assert.equal(third.reused, third.visited);
  assert.equal(fs.statSync(path.join(dir, '.dbtrustcache')).mtimeMs, written, 'not written again');
  // The cache is compressed: a scan without --cache sees a binary file, and reports nothing from it.
  const bytes = fs.readFileSync(path.join(dir, '.dbtrustcache'));
  assert.equal(bytes[0], 0x1f);
  assert.match(zlib.gunzipSync(bytes).toString('utf8'), /pinned-intermediate/);
  const json = JSON.parse(cli([...NOW, '--format', 'json']).stdout) as { findings: { file: string }[] };
  assert.ok(!json.findings.some((f) => f.file.includes('dbtrustcache')));
});

test('cache: a changed file is linted again, the others are reused', () => {
  cli([...NOW, '--cache']);
  write('other.env', 'PGSSLMODE=verify-full\n');
  const r = cli([...NOW, '--cache', '--format', 'json']);
  assert.equal(r.stdout, cli([...NOW, '--format', 'json']).stdout);
  assert.equal(r.reused, r.visited - 1);
  assert.doesNotMatch(r.stdout, /PGSSLMODE=disable/);
});

test('cache: a trust file that changes, or appears, makes the settings that read it be judged again', () => {
  const first = cli([...NOW, '--cache']);
  assert.match(first.stdout, /pinned-intermediate/);
  // The intermediate replaced by the root: no finding on db.ts any more.
  write('certs/ca.pem', fs.readFileSync(ROOT_CA));
  age('certs/ca.pem');
  const second = cli([...NOW, '--cache']);
  assert.doesNotMatch(second.stdout, /pinned-intermediate|missing-root/);
  assert.equal(second.reused, second.visited - 2, 'db.ts and certs/ca.pem');
  // Gone: db.ts says so; then back: judged again.
  fs.rmSync(path.join(dir, 'certs/ca.pem'));
  assert.match(cli([...NOW, '--cache']).stdout, /trust-file-unreadable/);
  write('certs/ca.pem', fs.readFileSync(INTERMEDIATE));
  age('certs/ca.pem');
  const back = cli([...NOW, '--cache']);
  assert.match(back.stdout, /pinned-intermediate/);
  assert.equal(back.stdout, cli(NOW).stdout);
});

test('cache: another date, configuration or language starts a new cache', () => {
  cli([...NOW, '--cache']);
  assert.equal(cli([...NOW, '--cache']).reused > 0, true);
  assert.equal(cli(['--now', '2026-06-01', '--cache']).reused, 0, '--now');
  assert.equal(cli(['--now', '2026-06-01', '--cache', '--locale', 'ja']).reused, 0, '--locale');
  write('.dbtrust.json', JSON.stringify({ rules: { 'weak-sslmode': 'off' } }));
  const r = cli(['--now', '2026-06-01', '--cache', '--locale', 'ja']);
  assert.equal(r.reused, 0, 'configuration');
  assert.equal(r.stdout, cli(['--now', '2026-06-01', '--locale', 'ja']).stdout);
});

test('cache: --cache-location, a damaged cache file, a cache that cannot be written', () => {
  // Outside the scanned folder (inside it, a scan without --cache would count it as a binary file).
  const elsewhere = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-cache-file-')), 'scan.cache');
  cli([...NOW, '--cache-location', elsewhere]);
  assert.ok(fs.existsSync(elsewhere));
  assert.ok(!fs.existsSync(path.join(dir, '.dbtrustcache')));
  assert.equal(cli([...NOW, '--cache-location', path.relative(dir, elsewhere)]).reused > 0, true, 'relative to the current folder');
  // Damaged: a new cache, the same output.
  fs.writeFileSync(elsewhere, 'not a cache');
  const damaged = cli([...NOW, '--cache-location', elsewhere]);
  assert.equal(damaged.status, 1);
  assert.match(damaged.stderr, /not a dbtrust cache/);
  assert.equal(damaged.stdout, cli(NOW).stdout);
  assert.equal(cli([...NOW, '--cache-location', elsewhere]).reused > 0, true);
  // A folder in the way: a warning, the scan's own result and status.
  const blocked = cli([...NOW, '--cache-location', 'certs']);
  assert.equal(blocked.status, 1);
  assert.equal(blocked.stdout, cli(NOW).stdout);
  assert.match(blocked.stderr, /warning: cannot write the cache file certs/);
  assert.ok(!fs.readdirSync(path.join(dir, 'certs')).some((f) => f.endsWith('.tmp')), 'no temporary file left');
  assert.match(cli(['--cache-location', '']).stderr, /needs a file name/);
});

test('cache: the same with scan threads', () => {
  for (let i = 0; i < 300; i++) write(`many/f${i}.ts`, i % 10 === 0 ? `const u = "postgres://h${i}/d?sslmode=disable";\n` : `export const v = ${i};\n`);
  const plain = cli([...NOW, '--format', 'json', '--jobs', '3']);
  cli([...NOW, '--format', 'json', '--jobs', '3', '--cache']);
  write('many/f5.ts', 'const u = "postgres://h5/d?sslmode=require";\n');
  const r = cli([...NOW, '--format', 'json', '--jobs', '3', '--cache']);
  assert.equal(r.reused, r.visited - 1);
  assert.equal(r.stdout, cli([...NOW, '--format', 'json', '--jobs', '1']).stdout);
  assert.notEqual(r.stdout, plain.stdout);
});

test('cache: entries of files a scan did not visit are kept while the files exist; another build starts a new cache', () => {
  const entries = (): string[] => Object.keys((JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, '.dbtrustcache'))).toString('utf8')) as { entries: object }).entries).map((p) => path.relative(dir, p)).sort();
  cli([...NOW, '--cache']);
  assert.ok(entries().includes('other.env'));
  // A scan of src/ only: the others are kept for the next whole scan.
  fs.rmSync(path.join(dir, 'other.env'));
  const part = cli([...NOW, '--cache', 'src']);
  assert.equal(part.visited, 5);
  assert.ok(entries().includes('db.ts') && entries().includes('app.env'), entries().join(' '));
  assert.ok(!entries().includes('other.env'), 'a deleted file loses its entry');
  const whole = cli([...NOW, '--cache']);
  assert.equal(whole.reused, whole.visited);
  // Another build of dbtrust (here: the same bundle with one more line) does not trust this cache.
  const other = path.join(ROOT, 'dist', `cli-other-build-${process.pid}.js`);
  fs.writeFileSync(other, fs.readFileSync(CLI, 'utf8') + '\n// another build\n');
  try {
    const r = spawnSync(process.execPath, [other, 'scan', ...NOW, '--cache'], { cwd: dir, encoding: 'utf8', env: { ...process.env, DBTRUST_LOCALE: '', DBTRUST_DEBUG: '1' } });
    assert.match(r.stderr, /cache: 0 of \d+ files reused/);
    assert.match(r.stderr, /another build or with other settings/);
  } finally {
    fs.rmSync(other, { force: true });
  }
});
