/**
 * The language server as an editor drives it: the bundle dist/server.js spawned over stdio, spoken
 * to with the LSP protocol library. Covers diagnostics (codes, ranges, severities from
 * .dbtrust.json, links, fixes in `data`), debouncing, hover (password redacted), quick fixes,
 * fix-all, config reload, ignore globs, untitled documents, and a clean shutdown.
 *
 * Expectations name rule ids, ranges and key fragments, never full message texts.
 */
import { after, before, describe, it, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  createProtocolConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { ruleById } from '../../server/out/engine';
import { fixesOf, kindRequested, toLspSeverity } from '../../server/out/lsp/convert';

import { Client, codes, initializeParams, rangeOf, SERVER, withTimeout } from './util/lspClient';
function applyWorkspaceEdit(uri: string, action: CodeAction): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `action "${action.title}" has edits for ${uri}`);
  return edits;
}

// ---------------------------------------------------------------------------------------------
// The server over stdio.

const SECRET = 's3cret';
const ENV_TEXT = `# app settings\nDATABASE_URL=postgres://app:${SECRET}@db.example.com/app?sslmode=require\n`;
const JDBC_TEXT = 'db.user=app\ndb.url=jdbc:postgresql://db.example.com/app?sslfactory=org.postgresql.ssl.NonValidatingFactory\n';
const MULTI_TEXT = `PRIMARY_URL=postgres://app:${SECRET}@db1.example.com/app?sslmode=require\nREPLICA_URL=postgres://app:${SECRET}@db2.example.com/app?sslmode=prefer\n`;

