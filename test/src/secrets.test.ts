/**
 * Secret audit: one distinctive password planted in every form a connection string can carry it
 * (URI userinfo, libpq password=, ADO.NET Password=/Pwd=, JDBC password=, PGPASSWORD, an options
 * object's password:, .dbtrust.json trustStorePasswords) must appear in no output: CLI text, JSON and
 * SARIF, the language server's diagnostics (messages, data, related information), hovers, code
 * action titles and edits, the server's log and shown messages, and the errors on malformed input.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as zlib from 'node:zlib';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, Diagnostic, HoverRequest, Position, RequestType0 } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, withTimeout } from './util/lspClient';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const TRUST = path.resolve(__dirname, '../../test/fixtures/trust-files');
const PW = 'PwS3cr3tZq9x';

/** Every form, in the file and language it is usually written in. */
const FILES: Record<string, { languageId: string; text: string }> = {
  'uri.ts': { languageId: 'typescript', text: `const url = 'postgres://app:${PW}@db.example.com/app?sslmode=require';\n` },
  'keyvalue.py': { languageId: 'python', text: `conn = psycopg2.connect("host=db.example.com user=app password=${PW} sslmode=disable")\n` },
  'quoted.py': { languageId: 'python', text: `DSN = "host=db.example.com user=app password='${PW}' sslmode=prefer sslrootcert=ca.p12"\n` },
  'appsettings.json': {
    languageId: 'json',
    text: `{\n  "ConnectionStrings": {\n    "Pg": "Host=db.example.com;Username=app;Password=${PW};SSL Mode=Prefer;Trust Server Certificate=true",\n    "Sql": "Server=tcp:db.example.com,1433;User ID=sa;Pwd=${PW};Encrypt=false;TrustServerCertificate=true",\n    "My": "Server=db.example.com;Uid=app;Password=${PW};SslMode=Preferred"\n  }\n}\n`,
  },
  'application.properties': {
    languageId: 'properties',
    text: `spring.datasource.url=jdbc:postgresql://db.example.com/app?user=app&password=${PW}&sslmode=require\nmssql.url=jdbc:sqlserver://db.example.com;databaseName=app;user=sa;password=${PW};encrypt=false;trustServerCertificate=true\nmysql.url=jdbc:mysql://app:${PW}@db.example.com/app?sslMode=PREFERRED\n`,
  },
  '.env': { languageId: 'dotenv', text: `PGHOST=db.example.com\nPGUSER=app\nPGPASSWORD=${PW}\nPGSSLMODE=require\nPGSSLROOTCERT=store.jks\n` },
  'pool.js': {
    languageId: 'javascript',
    text: `const pool = new Pool({ host: 'db.example.com', user: 'app', password: '${PW}', ssl: { rejectUnauthorized: false } });\nconst my = mysql.createConnection({ host: 'db.example.com', password: '${PW}', ssl: { rejectUnauthorized: false } });\nconst ms = new sql.ConnectionPool({ server: 'db.example.com', password: '${PW}', options: { encrypt: false, trustServerCertificate: true } });\n`,
  },
  'go.go': { languageId: 'go', text: `package main\n\nvar dsn = "app:${PW}@tcp(db.example.com:3306)/app?tls=skip-verify"\n` },
  // Two shapes where a password sits where another field is expected: libpq reads \`user= password=…\`
  // as the user "password=…", and an unencoded @ in the user name moves the password into the host part.
  'empty-user.py': { languageId: 'python', text: `DSN = "host=db.example.com user= password=${PW} sslmode=disable"\n` },
  'azure-user.ts': { languageId: 'typescript', text: `const url = 'postgres://admin@myserver:${PW}@myserver.postgres.database.azure.com/app?sslmode=require';\n` },
};

const CONFIG = { trustStorePasswords: { 'ca.p12': PW, 'store.jks': PW } };

let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-secrets-'));
  for (const [name, f] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), f.text);
  // Real stores, opened with the planted (wrong) password: the "wrong password" findings must not show it.
  fs.copyFileSync(path.join(TRUST, 'azure-issuing-ca-03.p12'), path.join(dir, 'ca.p12'));
  fs.copyFileSync(path.join(TRUST, 'rds-ca-2019.jks'), path.join(dir, 'store.jks'));
  fs.writeFileSync(path.join(dir, '.dbtrust.json'), JSON.stringify(CONFIG, null, 2));
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], cwd = dir): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function noPassword(output: string, what: string): void {
  const at = output.indexOf(PW);
  assert.equal(at, -1, `${what} shows the password: …${output.slice(Math.max(0, at - 200), at + PW.length + 40)}…`);
}

test('CLI: no output format shows a password, whatever form it is written in', () => {
  for (const format of ['text', 'json', 'sarif']) {
    const r = cli(['scan', '.', '--format', format, '--now', '2025-06-01']);
    assert.equal(r.status, 1, `--format ${format}: exit ${r.status}\n${r.stderr}`);
    assert.ok(r.stdout.length > 500, `--format ${format}: little output`);
    noPassword(r.stdout, `--format ${format} output`);
    noPassword(r.stderr, `--format ${format} errors`);
  }
  // The planted forms were all found (a secret not found proves nothing).
  // The scan cache (--cache) holds what the JSON output holds, and a hash of the configuration (the
  // trust store passwords among it).
  const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-secrets-cache-')), 'cache');
  const cached = cli(['scan', '.', '--format', 'json', '--now', '2025-06-01', '--cache-location', cacheFile]);
  noPassword(cached.stdout + cached.stderr, '--cache output');
  noPassword(zlib.gunzipSync(fs.readFileSync(cacheFile)).toString('utf8'), 'the cache file');
  const json = JSON.parse(cli(['scan', '.', '--format', 'json', '--now', '2025-06-01']).stdout) as { findings: { file: string; message: string }[] };
  for (const name of Object.keys(FILES)) assert.ok(json.findings.some((f) => f.file === name), `no finding in ${name}`);
  assert.ok(json.findings.some((f) => f.file === 'quoted.py' && /password/i.test(f.message)), 'the PKCS#12 store was opened with the configured password');
});

