/**
 * Analyses that never end (server/src/node/stall.ts). A preloaded module (util/stallPreload.ts)
 * stands for the fault: decoding a file that holds its marker never returns. With a short limit:
 * - the CLI's own thread is stuck: the scan ends with a message that names the file, instead of
 *   running forever;
 * - a CLI scan thread is stuck: it is ended, the file is an internal error and every other file is
 *   linted as without the fault;
 * - the editor's workspace scan thread is stuck: the file is reported as not analysed and the scan
 *   goes on after it;
 * - the editor's server thread is stuck: the client's watchdog finds out and names the documents
 *   touched since, and the next server analyses those under the limit and marks the one that stops.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, RequestType0 } from 'vscode-languageserver-protocol/node';
import { type Guard, lintWithTrust, newTrustFileCache, TimeLimitError } from '../../server/out/engine';
import { NodeFileAccess } from '../../server/out/node/fileAccess';
import { DEFAULT_FILE_TIME_LIMIT_MS, FileMark, fileTimeLimitMs, pollInterval, StallWatch, timeLimitGuard } from '../../server/out/node/stall';
import { ServerWatchdog, watchdogLimitMs } from '../../client/out/watchdog';
import { scanWorkspace, startServer, withTimeout } from './util/lspClient';
import { REQUEST_STALL_MARKER, STALL_MARKER } from './util/stallPreload';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PRELOAD = path.join(__dirname, 'util', 'stallPreload.js');
/** More than MIN_FILES_FOR_WORKERS (256), so that scan threads are used. */
const FILES = 300;

let dir: string;
/** The files that hold the marker (relative, `/`-separated). */
const stuck: string[] = [];

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-stall-')));
  for (let i = 0; i < FILES; i++) {
    const rel = `src/m${String(i).padStart(3, '0')}.ts`;
    let text = i % 5 === 0 ? `export const u${i} = "postgres://db${i}.example.com/app?sslmode=disable";\n` : `export const n${i} = ${i};\n`;
    // Every 20th file, from the 7th on: each batch of files a thread takes holds one.
    if (i % 20 === 7) {
      text = `// ${STALL_MARKER}\nexport const s${i} = "postgres://stuck${i}.example.com/app?sslmode=require";\n`;
      stuck.push(rel);
    }
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string>, cwd = dir) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DBTRUST_LOCALE: '', DBTRUST_DEBUG: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
    // A scan that never ends fails the test instead of hanging the suite.
    timeout: 120_000,
  });
  assert.equal(r.error, undefined, 'the scan ended by itself');
  return r;
}

test('stall: the time limit is DBTRUST_FILE_TIME_LIMIT seconds, 0.1 to 3600, else 10 s', () => {
  const table: [string | undefined, number][] = [
    [undefined, DEFAULT_FILE_TIME_LIMIT_MS],
    ['', DEFAULT_FILE_TIME_LIMIT_MS],
    ['2', 2000],
    ['0.25', 250],
    ['0.1', 100],
    ['3600', 3_600_000],
    ['0.05', DEFAULT_FILE_TIME_LIMIT_MS],
    ['3601', DEFAULT_FILE_TIME_LIMIT_MS],
    ['ten', DEFAULT_FILE_TIME_LIMIT_MS],
    ['-1', DEFAULT_FILE_TIME_LIMIT_MS],
  ];
  for (const [value, ms] of table) assert.equal(fileTimeLimitMs(value === undefined ? {} : { DBTRUST_FILE_TIME_LIMIT: value }), ms, String(value));
  assert.equal(DEFAULT_FILE_TIME_LIMIT_MS, 10_000);
  assert.equal(pollInterval(10_000), 1000);
  assert.equal(pollInterval(300), 30);
  assert.equal(pollInterval(100), 20);
});