describe('language server over stdio', { timeout: 60_000 }, () => {
  let dir: string;
  let client: Client;
  let init: InitializeResult;
  const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-lsp-')));
    fs.writeFileSync(path.join(dir, '.dbtrust.json'), JSON.stringify({ rules: { 'weak-sslmode': 'error' }, ignore: ['ignored/**'] }));
    assert.ok(fs.existsSync(SERVER), `${SERVER} exists (run npm run build)`);
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    client = new Client(child, connection, pathToFileURL(dir).href);
    init = await withTimeout(connection.sendRequest(InitializeRequest.type, initializeParams(pathToFileURL(dir).href) as never), 'initialize');
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    client?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('advertises incremental sync, hover and the code action kinds', () => {
    const caps = init.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [CodeActionKind.QuickFix, 'source.fixAll.dbtrust']);
    assert.equal(init.serverInfo?.name, 'dbtrust');
  });

  it('publishes weak-sslmode on the sslmode value of a .env URI, as error per .dbtrust.json', async () => {
    const u = uri('.env');
    const since = client.diagnostics.length;
    client.open(u, 'dotenv', ENV_TEXT);
    const p = await client.nextDiagnostics(u, since);
    assert.equal(p.version, 1);
    assert.deepEqual(codes(p), ['weak-sslmode']);
    const d = p.diagnostics[0]!;
    assert.deepEqual(d.range, rangeOf(ENV_TEXT, 'require'));
    assert.equal(d.severity, DiagnosticSeverity.Error); // default warning, raised by the config
    assert.equal(d.source, 'dbtrust');
    assert.equal(d.codeDescription?.href, ruleById('weak-sslmode')!.meta.docsUrl);
    assert.ok(!JSON.stringify(d.message).includes(SECRET));
    const data = d.data as { fixes: { title: string; preferred: boolean; edits: TextEdit[] }[] };
    assert.equal(data.fixes.length, 1);
    assert.equal(data.fixes[0]!.preferred, true);
    assert.match(data.fixes[0]!.title, /verify-full/);
    assert.deepEqual(data.fixes[0]!.edits, [{ range: rangeOf(ENV_TEXT, 'require'), newText: 'verify-full' }]);
  });

  it('publishes verification-disabled (error) on the NonValidatingFactory of a JDBC URL', async () => {
    const u = uri('app.properties');
    const since = client.diagnostics.length;
    client.open(u, 'properties', JDBC_TEXT);
    const p = await client.nextDiagnostics(u, since);
    assert.deepEqual(codes(p), ['verification-disabled']);
    const d = p.diagnostics[0]!;
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 1);
    const r = rangeOf(JDBC_TEXT, 'sslfactory=org.postgresql.ssl.NonValidatingFactory');
    // The finding covers the factory setting (its exact extent is the engine's choice).
    assert.ok(d.range.start.character <= r.end.character && d.range.end.character >= rangeOf(JDBC_TEXT, 'NonValidatingFactory').end.character - 1);
    assert.equal(d.codeDescription?.href, ruleById('verification-disabled')!.meta.docsUrl);
    const data = d.data as { fixes: { edits: TextEdit[] }[] };
    assert.ok(data.fixes.length >= 1);
    assert.ok(data.fixes[0]!.edits.some((e) => e.newText.includes('verify-full')));
  });

  it('hover shows the connection with the password redacted', async () => {
    const u = uri('.env');
    const hover = await withTimeout(
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: 1, character: 30 } }),
      'hover',
    );
    assert.ok(hover, 'a hover');
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.ok(value.includes('•••'), 'password shown as •••');
    assert.ok(!value.includes(SECRET), 'password not shown');
    assert.match(value, /db\.example\.com/);
    const none = await withTimeout(
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: 0, character: 3 } }),
      'hover outside',
    );
    assert.equal(none, null);
  });

  it('quick fix: one preferred action whose edit removes the diagnostic', async () => {
    const u = uri('.env');
    const d = client.diagnostics.filter((p) => p.uri === u).at(-1)!.diagnostics[0]!;
    const actions = await withTimeout(client.codeActions(u, d.range, [d]), 'codeAction');
    const quickFixes = actions.filter((a) => a.kind === CodeActionKind.QuickFix);
    assert.deepEqual(
      quickFixes.map((a) => a.title),
      ['Set sslmode=verify-full', 'Suppress weak-sslmode on this line', 'Open documentation for weak-sslmode'],
      'the fix, then suppress and docs; no fix-all for a single finding',
    );
    assert.deepEqual(quickFixes.map((a) => a.isPreferred === true), [true, false, false]);
    const fix = quickFixes[0]!;
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [d]);
    assert.match(fix.title, /verify-full/);
    const edits = applyWorkspaceEdit(u, fix);
    assert.deepEqual(edits, [{ range: rangeOf(ENV_TEXT, 'require'), newText: 'verify-full' }]);

    const since = client.diagnostics.length;
    const version = client.edit(u, edits);
    assert.ok(client.text(u).includes('sslmode=verify-full'));
    const p = await client.nextDiagnostics(u, since);
    assert.equal(p.version, version);
    assert.deepEqual(codes(p).filter((c) => c === 'weak-sslmode'), []);
  });

  it('fix-all per rule and source.fixAll.dbtrust, honouring context.only', async () => {
    const u = uri('multi.env');
    let since = client.diagnostics.length;
    client.open(u, 'dotenv', MULTI_TEXT);
    const p = await client.nextDiagnostics(u, since);
    assert.deepEqual(codes(p), ['weak-sslmode', 'weak-sslmode']);
    const [d0] = p.diagnostics;

    const quick = await withTimeout(client.codeActions(u, d0!.range, [d0!]), 'codeAction');
    const perRule = quick.find((a) => a.title === 'Fix all weak-sslmode problems in this file');
    assert.ok(perRule, 'a fix-all for the rule');
    assert.equal(perRule.kind, CodeActionKind.QuickFix);
    assert.equal(applyWorkspaceEdit(u, perRule).length, 2);

    const onlyQuick = await withTimeout(client.codeActions(u, d0!.range, [d0!], [CodeActionKind.QuickFix]), 'codeAction only quickfix');
    assert.ok(onlyQuick.length > 0 && onlyQuick.every((a) => a.kind === CodeActionKind.QuickFix));

    const fixAll = await withTimeout(client.codeActions(u, d0!.range, [], ['source.fixAll.dbtrust']), 'codeAction fixAll');
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0]!.kind, 'source.fixAll.dbtrust');
    const viaParent = await withTimeout(client.codeActions(u, d0!.range, [], [CodeActionKind.SourceFixAll]), 'codeAction source.fixAll');
    assert.deepEqual(viaParent.map((a) => a.kind), ['source.fixAll.dbtrust']);
    const otherKind = await withTimeout(client.codeActions(u, d0!.range, [d0!], [CodeActionKind.Refactor]), 'codeAction refactor');
    assert.deepEqual(otherKind, []);

    since = client.diagnostics.length;
    const version = client.edit(u, applyWorkspaceEdit(u, fixAll[0]!));
    assert.ok(!/sslmode=(require|prefer)/.test(client.text(u)));
    const after = await client.nextDiagnostics(u, since);
    assert.equal(after.version, version);
    // What is left has no fix (implicit-trust-store for a host of no known provider).
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['implicit-trust-store', 'implicit-trust-store']);
    assert.ok(after.diagnostics.every((d) => (d.data as { fixes: unknown[] }).fixes.length === 0));
  });

  it('debounces: rapid edits publish only for the last version', async () => {
    const u = uri('rapid.env');
    const since = client.diagnostics.length;
    client.open(u, 'dotenv', 'A=1\n');
    client.replaceAll(u, 'DATABASE_URL=postgres://db.example.com/app?sslmode=disable\n');
    const last = client.replaceAll(u, 'DATABASE_URL=postgres://db.example.com/app?sslmode=prefer\n');
    const p = await client.nextDiagnostics(u, since);
    assert.equal(p.version, last);
    assert.deepEqual(codes(p), ['weak-sslmode']);
    assert.deepEqual(p.diagnostics[0]!.range, rangeOf(client.text(u), 'prefer'));
    const all = client.diagnostics.slice(since).filter((x) => x.uri === u);
    assert.deepEqual(all.map((x) => x.version), [last]);
  });

  it('close clears the diagnostics', async () => {
    const u = uri('rapid.env');
    const since = client.diagnostics.length;
    client.close(u);
    const p = await client.nextDiagnostics(u, since);
    assert.deepEqual(p.diagnostics, []);
  });

  it('files matching an ignore glob get no diagnostics', async () => {
    const u = uri('ignored/.env');
    const since = client.diagnostics.length;
    client.open(u, 'dotenv', ENV_TEXT);
    const p = await client.nextDiagnostics(u, since);
    assert.deepEqual(p.diagnostics, []);
  });

  it('untitled documents are linted by language id, and the server keeps serving', async () => {
    const u = 'untitled:Untitled-1';
    const since = client.diagnostics.length;
    client.open(u, 'java', 'String url = "jdbc:postgresql://db.example.com/app?sslfactory=org.postgresql.ssl.NonValidatingFactory";\n');
    const p = await client.nextDiagnostics(u, since);
    assert.ok(codes(p).includes('verification-disabled'));
    const hover = await withTimeout(
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: 0, character: 25 } }),
      'hover untitled',
    );
    assert.ok(hover);
  });

  it('reloads .dbtrust.json on a watched-file change, shows config errors once, revalidates', async () => {
    const u = uri('app2.env');
    let since = client.diagnostics.length;
    client.open(u, 'dotenv', ENV_TEXT);
    let p = await client.nextDiagnostics(u, since);
    assert.equal(p.diagnostics[0]!.severity, DiagnosticSeverity.Error);

    // Valid parts of a config with a problem still apply: weak-sslmode becomes a hint.
    fs.writeFileSync(path.join(dir, '.dbtrust.json'), JSON.stringify({ rules: { 'weak-sslmode': 'hint' }, bogus: true }));
    const notify = (): Promise<void> =>
      client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('.dbtrust.json'), type: FileChangeType.Changed }] });
    const shownBefore = client.shown.length;
    since = client.diagnostics.length;
    await notify();
    p = await client.nextDiagnostics(u, since, (x) => x.diagnostics[0]?.severity === DiagnosticSeverity.Hint);
    assert.deepEqual(codes(p), ['weak-sslmode']);
    await client.waitFor('a config warning', () => (client.shown.length > shownBefore ? true : undefined));
    const warnings = client.shown.slice(shownBefore);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.type, 2 /* Warning */);
    assert.match(warnings[0]!.message, /bogus/);

    // The same problem again: revalidated, but not shown a second time.
    since = client.diagnostics.length;
    await notify();
    await client.nextDiagnostics(u, since);
    assert.equal(client.shown.length, shownBefore + 1);
  });

  it('never logs the password', () => {
    for (const line of client.logs) assert.ok(!line.includes(SECRET), 'log without secrets');
    assert.ok(!client.stderr.includes(SECRET));
  });

  it('shuts down cleanly', async () => {
    await withTimeout(client.connection.sendRequest(ShutdownRequest.type), 'shutdown');
    const exited = new Promise<number | null>((resolve) => client.child.once('exit', (code) => resolve(code)));
    await client.connection.sendNotification(ExitNotification.type);
    assert.equal(await withTimeout(exited, 'exit'), 0);
  });
});