test('CLI: errors on malformed input never quote a password', () => {
  const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-secrets-bad-'));
  try {
    fs.writeFileSync(path.join(bad, 'db.ts'), FILES['uri.ts']!.text);
    const configs = [
      `{"trustStorePasswords": {"ca.p12": "${PW}"`, // cut off
      `{"trustStorePasswords": {"ca.p12": "${PW}", }}`, // trailing comma
      `{"trustStorePasswords": ["${PW}"]}`, // wrong type
      `{"trustStorePasswords": {"ca.p12": ["${PW}"]}}`,
      `{"ignore": "${PW}", "trustStorePasswords": {"${PW}": 1}}`,
      `\u0000${PW}`,
    ];
    for (const config of configs) {
      fs.writeFileSync(path.join(bad, '.dbtrust.json'), config);
      for (const args of [['scan', '.'], ['scan', '.', '--config', '.dbtrust.json'], ['scan', '.', '--format', 'sarif']]) {
        const r = cli(args, bad);
        noPassword(r.stdout + r.stderr, `${args.join(' ')} with ${JSON.stringify(config)}`);
      }
    }
  } finally {
    fs.rmSync(bad, { recursive: true, force: true });
  }
});

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) allStrings(v, out);
  return out;
}

test('language server: diagnostics, hovers, code actions and logs never show a password', async () => {
  const client = await startServer(dir, { createFiles: true });
  // Every leak is collected, so one run names them all.
  const leaks: string[] = [];
  const leak = (output: string, what: string): void => {
    const at = output.indexOf(PW);
    if (at >= 0 && !leaks.some((l) => l.startsWith(what.replace(/ \(e\.g\..*$/, '')))) leaks.push(`${what}: …${output.slice(Math.max(0, at - 120), at + PW.length + 20).replace(/\s+/g, ' ')}…`);
  };
  try {
    await withTimeout(client.connection.sendRequest(new RequestType0<unknown, void>('dbtrust/scanWorkspace')), 'workspace scan', 120_000);
    for (const [name, f] of Object.entries(FILES)) {
      const uri = pathToFileURL(path.join(dir, name)).href;
      const since = client.diagnostics.length;
      client.open(uri, f.languageId, f.text);
      const published = await client.nextDiagnostics(uri, since, (p) => p.diagnostics.length > 0);
      // Messages, codes, data (the fixes), related information.
      for (const s of allStrings(published)) leak(s, `${name}: a diagnostic`);
      const doc = TextDocument.create(uri, f.languageId, 1, f.text);
      // Hovers everywhere on every line that holds a connection setting.
      const positions: Position[] = [];
      for (let line = 0; line < doc.lineCount; line++) {
        const length = doc.offsetAt({ line: line + 1, character: 0 }) - doc.offsetAt({ line, character: 0 });
        for (let character = 0; character < length; character += 3) positions.push({ line, character });
      }
      for (const position of positions) {
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
        if (hover) for (const s of allStrings(hover.contents)) leak(s, `${name}: the hover (e.g. at ${position.line}:${position.character})`);
      }
      // Every code action: titles, and edits that would put the password somewhere it is not.
      const diagnostics = published.diagnostics as Diagnostic[];
      const actions = (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } }, diagnostics)) ?? [];
      for (const d of diagnostics) actions.push(...((await client.codeActions(uri, d.range, [d])) ?? []));
      for (const action of actions as CodeAction[]) {
        leak(action.title, `${name}: code action title`);
        const changes = action.edit?.changes ?? {};
        for (const [target, edits] of Object.entries(changes)) {
          for (const e of edits) {
            if (!e.newText.includes(PW)) continue;
            const replaced = target === uri ? doc.getText(e.range) : '';
            if (!replaced.includes(PW)) leaks.push(`${name}: "${action.title}" writes the password where it was not`);
          }
        }
        for (const change of action.edit?.documentChanges ?? []) {
          if ('kind' in change) continue;
          for (const e of change.edits) {
            if (!('newText' in e) || !e.newText.includes(PW)) continue;
            const replaced = change.textDocument.uri === uri && 'range' in e ? doc.getText(e.range) : '';
            if (!replaced.includes(PW)) leaks.push(`${name}: "${action.title}" writes the password where it was not`);
          }
        }
      }
    }
    // A malformed configuration while the server runs.
    fs.writeFileSync(path.join(dir, '.dbtrust.json'), `{"trustStorePasswords": {"ca.p12": "${PW}"`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.dbtrust.json')).href, type: 2 }] });
    await new Promise((r) => setTimeout(r, 1000));
    for (const log of client.logs) leak(log, 'a server log message');
    for (const shown of client.shown) leak(shown.message, 'a message shown to the user');
    leak(client.stderr, "the server's standard error");
    assert.deepEqual([...new Set(leaks)], [], 'outputs that show the password');
  } finally {
    fs.writeFileSync(path.join(dir, '.dbtrust.json'), JSON.stringify(CONFIG, null, 2));
    client.kill();
  }
});
