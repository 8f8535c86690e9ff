/**
 * The trust rules on chains generated at test time (openssl): roots, intermediates and leaves in
 * every arrangement, expiry on both sides, EC P-384, SHA-1, cross-signs, PKCS#12 with a configured
 * password; and the TLS behaviour the pinning messages rest on, checked against Node's own TLS.
 */
import { after, before, describe, it, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { applyEdits, lint, lintWithTrust, MemoryFileAccess, newTrustFileCache, parseConfig } from '../../server/out/engine';
import type { Finding } from '../../server/out/engine';
import { CertFactory } from './util/certgen';
import { FIXTURE_ROOT } from './util/fixtures';

const W = '/w';
const NOW = new Date('2030-06-01T00:00:00Z');

let f: CertFactory;
const pem: Record<string, string> = {};

before(() => {
  f = new CertFactory();
  pem.root = f.root('root', 'Test Root');
  pem.int = f.issue('int', 'Test Intermediate', 'root', { ca: true });
  pem.leaf = f.issue('leaf', 'db.example.com', 'int');
  pem.otherRoot = f.root('other', 'Other Root');
  pem.ecRoot = f.root('ecroot', 'EC Root P-384', 'ec384');
  pem.ecInt = f.issue('ecint', 'EC Intermediate', 'ecroot', { ca: true, key: 'ec384' });
  pem.sha1Int = f.issue('sha1int', 'SHA-1 Intermediate', 'root', { ca: true, md: 'sha1' });
  pem.expiredInt = f.issue('oldint', 'Expired Intermediate', 'root', { ca: true, start: '20100101000000Z', end: '20200101000000Z' });
  pem.laterInt = f.issue('newint', 'Later Intermediate', 'root', { ca: true, start: '20400101000000Z', end: '20500101000000Z' });
  pem.soonInt = f.issue('soonint', 'Soon Intermediate', 'root', { ca: true, start: '20200101000000Z', end: '20300701000000Z' });
  // A self-signed server certificate (CA:FALSE), the classic "copy server.crt to root.crt" setup.
  f.openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-subj', '/CN=db.example.com', '-days', '3650', '-config', 'openssl.cnf', '-extensions', 'v3_leaf');
  pem.selfLeaf = f.text('self.pem');
});

after(() => f?.cleanup());

async function run(text: string, file: string, trust: Record<string, string | Uint8Array>, opts: { now?: Date; config?: string } = {}): Promise<Finding[]> {
  const files = new MemoryFileAccess(Object.fromEntries(Object.entries(trust).map(([k, v]) => [`${W}/${k}`, v])));
  const config = opts.config ? parseConfig(opts.config, 'c').config : undefined;
  const r = await lintWithTrust(text, {
    path: file,
    documentPath: `${W}/${file}`,
    workspaceRoot: W,
    files,
    cache: newTrustFileCache(),
    now: opts.now ?? NOW,
    configDir: W,
    ...(config ? { config } : {}),
  });
  return r.findings;
}

const libpq = (file = 'ca.pem', host = 'db.example.com') => `U=postgresql://${host}/app?sslmode=verify-full&sslrootcert=${file}\n`;
const jdbc = (file = 'ca.pem', host = 'db.example.com') => `u=jdbc:postgresql://${host}/app?sslmode=verify-full&sslrootcert=${file}\n`;
const ids = (fs: Finding[]) => fs.map((x) => `${x.ruleId}:${x.severity}`).sort();

describe('trust rules on generated chains', () => {
  it('a root alone, and an intermediate next to its root, are what libpq wants', async () => {
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.root! })), []);
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.int! + pem.root! })), []);
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.ecInt! + pem.ecRoot! })), [], 'EC P-384');
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.sha1Int! + pem.root! })), [], 'SHA-1 signature still links');
  });

  it('an intermediate without its root: OpenSSL clients fail, Java pins it until the rotation', async () => {
    const openssl = await run(libpq(), 'a.env', { 'ca.pem': pem.int! });
    assert.deepEqual(ids(openssl), ['missing-root:error', 'pinned-intermediate:error']);
    assert.match(openssl.find((x) => x.ruleId === 'pinned-intermediate')!.message, /OpenSSL, which anchors a chain only at a self-signed root/);
    const java = await run(jdbc(), 'a.properties', { 'ca.pem': pem.int! });
    assert.match(java.find((x) => x.ruleId === 'pinned-intermediate')!.message, /Java accepts it as a trust anchor/);
    // An intermediate whose root sits in the file under another intermediate's chain is not pinned.
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.int! + pem.otherRoot! })), ['pinned-intermediate:error']);
  });

  it('a CA-issued server certificate alone: an error for OpenSSL clients, a warning for Java', async () => {
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.leaf! })), ['missing-root:error', 'pinned-server-cert:error']);
    // Java anchors at the leaf itself until it is renewed: no missing-root claim that verification fails.
    assert.deepEqual(ids(await run(jdbc(), 'a.properties', { 'ca.pem': pem.leaf! })), ['pinned-server-cert:warning']);
    // With its chain up to the root the leaf is only redundant.
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.leaf! + pem.int! + pem.root! })), []);
  });

  it('a self-signed server certificate works until it is replaced: pinned-server-cert only', async () => {
    const r = await run(libpq(), 'a.env', { 'ca.pem': pem.selfLeaf! });
    assert.deepEqual(ids(r), ['pinned-server-cert:warning']);
    assert.match(r[0]!.message, /self-signed server certificate "db.example.com"/);
  });

  it('expired-ca: an error when no valid root remains, a warning when one does; not-yet-valid too', async () => {
    const late = new Date(Date.now() + 12 * 365 * 864e5); // the generated roots are valid for ten years
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.root! }, { now: late })), ['expired-ca:error']);
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.expiredInt! + pem.int! + pem.root! })), ['expired-ca:warning']);
    const early = await run(libpq(), 'a.env', { 'ca.pem': pem.laterInt! + pem.root! });
    assert.deepEqual(ids(early), ['expired-ca:warning']);
    assert.match(early[0]!.message, /not valid before a later date: "Later Intermediate" \(valid from 2040-01-01\)/);
  });

  it('expired-ca for Java: PKIX does not check a trust anchor\'s dates, so an expired root alone is a warning (pgjdbc connects: docs/truth-table.md)', async () => {
    const late = new Date(Date.now() + 12 * 365 * 864e5);
    const java = await run(jdbc(), 'a.properties', { 'ca.pem': pem.root! }, { now: late });
    assert.deepEqual(ids(java), ['expired-ca:warning']);
    assert.match(java[0]!.message, /Java \(PKIX\) does not check the dates of a trust anchor/);
  });

  it('expiring-ca honours expiryWindowDays', async () => {
    const r = await run(libpq(), 'a.env', { 'ca.pem': pem.soonInt! + pem.root! });
    assert.deepEqual(ids(r), ['expiring-ca:warning']);
    assert.match(r[0]!.message, /"Soon Intermediate" \(intermediate, expires 2030-07-01, in 30 days\)/);
    assert.deepEqual(ids(await run(libpq(), 'a.env', { 'ca.pem': pem.soonInt! + pem.root! }, { config: '{"expiryWindowDays": 10}' })), []);
  });

  it('a cross-signed root next to its signer is an intermediate that reaches a root (the Azure G2 chain)', async () => {
    const certs = path.join(FIXTURE_ROOT, 'certs');
    const xsign = fs.readFileSync(path.join(certs, 'microsoft-tls-rsa-root-g2--xsign-digicert-global-root-g2.pem'), 'utf8');
    const g2 = fs.readFileSync(path.join(certs, 'digicert-global-root-g2.pem'), 'utf8');
    const azure = 'mydb.postgres.database.azure.com';
    const now = new Date('2026-11-23T00:00:00Z');
    assert.deepEqual(ids(await run(libpq('ca.pem', azure), 'a.env', { 'ca.pem': xsign + g2 }, { now })), []);
    assert.deepEqual(ids(await run(libpq('ca.pem', azure), 'a.env', { 'ca.pem': xsign }, { now })), ['missing-root:error', 'pinned-intermediate:error']);
  });

  it('a PKCS#12 trust file opens with the password configured for its path; no driver reads it as sslrootcert', async () => {
    f.openssl('pkcs12', '-export', '-nokeys', '-in', 'root.pem', '-passout', 'pass:trust-pw', '-out', 'trust.p12');
    const p12 = f.file('trust.p12');
    const without = await run(jdbc('trust.p12'), 'a.properties', { 'trust.p12': p12 });
    assert.deepEqual(ids(without), ['trust-file-unreadable:error']);
    assert.match(without[0]!.message, /holds no certificate: .*trustStorePasswords/);
    assert.ok(!without[0]!.message.includes('trust-pw'));
    const withPw = await run(jdbc('trust.p12'), 'a.properties', { 'trust.p12': p12 }, { config: '{"trustStorePasswords": {"trust.p12": "trust-pw"}}' });
    assert.deepEqual(ids(withPw), ['trust-file-unreadable:error']);
    assert.match(withPw[0]!.message, /pgjdbc reads sslrootcert as X\.509 certificates \(PEM or DER\), not as a keystore, and this file is a PKCS#12 keystore/);
    assert.ok(!withPw[0]!.message.includes('trust-pw'));
  });

  it('file formats the driver cannot load: DER for libpq, indented base64 for OpenSSL', async () => {
    const der = f.der('root');
    const libpqDer = await run(libpq('ca.der'), 'a.env', { 'ca.der': der });
    assert.deepEqual(ids(libpqDer), ['trust-file-unreadable:error']);
    assert.match(libpqDer[0]!.message, /libpq \(OpenSSL\) loads a root certificate file as PEM only, and this file is DER/);
    assert.deepEqual(ids(await run(jdbc('ca.der'), 'a.properties', { 'ca.der': der })), [], 'pgjdbc reads DER');
    // postgres.js hands `ca` to Node's tls.connect, which reads PEM text.
    const pgjs = await run("import postgres from 'postgres';\nimport * as fs from 'node:fs';\nexport const sql = postgres({ host: 'db.example.com', ssl: { ca: fs.readFileSync('ca.der') } });\n", 'db.ts', { 'ca.der': der });
    assert.deepEqual(ids(pgjs), ['trust-file-unreadable:error']);
    assert.match(pgjs[0]!.message, /Node reads the CA file as PEM text only, and this file is DER/);
    const indented = pem.root!.replace(/^(?!-----)(.+)$/gm, '  $1');
    const r = await run(libpq(), 'a.env', { 'ca.pem': pem.int! + indented });
    assert.deepEqual(ids(r), ['trust-file-unreadable:error']);
    assert.match(r[0]!.message, /OpenSSL fails to load the whole file/);
  });

  it('the file is judged only when the driver reads it', async () => {
    // pgjdbc sslmode=require never verifies: weak-sslmode, and the pinned file is not read.
    const r = await run('u=jdbc:postgresql://db.example.com/app?sslmode=require&sslrootcert=ca.pem\n', 'a.properties', { 'ca.pem': pem.int! });
    assert.deepEqual(ids(r), ['weak-sslmode:warning']);
    // libpq loads a root file even for sslmode=require (then it verifies the chain).
    const q = await run('U=postgresql://db.example.com/app?sslmode=require&sslrootcert=ca.pem\n', 'a.env', { 'ca.pem': pem.int! });
    assert.deepEqual(ids(q), ['missing-root:error', 'no-hostname-check:warning', 'pinned-intermediate:error']);
  });

  it('the bundle fix that replaces sslrootcert=system also writes sslmode=verify-full (system implied it)', async () => {
    const text = 'U=postgresql://db1.abc.eu-west-1.rds.amazonaws.com/app?sslrootcert=system\n';
    const found = await run(text, 'a.env', {});
    assert.deepEqual(found.map((x) => x.ruleId).sort(), ['missing-root', 'weak-sslmode'], 'no sslmode: libpq 15 would not verify at all');
    const missing = found.find((x) => x.ruleId === 'missing-root');
    const bundle = missing!.fixes.find((x) => x.files)!;
    const fixed = applyEdits(text, bundle.edits);
    assert.equal(fixed, 'U=postgresql://db1.abc.eu-west-1.rds.amazonaws.com/app?sslrootcert=certs/aws-rds-eu-west-1-roots.pem&sslmode=verify-full\n');
    const after = await run(fixed, 'a.env', { 'certs/aws-rds-eu-west-1-roots.pem': bundle.files![0]!.content });
    assert.deepEqual(ids(after), []);
  });

  it('retired file names are reported from the name when the file is not in the workspace', () => {
    const r = lint('U=postgresql://db1.abc.eu-west-1.rds.amazonaws.com/app?sslmode=verify-full&sslrootcert=/etc/ssl/rds-combined-ca-bundle.pem\n', { path: 'a.env', now: NOW });
    assert.deepEqual(ids(r.findings), ['retired-ca:error']);
    assert.match(r.findings[0]!.message, /rds-combined-ca-bundle\.pem is the file name of rds-ca-2015 and rds-ca-2019 roots/);
  });
});