// ---------------------------------------------------------------------------------------------
// The transport VS Code uses.

test('language server over node-ipc initializes', { timeout: 20_000 }, async () => {
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const dir = pathToFileURL(os.tmpdir()).href;
    const init = await withTimeout(connection.sendRequest(InitializeRequest.type, initializeParams(dir) as never), 'initialize over ipc');
    assert.equal(init.serverInfo?.name, 'dbtrust');
  } finally {
    connection.dispose();
    child.kill('SIGKILL');
  }
});

// ---------------------------------------------------------------------------------------------
// Conversion helpers, in process.

test('severity mapping', () => {
  assert.equal(toLspSeverity('error'), DiagnosticSeverity.Error);
  assert.equal(toLspSeverity('warning'), DiagnosticSeverity.Warning);
  assert.equal(toLspSeverity('info'), DiagnosticSeverity.Information);
  assert.equal(toLspSeverity('hint'), DiagnosticSeverity.Hint);
});

test('context.only matching', () => {
  assert.ok(kindRequested('quickfix', undefined));
  assert.ok(kindRequested('source.fixAll.dbtrust', ['source']));
  assert.ok(kindRequested('source.fixAll.dbtrust', ['source.fixAll']));
  assert.ok(!kindRequested('source.fixAll.dbtrust', ['quickfix']));
  assert.ok(!kindRequested('quickfix', ['source.fixAll']));
  assert.ok(!kindRequested('source.fixAllX', ['source.fixAll.dbtrust']));
});

test('fixes are read from data only, and mangled data yields none', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const good = { title: 't', preferred: true, edits: [{ range, newText: 'x' }] };
  const base = { range, message: 'Set sslmode=verify-full', source: 'dbtrust', code: 'weak-sslmode' };
  assert.deepEqual(fixesOf({ ...base, data: { fixes: [good] } }), [good]);
  assert.deepEqual(fixesOf({ ...base }), []);
  assert.deepEqual(fixesOf({ ...base, data: { fixes: [{ title: 't', edits: [{ range: {}, newText: 'x' }] }] } }), []);
  assert.deepEqual(fixesOf({ ...base, source: 'other', data: { fixes: [good] } }), []);
});
