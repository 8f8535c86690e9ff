/**
 * Hostile files through the CLI (`node dist/cli.js scan …`) and the language server: FIFOs, devices
 * and directories named as trust files or as scan targets, a 1 GB sparse file, a symbolic-link loop,
 * an unreadable file, a file that changes while it is read, a 50 MB one-line file, binary files and
 * invalid UTF-8. Each must end with a clear message, without a hang or a crash, and every other
 * file must still be scanned.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, RequestType0 } from 'vscode-languageserver-protocol/node';
import { startServer, withTimeout } from './util/lspClient';
import { asNobodyCommand, hasSetpriv, isRoot } from './util/users';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
/** Far above any normal run: reaching it means a hang. */
const HANG_MS = 60_000;
const GOOD = 'const u = "postgres://db.example.com/app?sslmode=disable";\n';

let dir: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs the CLI with a standard input that stays open (a read of /dev/stdin would block forever). */
function cli(args: string[], opts: { cwd?: string; asNobody?: boolean } = {}): Promise<Run> {
  const { cmd, args: argv } = opts.asNobody ? asNobodyCommand([process.execPath, CLI, ...args]) : { cmd: process.execPath, args: [CLI, ...args] };
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: opts.cwd ?? dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, HANG_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function ended(r: Run, what: string): void {
  assert.ok(!r.timedOut, `${what}: hung (killed after ${HANG_MS / 1000} s)\nstderr: ${r.stderr.slice(-2000)}`);
  assert.equal(r.signal, null, `${what}: died of ${r.signal}`);
  assert.ok(!/internal error|TypeError|RangeError|ReferenceError|at .*\.js:\d+/.test(r.stderr), `${what}: internal error\n${r.stderr}`);
}


before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-hostile-'));
  fs.chmodSync(dir, 0o755);
  const w = (name: string, content: string | Buffer): void => fs.writeFileSync(path.join(dir, name), content);
  const dsn = (root: string): string => `DSN = "host=db.example.com sslmode=verify-full sslrootcert=${root}"\n`;
  w('good.ts', GOOD);
  // trust files that are not regular files
  execFileSync('mkfifo', [path.join(dir, 'pipe.pem')]);
  w('fifo.py', dsn(path.join(dir, 'pipe.pem')));
  w('zero.py', dsn('/dev/zero'));
  w('stdin.py', dsn('/dev/stdin'));
  fs.mkdirSync(path.join(dir, 'adir'));
  w('dir.py', dsn(path.join(dir, 'adir')));
  // a 1 GB sparse file, as a trust file and as a file to scan
  execFileSync('truncate', ['-s', '1G', path.join(dir, 'big.pem')]);
  execFileSync('truncate', ['-s', '1G', path.join(dir, 'big.env')]);
  w('big.py', dsn(path.join(dir, 'big.pem')));
  // a symbolic-link loop
  fs.symlinkSync('loop2', path.join(dir, 'loop1'));
  fs.symlinkSync('loop1', path.join(dir, 'loop2'));
  w('loop.py', dsn(path.join(dir, 'loop1')));
  // 50 MB on one line, with a finding at its end
  w('long.txt', 'x'.repeat(50 * 1024 * 1024) + ' postgres://db.example.com/app?sslmode=disable\n');
  // binary files, and text with invalid UTF-8 sequences around a finding
  w('blob.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  w('image.env', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('PGSSLMODE=disable\n')]));
  w('invalid-utf8.py', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf8, 0x88]), Buffer.from('\nDSN = "host=db.example.com sslmode=allow"\n')]));
  // unreadable (for a user other than root)
  w('unreadable.env', 'DATABASE_URL=postgres://db.example.com/app?sslmode=disable\n');
  fs.chmodSync(path.join(dir, 'unreadable.env'), 0o000);
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A diagnostic message as text (the protocol allows markup). */
function text(m: string | { value: string }): string {
  return typeof m === 'string' ? m : m.value;
}

function findingsByFile(stdout: string): Map<string, string[]> {
  const json = JSON.parse(stdout) as { findings: { file: string; rule: string; message: string }[] };
  const by = new Map<string, string[]>();
  for (const f of json.findings) by.set(f.file, [...(by.get(f.file) ?? []), `${f.rule}: ${f.message}`]);
  return by;
}