test('stall: the watch reports a file only once it has been current for the whole limit, once, and never between files', () => {
  let now = 0;
  const mark = new FileMark();
  const watch = new StallWatch(mark.buffer, 100, () => now);
  assert.equal(watch.check(), undefined, 'no file yet');
  mark.begin(3, 'a.ts');
  assert.equal(watch.check(), undefined, 'first seen');
  now = 99;
  assert.equal(watch.check(), undefined);
  mark.end();
  mark.begin(4, 'b.ts'); // a new file restarts the clock
  now = 150;
  assert.equal(watch.check(), undefined);
  now = 249;
  assert.equal(watch.check(), undefined);
  now = 250;
  assert.equal(watch.check(), 4);
  now = 400;
  assert.equal(watch.check(), undefined, 'reported once');
  mark.end();
  now = 1000;
  assert.equal(watch.check(), undefined, 'between files');
  mark.begin(4, 'b.ts'); // the same index again is a new file (a new begin)
  assert.equal(watch.check(), undefined);
  now = 1100;
  assert.equal(watch.check(), 4);
  // A long label is cut to what the buffer holds, and a short one after it ends where it ends.
  mark.begin(5, 'x'.repeat(5000));
  mark.begin(6, 'short.ts');
  const bytes = new Uint8Array(mark.buffer, 8);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0))), 'short.ts');
});

