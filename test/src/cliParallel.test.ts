/**
 * `dbtrust scan` across scan threads (--jobs): the bundle dist/cli.js, spawned on a workspace large
 * enough for the threads to start. Whatever the number of threads, the output (findings, order,
 * warnings, counts, language) is the same as in one thread.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanThreadLimits } from '../../server/out/node/threadLimits';
import { asNobodyCommand, hasSetpriv, isRoot } from './util/users';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** More than MIN_FILES_FOR_WORKERS (256), so that the threads are used. */
const FILES = 330;

let dir: string;

/** As root every file is readable: the run drops to nobody so that the unreadable file is one. */
const asNobody = isRoot && hasSetpriv;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const { cmd, args: argv } = asNobody ? asNobodyCommand([process.execPath, CLI, ...args]) : { cmd: process.execPath, args: [CLI, ...args] };
  const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8', env: { ...process.env, DBTRUST_LOCALE: '', DBTRUST_DEBUG: '', ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-parallel-'));
  fs.chmodSync(dir, 0o755);
  const w = (name: string, content: string | Buffer, mode = 0o644): void => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o755 });
    fs.writeFileSync(p, content, { mode });
    fs.chmodSync(p, mode);
  };
  for (let i = 0; i < FILES; i++) {
    const folder = `pkg${String(i % 7).padStart(2, '0')}/src`;
    const name = `${folder}/mod${String(i).padStart(4, '0')}.ts`;
    if (i % 11 === 0) w(name, `export const url${i} = "postgres://db${i}.example.com/app?sslmode=disable";\n`);
    else if (i % 13 === 0) w(name, `const conn = "Server=sql${i}.example.com;Database=app;TrustServerCertificate=True;Encrypt=True";\n`);
    else w(name, `export function f${i}(x: number): number {\n  return x * ${i};\n}\n`);
  }
  w('data/blob.env', Buffer.concat([Buffer.from('PGSSLMODE=disable\n'), Buffer.from([0, 1, 2, 3])]));
  w('data/big.env', 'PGSSLMODE=disable\n' + '# padding\n'.repeat(220_000));
  w('certs/root.pem', '-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n');
  // unreadable for the user the scan runs as (warned about, in file order)
  w('pkg03/secret.env', 'PGSSLMODE=disable\n', 0o000);
  w('pkg05/zz-secret.env', 'PGSSLMODE=disable\n', 0o000);
  // an unreadable folder: a warning of the walk, among the scan's own warnings
  w('pkg04/locked/inside.env', 'PGSSLMODE=disable\n');
  fs.chmodSync(path.join(dir, 'pkg04/locked'), 0o000);
  // a link to a file inside the tree is read (confined to the tree)
  fs.symlinkSync(path.join(dir, 'pkg00', 'src', 'mod0000.ts'), path.join(dir, 'pkg06', 'link.ts'));
});