test('CLI: a folder of hostile files is scanned to the end, each with a clear message', async () => {
  const r = await cli(['scan', '.', '--format', 'json']);
  ended(r, 'scan .');
  assert.equal(r.code, 1, `exit code ${r.code}\n${r.stderr}`);
  const by = findingsByFile(r.stdout);
  assert.match(by.get('good.ts')?.join('\n') ?? '', /sslmode=disable/);
  assert.match(by.get('invalid-utf8.py')?.join('\n') ?? '', /sslmode=allow/, 'text with invalid UTF-8 is still linted');
  assert.match(by.get('fifo.py')?.join('\n') ?? '', /pipe\.pem is not a regular file/);
  assert.match(by.get('zero.py')?.join('\n') ?? '', /\/dev\/zero is not a regular file/);
  assert.match(by.get('stdin.py')?.join('\n') ?? '', /\/dev\/stdin is not a regular file/);
  assert.match(by.get('dir.py')?.join('\n') ?? '', /adir is a directory/);
  assert.match(by.get('big.py')?.join('\n') ?? '', /big\.pem is larger than 1 MB, so it was not read/);
  const text = await cli(['scan', '.']);
  ended(text, 'scan . (text)');
  assert.match(text.stdout, /skipped 3 files over 2 MB: big\.env, big\.pem, long\.txt/);
  assert.match(text.stdout, /skipped 2 binary files/);
});

test('CLI: a symbolic-link loop named as a trust file is reported as a loop, not as a missing file', async () => {
  const r = await cli(['scan', 'loop.py', '--format', 'json']);
  ended(r, 'scan loop.py');
  const messages = findingsByFile(r.stdout).get('loop.py')?.join('\n') ?? '';
  assert.match(messages, /symbolic link/i, `the message for a link loop: ${messages}`);
  assert.doesNotMatch(messages, /not on this machine/);
});

test('CLI: devices, a FIFO and a directory named on the command line are skipped with a warning', async () => {
  const r = await cli(['scan', '/dev/zero', '/dev/stdin', 'pipe.pem', 'good.ts']);
  ended(r, 'scan devices');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\/dev\/zero: not a regular file or directory; skipped/);
  assert.match(r.stderr, /\/dev\/stdin: not a regular file or directory; skipped/);
  assert.match(r.stderr, /pipe\.pem: not a regular file or directory; skipped/);
  assert.match(r.stdout, /good\.ts:1:\d+: \w+ weak-sslmode/);
});

test('CLI: a symbolic-link loop named on the command line is skipped with a clear message; the other files are scanned', async () => {
  const r = await cli(['scan', 'loop1', 'good.ts']);
  ended(r, 'scan loop1 good.ts');
  assert.match(r.stderr, /loop1: .*symbolic link/i, `stderr: ${r.stderr}`);
  assert.match(r.stdout, /good\.ts:1:\d+: \w+ weak-sslmode/, `stdout: ${r.stdout}`);
});

test('CLI: an unreadable file is reported and skipped (run as an unprivileged user: root reads any file)', async (t) => {
  if (isRoot && !hasSetpriv) return t.skip('running as root without setpriv: permissions cannot be exercised');
  const r = await cli(['scan', 'unreadable.env', 'good.ts'], { asNobody: isRoot });
  ended(r, 'scan unreadable.env');
  assert.match(r.stderr, /unreadable\.env: cannot be read \(permission denied\); skipped/);
  assert.match(r.stdout, /good\.ts:1:\d+: \w+ weak-sslmode/);
  assert.match(r.stdout, /skipped 1 file that could not be read/);
});