test('stall: a file that keeps the CLI thread forever ends the scan with a message naming it (no scan threads)', () => {
  const started = Date.now();
  const r = cli(['scan', 'src', '--jobs', '1', '--format', 'json'], { NODE_OPTIONS: `--require ${PRELOAD}`, DBTRUST_FILE_TIME_LIMIT: '0.3' });
  assert.equal(r.signal, 'SIGTERM', `status ${r.status}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.equal(
    lines[0],
    `dbtrust: error: the analysis of ${path.join(dir, stuck[0]!)} did not finish within 0.3 s (an internal error); the scan is stopped. To scan without this file, add it to "ignore" in .dbtrust.json; please report it.`,
  );
  assert.ok(Date.now() - started < 60_000);
});

test('stall: without the fault, the watcher costs nothing visible: same output, exit status 1', () => {
  const r = cli(['scan', 'src', '--jobs', '1', '--format', 'json', '--now', '2026-01-01'], { DBTRUST_FILE_TIME_LIMIT: '0.3' });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  const doc = JSON.parse(r.stdout) as { findings: { file: string }[] };
  assert.ok(stuck.every((f) => doc.findings.some((x) => x.file === f)));
});

test('stall: a scan thread stuck on a file is ended; that file is an internal error and every other file is linted', () => {
  type Doc = { filesScanned: number; findings: { file: string; rule: string; region: unknown }[] };
  const plain = cli(['scan', '--jobs', '1', '--format', 'json', '--now', '2026-01-01'], {});
  assert.equal(plain.status, 1, plain.stderr);
  // The fault only in the scan threads: the calling thread's lane lints what it takes.
  const r = cli(['scan', '--jobs', '2', '--format', 'json', '--now', '2026-01-01'], {
    NODE_OPTIONS: `--require ${PRELOAD}`,
    DBTRUST_TEST_STALL_IN: 'worker',
    DBTRUST_FILE_TIME_LIMIT: '0.3',
  });
  assert.equal(r.status, 2, r.stderr);
  const errors = r.stderr.split('\n').filter(Boolean);
  assert.ok(errors.length >= 1, 'a thread took a stuck file');
  const failed = new Set<string>();
  for (const line of errors) {
    const m = /^dbtrust: internal error while scanning (\S+): TimeLimitError: the analysis did not finish within 0\.3 s and was stopped$/.exec(line);
    assert.ok(m, line);
    assert.ok(stuck.includes(m[1]!), line);
    failed.add(m[1]!);
  }
  const a = JSON.parse(r.stdout) as Doc;
  const b = JSON.parse(plain.stdout) as Doc;
  assert.equal(a.filesScanned, b.filesScanned);
  assert.deepEqual(
    a.findings,
    b.findings.filter((f) => !failed.has(f.file)),
  );
});

test('stall: scan threads stuck again and again do not count as thread deaths: the scan goes on with new threads to its end', (t) => {
  // More stuck files than the 8 thread deaths a scan survives, and a slow calling thread, so that the
  // scan threads take most of them.
  const many = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-stall-many-')));
  t.after(() => fs.rmSync(many, { recursive: true, force: true }));
  fs.mkdirSync(path.join(many, 'src'));
  const marked = new Set<string>();
  for (let i = 0; i < FILES; i++) {
    const rel = `src/m${String(i).padStart(3, '0')}.ts`;
    const stuckHere = i % 10 === 3;
    if (stuckHere) marked.add(rel);
    fs.writeFileSync(path.join(many, rel), `${stuckHere ? `// ${STALL_MARKER}\n` : ''}export const u${i} = "postgres://db${i}.example.com/app?sslmode=disable";\n`);
  }
  const r = cli(['scan', '--jobs', '3', '--format', 'json', '--now', '2026-01-01'], {
    NODE_OPTIONS: `--require ${PRELOAD}`,
    DBTRUST_TEST_STALL_IN: 'worker',
    DBTRUST_TEST_SLOW_MAIN_MS: '20',
    DBTRUST_FILE_TIME_LIMIT: '0.3',
  }, many);
  assert.equal(r.status, 2, r.stderr);
  const failed = r.stderr.split('\n').filter(Boolean).map((line) => /^dbtrust: internal error while scanning (\S+): TimeLimitError/.exec(line)?.[1]);
  assert.ok(failed.every((f) => f !== undefined && marked.has(f)), r.stderr);
  // Were stalls deaths, the pool would stop starting threads after the ninth, and the calling thread
  // (where decoding never stalls) would lint the rest.
  assert.ok(failed.length > 12, `${failed.length} stuck files were taken by scan threads`);
  const doc = JSON.parse(r.stdout) as { filesScanned: number; findings: { file: string }[] };
  assert.equal(doc.filesScanned, FILES);
  assert.deepEqual(new Set(doc.findings.map((f) => f.file)).size, FILES - failed.length, 'every other file has its finding');
});

test('stall: the editor workspace scan reports a file that keeps its thread as not analysed and scans the files after it', async () => {
  const client = await startServer(dir, { env: { NODE_OPTIONS: `--require ${PRELOAD}`, DBTRUST_TEST_STALL_IN: 'worker', DBTRUST_FILE_TIME_LIMIT: '0.3' } });
  try {
    const summary = await scanWorkspace(client);
    assert.equal(summary.cancelled, false);
    assert.equal(summary.files, FILES);
    assert.equal(summary.skipped, stuck.length, JSON.stringify(summary));
    assert.equal(summary.filesWithFindings, FILES / 5, JSON.stringify(summary));
    const published = new Set(client.diagnostics.filter((p) => p.diagnostics.length > 0).map((p) => p.uri));
    for (const rel of stuck) assert.ok(!published.has(pathToFileURL(path.join(dir, rel)).href), rel);
    assert.ok(published.has(pathToFileURL(path.join(dir, `src/m${FILES - 5}.ts`)).href), 'the last files are scanned');
    for (const rel of stuck) {
      assert.ok(
        client.logs.some((l) => l.includes(rel) && /did not finish within 0\.3 s/.test(l)),
        `the log names ${rel}: ${client.logs.filter((l) => l.includes('did not finish')).join(' | ')}`,
      );
    }
  } finally {
    client.kill();
  }
});

// ---------------------------------------------------------------------------------------------
// The editor: the client's watchdog (client/src/watchdog.ts) and the server's suspects

const STUCK_TEXT = `// ${STALL_MARKER}\nconst u = "postgres://db.example.com/app?sslmode=disable";\n`;
const FINE_TEXT = 'const u = "postgres://db.example.com/app?sslmode=disable";\n';

test('stall: the client watchdog pings while documents are worked on, and names those touched since the last answer when a ping goes unanswered', async () => {
  let now = 0;
  const answers: (() => void)[] = [];
  const stuckCalls: string[][] = [];
  const dog = new ServerWatchdog(
    {
      ping: () => new Promise<void>((resolve) => answers.push(resolve)),
      stuck: (suspects) => stuckCalls.push(suspects),
      now: () => now,
    },
    4000,
  );
  assert.equal(dog.pollMs, 1000);
  dog.tick();
  assert.equal(answers.length, 0, 'idle: no ping');
  dog.touched('file:///a.ts');
  now = 100;
  dog.tick();
  assert.equal(answers.length, 1, 'a ping after a document event');
  now = 200;
  dog.tick();
  assert.equal(answers.length, 1, 'one ping at a time');
  answers.shift()!();
  await Promise.resolve();
  now = 5_000;
  dog.touched('file:///b.ts');
  now = 6_000;
  dog.tick(); // sent at 6000
  assert.equal(answers.length, 1);
  for (now = 7_000; now < 10_000; now += 1_000) dog.tick();
  now = 9_999;
  dog.tick();
  assert.equal(stuckCalls.length, 0);
  now = 10_000;
  dog.tick();
  // a.ts (touched at 0, within 2 s of the answered ping sent at 100) and b.ts
  assert.deepEqual(stuckCalls, [['file:///a.ts', 'file:///b.ts']]);
  // After that, a new server: nothing outstanding, nothing suspected; the late answer is ignored.
  answers.shift()!();
  await Promise.resolve();
  assert.equal(dog.suspects().length, 0);
  // Documents touched before an answered ping (more than the slack) are no longer suspects.
  dog.touched('file:///c.ts');
  now = 20_000;
  dog.tick();
  answers.shift()!();
  await Promise.resolve();
  now = 21_000;
  dog.touched('file:///d.ts');
  now = 22_000;
  dog.tick();
  // A tick long after the one before (this side was held up): no verdict yet, however old the ping.
  now = 30_000;
  dog.tick();
  assert.equal(stuckCalls.length, 1);
  now = 31_000;
  dog.tick();
  assert.deepEqual(stuckCalls[1], ['file:///d.ts']);
  // 30 s after the last document event, no more pings.
  for (now = 60_000; now < 63_000; now += 1_000) dog.tick();
  assert.equal(answers.length, 1);
  // A failed ping (the connection closed) is not a stall.
  const failing = new ServerWatchdog({ ping: () => Promise.reject(new Error('closed')), stuck: (s) => stuckCalls.push(s), now: () => now }, 4000);
  failing.touched('file:///e.ts');
  failing.tick();
  await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 10; i++) {
    now += 1_000;
    failing.tick();
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(stuckCalls.length, 2);
  // The client waits longer than the limit the server declares for a suspect, at least 2 s more
  // (10 s when the server declares none).
  const table: [unknown, number][] = [
    [undefined, 15_000],
    [300, 2300],
    [60_000, 90_000],
    ['300', 15_000],
    [-1, 15_000],
  ];
  for (const [declared, ms] of table) assert.equal(watchdogLimitMs(declared), ms, String(declared));
  // A new server's limit applies from its reset on.
  dog.reset(watchdogLimitMs(300));
  assert.equal(dog.limitMs, 2300);
  assert.equal(dog.pollMs, 575);
});

/** The per-document limit the server declared at initialize. */
const ALIVE = new RequestType0<true, void>('dbtrust/alive');

/** The server's answer to `dbtrust/alive` (within 5 s). */
function alive(client: { connection: { sendRequest(type: typeof ALIVE): Promise<true> } }): Promise<true> {
  return withTimeout(client.connection.sendRequest(ALIVE), 'alive', 5000);
}

/**
 * A server started with the preloaded fault, and a ServerWatchdog on a fake clock that ends it when
 * it stops answering. `named()` ticks the watchdog (100 ms of its clock each 100 ms) until it names
 * the documents it suspects, for 30 s at most.
 */
async function watchedServer(ws: string, env: Record<string, string>) {
  const server = await startServer(ws, { env });
  let now = 0;
  let named: string[] | undefined;
  const dog = new ServerWatchdog(
    {
      ping: () => server.connection.sendRequest(ALIVE),
      stuck: (suspects) => {
        named = suspects;
        server.kill();
      },
      now: () => now,
    },
    watchdogLimitMs(declaredLimit(server)),
  );
  return {
    server,
    dog,
    advance(ms: number): void {
      now += ms;
    },
    async named(): Promise<string[] | undefined> {
      const started = Date.now();
      while (named === undefined && Date.now() - started < 30_000) {
        await new Promise((r) => setTimeout(r, 100));
        now += 100;
        dog.tick();
      }
      return named;
    },
  };
}

function declaredLimit(client: { initializeResult: unknown }): unknown {
  return (client.initializeResult as { capabilities?: { experimental?: { dbtrust?: { fileTimeLimitMs?: unknown } } } }).capabilities?.experimental?.dbtrust?.fileTimeLimitMs;
}

test('stall: a server that no longer answers is found by the watchdog; the next one marks the document that stops it and serves the others', async (t) => {
  const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-stall-editor-')));
  t.after(() => fs.rmSync(ws, { recursive: true, force: true }));
  const stuckUri = pathToFileURL(path.join(ws, 'stuck.ts')).href;
  const fineUri = pathToFileURL(path.join(ws, 'fine.ts')).href;
  const otherUri = pathToFileURL(path.join(ws, 'other.ts')).href;
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, DBTRUST_FILE_TIME_LIMIT: '0.3' };

  // 1. The fault stops the server's thread: the watchdog sees no answer and names the documents.
  const watched = await watchedServer(ws, env);
  const first = watched.server;
  assert.equal(declaredLimit(first), 300, 'the server declares its limit');
  let named: string[] | undefined;
  try {
    first.open(fineUri, 'typescript', FINE_TEXT);
    watched.dog.touched(fineUri);
    const since = first.diagnostics.length;
    await first.nextDiagnostics(fineUri, since);
    watched.dog.tick();
    await alive(first);
    await new Promise((r) => setTimeout(r, 50));
    first.open(stuckUri, 'typescript', STUCK_TEXT);
    watched.dog.touched(stuckUri);
    named = await watched.named();
    assert.ok(named, 'the watchdog found the stuck server');
    assert.ok(named.includes(stuckUri), JSON.stringify(named));
  } finally {
    first.kill();
  }

  // 2. The next server analyses the suspects under the limit.
  const second = await startServer(ws, { env, suspects: named });
  try {
    let since = second.diagnostics.length;
    second.open(stuckUri, 'typescript', STUCK_TEXT);
    const stalled = await second.nextDiagnostics(stuckUri, since);
    assert.equal(stalled.diagnostics.length, 1);
    assert.equal(stalled.diagnostics[0]!.code, 'internal-error');
    assert.match(String(stalled.diagnostics[0]!.message), /^dbtrust stopped analysing this file: its analysis did not finish within 0\.3 s/);
    assert.equal(await alive(second), true);
    assert.ok(second.logs.some((l) => l.includes(stuckUri) && /did not finish within 0\.3 s/.test(l)));
    // A suspect that ends in time is analysed as usual (and no longer under the limit).
    for (const uri of [fineUri, otherUri]) {
      since = second.diagnostics.length;
      second.open(uri, 'typescript', FINE_TEXT);
      const d = await second.nextDiagnostics(uri, since);
      assert.ok(d.diagnostics.length > 0 && d.diagnostics.every((x) => x.code !== 'internal-error'), uri);
    }
    // Edits of the stalled document are not analysed (the server stays responsive).
    since = second.diagnostics.length;
    second.replaceAll(stuckUri, STUCK_TEXT + '\n');
    const again = await second.nextDiagnostics(stuckUri, since);
    assert.match(String(again.diagnostics[0]!.message), /did not finish/);
    assert.equal(await alive(second), true);
    // Reopened, it is tried again under the limit: still stuck, then fine once the fault is gone.
    second.close(stuckUri);
    since = second.diagnostics.length;
    second.open(stuckUri, 'typescript', STUCK_TEXT);
    assert.match(String((await second.nextDiagnostics(stuckUri, since, (p) => p.diagnostics.length > 0)).diagnostics[0]!.message), /did not finish/);
    second.close(stuckUri);
    since = second.diagnostics.length;
    second.open(stuckUri, 'typescript', FINE_TEXT);
    const fixed = await second.nextDiagnostics(stuckUri, since, (p) => p.diagnostics.length > 0);
    assert.ok(fixed.diagnostics.every((x) => x.code !== 'internal-error'));
  } finally {
    second.kill();
  }
});

test('stall: a request that never ends is found too; the next server answers that document\'s requests under the limit, switches them off with a warning, and serves the others', async (t) => {
  const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-stall-request-')));
  t.after(() => fs.rmSync(ws, { recursive: true, force: true }));
  const stuckUri = pathToFileURL(path.join(ws, 'hover.ts')).href;
  const fineUri = pathToFileURL(path.join(ws, 'fine.ts')).href;
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, DBTRUST_FILE_TIME_LIMIT: '0.3' };
  // Its analysis ends; a hover on its site never does (the fault escapes the host name for markdown).
  const text = `const u = "postgres://${REQUEST_STALL_MARKER}.example.com/app?sslmode=disable";\n`;
  const onSite = { line: 0, character: 20 };
  const hover = (client: Awaited<ReturnType<typeof startServer>>, uri: string) =>
    client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: onSite });

  // 1. The hover stops the server's thread; the watchdog (told of the request) names its document.
  const watched = await watchedServer(ws, env);
  const first = watched.server;
  let named: string[] | undefined;
  try {
    let since = first.diagnostics.length;
    first.open(stuckUri, 'typescript', text);
    const d = await first.nextDiagnostics(stuckUri, since);
    assert.ok(d.diagnostics.some((x) => x.code === 'weak-sslmode'), 'the analysis ends');
    since = first.diagnostics.length;
    first.open(fineUri, 'typescript', FINE_TEXT);
    await first.nextDiagnostics(fineUri, since);
    // Touched long ago (only by the open): not a suspect once an answered ping was sent after it.
    watched.dog.touched(fineUri);
    watched.advance(5000);
    watched.dog.tick();
    await alive(first);
    await new Promise((r) => setTimeout(r, 50));
    watched.advance(5000);
    void hover(first, stuckUri).catch(() => undefined);
    watched.dog.touched(stuckUri);
    named = await watched.named();
    assert.deepEqual(named, [stuckUri]);
  } finally {
    first.kill();
  }

  // 2. The next server: that document is analysed as usual, its requests run under the limit.
  const second = await startServer(ws, { env, suspects: named });
  try {
    let since = second.diagnostics.length;
    second.open(stuckUri, 'typescript', text);
    const opened = await second.nextDiagnostics(stuckUri, since);
    assert.ok(opened.diagnostics.some((x) => x.code === 'weak-sslmode'));
    assert.ok(opened.diagnostics.every((x) => x.code !== 'internal-error'));
    since = second.diagnostics.length;
    const started = Date.now();
    assert.equal(await withTimeout(hover(second, stuckUri), 'hover', 10_000), null, 'the hover is stopped');
    assert.ok(Date.now() - started < 5000);
    assert.ok(second.logs.some((l) => l.includes(stuckUri) && /computing a hover .* did not finish within 0\.3 s/.test(l)), second.logs.join('\n'));
    // One warning joins its diagnostics.
    const warned = await second.nextDiagnostics(stuckUri, since);
    const warning = warned.diagnostics.filter((x) => x.code === 'internal-error');
    assert.equal(warning.length, 1);
    assert.match(String(warning[0]!.message), /^dbtrust stopped answering requests about this file: one did not finish within 0\.3 s/);
    assert.ok(warned.diagnostics.some((x) => x.code === 'weak-sslmode'), 'its diagnostics stay');
    // Its requests answer nothing now, at once; the server answers everything else.
    const fix = warned.diagnostics.find((x) => x.code === 'weak-sslmode')!;
    assert.deepEqual(await withTimeout(second.codeActions(stuckUri, fix.range, [fix]), 'codeAction', 5000), []);
    assert.equal(await withTimeout(hover(second, stuckUri), 'hover', 5000), null);
    assert.equal(await alive(second), true);
    second.open(fineUri, 'typescript', FINE_TEXT);
    const other = await withTimeout(hover(second, fineUri), 'hover', 5000);
    assert.match(JSON.stringify(other?.contents), /db\.example\.com/);
    // Reopened: tried again under the limit (still stopped), then answered once the fault is gone.
    second.close(stuckUri);
    since = second.diagnostics.length;
    second.open(stuckUri, 'typescript', text);
    assert.ok((await second.nextDiagnostics(stuckUri, since)).diagnostics.every((x) => x.code !== 'internal-error'), 'the warning is gone');
    since = second.diagnostics.length;
    assert.equal(await withTimeout(hover(second, stuckUri), 'hover', 10_000), null);
    await second.nextDiagnostics(stuckUri, since, (p) => p.diagnostics.some((x) => x.code === 'internal-error'));
    second.close(stuckUri);
    since = second.diagnostics.length;
    second.open(stuckUri, 'typescript', FINE_TEXT);
    const clean = await second.nextDiagnostics(stuckUri, since, (p) => p.diagnostics.length > 0);
    assert.ok(clean.diagnostics.every((x) => x.code !== 'internal-error'));
    const answered = await withTimeout(hover(second, stuckUri), 'hover', 5000);
    assert.match(JSON.stringify(answered?.contents), /db\.example\.com/);
    const fixed = clean.diagnostics.find((x) => x.code === 'weak-sslmode')!;
    assert.ok((await second.codeActions(stuckUri, fixed.range, [fixed])).length > 0);
  } finally {
    second.kill();
  }
});