after(() => {
  fs.chmodSync(path.join(dir, 'pkg04/locked'), 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('scan threads: json, text and sarif output and the warnings are the same with 1, 2 and 3 threads', () => {
  for (const format of ['json', 'text', 'sarif']) {
    const one = cli(['scan', '--format', format, '--now', '2026-01-01', '--jobs', '1']);
    assert.equal(one.status, 1, one.stderr);
    for (const jobs of ['2', '3']) {
      const many = cli(['scan', '--format', format, '--now', '2026-01-01', '--jobs', jobs]);
      assert.equal(many.status, one.status, `${format} --jobs ${jobs}: ${many.stderr}`);
      assert.equal(many.stdout, one.stdout, `${format} --jobs ${jobs}`);
      assert.equal(many.stderr, one.stderr, `${format} --jobs ${jobs}`);
    }
  }
  const doc = JSON.parse(cli(['scan', '--format', 'json', '--jobs', '2']).stdout) as { filesScanned: number; findings: { file: string }[] };
  // 330 sources + the link + the certificate (counted, judged through the settings that name it)
  assert.equal(doc.filesScanned, FILES + 2);
  assert.ok(doc.findings.some((f) => f.file === 'pkg06/link.ts'), 'the link is scanned in a thread');
  assert.equal(new Set(doc.findings.map((f) => f.file)).size, Math.ceil(FILES / 11) + Math.floor(FILES / 13) - Math.floor(FILES / 143) + 1);
  if (asNobody || !isRoot) {
    // the walk's warnings first, then the files' in walk order, as with one thread
    assert.deepEqual(cli(['scan', '--jobs', '2']).stderr.split('\n').filter(Boolean), [
      'dbtrust: warning: pkg04/locked: cannot read the directory (permission denied); skipped',
      'dbtrust: warning: pkg03/secret.env: cannot be read (permission denied); skipped',
      'dbtrust: warning: pkg05/zz-secret.env: cannot be read (permission denied); skipped',
    ]);
  }
  const text = cli(['scan', '--jobs', '2']).stdout;
  assert.match(text, /skipped 1 file over 2 MB: data\/big\.env/);
  assert.match(text, /skipped 1 binary file/);
});

test('scan threads: they are used above 256 files, and not below or with --jobs 1', () => {
  assert.match(cli(['scan', '--jobs', '2'], { DBTRUST_DEBUG: '1' }).stderr, /debug: 336 files, 2 scan threads/);
  assert.match(cli(['scan', '--jobs', '1'], { DBTRUST_DEBUG: '1' }).stderr, /debug: 336 files, no scan threads/);
  assert.match(cli(['scan', 'pkg00', '--jobs', '2'], { DBTRUST_DEBUG: '1' }).stderr, /debug: \d+ files, no scan threads/);
});

test('scan threads: they speak the language asked for', () => {
  const ja1 = cli(['scan', '--format', 'json', '--locale', 'ja', '--jobs', '1']).stdout;
  const ja2 = cli(['scan', '--format', 'json', '--jobs', '2'], { DBTRUST_LOCALE: 'ja' }).stdout;
  const en2 = cli(['scan', '--format', 'json', '--jobs', '2']).stdout;
  assert.equal(ja2, ja1);
  assert.notEqual(ja2, en2);
  const messages = (JSON.parse(ja2) as { findings: { message: string }[] }).findings.map((f) => f.message);
  assert.ok(messages.every((m) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(m)), 'every message is Japanese');
});

test('scan threads: a path that does not exist after a large folder ends the scan with a usage error (threads stopped)', () => {
  const r = cli(['scan', '.', 'no-such-folder', '--jobs', '2']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no such file or directory: no-such-folder/);
  assert.equal(r.stdout, '');
});

test('scan threads: --jobs takes a whole number from 1 to 64', () => {
  for (const bad of ['0', '65', 'x', '1.5', '-2', '']) {
    const r = cli(['scan', '--jobs', bad]);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /--jobs/, bad);
  }
  assert.equal(cli(['scan', '--jobs=64', '--fail-on', 'none']).status, 0);
});

test('scan threads: a file that exhausts a thread memory limit is the only internal error; the files that thread held are linted again', (t) => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-parallel-oom-'));
  t.after(() => fs.rmSync(ws, { recursive: true, force: true }));
  // First in walk order, so that the first thread's first batch holds it: about 19,000 settings, far
  // more than a 40 MB heap can lint.
  let huge = '';
  for (let i = 0; huge.length < 1_900_000; i++) huge += `const p${i} = new Pool({ connectionString: "postgres://u@h${i}.example.com/db?sslmode=require" });\n`;
  fs.mkdirSync(path.join(ws, 'aaa'));
  fs.writeFileSync(path.join(ws, 'aaa', 'generated.ts'), huge);
  fs.mkdirSync(path.join(ws, 'src'));
  for (let i = 0; i < 300; i++) {
    fs.writeFileSync(path.join(ws, 'src', `m${String(i).padStart(3, '0')}.ts`), i % 5 === 0 ? `export const u = "postgres://db${i}.example.com/app?sslmode=disable";\n` : `export const n = ${i};\n`);
  }
  const run = (jobs: string) =>
    spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '--now', '2026-01-01', '--jobs', jobs], { cwd: ws, encoding: 'utf8', env: { ...process.env, DBTRUST_SCAN_MEMORY_MB: '40', DBTRUST_LOCALE: '' }, maxBuffer: 256 * 1024 * 1024 });
  const threaded = run('2');
  assert.equal(threaded.status, 2, threaded.stderr);
  const errors = threaded.stderr.split('\n').filter(Boolean);
  assert.equal(errors.length, 1, threaded.stderr);
  assert.match(errors[0]!, /^dbtrust: internal error while scanning aaa\/generated\.ts: ScanThreadError: the scan thread stopped/);
  // Everything else is as in one thread (which lints the big file: no limit there).
  const one = run('1');
  assert.equal(one.status, 1, one.stderr);
  type Doc = { filesScanned: number; findings: { file: string }[] };
  const others = (d: Doc) => d.findings.filter((f) => f.file !== 'aaa/generated.ts');
  const a = JSON.parse(threaded.stdout) as Doc;
  const b = JSON.parse(one.stdout) as Doc;
  assert.equal(a.filesScanned, b.filesScanned);
  assert.deepEqual(others(a), others(b));
  assert.equal(others(a).length, 60);
  assert.ok(b.findings.some((f) => f.file === 'aaa/generated.ts'));
});

test('scan threads: heap limits (the editor keeps a small young generation, the CLI a larger one)', () => {
  const table: [Record<string, string>, 'editor' | 'cli', number, number][] = [
    [{}, 'editor', 192, 12],
    [{}, 'cli', 192, 48],
    [{ DBTRUST_SCAN_MEMORY_MB: '40' }, 'editor', 40, 4],
    [{ DBTRUST_SCAN_MEMORY_MB: '40' }, 'cli', 40, 10],
    [{ DBTRUST_SCAN_MEMORY_MB: '32' }, 'cli', 32, 8],
    [{ DBTRUST_SCAN_MEMORY_MB: '4096' }, 'editor', 4096, 16],
    [{ DBTRUST_SCAN_MEMORY_MB: '4096' }, 'cli', 4096, 48],
    [{ DBTRUST_SCAN_MEMORY_MB: '8' }, 'cli', 192, 48], // out of range: the default
  ];
  for (const [env, role, old, young] of table) {
    assert.deepEqual(scanThreadLimits(env, role), { maxOldGenerationSizeMb: old, maxYoungGenerationSizeMb: young }, `${JSON.stringify(env)} ${role}`);
  }
});
