/**
 * The live chain probe against fake servers: a TLS server behind a PostgreSQL-style SSLRequest, a
 * direct-TLS server, and servers that refuse, stay silent, say N, answer with an error, or are not
 * PostgreSQL at all. Every fake server records the bytes it receives: the probe must send the 8-byte
 * SSLRequest and the TLS handshake, and nothing over TLS (no startup message, no credentials).
 * The real-server tests are in truthTable.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { probeServer, SSL_REQUEST, formatProbeText } from '../../server/out/probe';
import type { ProbeResult } from '../../server/out/probe';
import { parseArgs, parseTarget } from '../../server/out/cli/args';
import { run } from '../../server/out/cli/run';
import { setMessages } from '../../server/out/engine/l10n';

const ROOT = path.resolve(__dirname, '../..');

let dir: string;
const pki = (name: string): string => path.join(dir, 'pki', name);
const read = (name: string): Buffer => fs.readFileSync(pki(name));

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-probe-'));
  execFileSync(path.join(ROOT, 'test/pg/pki.sh'), [path.join(dir, 'pki')], { stdio: 'pipe' });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Recorded {
  /** Bytes received before TLS (the SSLRequest, then the start of the ClientHello). */
  raw: Buffer;
  /** Bytes received over TLS (must stay empty). */
  app: Buffer;
  alpn: string | false | null;
  connections: number;
}

