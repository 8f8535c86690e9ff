/**
 * The language server's editor features beyond diagnostics: the editor's `dbtrust.*` settings
 * (pulled with workspace/configuration, merged under `.dbtrust.json`, applied without a restart),
 * the suppression and documentation code actions, the workspace scan with progress and
 * cancellation, trust details and root bundles.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticSeverity, HoverRequest, LSPErrorCodes, TextEdit } from 'vscode-languageserver-protocol/node';
import { Client, codes, rangeOf, startServer, withTimeout } from './util/lspClient';

const SECRET = 'pa55-Secret';

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

describe('editor settings, code actions and commands over LSP', { timeout: 90_000 }, () => {
  let dir: string;
  let client: Client;
  const uri = (rel: string): string => pathToFileURL(path.join(dir, rel)).href;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-editor-')));
    write(dir, '.dbtrust.json', JSON.stringify({ rules: { 'no-hostname-check': 'error' } }));
    write(dir, 'api/.env', `DATABASE_URL=postgres://app:${SECRET}@db.example.com/app?sslmode=require\n`);
    write(dir, 'jobs/.env', 'DATABASE_URL=postgres://app@db.example.com/app?sslmode=verify-ca\n');
    write(dir, 'clean/.env', 'DATABASE_URL=postgres://app@db.example.com/app?sslmode=verify-full&sslrootcert=system\n');
    write(dir, 'node_modules/x/.env', 'DATABASE_URL=postgres://h/db?sslmode=disable\n');
    write(dir, 'docs/notes.md', 'Use postgres://h/db?sslmode=disable\n');
    client = await startServer(dir, { settings: { rules: { 'weak-sslmode': 'hint' } }, progress: true });
  });

  after(() => {
    client?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pulls the editor settings per folder and merges them under .dbtrust.json', async () => {
    const u = uri('api/.env');
    const since = client.diagnostics.length;
    client.open(u, 'dotenv', fs.readFileSync(path.join(dir, 'api/.env'), 'utf8'));
    const p = await client.nextDiagnostics(u, since);
    assert.deepEqual(codes(p), ['weak-sslmode']);
    assert.equal(p.diagnostics[0]!.severity, DiagnosticSeverity.Hint, 'the editor setting applies');
    assert.ok(client.configurationScopes.includes(pathToFileURL(dir).href), 'asked with the folder as scope');
  });

  it('applies changed settings without a restart; .dbtrust.json still wins where both speak', async () => {
    const u = uri('api/.env');
    let since = client.diagnostics.length;
    client.changeSettings({ rules: { 'weak-sslmode': 'off' } });
    let p = await client.nextDiagnostics(u, since);
    assert.deepEqual(codes(p), []);

    since = client.diagnostics.length;
    const j = uri('jobs/.env');
    client.changeSettings({ rules: { 'no-hostname-check': 'hint' } });
    client.open(j, 'dotenv', fs.readFileSync(path.join(dir, 'jobs/.env'), 'utf8'));
    p = await client.nextDiagnostics(j, since, (x) => x.diagnostics.length > 0);
    const d = p.diagnostics.find((x) => x.code === 'no-hostname-check');
    assert.equal(d?.severity, DiagnosticSeverity.Error, '.dbtrust.json says error');
  });

  it('a driver hint from the settings changes the driver, and invalid settings are reported once', async () => {
    const u = uri('api/.env');
    const since = client.diagnostics.length;
    const shown = client.shown.length;
    client.changeSettings({ drivers: { 'api/**': 'node-postgres', 'x/**': 'mysql2' } });
    await client.nextDiagnostics(u, since);
    const hover = await withTimeout(
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: rangeOf(client.text(u), 'sslmode').start }),
      'hover',
    );
    const md = (hover?.contents as { value: string }).value;
    assert.match(md, /node-postgres/);
    assert.match(md, /the "drivers" setting assigns files matching api\/\\\*\\\* to node-postgres/);
    assert.ok(!md.includes(SECRET), 'password redacted');
    await client.waitFor('the settings warning', () => client.shown.slice(shown).find((m) => /The dbtrust settings: "drivers" entry "x\/\*\*" names "mysql2"/.test(m.message)));
  });

  it('offers suppress-on-line and open-documentation actions; the suppression silences the finding', async () => {
    client.changeSettings({});
    const u = uri('py/app.py');
    const text = `import psycopg\n\ndef connect():\n    return psycopg.connect("postgresql://db.example.com/app?sslmode=prefer")\n`;
    let since = client.diagnostics.length;
    client.open(u, 'python', text);
    const p = await client.nextDiagnostics(u, since);
    assert.deepEqual(codes(p), ['weak-sslmode']);
    const d = p.diagnostics[0]!;
    const actions = await withTimeout(client.codeActions(u, d.range, [d]), 'codeAction');
    const suppress = actions.find((a) => a.title === 'Suppress weak-sslmode on this line');
    const docs = actions.find((a) => a.title === 'Open documentation for weak-sslmode');
    assert.ok(suppress && docs);
    assert.equal(suppress.kind, CodeActionKind.QuickFix);
    assert.deepEqual(suppress.edit?.changes?.[u], [
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '    # dbtrust-disable-next-line weak-sslmode\n' },
    ]);
    assert.deepEqual(docs.command?.command, 'dbtrust.openRuleDocs');
    assert.equal(docs.command?.arguments?.[0], 'weak-sslmode');
    assert.match(String(docs.command?.arguments?.[1]), /^https:\/\/.*weak-sslmode/);

    since = client.diagnostics.length;
    client.edit(u, suppress.edit!.changes![u] as TextEdit[]);
    const after = await client.nextDiagnostics(u, since);
    assert.deepEqual(codes(after), []);
  });

  it('scans the workspace like the CLI (no node_modules, no prose), with progress; closed files keep their diagnostics', async () => {
    const progressBefore = client.progress.length;
    const since = client.diagnostics.length;
    const summary = await withTimeout(client.connection.sendRequest('dbtrust/scanWorkspace'), 'scan', 30_000) as { files: number; findings: number; filesWithFindings: number; cancelled: boolean };
    assert.equal(summary.cancelled, false);
    const published = client.diagnostics.slice(since);
    const clean = published.filter((x) => x.uri === uri('clean/.env'));
    assert.ok(clean.every((x) => x.diagnostics.length === 0), 'a clean file gets no diagnostics');
    assert.ok(!published.some((x) => x.uri.includes('node_modules') || x.uri.endsWith('.md')), 'skipped like the CLI');
    assert.ok(summary.files >= 4, `files: ${summary.files}`);
    assert.ok(summary.findings >= 2, `findings: ${summary.findings}`);
    const kinds = client.progress.slice(progressBefore).map((v) => (v as { kind: string }).kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');

    // A scanned file opened and closed again shows its on-disk diagnostics, not none.
    const j = uri('jobs/.env');
    const s2 = client.diagnostics.length;
    client.close(j);
    const back = await client.nextDiagnostics(j, s2);
    assert.ok(codes(back).includes('no-hostname-check'), codes(back).join());
  });

  it('a cancelled scan says so', async () => {
    for (let i = 0; i < 200; i++) write(dir, `many/f${i}.env`, `X_URL=postgres://h${i}.example.com/db?sslmode=require\n`);
    const { CancellationTokenSource } = await import('vscode-languageserver-protocol/node');
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('dbtrust/scanWorkspace', source.token) as Promise<{ cancelled: boolean; files: number }>;
    setTimeout(() => source.cancel(), 20);
    const summary = await withTimeout(pending.catch((e: { code?: number }) => ({ cancelled: e.code === LSPErrorCodes.RequestCancelled, files: -1 })), 'cancelled scan', 30_000);
    assert.equal(summary.cancelled, true);
  });

  it('trust details: the setting at the cursor, the certificate file itself, or what is missing', async () => {
    const pem = fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/trust-files/azure-roots.pem'), 'utf8');
    write(dir, 'certs/azure.pem', pem);
    const u = uri('az/.env');
    const text = `DATABASE_URL=postgres://app:${SECRET}@x.postgres.database.azure.com/app?sslmode=verify-full&sslrootcert=../certs/azure.pem\n`;
    const since = client.diagnostics.length;
    client.open(u, 'dotenv', text);
    await client.nextDiagnostics(u, since);
    const at = await client.connection.sendRequest('dbtrust/trustDetails', { uri: u, position: rangeOf(text, 'sslrootcert').start }) as { markdown: string; count: number };
    assert.equal(at.count, 1);
    assert.match(at.markdown, /DigiCert Global Root G2/);
    assert.ok(!at.markdown.includes(SECRET));
    const whole = await client.connection.sendRequest('dbtrust/trustDetails', { uri: u }) as { markdown: string; count: number };
    assert.match(whole.markdown, /### Line 1/);

    const c = uri('certs/azure.pem');
    client.open(c, 'plaintext', pem);
    const cert = await client.connection.sendRequest('dbtrust/trustDetails', { uri: c }) as { markdown: string; count: number };
    assert.equal(cert.count, 2);
    assert.match(cert.markdown, /Microsoft RSA Root Certificate Authority 2017/);
    const closed = await client.connection.sendRequest('dbtrust/trustDetails', { uri: uri('nowhere.env') }) as { count: number };
    assert.equal(closed.count, 0);
  });

  it('root bundles for a provider chosen by hand', async () => {
    const list = await client.connection.sendRequest('dbtrust/bundleProviders') as { providers: { id: string; regional: boolean }[]; awsRegions: string[] };
    assert.ok(list.providers.some((p) => p.id === 'aws-rds' && p.regional));
    assert.ok(list.awsRegions.includes('eu-west-1'));
    const b = await client.connection.sendRequest('dbtrust/rootBundle', { provider: 'aws-rds', region: 'eu-west-1' }) as { fileName: string; content: string };
    assert.equal(b.fileName, 'aws-rds-eu-west-1-roots.pem');
    assert.match(b.content, /-----BEGIN CERTIFICATE-----/);
    assert.equal(await client.connection.sendRequest('dbtrust/rootBundle', { provider: 'nope' }), null);
  });
});
