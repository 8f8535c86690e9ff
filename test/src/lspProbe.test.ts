/**
 * "Check server chain" in the editor: a code lens on each PostgreSQL setting with a literal remote host,
 * carrying the host, port, trust file and negotiation; the `dbtrust/probe` request runs the live probe
 * (here against a local TLS server that speaks PostgreSQL's SSLRequest, built from generated certificates).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { CertFactory } from './util/certgen';
import { Client, startServer, withTimeout } from './util/lspClient';

/** A PostgreSQL-like TLS endpoint: answers the 8-byte SSLRequest with 'S', then TLS with `chain`. */
function fakePostgres(key: Buffer, chain: string): Promise<{ port: number; received: Buffer[]; close: () => void }> {
  const received: Buffer[] = [];
  const context = tls.createSecureContext({ key, cert: chain });
  const server = net.createServer((socket) => {
    socket.once('data', (d) => {
      received.push(d);
      socket.write('S');
      const t = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
      t.on('data', (x: Buffer) => received.push(x));
      t.on('error', () => undefined);
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, received, close: () => server.close() })),
  );
}

describe('check server chain over LSP', { timeout: 60_000 }, () => {
  let dir: string;
  let client: Client;
  let f: CertFactory;
  const uri = (rel: string): string => pathToFileURL(path.join(dir, rel)).href;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-probe-lsp-')));
    f = new CertFactory();
    f.root('root', 'Probe Test Root');
    f.issue('int', 'Probe Test Intermediate', 'root', { ca: true });
    f.issue('leaf', 'localhost', 'int');
    fs.writeFileSync(path.join(dir, 'root.pem'), f.text('root.pem'));
    client = await startServer(dir);
  });

  after(() => {
    client?.kill();
    f?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts a lens on PostgreSQL settings with a literal remote host, with the resolved trust file', async () => {
    const u = uri('.env');
    const text = [
      'A_URL=postgres://app:pw@db.example.com:6432/app?sslmode=verify-full&sslrootcert=root.pem',
      'B_URL=postgres://app@localhost/app?sslmode=disable',
      'C_URL=postgres://app@${DB_HOST}/app?sslmode=require',
      'D_URL=postgres://app@db2.example.com/app?sslmode=verify-full&sslrootcert=system&sslnegotiation=direct',
      'E_URL=mysql://app@db3.example.com/app?ssl-mode=REQUIRED',
      '',
    ].join('\n');
    const since = client.diagnostics.length;
    client.open(u, 'dotenv', text);
    await client.nextDiagnostics(u, since);
    const lenses = (await withTimeout(client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } }), 'codeLens')) ?? [];
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments?.[0]]),
      [
        [0, 'dbtrust.checkServerChain', { host: 'db.example.com', port: 6432, sslrootcert: path.join(dir, 'root.pem') }],
        [3, 'dbtrust.checkServerChain', { host: 'db2.example.com', sslrootcert: 'system', sslnegotiation: 'direct' }],
      ],
    );
    assert.ok(!JSON.stringify(lenses).includes(':pw@'), 'no password in the lens');
  });

  it('postgres.js settings get the lens too (it speaks PostgreSQL)', async () => {
    const u = uri('sql.ts');
    const text = "import postgres from 'postgres';\nexport const sql = postgres('postgres://app@db4.example.com/app?sslmode=verify-full');\n";
    const since = client.diagnostics.length;
    client.open(u, 'typescript', text);
    await client.nextDiagnostics(u, since);
    const lenses = (await withTimeout(client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } }), 'codeLens')) ?? [];
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments?.[0]]), [[1, 'dbtrust.checkServerChain', { host: 'db4.example.com' }]]);
  });

  it('probes a server: the chain, the trust file verdict, and nothing but the SSLRequest sent in clear', async () => {
    const server = await fakePostgres(f.file('leaf.key'), f.text('leaf.pem') + f.text('int.pem'));
    try {
      const answer = (await withTimeout(
        client.connection.sendRequest('dbtrust/probe', { host: '127.0.0.1', port: server.port, sslrootcert: path.join(dir, 'root.pem') }),
        'probe',
        20_000,
      )) as { result: { error?: unknown; chain: { subjectCN?: string }[]; trustFile?: { openssl: { verified: boolean } } }; text: string };
      assert.equal(answer.result.error, undefined, answer.text);
      assert.deepEqual(answer.result.chain.map((c) => c.subjectCN), ['localhost', 'Probe Test Intermediate']);
      assert.equal(answer.result.trustFile?.openssl.verified, true);
      assert.match(answer.text, /Probe Test Intermediate/);
      assert.deepEqual([...server.received[0]!], [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f], 'only the SSLRequest before TLS');
      assert.equal(server.received.length, 1, 'nothing sent over TLS');
    } finally {
      server.close();
    }
  });

  it('a refused port is an answer with an error, not a failed request', async () => {
    const s = net.createServer();
    const port = await new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));
    await new Promise((r) => s.close(r));
    const answer = (await withTimeout(client.connection.sendRequest('dbtrust/probe', { host: '127.0.0.1', port, timeoutMs: 2000 }), 'probe')) as { result: { error?: { code: string } } };
    assert.equal(answer.result.error?.code, 'refused');
  });
});