interface Fake {
  port: number;
  rec: Recorded;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 whose behaviour per connection is given. */
async function fakeServer(onConnection: (socket: net.Socket, rec: Recorded) => void): Promise<Fake> {
  const rec: Recorded = { raw: Buffer.alloc(0), app: Buffer.alloc(0), alpn: null, connections: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    rec.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket, rec);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    rec,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function secureContext(chain: string[], key: string): tls.SecureContext {
  return tls.createSecureContext({ cert: Buffer.concat(chain.map(read)), key: read(key) });
}

/** Serves TLS on `socket`, recording the first bytes the client sends (the ClientHello) and what comes over TLS. */
function serveTls(socket: net.Socket, rec: Recorded, chain: string[], key: string, alpn: boolean): void {
  socket.once('data', (hello: Buffer) => {
    rec.raw = Buffer.concat([rec.raw, hello]);
    socket.pause();
    socket.unshift(hello);
    const options: tls.TLSSocketOptions = { isServer: true, secureContext: secureContext(chain, key) };
    if (alpn) options.ALPNProtocols = ['postgresql'];
    const secure = new tls.TLSSocket(socket, options);
    secure.on('secure', () => void (rec.alpn = secure.alpnProtocol));
    secure.on('data', (d: Buffer) => void (rec.app = Buffer.concat([rec.app, d])));
    secure.on('error', () => {});
  });
}

/** A PostgreSQL-like server: reads the 8-byte SSLRequest, answers S, then serves TLS with `chain`. */
function pgLike(chain: string[], key: string): (socket: net.Socket, rec: Recorded) => void {
  return (socket, rec) => {
    socket.once('data', (request: Buffer) => {
      rec.raw = Buffer.concat([rec.raw, request]);
      if (request.length !== 8) return void socket.destroy();
      serveTls(socket, rec, chain, key, false);
      socket.write('S');
    });
  };
}

/** Direct TLS (PostgreSQL 17 sslnegotiation=direct): TLS from the first byte, ALPN postgresql when `selectAlpn`. */
function directServer(chain: string[], key: string, selectAlpn: boolean): Promise<Fake> {
  return fakeServer((socket, rec) => serveTls(socket, rec, chain, key, selectAlpn));
}

async function probe(port: number, extra: Partial<Parameters<typeof probeServer>[0]> = {}): Promise<ProbeResult> {
  return probeServer({ host: 'localhost', port, timeoutMs: 3000, ...extra });
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('probe: the chain behind an SSLRequest', () => {
  test('reads the presented chain, checks the host, sends only the SSLRequest and the handshake', async () => {
    const fake = await fakeServer(pgLike(['leafA.pem', 'intA.pem'], 'leafA.key'));
    try {
      const r = await probe(fake.port, { sslrootcert: pki('trust/root.pem') });
      await settle();
      assert.equal(r.error, undefined);
      assert.equal(r.version, 1);
      assert.deepEqual(r.target, { host: 'localhost', port: fake.port, negotiation: 'postgres' });
      assert.deepEqual(r.chain.map((c) => [c.role, c.subjectCN, c.issuedBy]), [
        ['leaf', 'localhost', 1],
        ['intermediate', 'dbtrust Test Intermediate A', null],
      ]);
      assert.equal(r.chain[1]!.issuerCN, 'dbtrust Test Root CA');
      assert.deepEqual(r.chain[0]!.altNames, ['DNS:localhost', 'IP Address:127.0.0.1']);
      assert.equal(r.chain[0]!.key, 'EC P-256');
      assert.match(r.chain[0]!.sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.equal(r.chain[0]!.expired, false);
      assert.ok(r.chain[0]!.pem.startsWith('-----BEGIN CERTIFICATE-----'));
      assert.equal(r.host!.matches, true);
      assert.equal(r.publicRoots!.verified, false, 'a private root is not among the public roots');
      assert.equal(r.provider, undefined);
      assert.equal(r.trustFile!.state, 'read');
      assert.equal(r.trustFile!.openssl.verified, true);
      assert.deepEqual(r.trustFile!.openssl.path, ['localhost', 'dbtrust Test Intermediate A', 'dbtrust Test Root CA']);
      assert.equal(r.trustFile!.openssl.survivesRotation, true);
      assert.equal(r.trustFile!.java.verified, true);
      assert.deepEqual(r.findings, []);
      assert.ok(r.tls!.protocol.startsWith('TLSv1.'));
      // What the server received: the SSLRequest, then a TLS ClientHello; nothing inside TLS.
      assert.deepEqual(fake.rec.raw.subarray(0, 8), SSL_REQUEST);
      assert.equal(fake.rec.raw[8], 0x16, 'a TLS handshake record follows');
      assert.equal(fake.rec.raw[13], 0x01, 'a ClientHello');
      assert.equal(fake.rec.app.length, 0, 'no startup message, no credentials');
      assert.equal(r.sentBeforeTls, 8);
      assert.equal(fake.rec.connections, 1);
    } finally {
      await fake.close();
    }
  });

  test('control: the fake server does record what a client sends over TLS', async () => {
    const fake = await fakeServer(pgLike(['leafA.pem', 'intA.pem'], 'leafA.key'));
    try {
      const raw = net.connect(fake.port, '127.0.0.1');
      await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
      raw.write(SSL_REQUEST);
      await new Promise<void>((resolve) => raw.once('data', () => resolve()));
      const secure = tls.connect({ socket: raw, rejectUnauthorized: false, servername: 'localhost' });
      await new Promise<void>((resolve) => secure.once('secureConnect', () => resolve()));
      secure.write('startup: user=postgres');
      await settle();
      secure.destroy();
      assert.equal(fake.rec.app.toString(), 'startup: user=postgres');
    } finally {
      await fake.close();
    }
  });

  test('a wrong host name, a pinned intermediate, an expired root, a missing file', async () => {
    const fake = await fakeServer(pgLike(['leafW.pem', 'intA.pem'], 'leafW.key'));
    try {
      const wrong = await probe(fake.port);
      assert.equal(wrong.host!.matches, false);
      assert.match(wrong.host!.reason!, /DNS:wrong\.example\.net/);
      assert.ok(wrong.findings.some((f) => f.code === 'host-mismatch' && f.severity === 'error'));

      const inter = await probe(fake.port, { sslrootcert: pki('trust/intA.pem') });
      assert.equal(inter.trustFile!.openssl.verified, false);
      assert.match(inter.trustFile!.openssl.reason!, /unable to get issuer certificate/);
      assert.equal(inter.trustFile!.java.verified, true);
      assert.equal(inter.trustFile!.java.anchor!.role, 'intermediate');
      assert.equal(inter.trustFile!.java.survivesRotation, false);
      assert.ok(inter.findings.some((f) => f.code === 'trust-file-java-only'));

      const bundle = await probe(fake.port, { sslrootcert: pki('trust/root-intA.pem') });
      assert.equal(bundle.trustFile!.java.anchor!.role, 'intermediate');
      assert.equal(bundle.trustFile!.java.survivesRotation, true, 'the root in the file carries Java past a rotation');
      assert.ok(!bundle.findings.some((f) => f.code.startsWith('trust-file')));

      const expired = await probe(fake.port, { sslrootcert: pki('trust/expired-root.pem') });
      assert.match(expired.trustFile!.openssl.reason!, /certificate has expired/);
      assert.equal(expired.trustFile!.java.verified, true, 'Java does not check the anchor\'s dates');
      assert.equal(expired.trustFile!.certificates[0]!.expired, true);

      const missing = await probe(fake.port, { sslrootcert: path.join(dir, 'nope.pem') });
      assert.equal(missing.trustFile!.state, 'missing');
      assert.ok(missing.findings.some((f) => f.code === 'trust-file-unusable'));

      const relative = await probe(fake.port, { sslrootcert: 'trust/root.pem', cwd: path.join(dir, 'pki') });
      assert.equal(relative.trustFile!.path, pki('trust/root.pem'));
      assert.equal(relative.trustFile!.openssl.verified, true);

      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a certificate\n');
      const junk = await probe(fake.port, { sslrootcert: path.join(dir, 'notes.txt') });
      assert.equal(junk.trustFile!.certificates.length, 0);
      assert.ok(junk.findings.some((f) => f.code === 'trust-file-unusable'));
    } finally {
      await fake.close();
    }
  });

  test('the impostor: same names, another root', async () => {
    const fake = await fakeServer(pgLike(['leafI.pem', 'impInt.pem'], 'leafI.key'));
    try {
      const r = await probe(fake.port, { sslrootcert: pki('trust/root.pem') });
      assert.equal(r.host!.matches, true);
      assert.equal(r.chain[1]!.subjectCN, 'dbtrust Test Intermediate A');
      assert.equal(r.trustFile!.openssl.verified, false);
      assert.match(r.trustFile!.openssl.reason!, /signature failure/);
      assert.equal(r.trustFile!.java.verified, false);
      assert.ok(r.findings.some((f) => f.code === 'trust-file-fails' && f.severity === 'error'));
      const pinnedName = await probe(fake.port, { sslrootcert: pki('trust/intA.pem') });
      assert.equal(pinnedName.trustFile!.java.verified, false, 'an intermediate with the same name but another key is no anchor');
    } finally {
      await fake.close();
    }
  });

  test('a self-signed server certificate, and dates judged at --now', async () => {
    const fake = await fakeServer(pgLike(['root.pem'], 'root.key'));
    try {
      const r = await probe(fake.port, { host: '127.0.0.1', sslrootcert: pki('trust/root.pem') });
      assert.equal(r.chain.length, 1);
      assert.equal(r.chain[0]!.issuedBy, 0);
      assert.ok(r.findings.some((f) => f.code === 'self-signed-server'));
      assert.ok(r.findings.some((f) => f.code === 'host-mismatch'));
    } finally {
      await fake.close();
    }
    const later = await fakeServer(pgLike(['leafA.pem', 'intA.pem'], 'leafA.key'));
    try {
      const r = await probe(later.port, { now: new Date('2100-06-01T00:00:00Z') });
      assert.equal(r.chain[0]!.expired, true);
      assert.ok(r.findings.some((f) => f.code === 'chain-expired'));
      const soon = await probe(later.port, { now: new Date('2099-12-20T00:00:00Z') });
      assert.ok(soon.findings.some((f) => f.code === 'chain-expiring' && f.severity === 'warning'));
    } finally {
      await later.close();
    }
  });
});

describe('probe: a cloud provider\'s host name', () => {
  test('a chain that does not lead to the provider\'s roots is reported (reached through --connect-to)', async () => {
    const fake = await fakeServer(pgLike(['leafA.pem', 'intA.pem'], 'leafA.key'));
    try {
      const host = 'mydb.abc123xyz.eu-west-1.rds.amazonaws.com';
      const r = await probeServer({ host, address: '127.0.0.1', port: fake.port, timeoutMs: 3000 });
      assert.equal(r.error, undefined);
      assert.equal(r.target.address, '127.0.0.1');
      assert.equal(r.provider!.id, 'aws-rds');
      assert.ok(r.provider!.expectedRoots.some((x) => /Amazon RDS eu-west-1 Root CA/.test(x.name)));
      assert.equal(r.provider!.chainsToExpectedRoot, false);
      assert.ok(r.findings.some((f) => f.code === 'unexpected-root' && f.severity === 'error'));
      assert.equal(r.host!.matches, false, 'the certificate is checked against the provider host name, not the address');
      assert.match(formatProbeText(r), new RegExp(`probe ${host.replace(/\./g, '\\.')}:\\d+ via 127\\.0\\.0\\.1`));
    } finally {
      await fake.close();
    }
  });
});

describe('probe: direct TLS', () => {
  test('opens TLS at once with ALPN postgresql, sends nothing before or inside it', async () => {
    const fake = await directServer(['leafA.pem', 'intA.pem'], 'leafA.key', true);
    try {
      const r = await probe(fake.port, { sslnegotiation: 'direct' });
      await settle();
      assert.equal(r.error, undefined);
      assert.equal(r.target.negotiation, 'direct');
      assert.equal(r.tls!.alpn, 'postgresql');
      assert.equal(fake.rec.alpn, 'postgresql');
      assert.equal(fake.rec.raw[0], 0x16, 'the first byte is a TLS handshake record, not an SSLRequest');
      assert.equal(fake.rec.raw[5], 0x01, 'a ClientHello');
      assert.equal(r.sentBeforeTls, 0);
      assert.equal(fake.rec.app.length, 0);
      assert.equal(r.chain.length, 2);
    } finally {
      await fake.close();
    }
  });

  test('a TLS server that does not select postgresql is reported', async () => {
    const fake = await directServer(['leafA.pem', 'intA.pem'], 'leafA.key', false);
    try {
      const r = await probe(fake.port, { sslnegotiation: 'direct' });
      assert.ok(r.findings.some((f) => f.code === 'direct-no-alpn'));
    } finally {
      await fake.close();
    }
  });

  test('a server that does not speak direct TLS', async () => {
    // A PostgreSQL before 17 reads the ClientHello as a startup packet and hangs up.
    const fake = await fakeServer((socket) => socket.once('data', () => socket.end()));
    try {
      const r = await probe(fake.port, { sslnegotiation: 'direct' });
      assert.equal(r.error?.code, 'direct-refused');
      assert.match(r.error!.message, /PostgreSQL 17/);
    } finally {
      await fake.close();
    }
  });
});

describe('probe: clear errors, never a hang', () => {
  test('refused', async () => {
    const fake = await fakeServer(() => {});
    const port = fake.port;
    await fake.close();
    const r = await probe(port);
    assert.equal(r.error?.code, 'refused');
    assert.equal(r.error?.phase, 'connect');
    assert.deepEqual(r.chain, []);
    assert.equal(r.sentBeforeTls, 0);
  });

  test('no TLS: the server answers N', async () => {
    const fake = await fakeServer((socket, rec) => socket.on('data', (d) => ((rec.raw = Buffer.concat([rec.raw, d])), socket.write('N'))));
    try {
      const r = await probe(fake.port);
      assert.equal(r.error?.code, 'no-tls');
      assert.match(r.error!.message, /does not accept TLS/);
      assert.deepEqual(fake.rec.raw, SSL_REQUEST, 'only the SSLRequest was sent');
    } finally {
      await fake.close();
    }
  });

  test('an ErrorResponse to the SSLRequest', async () => {
    const msg = Buffer.from('SFATAL\0Munsupported frontend protocol\0\0');
    const reply = Buffer.concat([Buffer.from('E'), Buffer.from([0, 0, 0, msg.length + 4]), msg]);
    const fake = await fakeServer((socket) => socket.once('data', () => socket.end(reply)));
    try {
      const r = await probe(fake.port);
      assert.equal(r.error?.code, 'no-tls');
      assert.match(r.error!.message, /unsupported frontend protocol/);
    } finally {
      await fake.close();
    }
  });

  test('not PostgreSQL: an HTTP server, an SSH banner (which starts with S)', async () => {
    const http = await fakeServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const ssh = await fakeServer((socket) => socket.write('SSH-2.0-OpenSSH_9.2\r\n'));
    try {
      const a = await probe(http.port);
      assert.equal(a.error?.code, 'not-postgres');
      assert.match(a.error!.message, /HTTP\/1\.1 400/);
      const b = await probe(ssh.port);
      assert.equal(b.error?.code, 'not-postgres');
      assert.match(b.error!.message, /SSH-2\.0/);
    } finally {
      await http.close();
      await ssh.close();
    }
  });

  test('binary garbage is shown as hex', async () => {
    const fake = await fakeServer((socket) => socket.once('data', () => socket.write(Buffer.from([0x00, 0xff, 0x10, 0x80]))));
    try {
      const r = await probe(fake.port);
      assert.equal(r.error?.code, 'not-postgres');
      assert.match(r.error!.message, /bytes 00 ff 10 80/);
    } finally {
      await fake.close();
    }
  });

  test('timeouts: no answer to the SSLRequest, no TLS handshake after S', async () => {
    const silent = await fakeServer(() => {});
    const stuck = await fakeServer((socket) => socket.once('data', () => socket.write('S')));
    try {
      const a = await probe(silent.port, { timeoutMs: 300 });
      assert.equal(a.error?.code, 'timeout');
      assert.equal(a.error?.phase, 'negotiate');
      assert.match(a.error!.message, /300 ms/);
      const b = await probe(stuck.port, { timeoutMs: 300 });
      assert.equal(b.error?.code, 'timeout');
      assert.equal(b.error?.phase, 'handshake');
      const c = await probe(silent.port, { timeoutMs: 300, sslnegotiation: 'direct' });
      assert.equal(c.error?.code, 'timeout');
      assert.equal(c.error?.phase, 'handshake');
    } finally {
      await silent.close();
      await stuck.close();
    }
  });

  test('closed: without an answer, or right after S', async () => {
    const hangup = await fakeServer((socket) => socket.once('data', () => socket.destroy()));
    const yesBye = await fakeServer((socket) => socket.once('data', () => socket.end('S')));
    try {
      const a = await probe(hangup.port);
      assert.equal(a.error?.code, 'closed');
      const b = await probe(yesBye.port);
      assert.ok(b.error?.code === 'closed' || b.error?.code === 'tls-failed', b.error?.code);
    } finally {
      await hangup.close();
      await yesBye.close();
    }
  });

  test('unresolvable host, invalid target, cancelled', async () => {
    const a = await probeServer({ host: 'no-such-host.invalid', port: 5432, timeoutMs: 3000 });
    assert.ok(a.error?.code === 'unresolved' || a.error?.code === 'timeout', a.error?.code);
    const b = await probeServer({ host: 'user:secret@host', port: 5432 });
    assert.equal(b.error?.code, 'invalid-target');
    assert.doesNotMatch(b.error!.message, /secret/);
    const c = await probeServer({ host: 'localhost', port: 70000 });
    assert.equal(c.error?.code, 'invalid-target');
    const silent = await fakeServer(() => {});
    try {
      const ac = new AbortController();
      const pending = probe(silent.port, { timeoutMs: 10_000, signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      const d = await pending;
      assert.equal(d.error?.code, 'cancelled');
      const pre = new AbortController();
      pre.abort();
      assert.equal((await probe(silent.port, { signal: pre.signal })).error?.code, 'cancelled');
    } finally {
      await silent.close();
    }
  });
});

describe('dbtrust probe (CLI)', () => {
  async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await run(argv, { cwd: dir, stdout: (t) => void (out += t), stderr: (t) => void (err += t), debug: false });
    return { code, out, err };
  }

  test('parses HOST[:PORT] and refuses connection strings without echoing them', () => {
    assert.deepEqual(parseTarget('db.example.com'), { host: 'db.example.com' });
    assert.deepEqual(parseTarget('db.example.com:6432'), { host: 'db.example.com', port: 6432 });
    assert.deepEqual(parseTarget('[::1]:5433'), { host: '::1', port: 5433 });
    assert.deepEqual(parseTarget('[::1]'), { host: '::1' });
    assert.deepEqual(parseTarget('fe80::1'), { host: 'fe80::1' });
    assert.equal(parseTarget('postgres://u:hunter2@h/db'), undefined);
    assert.equal(parseTarget('h:0'), undefined);
    assert.equal(parseTarget('h:99999'), undefined);
    assert.equal(parseTarget('-h'), undefined);
    const via = parseArgs(['probe', 'db.example.com', '--connect-to', 'localhost:15432']);
    assert.ok(via.kind === 'probe' && via.options.address === 'localhost' && via.options.port === 15432 && via.options.host === 'db.example.com');
    const cmd = parseArgs(['probe', 'h:6432', '--sslrootcert', 'r.pem', '--sslnegotiation=direct', '--timeout', '2500', '--format', 'json', '--now', '2030-01-02']);
    assert.equal(cmd.kind, 'probe');
    if (cmd.kind === 'probe') {
      assert.equal(cmd.options.host, 'h');
      assert.equal(cmd.options.port, 6432);
      assert.equal(cmd.options.sslrootcert, 'r.pem');
      assert.equal(cmd.options.sslnegotiation, 'direct');
      assert.equal(cmd.options.timeoutMs, 2500);
      assert.equal(cmd.options.format, 'json');
      assert.equal(cmd.options.now!.toISOString(), '2030-01-02T00:00:00.000Z');
    }
  });

  test('usage errors exit 2 and never echo the target', async () => {
    const a = await cli(['probe', 'postgresql://app:hunter2@db.example.com/app']);
    assert.equal(a.code, 2);
    assert.doesNotMatch(a.err + a.out, /hunter2/);
    assert.match(a.err, /HOST\[:PORT\]/);
    assert.equal((await cli(['probe'])).code, 2);
    assert.equal((await cli(['probe', 'h', '--sslnegotiation', 'tls'])).code, 2);
    assert.equal((await cli(['probe', 'h', '--timeout', 'soon'])).code, 2);
    assert.equal((await cli(['probe', 'h', '--bogus'])).code, 2);
    const help = await cli(['probe', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: dbtrust probe HOST\[:PORT\]/);
    assert.match((await cli(['--help'])).out, /dbtrust probe HOST/);
  });

  test('text and JSON output, exit status by finding', async () => {
    const fake = await fakeServer(pgLike(['leafA.pem', 'intA.pem'], 'leafA.key'));
    try {
      const ok = await cli(['probe', `localhost:${fake.port}`, '--sslrootcert', 'pki/trust/root.pem', '--timeout', '3000']);
      assert.equal(ok.code, 0, ok.out + ok.err);
      assert.match(ok.out, /Chain presented by the server \(2 certificates/);
      assert.match(ok.out, /#0 leaf +localhost/);
      assert.match(ok.out, /OpenSSL clients \(libpq, psql, node-postgres\): verified, anchored at the root "dbtrust Test Root CA"; survives an intermediate rotation/);
      assert.match(ok.out, /No problem found\./);
      const pinned = await cli(['probe', `localhost:${fake.port}`, '--sslrootcert', 'pki/trust/intA.pem', '--format', 'json']);
      assert.equal(pinned.code, 1);
      const json = JSON.parse(pinned.out) as ProbeResult;
      assert.equal(json.version, 1);
      assert.equal(json.trustFile!.java.survivesRotation, false);
      assert.ok(json.findings.some((f) => f.code === 'trust-file-java-only'));
    } finally {
      await fake.close();
    }
    const refused = await fakeServer(() => {});
    const port = refused.port;
    await refused.close();
    const down = await cli(['probe', `127.0.0.1:${port}`, '--format', 'json']);
    assert.equal(down.code, 2);
    assert.equal((JSON.parse(down.out) as ProbeResult).error!.code, 'refused');
    assert.match(down.err, /connection refused/);
    const text = await cli(['probe', `127.0.0.1:${port}`]);
    assert.equal(text.code, 2);
    assert.match(text.out, /Failed \(refused\)/);
  });

  test('the text format says what was sent', async () => {
    const fake = await fakeServer(pgLike(['leafA.pem', 'intA.pem'], 'leafA.key'));
    try {
      const text = formatProbeText(await probe(fake.port));
      assert.match(text, /Sent: only the 8-byte SSLRequest and the TLS handshake; no startup message, no credentials\./);
      assert.match(text, /Provider: none recognised/);
    } finally {
      await fake.close();
    }
  });
});

describe('dbtrust probe --locale ja', () => {
  const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
  const L10N = path.join(ROOT, 'l10n');

  async function cli(argv: string[], locale?: string): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: Parameters<typeof run>[1] = { cwd: dir, stdout: (t) => void (out += t), stderr: (t) => void (err += t), debug: false, l10nDir: L10N };
    if (locale !== undefined) io.locale = locale;
    const code = await run(argv, io);
    return { code, out, err };
  }

  /** The result with every message and reason replaced: the JSON shape and codes, which no language changes. */
  function shape(r: ProbeResult): unknown {
    const strip = (v: unknown, key = ''): unknown => {
      if (Array.isArray(v)) return v.map((x) => strip(x));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x, k)]));
      return (key === 'message' || key === 'reason' || key === 'description') && typeof v === 'string' ? '…' : v;
    };
    return strip(r);
  }

  test('parses --locale, refuses a value that is not a language tag', async () => {
    const cmd = parseArgs(['probe', 'h', '--locale', 'ja']);
    assert.ok(cmd.kind === 'probe' && cmd.options.locale === 'ja');
    const eq = parseArgs(['probe', 'h', '--locale=ja-JP']);
    assert.ok(eq.kind === 'probe' && eq.options.locale === 'ja-JP');
    const bad = await cli(['probe', 'h', '--locale', '../x']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /invalid --locale/);
    assert.match((await cli(['probe', '--help'])).out, /--locale LOCALE/);
  });

  test('findings, checks and the text are in Japanese; codes, severities, exit status and the JSON shape are not', async (t) => {
    t.after(() => setMessages(undefined));
    const fake = await fakeServer(pgLike(['leafW.pem', 'intA.pem'], 'leafW.key'));
    try {
      const args = ['probe', `localhost:${fake.port}`, '--sslrootcert', 'pki/trust/intA.pem', '--now', '2099-12-20'];
      const en = await cli([...args, '--format', 'json']);
      const ja = await cli([...args, '--format', 'json', '--locale', 'ja']);
      assert.equal(ja.code, en.code);
      assert.equal(en.code, 1);
      const e = JSON.parse(en.out) as ProbeResult;
      const j = JSON.parse(ja.out) as ProbeResult;
      assert.deepEqual(shape(j), shape(e));
      assert.deepEqual(
        j.findings.map((f) => [f.code, f.severity]),
        [
          ['host-mismatch', 'error'],
          ['chain-expiring', 'warning'],
          ['chain-expiring', 'warning'],
          ['trust-file-java-only', 'error'],
        ],
      );
      j.findings.forEach((f, i) => {
        assert.match(f.message, JAPANESE, f.code);
        assert.notEqual(f.message, e.findings[i]!.message);
      });
      for (const text of [j.host!.reason!, j.trustFile!.openssl.reason!, j.publicRoots!.reason!]) assert.match(text, JAPANESE);
      // OpenSSL's own error names stay as clients print them; dbtrust's explanation of them is translated.
      assert.match(j.trustFile!.openssl.reason!, /^unable to get issuer certificate（/);

      // The text: Japanese labels and sentences; names, fingerprints, severities and codes as they are.
      const text = await cli(['probe', `localhost:${fake.port}`, '--sslrootcert', 'pki/trust/intA.pem', '--locale', 'ja']);
      assert.equal(text.code, 1);
      assert.match(text.out, /サーバーが提示した証明書チェーン（2 件/);
      assert.match(text.out, /#0 リーフ +wrong\.example\.net/);
      assert.match(text.out, /発行者 +#1 dbtrust Test Intermediate A/);
      assert.match(text.out, /Java クライアント（pgjdbc）: +検証成功、アンカーは中間 CA「dbtrust Test Intermediate A」/);
      assert.match(text.out, /^  error   trust-file-java-only: /m);
      for (const english of ['Chain presented', '       issuer ', 'Host name:', 'Public roots', 'Provider:', 'Trust file', 'verified, anchored', 'Findings:', 'Sent: only']) {
        assert.ok(!text.out.includes(english), `"${english}" in:\n${text.out}`);
      }
      // DBTRUST_LOCALE works the same; --locale wins over it; the default stays English.
      const env = await cli(['probe', `localhost:${fake.port}`], 'ja');
      assert.match(env.out, /プロバイダー: ホスト名からは特定できません。/);
      const wins = await cli(['probe', `localhost:${fake.port}`, '--locale', 'en'], 'ja');
      assert.match(wins.out, /Provider: none recognised from the host name\./);
      const plain = await cli(['probe', `localhost:${fake.port}`]);
      assert.match(plain.out, /Provider: none recognised from the host name\./);
    } finally {
      await fake.close();
    }
  });

  test('errors are in Japanese, with the same code and exit status', async (t) => {
    t.after(() => setMessages(undefined));
    const refused = await fakeServer(() => {});
    const port = refused.port;
    await refused.close();
    const ja = await cli(['probe', `127.0.0.1:${port}`, '--format', 'json', '--locale', 'ja']);
    assert.equal(ja.code, 2);
    const r = JSON.parse(ja.out) as ProbeResult;
    assert.equal(r.error!.code, 'refused');
    assert.equal(r.error!.phase, 'connect');
    assert.match(r.error!.message, JAPANESE);
    assert.match(ja.err, /^dbtrust: 127\.0\.0\.1:\d+ に接続を拒否されました/);
    const text = await cli(['probe', `127.0.0.1:${port}`, '--locale', 'ja']);
    assert.equal(text.code, 2);
    assert.match(text.out, /^失敗（refused）: /m);

    // The probe itself (the editor's "Check server chain") speaks the loaded bundle.
    setMessages(JSON.parse(fs.readFileSync(path.join(L10N, 'bundle.l10n.ja.json'), 'utf8')));
    const bad = await probeServer({ host: 'localhost', port: 70000 });
    assert.equal(bad.error!.code, 'invalid-target');
    assert.match(bad.error!.message, JAPANESE);
    const silent = await fakeServer(() => {});
    try {
      const slow = await probe(silent.port, { timeoutMs: 300 });
      assert.equal(slow.error!.code, 'timeout');
      assert.match(slow.error!.message, /300 ms/);
      assert.match(slow.error!.message, JAPANESE);
    } finally {
      await silent.close();
    }
  });
});

describe('docs/probe.md documents the JSON shape', () => {
  test('every field of a result is documented', async () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/probe.md'), 'utf8');
    const fake = await fakeServer(pgLike(['leafA.pem', 'intA.pem'], 'leafA.key'));
    const results: ProbeResult[] = [];
    try {
      results.push(await probe(fake.port, { sslrootcert: pki('trust/intA.pem') }));
      results.push(await probeServer({ host: 'x.postgres.database.azure.com', address: '127.0.0.1', port: fake.port, sslrootcert: pki('trust/root-intA.pem'), timeoutMs: 3000 }));
    } finally {
      await fake.close();
    }
    results.push(await probe(fake.port));
    assert.ok(results[1]!.provider && results[2]!.error, 'a provider result and an error result are covered');
    const paths = new Set<string>();
    const walk = (v: unknown, at: string): void => {
      if (Array.isArray(v)) return v.forEach((x) => walk(x, `${at}[]`));
      if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          const p = at ? `${at}.${k}` : k;
          paths.add(p);
          walk(x, p);
        }
      }
    };
    for (const r of results) walk(r, '');
    for (const p of paths) assert.ok(doc.includes('`' + p + '`'), `docs/probe.md does not document \`${p}\``);
  });
});
