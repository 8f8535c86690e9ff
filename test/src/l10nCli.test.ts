/**
 * The languages of the shipped bundles: `dbtrust scan --locale ja` (and DBTRUST_LOCALE) prints the
 * engine's messages in Japanese while the JSON and SARIF shapes stay what they are in English, and the
 * language server speaks the locale the editor sends in `initialize`.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, initializeParams, SERVER, withTimeout } from './util/lspClient';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const SECRET = 'PwL10nCli42';

const FILES: Record<string, string> = {
  '.env': `DATABASE_URL=postgres://app:${SECRET}@db.example.com:5432/app?sslmode=require\n`,
  'src/db.ts': 'export const url = "postgres://app@db.example.com/app?sslmode=no-verify";\n',
  'app.properties': 'url=jdbc:postgresql://db.example.com/app?sslfactory=org.postgresql.ssl.NonValidatingFactory\n',
  'big.bin': '\0binary',
};

function workspace(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-l10n-cli-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function cli(cwd: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('DBTRUST_LOCALE' in env)) delete childEnv.DBTRUST_LOCALE;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: childEnv });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A JSON or SARIF document with every message text replaced, to compare shapes. */
function withoutTexts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTexts);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, k === 'message' && typeof v === 'string' ? '…' : k === 'text' && typeof v === 'string' ? '…' : withoutTexts(v)]),
    );
  }
  return value;
}

test('cli: --locale ja prints the findings and the summary in Japanese; the default stays English', (t) => {
  const dir = workspace(t);
  const en = cli(dir, ['scan', '.']);
  const ja = cli(dir, ['scan', '.', '--locale', 'ja']);
  assert.equal(ja.status, en.status);
  assert.equal(ja.stderr, '');
  const enLines = en.stdout.trim().split('\n');
  const jaLines = ja.stdout.trim().split('\n');
  assert.equal(jaLines.length, enLines.length);
  assert.ok(enLines.length >= 4, en.stdout);
  for (const line of enLines) assert.doesNotMatch(line, JAPANESE);
  jaLines.forEach((line, i) => {
    assert.match(line, JAPANESE, line);
    assert.notEqual(line, enLines[i]);
    // `file:line:col: severity rule:` stays as it is, for tools that parse it.
    const prefix = /^([^ ]+ \S+ [a-z-]+:) /.exec(enLines[i]!);
    if (prefix) assert.ok(line.startsWith(prefix[1]!), line);
  });
  assert.ok(!ja.stdout.includes(SECRET));
  // The summary line too.
  assert.ok(jaLines.some((l) => /^問題 \d+ 件（エラー \d+ 件、警告 \d+ 件/.test(l)), ja.stdout);
});

test('cli: DBTRUST_LOCALE=ja works like --locale ja, and --locale wins over it', (t) => {
  const dir = workspace(t);
  const flag = cli(dir, ['scan', '.', '--locale', 'ja']);
  const env = cli(dir, ['scan', '.'], { DBTRUST_LOCALE: 'ja' });
  assert.equal(env.stdout, flag.stdout);
  const region = cli(dir, ['scan', '.'], { DBTRUST_LOCALE: 'ja-JP' });
  assert.equal(region.stdout, flag.stdout, 'ja-JP uses the ja bundle');
  const back = cli(dir, ['scan', '.', '--locale', 'en'], { DBTRUST_LOCALE: 'ja' });
  assert.equal(back.stdout, cli(dir, ['scan', '.']).stdout);
});

test('cli: an unknown locale falls back to English; a malformed one is a usage error', (t) => {
  const dir = workspace(t);
  const en = cli(dir, ['scan', '.']);
  for (const locale of ['fr', 'pt-BR']) {
    const r = cli(dir, ['scan', '.', '--locale', locale]);
    assert.deepEqual(r, en, locale);
  }
  const r = cli(dir, ['scan', '.', '--locale', '../etc']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^dbtrust: invalid --locale '\.\.\/etc'[^\n]*--help[^\n]*\n$/);
  assert.equal(r.stdout, '');
});