// ---------------------------------------------------------------------------------------------
// The guard (engine/guard.ts) and its node:vm implementation (timeLimitGuard)

test('stall: the engine runs each synchronous step through the guard and lets its TimeLimitError through, caching nothing of it', async (t) => {
  const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-guard-')));
  t.after(() => fs.rmSync(ws, { recursive: true, force: true }));
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/certs/digicert-global-root-g2.pem'), path.join(ws, 'ca.pem'));
  fs.writeFileSync(path.join(ws, '.env'), 'DATABASE_URL="postgresql://orders.postgres.database.azure.com/app?sslmode=require"\n');
  const files = new NodeFileAccess();
  const base = { files, workspaceRoot: ws, configDir: ws, now: new Date('2026-01-01T00:00:00Z') };
  const code = { text: 'const u = "postgres://orders.postgres.database.azure.com/app?sslmode=verify-full&sslrootcert=ca.pem";\n', path: path.join(ws, 'db.ts') };
  const prisma = { text: 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n', path: path.join(ws, 'schema.prisma') };
  const counting = (throwAt = 0) => {
    const calls = { n: 0 };
    const guard: Guard = <T>(step: () => T): T => {
      calls.n++;
      if (calls.n === throwAt) throw new TimeLimitError(300);
      return step();
    };
    return { calls, guard };
  };
  const run = (doc: { text: string; path: string }, cache: ReturnType<typeof newTrustFileCache>, guard?: Guard) =>
    lintWithTrust(doc.text, { ...base, path: doc.path, documentPath: doc.path, cache, ...(guard ? { guard } : {}) });

  // The code file: the extraction, the trust file's parsing, the rules.
  const cache = newTrustFileCache();
  const plain = await run(code, newTrustFileCache());
  const first = counting();
  assert.deepEqual((await run(code, cache, first.guard)).findings, plain.findings);
  assert.equal(first.calls.n, 3);
  const cached = counting();
  await run(code, cache, cached.guard);
  assert.equal(cached.calls.n, 2, 'a parsed trust file is not parsed again');
  // Stopped while parsing the trust file: the error comes out, and the file is not cached as unreadable.
  const fresh = newTrustFileCache();
  await assert.rejects(run(code, fresh, counting(2).guard), TimeLimitError);
  const after = await run(code, fresh);
  assert.deepEqual(after.findings, plain.findings);
  assert.equal(after.sites[0]!.trustFile?.state, 'read');
  // Stopped in the extraction or the rules.
  await assert.rejects(run(code, newTrustFileCache(), counting(1).guard), TimeLimitError);
  await assert.rejects(run(code, newTrustFileCache(), counting(3).guard), TimeLimitError);

  // The Prisma schema: the extraction, the .env file, the URL it holds, the rules.
  const p = counting();
  const resolved = await run(prisma, newTrustFileCache(), p.guard);
  assert.equal(p.calls.n, 4);
  assert.ok(resolved.findings.length > 0);
  assert.deepEqual(resolved.findings, (await run(prisma, newTrustFileCache())).findings);
  for (const at of [2, 3]) await assert.rejects(run(prisma, newTrustFileCache(), counting(at).guard), TimeLimitError);
});

test('stall: timeLimitGuard stops a step that runs past the limit, and passes results, errors and nested steps through', () => {
  const guard = timeLimitGuard(200);
  assert.equal(guard(() => 42), 42);
  assert.throws(() => guard(() => { throw new RangeError('inner'); }), RangeError);
  assert.equal(guard(() => guard(() => 'nested') + '!'), 'nested!');
  const started = Date.now();
  assert.throws(
    () =>
      guard(() => {
        for (;;) {
          if (Date.now() < 0) break;
        }
      }),
    (e: unknown) => e instanceof TimeLimitError && e.message === 'the analysis did not finish within 0.2 s and was stopped',
  );
  const took = Date.now() - started;
  assert.ok(took >= 190 && took < 5000, `stopped after ${took} ms`);
  assert.equal(guard(() => 'alive'), 'alive');
});