// ---------------------------------------------------------------------------------------------
// What the pinning messages rest on: OpenSSL anchors only at a self-signed root (no partial chains).

test('Node TLS (OpenSSL, nodejs/node#36453): a trust list with only the intermediate or only the server certificate fails; the root works', async () => {
  fs.writeFileSync(path.join(f.dir, 'chain.pem'), pem.leaf! + pem.int!);
  const server = tls.createServer({ key: f.file('leaf.key'), cert: f.file('chain.pem') }, (s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const attempt = (ca: string) =>
    new Promise<string>((resolve) => {
      const c = tls.connect({ port, host: '127.0.0.1', servername: 'db.example.com', ca }, () => {
        c.destroy();
        resolve('ok');
      });
      c.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
  try {
    assert.equal(await attempt(pem.root!), 'ok');
    assert.equal(await attempt(pem.int!), 'UNABLE_TO_GET_ISSUER_CERT');
    assert.equal(await attempt(pem.leaf!), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  } finally {
    server.close();
  }
});

test('OpenSSL verify (libpq sets no X509_V_FLAG_PARTIAL_CHAIN, openssl/openssl#7871): an intermediate in the CA file is no anchor', () => {
  const verify = (...args: string[]) => {
    try {
      execFileSync('openssl', ['verify', ...args], { cwd: f.dir, stdio: 'pipe' });
      return 'ok';
    } catch {
      return 'fails';
    }
  };
  assert.equal(verify('-CAfile', 'root.pem', '-untrusted', 'int.pem', 'leaf.pem'), 'ok');
  assert.equal(verify('-CAfile', 'int.pem', 'leaf.pem'), 'fails');
  assert.equal(verify('-partial_chain', '-CAfile', 'int.pem', 'leaf.pem'), 'ok', 'only with partial chains');
});