test('CLI: files rewritten and truncated while the scan reads them', async () => {
  const churn = path.join(dir, 'churn');
  fs.mkdirSync(churn, { recursive: true });
  fs.chmodSync(churn, 0o755);
  fs.writeFileSync(path.join(churn, 'good.ts'), GOOD);
  const pem = fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/certs/digicert-global-root-g2.pem'));
  const names = Array.from({ length: 20 }, (_, i) => `f${i}.env`);
  for (const n of names) fs.writeFileSync(path.join(churn, n), `PGSSLROOTCERT=${path.join(churn, 'ca.pem')}\nPGSSLMODE=verify-full\n`);
  fs.writeFileSync(path.join(churn, 'ca.pem'), pem);
  // A writer in another process rewrites every file (shorter, longer, empty, binary) as fast as it can.
  const writer = spawn(process.execPath, [
    '-e',
    `const fs=require('fs'),p=require('path');const d=${JSON.stringify(churn)};const pem=fs.readFileSync(p.join(d,'ca.pem'));
     const end=Date.now()+4000;let i=0;
     while(Date.now()<end){i++;for(const n of ${JSON.stringify(names)}){const f=p.join(d,n);
       const k=i%4;fs.writeFileSync(f,k===0?'':k===1?'PGSSLMODE=disable\\n'.repeat(1000):k===2?Buffer.alloc(3000,0xff):'PGSSLMODE=require\\n');}
       fs.writeFileSync(p.join(d,'ca.pem'),i%2?pem.subarray(0,i%pem.length):Buffer.concat([pem,pem]));}`,
  ]);
  const writerDone = new Promise<void>((resolve) => writer.on('close', () => resolve()));
  const runs = await Promise.all([cli(['scan', 'churn', '--format', 'json']), cli(['scan', 'churn'])]);
  await writerDone;
  for (const r of runs) {
    ended(r, 'scan churn');
    assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}\n${r.stderr}`);
  }
  assert.match(findingsByFile(runs[0]!.stdout).get('churn/good.ts')?.join('\n') ?? '', /sslmode=disable/);
});

// ---------------------------------------------------------------------------------------------
// The language server: the same folder as a workspace, and hostile documents opened in the editor.

test('language server: a workspace of hostile files is scanned; the server stays up and answers', async () => {
  const client = await startServer(dir);
  try {
    const goodUri = pathToFileURL(path.join(dir, 'good.ts')).href;
    const summary = await withTimeout(client.connection.sendRequest(new RequestType0<{ files: number; findings: number }, void>('dbtrust/scanWorkspace')), 'workspace scan', HANG_MS);
    assert.ok(summary.files >= 8 && summary.findings >= 7, JSON.stringify(summary));
    await client.waitFor('diagnostics for good.ts from the workspace scan', () => client.diagnostics.find((p) => p.uri === goodUri && p.diagnostics.length > 0), 30_000);
    const byUri = (name: string) => pathToFileURL(path.join(dir, name)).href;
    for (const [name, re] of [
      ['zero.py', /\/dev\/zero is not a regular file/],
      ['fifo.py', /pipe\.pem is not a regular file/],
      ['stdin.py', /\/dev\/stdin is not a regular file/],
      ['dir.py', /adir is a directory/],
      ['big.py', /larger than 1 MB/],
      ['invalid-utf8.py', /sslmode=allow/],
    ] as const) {
      const p = await client.waitFor(`diagnostics for ${name}`, () => client.diagnostics.find((d) => d.uri === byUri(name) && d.diagnostics.length > 0), 30_000);
      assert.ok(p.diagnostics.some((d) => re.test(text(d.message))), `${name}: ${p.diagnostics.map((d) => text(d.message)).join(' | ')}`);
    }
    // Opening documents that name the same hostile trust files and one 50 MB line.
    const opened = pathToFileURL(path.join(dir, 'opened.py')).href;
    client.open(opened, 'python', `A = "host=db.example.com sslmode=verify-full sslrootcert=/dev/zero"\nB = "host=db.example.com sslmode=verify-full sslrootcert=/dev/stdin"\nC = "host=db.example.com sslmode=verify-full sslrootcert=${path.join(dir, 'pipe.pem')}"\n`);
    const d = await client.waitFor('diagnostics for the opened document', () => client.diagnostics.find((p) => p.uri === opened && p.diagnostics.length >= 3), 30_000);
    assert.equal(d.diagnostics.filter((x) => /not a regular file/.test(text(x.message))).length, 3);
    const long = pathToFileURL(path.join(dir, 'long-opened.txt')).href;
    client.open(long, 'plaintext', 'y'.repeat(50 * 1024 * 1024) + ' postgres://db.example.com/app?sslmode=disable\n');
    const l = await client.waitFor('diagnostics for a 50 MB line', () => client.diagnostics.find((p) => p.uri === long), 60_000);
    assert.ok(l.diagnostics.length <= 1);
    // Still answering requests.
    await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: opened }, position: { line: 0, character: 30 } }), 'hover after the hostile files', 30_000);
    assert.equal(client.child.exitCode, null, `the server exited: ${client.stderr.slice(-2000)}`);
    for (const log of client.logs) assert.doesNotMatch(log, /unhandled|TypeError|RangeError|ReferenceError/, log);
  } finally {
    client.kill();
  }
});