test('cli: with --locale ja the JSON and SARIF outputs keep their shape, rule ids and fields; only message texts change', (t) => {
  const dir = workspace(t);
  for (const format of ['json', 'sarif']) {
    const en = JSON.parse(cli(dir, ['scan', '.', '--format', format]).stdout);
    const ja = JSON.parse(cli(dir, ['scan', '.', '--format', format, '--locale', 'ja']).stdout);
    assert.deepEqual(withoutTexts(ja), withoutTexts(en), format);
    const messages = format === 'json' ? ja.findings.map((f: { message: string }) => f.message) : ja.runs[0].results.map((r: { message: { text: string } }) => r.message.text);
    assert.ok(messages.length >= 3);
    for (const m of messages) {
      assert.match(m, JAPANESE);
      assert.ok(!m.includes(SECRET));
    }
    if (format === 'json') {
      assert.deepEqual(
        ja.findings.map((f: { rule: string; severity: string; line: number }) => [f.rule, f.severity, f.line]),
        en.findings.map((f: { rule: string; severity: string; line: number }) => [f.rule, f.severity, f.line]),
      );
    }
  }
});

test('cli: dbtrust probe --locale ja (and DBTRUST_LOCALE) finds the bundle next to dist/ and speaks Japanese; exit status and error code stay', async (t) => {
  const dir = workspace(t);
  const net = await import('node:net');
  // A port nothing listens on: the probe fails at once with `refused`, without any server.
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const en = cli(dir, ['probe', `127.0.0.1:${port}`]);
  const ja = cli(dir, ['probe', `127.0.0.1:${port}`, '--locale', 'ja']);
  const env = cli(dir, ['probe', `127.0.0.1:${port}`], { DBTRUST_LOCALE: 'ja' });
  assert.equal(en.status, 2);
  assert.equal(ja.status, 2);
  assert.match(en.stdout, /^Failed \(refused\): connection refused by 127\.0\.0\.1:\d+/m);
  assert.match(ja.stdout, /^失敗（refused）: 127\.0\.0\.1:\d+ に接続を拒否されました/m);
  assert.equal(env.stdout, ja.stdout);
  const json = JSON.parse(cli(dir, ['probe', `127.0.0.1:${port}`, '--format', 'json', '--locale', 'ja']).stdout);
  assert.equal(json.error.code, 'refused');
  assert.match(json.error.message, JAPANESE);
});

test('language server: diagnostics, fix titles and hovers follow the locale of initialize', async (t) => {
  const dir = workspace(t);
  const { spawn } = await import('node:child_process');
  const { createProtocolConnection, InitializeRequest, InitializedNotification, HoverRequest, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node');
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const folder = pathToFileURL(dir).href;
  const client = new Client(child, connection, folder);
  t.after(() => client.kill());
  const params = { ...(initializeParams(folder) as object), locale: 'ja' };
  await withTimeout(connection.sendRequest(InitializeRequest.type, params as never), 'initialize');
  await connection.sendNotification(InitializedNotification.type, {});

  const uri = pathToFileURL(path.join(dir, '.env')).href;
  const since = client.diagnostics.length;
  client.open(uri, 'dotenv', FILES['.env']!);
  const p = await client.nextDiagnostics(uri, since);
  assert.ok(p.diagnostics.length > 0);
  for (const d of p.diagnostics) {
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    assert.match(message, JAPANESE);
    assert.ok(!message.includes(SECRET));
    const data = d.data as { fixes?: { title: string }[] } | undefined;
    for (const f of data?.fixes ?? []) assert.match(f.title, JAPANESE);
  }
  const hover = await withTimeout(connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 30 } }), 'hover');
  const value = (hover!.contents as unknown as { value: string }).value;
  assert.match(value, /\| ホスト \| db\.example\.com:5432 \|/);
  assert.ok(value.includes('•••') && !value.includes(SECRET));
});
