/**
 * The workspace scan's thread (server/src/lsp/scanThread.ts): a file that exhausts the thread's
 * memory limit is reported as not analysed and the scan goes on with a new thread; the server
 * itself stays up and answers.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { scanWorkspace, startServer, withTimeout } from './util/lspClient';

let dir: string;

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-scan-thread-')));
  const w = (name: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  };
  for (let i = 0; i < 40; i++) w(`src/a${String(i).padStart(2, '0')}.ts`, i % 4 === 0 ? `export const u = "postgres://db${i}.example.com/app?sslmode=disable";\n` : `export const n${i} = ${i};\n`);
  // A generated file with about 19,000 settings: linting it needs far more than a 40 MB heap.
  let huge = '';
  for (let i = 0; huge.length < 1_900_000; i++) huge += `const p${i} = new Pool({ connectionString: "postgres://u@h${i}.example.com/db?sslmode=require" });\n`;
  w('src/generated/pools.ts', huge);
  w('src/zz-last.ts', 'export const last = "postgres://last.example.com/app?sslmode=disable";\n');
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('workspace scan: a file that exhausts the scan thread memory is skipped, the others are scanned, the server answers', async () => {
  const client = await startServer(dir, { env: { DBTRUST_SCAN_MEMORY_MB: '40' } });
  try {
    const summary = await scanWorkspace(client);
    assert.equal(summary.cancelled, false);
    assert.equal(summary.files, 42);
    assert.equal(summary.skipped, 1, JSON.stringify(summary));
    // 10 of the small files and the one after the huge file in walk order
    assert.equal(summary.filesWithFindings, 11, JSON.stringify(summary));
    const published = new Set(client.diagnostics.filter((p) => p.diagnostics.length > 0).map((p) => p.uri));
    assert.ok(published.has(pathToFileURL(path.join(dir, 'src/zz-last.ts')).href), 'the file after the huge one is scanned');
    assert.ok(!published.has(pathToFileURL(path.join(dir, 'src/generated/pools.ts')).href));
    assert.ok(
      client.logs.some((l) => l.includes('generated/pools.ts') && /ran out of memory/.test(l)),
      `the log names the file: ${client.logs.filter((l) => l.includes('scan')).join(' | ')}`,
    );
    // The server is alive and well.
    const u = pathToFileURL(path.join(dir, 'open.ts')).href;
    const text = 'const u = "postgres://db.example.com/app?sslmode=disable";\n';
    const since = client.diagnostics.length;
    client.open(u, 'typescript', text);
    const d = await client.nextDiagnostics(u, since);
    assert.ok(d.diagnostics.length > 0);
    const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: 0, character: 15 } }), 'hover');
    assert.ok(hover);
  } finally {
    client.kill();
  }
});

test('workspace scan: with the default memory limit the generated file is linted like any other', async () => {
  const client = await startServer(dir);
  try {
    const summary = await scanWorkspace(client);
    assert.equal(summary.skipped, 0, JSON.stringify(summary));
    assert.equal(summary.filesWithFindings, 12);
  } finally {
    client.kill();
  }
});
