/**
 * Trust files read from bytes: PEM (and its malformed forms), DER, PKCS#12, JKS/JCEKS, things that
 * are not certificates at all; certificate facts, roles and chains. Certificates are generated at
 * test time with openssl/keytool; public CA certificates come from test/fixtures/certs.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildChains, CertInfo, expiry, MAX_CERTIFICATES, PROBLEM_CODES, readTrustFile as read, TrustFileResult } from '../../server/out/engine/trust';
import { CertFactory, hasCommand } from './util/certgen';
import { FIXTURE_ROOT } from './util/fixtures';

const CERTS = path.join(FIXTURE_ROOT, 'certs');
const fixture = (name: string) => fs.readFileSync(path.join(CERTS, name));
const utf8 = (s: string) => new TextEncoder().encode(s);
const seenCodes = new Set<string>();
const codes = (r: TrustFileResult) => r.problems.map((p) => p.code);
const check = (r: TrustFileResult): TrustFileResult => {
  for (const p of r.problems) {
    seenCodes.add(p.code);
    assert.ok(PROBLEM_CODES[p.code], `undocumented problem code ${p.code}`);
    assert.equal(p.severity, PROBLEM_CODES[p.code]!.severity, `severity of ${p.code}`);
  }
  return r;
};
const readTrustFile = (...args: Parameters<typeof read>) => check(read(...args));
const problem = (r: TrustFileResult, code: string) => {
  const p = r.problems.find((x) => x.code === code);
  assert.ok(p, `expected problem ${code}, got ${JSON.stringify(r.problems)}`);
  return p;
};

let f: CertFactory;
const haveKeytool = hasCommand('keytool');

before(() => {
  f = new CertFactory();
  f.root('rootA', 'Test Root A');
  f.issue('intA', 'Test Intermediate A', 'rootA', { ca: true });
  f.issue('leafA', 'db.example.com', 'intA');
  f.root('ecRoot', 'Test EC Root', 'ec384');
  f.issue('ecInt', 'Test EC Intermediate', 'ecRoot', { ca: true, key: 'ec384' });
  f.issue('ecLeaf', 'ec.example.com', 'ecInt', { key: 'ec256' });
  f.root('rootB', 'Test Root B');
  // Root A's name and key, signed by root B: the cross-signed form of root A.
  f.issue('crossA', 'Test Root A', 'rootB', { ca: true, reuseKey: 'rootA' });
  // Root B's name and key signed by root A: with crossA, a cycle.
  f.issue('crossB', 'Test Root B', 'rootA', { ca: true, reuseKey: 'rootB' });
  f.issue('expired', 'expired.example.com', 'intA', { start: '20200101000000Z', end: '20210101000000Z' });
  f.issue('future', 'future.example.com', 'intA', { start: '20990101000000Z', end: '21000101000000Z' });
  f.issue('sha1', 'sha1.example.com', 'intA', { md: 'sha1' });
});

after(() => f?.cleanup());

after(() => {
  // Most documented codes are exercised somewhere in this file.
  const missing = Object.keys(PROBLEM_CODES).filter((c) => !seenCodes.has(c));
  const untested = ['internal-error', 'pkcs12-other-entry', 'pkcs12-bad-certificate', 'pkcs12-unsupported', 'pkcs12-too-costly', 'pkcs12-malformed', 'jks-bad-certificate', 'jks-secret-key'];
  assert.deepEqual(missing.filter((c) => !untested.includes(c)), [], 'codes never produced');
});

const read2 = (text: string) => readTrustFile(utf8(text), 'x.pem');
const pem = (...names: string[]) => utf8(names.map((n) => f.text(`${n}.pem`)).join(''));

// ---------------------------------------------------------------------------------------------
// Public CA certificates

test('DigiCert Global Root G2 is a root; its facts match openssl', () => {
  const r = readTrustFile(fixture('digicert-global-root-g2.pem'), 'digicert-global-root-g2.pem');
  assert.equal(r.format, 'pem');
  assert.deepEqual(r.problems, []);
  const [c] = r.certificates;
  assert.ok(c);
  assert.equal(c.role, 'root');
  assert.equal(c.selfSigned, true);
  assert.equal(c.isCA, true);
  assert.equal(c.subjectCN, 'DigiCert Global Root G2');
  assert.equal(c.issuerCN, 'DigiCert Global Root G2');
  assert.equal(c.subject, 'C=US, O=DigiCert Inc, OU=www.digicert.com, CN=DigiCert Global Root G2');
  assert.equal(c.keyType, 'rsa');
  assert.equal(c.keyBits, 2048);
  assert.equal(c.keyDescription, 'RSA 2048');
  assert.equal(c.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.equal(c.signatureHash, 'sha256');
  assert.equal(c.serial, '033AF1E6A711A9A0BB2864B11D09FAE5');
  assert.equal(c.notAfter.toISOString(), '2038-01-15T12:00:00.000Z');
  assert.equal(c.notBefore.toISOString(), '2013-08-01T12:00:00.000Z');
  assert.equal(c.sha256Colon, 'CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F');
  assert.equal(c.sha256, 'cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f');
  assert.equal(c.version, 3);
  assert.equal(c.block, 1);
  const text = fixture('digicert-global-root-g2.pem').toString();
  assert.match(text.slice(c.span!.start, c.span!.end), /^-----BEGIN CERTIFICATE-----[\s\S]*-----END CERTIFICATE-----$/);
});

test('"Microsoft TLS RSA Root G2" cross-signed by DigiCert G2 is an intermediate, whatever its name says', () => {
  const x = readTrustFile(fixture('microsoft-tls-rsa-root-g2--xsign-digicert-global-root-g2.pem'), 'x.pem').certificates[0]!;
  assert.equal(x.subjectCN, 'Microsoft TLS RSA Root G2');
  assert.equal(x.issuerCN, 'DigiCert Global Root G2');
  assert.equal(x.role, 'intermediate');
  assert.equal(x.selfSigned, false);
  assert.equal(x.keyDescription, 'RSA 4096');
  assert.equal(x.signatureAlgorithm, 'sha384WithRSAEncryption');
  assert.equal(x.sha256Colon, 'DD:CD:1E:8A:20:63:8D:4A:AF:F7:20:1B:B1:D5:64:52:AC:D2:C7:59:F1:68:6B:DC:38:F7:3D:D1:57:32:BD:C2');
  // Its self-signed form is a root.
  const self = readTrustFile(fixture('microsoft-tls-rsa-root-g2.pem'), 'r.pem').certificates[0]!;
  assert.equal(self.role, 'root');
  assert.equal(self.subject, x.subject);
});

test('the ECC384 RDS root is a root with an EC P-384 key', () => {
  const c = readTrustFile(fixture('amazon-rds-eu-west-1-root-ca-ecc384-g1.pem'), 'rds.pem').certificates[0]!;
  assert.equal(c.role, 'root');
  assert.equal(c.keyType, 'ec');
  assert.equal(c.curve, 'P-384');
  assert.equal(c.keyBits, 384);
  assert.equal(c.keyDescription, 'EC P-384');
  assert.equal(c.signatureAlgorithm, 'ecdsa-with-SHA384');
  assert.equal(c.subjectCN, 'Amazon RDS eu-west-1 Root CA ECC384 G1');
  assert.match(c.subject, /O=Amazon Web Services\\, Inc\./);
  assert.equal(c.notAfter.toISOString(), '2121-05-20T17:58:07.000Z');
});

test('the Azure issuing CA is an intermediate; without its root it reaches none (pinning)', () => {
  const r = readTrustFile(fixture('microsoft-azure-rsa-tls-issuing-ca-03.pem'), 'ca03.pem');
  assert.equal(r.certificates[0]!.role, 'intermediate');
  const [link] = buildChains(r.certificates);
  assert.deepEqual(link, { index: 0, issuerCandidates: [], nameOnlyIssuers: [], reachesRoot: false });
  // Next to its root (legitimate for libpq): linked and reaching it.
  const both = readTrustFile(Buffer.concat([fixture('microsoft-azure-rsa-tls-issuing-ca-03.pem'), fixture('microsoft-rsa-root-certificate-authority-2017.pem')]), 'both.pem');
  const links = buildChains(both.certificates);
  assert.equal(links[0]!.issuerIndex, 1);
  assert.equal(links[0]!.reachesRoot, true);
  assert.equal(links[0]!.rootIndex, 1);
  assert.equal(links[1]!.rootIndex, 1);
});

test('the DigiCert cross-sign links to DigiCert G2 in a bundle', () => {
  const r = readTrustFile(Buffer.concat([fixture('microsoft-tls-rsa-root-g2--xsign-digicert-global-root-g2.pem'), fixture('digicert-global-root-g2.pem')]), 'b.pem');
  const links = buildChains(r.certificates);
  assert.deepEqual([links[0]!.issuerIndex, links[0]!.reachesRoot, links[0]!.rootIndex], [1, true, 1]);
});

test('the AWS RDS global bundle parses entirely: 108 roots, 72 RSA and 36 EC P-384', (t) => {
  const bytes = fixture('global-bundle--2025-09.pem');
  let t0 = process.hrtime.bigint();
  const r = readTrustFile(bytes, 'global-bundle.pem');
  const cold = Number(process.hrtime.bigint() - t0) / 1e6;
  t0 = process.hrtime.bigint();
  readTrustFile(bytes, 'global-bundle.pem');
  const warm = Number(process.hrtime.bigint() - t0) / 1e6;
  t0 = process.hrtime.bigint();
  const links = buildChains(r.certificates);
  const chains = Number(process.hrtime.bigint() - t0) / 1e6;
  t.diagnostic(`global bundle: cold ${cold.toFixed(1)} ms, repeat ${warm.toFixed(1)} ms, buildChains ${chains.toFixed(1)} ms`);
  assert.equal(r.format, 'pem');
  assert.deepEqual(r.problems, []);
  assert.equal(r.certificates.length, 108);
  assert.equal(r.description, 'a PEM bundle of 108 certificates');
  assert.ok(r.certificates.every((c) => c.role === 'root'));
  assert.equal(r.certificates.filter((c) => c.keyType === 'rsa').length, 72);
  assert.equal(r.certificates.filter((c) => c.keyType === 'ec' && c.curve === 'P-384').length, 36);
  assert.deepEqual(r.certificates.map((c) => c.block), r.certificates.map((_, i) => i + 1));
  assert.ok(links.every((l) => l.reachesRoot && l.rootIndex === l.index));
  // Spans are in order and do not overlap.
  for (let i = 1; i < r.certificates.length; i++) assert.ok(r.certificates[i]!.span!.start >= r.certificates[i - 1]!.span!.end);
});

// ---------------------------------------------------------------------------------------------
// Generated certificates: roles, chains, dates, algorithms

test('RSA root → intermediate → leaf: roles, links and key identifiers', () => {
  const r = readTrustFile(pem('leafA', 'intA', 'rootA'), 'chain.pem');
  assert.deepEqual(r.problems, []);
  const [leaf, int, root] = r.certificates as [CertInfo, CertInfo, CertInfo];
  assert.deepEqual([leaf.role, int.role, root.role], ['leaf', 'intermediate', 'root']);
  assert.deepEqual([leaf.isCA, int.isCA, root.isCA], [false, true, true]);
  assert.equal(leaf.subjectCN, 'db.example.com');
  assert.equal(leaf.issuerCN, 'Test Intermediate A');
  assert.equal(leaf.authorityKeyId, int.subjectKeyId);
  assert.equal(int.authorityKeyId, root.subjectKeyId);
  const links = buildChains(r.certificates);
  assert.deepEqual(links.map((l) => l.issuerIndex), [1, 2, undefined]);
  assert.deepEqual(links.map((l) => l.reachesRoot), [true, true, true]);
  assert.deepEqual(links.map((l) => l.rootIndex), [2, 2, 2]);
  // Without the root: the intermediate reaches nothing (pinning an intermediate).
  const pinned = buildChains(readTrustFile(pem('leafA', 'intA'), 'p.pem').certificates);
  assert.deepEqual(pinned.map((l) => [l.issuerIndex, l.reachesRoot]), [[1, false], [undefined, false]]);
});

test('EC P-384 root and intermediate, EC P-256 leaf', () => {
  const r = readTrustFile(pem('ecLeaf', 'ecInt', 'ecRoot'), 'ec.pem');
  assert.deepEqual(r.certificates.map((c) => [c.role, c.keyDescription, c.signatureAlgorithm]), [
    ['leaf', 'EC P-256', 'ecdsa-with-SHA256'],
    ['intermediate', 'EC P-384', 'ecdsa-with-SHA256'],
    ['root', 'EC P-384', 'ecdsa-with-SHA256'],
  ]);
  assert.deepEqual(buildChains(r.certificates).map((l) => l.issuerIndex), [1, 2, undefined]);
});

test('a cross-signed root is an intermediate; chains prefer the self-signed root', () => {
  const r = readTrustFile(pem('rootA', 'rootB', 'crossA', 'intA'), 'x.pem');
  const [rootA, rootB, crossA] = r.certificates as [CertInfo, CertInfo, CertInfo];
  assert.deepEqual([rootA.role, rootB.role, crossA.role], ['root', 'root', 'intermediate']);
  assert.equal(crossA.subject, rootA.subject);
  const links = buildChains(r.certificates);
  assert.deepEqual(links[2], { index: 2, issuerIndex: 1, issuerCandidates: [1], nameOnlyIssuers: [], reachesRoot: true, rootIndex: 1 });
  // intA verifies under both forms of root A (same name, same key); the self-signed one is chosen.
  assert.deepEqual(links[3]!.issuerCandidates, [0, 2]);
  assert.equal(links[3]!.issuerIndex, 0);
  // Without self-signed root A, intA reaches root B through the cross-sign.
  const via = buildChains(readTrustFile(pem('intA', 'crossA', 'rootB'), 'v.pem').certificates);
  assert.deepEqual(via.map((l) => [l.issuerIndex, l.rootIndex]), [[1, 2], [2, 2], [undefined, 2]]);
});

test('cycles of cross-signs end without a root, and duplicates are recognised', () => {
  const cyc = buildChains(readTrustFile(pem('crossA', 'crossB', 'intA'), 'c.pem').certificates);
  assert.deepEqual(cyc.map((l) => [l.issuerIndex, l.reachesRoot]), [[1, false], [0, false], [0, false]]);
  const dup = readTrustFile(pem('rootA', 'intA', 'rootA', 'intA'), 'd.pem');
  const links = buildChains(dup.certificates);
  assert.deepEqual(links.map((l) => l.duplicateOf), [undefined, undefined, 0, 1]);
  assert.deepEqual(links.map((l) => [l.issuerIndex, l.reachesRoot, l.rootIndex]), [[undefined, true, 0], [0, true, 0], [undefined, true, 0], [0, true, 0]]);
});

test('an issuer with the right name but another key is reported as a name-only match', () => {
  const other = new CertFactory();
  try {
    other.root('fakeA', 'Test Root A'); // same name as root A, another key
    const r = readTrustFile(utf8(f.text('intA.pem') + other.text('fakeA.pem')), 'n.pem');
    assert.deepEqual(buildChains(r.certificates)[0], { index: 0, issuerCandidates: [], nameOnlyIssuers: [1], reachesRoot: false });
  } finally {
    other.cleanup();
  }
});

test('expiry: expired, not yet valid, and days left', () => {
  const [expired, future, leaf] = readTrustFile(pem('expired', 'future', 'leafA'), 'e.pem').certificates as [CertInfo, CertInfo, CertInfo];
  assert.equal(expired.notBefore.toISOString(), '2020-01-01T00:00:00.000Z');
  assert.equal(expired.notAfter.toISOString(), '2021-01-01T00:00:00.000Z');
  const now = new Date('2026-11-23T00:00:00Z');
  const e = expiry(expired, now);
  assert.equal(e.expired, true);
  assert.equal(e.notYetValid, false);
  assert.ok(e.daysLeft < -2100);
  assert.deepEqual(expiry(future, now), { expired: false, notYetValid: true, daysLeft: Math.floor((Date.UTC(2100, 0, 1) - now.getTime()) / 86_400_000) });
  assert.equal(future.notBefore.toISOString(), '2099-01-01T00:00:00.000Z');
  assert.deepEqual(expiry(leaf, new Date('2098-12-31T00:00:00Z')), { expired: false, notYetValid: false, daysLeft: 1 });
  assert.equal(expiry(leaf, new Date('2099-01-01T00:00:01Z')).expired, true);
});

test('a SHA-1-signed certificate is named as such', () => {
  const c = readTrustFile(pem('sha1'), 's.pem').certificates[0]!;
  assert.equal(c.signatureAlgorithm, 'sha1WithRSAEncryption');
  assert.equal(c.signatureHash, 'sha1');
});

test('format is found from the content, not the name', () => {
  const der = f.der('rootA');
  const asDer = readTrustFile(der, 'root.pem');
  assert.equal(asDer.format, 'der');
  assert.equal(asDer.certificates[0]!.subjectCN, 'Test Root A');
  assert.deepEqual(asDer.problems, []);
  assert.equal(readTrustFile(pem('rootA'), 'root.der').format, 'pem');
  assert.equal(readTrustFile(pem('rootA'), 'truststore.jks').format, 'pem');
});

// ---------------------------------------------------------------------------------------------
// PEM: tolerated and malformed forms

test('CRLF line ends and a UTF-8 BOM are fine', () => {
  const text = f.text('intA.pem') + f.text('rootA.pem');
  const r = readTrustFile(utf8('\uFEFF' + text.replace(/\n/g, '\r\n')), 'crlf.pem');
  assert.deepEqual(r.problems, []);
  assert.equal(r.certificates.length, 2);
});

test('text around the blocks: OpenSSL ignores it; trailing text is noted', () => {
  const r = readTrustFile(utf8('subject=CN = Test Root A\nissuer=CN = Test Root A\n' + f.text('rootA.pem') + '\nsome trailing junk\n'), 'j.pem');
  assert.equal(r.certificates.length, 1);
  assert.deepEqual(codes(r), ['pem-trailing-text']);
  const p = problem(r, 'pem-trailing-text');
  assert.equal(p.severity, 'info');
});

test('indented blocks are read, with the reason OpenSSL will not', () => {
  const indented = f.text('rootA.pem').replace(/^/gm, '    ');
  const r = readTrustFile(utf8(f.text('intA.pem') + indented), 'i.pem');
  assert.equal(r.certificates.length, 2);
  const p = problem(r, 'pem-indented');
  assert.match(p.message, /^block 2 is indented: OpenSSL does not see an indented BEGIN line/);
  assert.equal(p.severity, 'error');
  assert.deepEqual(r.certificates.map((c) => c.defects ?? []), [[], ['pem-indented']], 'the indented block is one OpenSSL skips');
  const bodyOnly = f.text('rootA.pem').replace(/^(?!-----)/gm, '  ');
  const b = readTrustFile(utf8(bodyOnly), 'b.pem');
  assert.equal(b.certificates.length, 1);
  assert.match(problem(b, 'pem-indented-base64').message, /^block 1 has indented base64 lines \(line 2\): OpenSSL then fails to load the whole file/);
  assert.deepEqual(b.certificates[0]!.defects, ['pem-indented-base64']);
});

test('a one-line PEM with literal \\n sequences is read and reported', () => {
  const oneLine = (f.text('intA.pem') + f.text('rootA.pem')).trim().replace(/\n/g, '\\n');
  const r = readTrustFile(utf8(`"${oneLine}"`), 'one.pem');
  assert.equal(r.certificates.length, 2);
  assert.deepEqual([...new Set(codes(r))], ['pem-escaped-newlines']);
  assert.match(problem(r, 'pem-escaped-newlines').message, /^block 1 is written with literal \\n sequences instead of line breaks/);
});

test('a block on one line with spaces is reported', () => {
  const body = f.text('rootA.pem').trim().split('\n').slice(1, -1).join('');
  const r = readTrustFile(utf8(`-----BEGIN CERTIFICATE----- ${body} -----END CERTIFICATE-----\n`), 'sp.pem');
  assert.equal(r.certificates.length, 1);
  assert.deepEqual(codes(r), ['pem-one-line']);
});

test('block 2 has no END line', () => {
  const text = f.text('intA.pem') + f.text('rootA.pem').replace('-----END CERTIFICATE-----\n', '') + f.text('rootB.pem');
  const r = readTrustFile(utf8(text), 'noend.pem');
  assert.equal(r.certificates.length, 3);
  const p = problem(r, 'pem-no-end');
  assert.equal(p.message, 'block 2 has no END line: OpenSSL reads on into the next block and loses it');
  assert.ok(text.slice(p.span!.start, p.span!.end).startsWith('-----BEGIN CERTIFICATE-----'));
  assert.ok(!text.slice(p.span!.start, p.span!.end).includes('Test Root B'));
  assert.deepEqual(r.certificates.map((c) => c.block), [1, 2, 3]);
  // The last block without END, at the end of the file.
  const last = readTrustFile(utf8(f.text('rootA.pem').replace('-----END CERTIFICATE-----\n', '')), 'last.pem');
  assert.equal(problem(last, 'pem-no-end').message, 'block 1 has no END line (-----END CERTIFICATE-----)');
  assert.equal(last.certificates.length, 1);
});

test('a block with no BEGIN line, and a file of bare base64', () => {
  const noBegin = f.text('intA.pem') + '\n' + f.text('rootA.pem').replace('-----BEGIN CERTIFICATE-----\n', '');
  const r = readTrustFile(utf8(noBegin), 'nobegin.pem');
  assert.equal(r.certificates.length, 2);
  const p = problem(r, 'pem-no-begin');
  assert.equal(p.message, 'block 2 has no BEGIN line: it decodes to the certificate "Test Root A", which OpenSSL skips');
  assert.deepEqual(r.certificates[1]!.defects, ['pem-no-begin']);
  const bare = f.text('rootA.pem').split('\n').filter((l) => !l.startsWith('-----')).join('\n');
  const b = readTrustFile(utf8(bare), 'bare.crt');
  assert.equal(b.format, 'pem');
  assert.equal(b.certificates[0]!.subjectCN, 'Test Root A');
  assert.match(problem(b, 'pem-no-begin').message, /^the file is base64 without BEGIN\/END lines: it decodes to the certificate "Test Root A"/);
});

test('corrupt base64 is located by line and column', () => {
  const lines = f.text('rootA.pem').split('\n');
  lines[4] = lines[4]!.slice(0, 10) + '!' + lines[4]!.slice(11);
  const text = f.text('intA.pem') + lines.join('\n');
  const r = readTrustFile(utf8(text), 'bad.pem');
  const intLines = f.text('intA.pem').split('\n').length - 1;
  const p = problem(r, 'pem-bad-base64');
  assert.equal(p.message, `block 2: base64 is corrupt at line ${intLines + 5}, column 11 (character '!')`);
  assert.equal(r.certificates.length, 1);
  assert.equal(text.slice(p.span!.start, p.span!.end), lines[4]);
});

test('a truncated block says how much is missing', () => {
  const lines = f.text('rootA.pem').split('\n');
  const cut = [...lines.slice(0, 6), ...lines.slice(-2)].join('\n');
  const r = readTrustFile(utf8(cut), 'cut.pem');
  assert.equal(r.certificates.length, 0);
  assert.match(problem(r, 'pem-truncated').message, /^block 1 is truncated: the certificate needs \d+ bytes, its base64 gives \d+$/);
});

test('private keys, CSRs and TRUSTED CERTIFICATE blocks', () => {
  const key = f.text('leafA.key');
  const csr = f.text('leafA.csr');
  const r = readTrustFile(utf8(key + f.text('leafA.pem') + csr), 'mixed.pem');
  assert.equal(r.certificates.length, 1);
  assert.equal(r.certificates[0]!.block, 2);
  assert.match(problem(r, 'pem-private-key').message, /^block 1 is a private key \(PRIVATE KEY\), skipped/);
  assert.equal(problem(r, 'pem-csr').severity, 'warning');
  const only = readTrustFile(utf8(key), 'root.crt');
  assert.equal(only.certificates.length, 0);
  assert.equal(problem(only, 'private-key-only').message, 'root.crt holds only a private key (PRIVATE KEY), no certificate');
  assert.equal(only.description, 'a private key, no certificate');
  f.openssl('x509', '-in', 'rootA.pem', '-trustout', '-addtrust', 'serverAuth', '-out', 'trusted.pem');
  const trusted = readTrustFile(f.file('trusted.pem'), 'trusted.pem');
  assert.match(f.text('trusted.pem'), /BEGIN TRUSTED CERTIFICATE/);
  assert.equal(trusted.certificates[0]!.subjectCN, 'Test Root A');
  assert.equal(problem(trusted, 'pem-trusted-certificate').severity, 'info');
  // A label that lies: a key inside a CERTIFICATE block.
  const keyBody = key.split('\n').filter((l) => !l.startsWith('-----')).join('\n');
  const lying = readTrustFile(utf8(`-----BEGIN CERTIFICATE-----\n${keyBody}\n-----END CERTIFICATE-----\n`), 'l.pem');
  assert.equal(problem(lying, 'pem-not-a-certificate').message, 'block 1 is labelled CERTIFICATE but holds an RSA private key (PKCS#8)');
});

test('a PKCS#7 bundle in PEM is explained, not read', () => {
  f.openssl('crl2pkcs7', '-nocrl', '-certfile', 'rootA.pem', '-certfile', 'intA.pem', '-out', 'bundle.p7b');
  const r = readTrustFile(f.file('bundle.p7b'), 'bundle.p7b');
  assert.equal(r.certificates.length, 0);
  assert.match(problem(r, 'pem-pkcs7').message, /^block 1 is a PKCS#7 bundle of 2 certificates: OpenSSL does not read it/);
});

test('other PEM defects: labels, markers, stray lines, other block types', () => {
  const cert = f.text('rootA.pem');
  const body = cert.split('\n').slice(1, -2).join('\n');
  const mismatch = read2(`-----BEGIN CERTIFICATE-----\n${body}\n-----END X509 CRL-----\n`);
  assert.deepEqual(codes(mismatch), ['pem-end-mismatch']);
  assert.equal(mismatch.problems[0]!.message, 'block 1 begins with BEGIN CERTIFICATE but ends with END X509 CRL');
  assert.equal(mismatch.certificates[0]!.defects?.[0], 'pem-end-mismatch');
  assert.deepEqual(codes(read2(cert + 'not base64 here\n-----END CERTIFICATE-----\n')), ['pem-stray-end']);
  const dashes = read2(cert.replace('-----BEGIN CERTIFICATE-----', '----BEGIN CERTIFICATE-----'));
  assert.equal(dashes.problems[0]!.message, 'line 1: the BEGIN line needs exactly five dashes on each side');
  assert.equal(dashes.certificates.length, 1);
  assert.deepEqual(codes(read2('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n')), ['pem-empty-block']);
  const yaml = read2('ca: ' + cert);
  assert.equal(yaml.problems[0]!.message, 'block 1: the BEGIN line starts with other text ("ca:"): OpenSSL skips the block');
  f.openssl('pkey', '-in', 'leafA.key', '-pubout', '-out', 'leafA.pub');
  f.openssl('ecparam', '-name', 'prime256v1', '-out', 'params.pem');
  const others = read2(f.text('leafA.pub') + f.text('params.pem') + '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n' + cert);
  assert.deepEqual(codes(others), ['pem-public-key', 'pem-other-block', 'pem-crl', 'pem-unknown-block']);
  assert.equal(others.certificates[0]!.block, 5);
  const none = read2(f.text('leafA.pub'));
  assert.deepEqual(codes(none), ['pem-public-key', 'no-certificate']);
  assert.equal(none.problems[1]!.message, 'x.pem holds no certificate (only PUBLIC KEY)');
  // Bytes after the certificate, in PEM and in DER.
  const der = f.der('rootA');
  const padded = Buffer.concat([der, Buffer.from([0, 0, 0])]);
  assert.deepEqual(codes(read2(`-----BEGIN CERTIFICATE-----\n${padded.toString('base64')}\n-----END CERTIFICATE-----\n`)), ['pem-trailing-bytes']);
  assert.equal(readTrustFile(padded, 'x.der').problems[0]!.message, 'x.der has 3 bytes after its DER certificate');
  // UTF-16 and a DER PKCS#7.
  const utf16 = readTrustFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cert, 'utf16le')]), 'u.pem');
  assert.deepEqual(codes(utf16), ['utf16-text']);
  assert.equal(utf16.certificates.length, 1);
  f.openssl('crl2pkcs7', '-nocrl', '-certfile', 'rootA.pem', '-outform', 'DER', '-out', 'bundle.p7b.der');
  const p7 = readTrustFile(f.file('bundle.p7b.der'), 'bundle.p7b');
  assert.equal(p7.problems[0]!.message, 'bundle.p7b is a PKCS#7 bundle of 1 certificate: convert it with `openssl pkcs7 -inform DER -print_certs`');
  // Problems are capped.
  const many = read2('-----END CERTIFICATE-----\n'.repeat(300));
  assert.equal(many.problems.length, 201); // 300 stray END lines + no-certificate, 200 listed
  assert.equal(many.problems[200]!.message, '101 more problems not listed');
});

// ---------------------------------------------------------------------------------------------
// Not certificates at all

test('not a certificate: each kind is named precisely', () => {
  const html = '<!DOCTYPE html>\n<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1></body></html>\n';
  const cases: [string, Uint8Array, string, RegExp][] = [
    ['html', utf8(html), 'html-page', /^root\.crt is an HTML page titled "301 Moved Permanently" \(a download that saved a web page instead of the certificate\)$/],
    ['json', utf8('{"certificate": "abc", "expires": 1}'), 'json', /^root\.crt is JSON: an object with keys "certificate", "expires", not a certificate$/],
    ['empty', new Uint8Array(0), 'empty', /^root\.crt is empty$/],
    ['whitespace', utf8(' \n\n'), 'empty', /^root\.crt is empty \(only whitespace\)$/],
    ['text', utf8('Download the certificate from the console.\n'), 'plain-text', /^root\.crt is plain text with no certificate, starting "Download the certificate from the console\."/],
    ['lfs', utf8('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1289\n'), 'git-lfs-pointer', /^root\.crt is a Git LFS pointer \(object sha256:4d7a2146…, 1289 bytes\) instead of the certificate: run `git lfs pull`$/],
    ['xml', utf8('<?xml version="1.0"?>\n<Error><Code>AccessDenied</Code></Error>'), 'xml', /XML document \(root element <Error>\)/],
    ['ssh', utf8('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG example\n'), 'ssh-key', /SSH public key/],
    ['gzip', new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'archive', /gzip/],
  ];
  for (const [label, bytes, code, message] of cases) {
    const r = readTrustFile(bytes, 'root.crt');
    assert.equal(r.format, 'unknown', label);
    assert.equal(r.certificates.length, 0, label);
    assert.deepEqual(codes(r), [code], label);
    assert.match(r.problems[0]!.message, message, label);
  }
});

test('random bytes and truncated DER: precise, never a throw', () => {
  let seed = 42;
  const random = new Uint8Array(512).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
  random[0] = 0x9c;
  const r = readTrustFile(random, 'root.crt');
  assert.deepEqual(codes(r), ['binary-unknown']);
  assert.match(r.problems[0]!.message, /^root\.crt is binary data of an unknown type \(512 bytes, starting 9c /);
  const der = f.der('rootA');
  const t = readTrustFile(der.subarray(0, 300), 'root.der');
  assert.equal(t.format, 'der');
  assert.deepEqual(codes(t), ['der-truncated']);
  assert.equal(t.problems[0]!.message, `root.der is truncated DER: it says ${der.length} bytes, the file has 300`);
  f.openssl('pkey', '-in', 'leafA.key', '-outform', 'DER', '-out', 'leafA.key.der');
  const key = readTrustFile(f.file('leafA.key.der'), 'root.der');
  assert.deepEqual(codes(key), ['private-key-only']);
  assert.equal(key.problems[0]!.message, 'root.der is an RSA private key (PKCS#1), not a certificate');
});

test('hostile input: mutated files never throw and stay bounded', () => {
  const inputs = [f.der('rootA'), pem('intA', 'rootA')];
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const start = Date.now();
  for (let round = 0; round < 400; round++) {
    const base = inputs[round % inputs.length]!;
    const m = new Uint8Array(base);
    for (let k = 0; k < 1 + rnd(4); k++) m[rnd(m.length)] = rnd(256);
    const cut = round % 3 === 0 ? m.subarray(0, rnd(m.length)) : m;
    const r = readTrustFile(cut, 'fuzz');
    assert.ok(Array.isArray(r.problems));
    buildChains(r.certificates);
  }
  assert.ok(Date.now() - start < 20_000);
  // Deeply nested indefinite lengths and absurd length fields.
  const nested = new Uint8Array(4000).fill(0x30).map((v, i) => (i % 2 ? 0x80 : v));
  assert.equal(readTrustFile(nested, 'n').problems.length > 0, true);
  assert.equal(readTrustFile(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30]), 'big').problems[0]!.code, 'der-truncated');
});

test(`at most ${MAX_CERTIFICATES} certificates are read`, () => {
  const one = f.text('ecRoot.pem');
  const r = readTrustFile(utf8(one.repeat(MAX_CERTIFICATES + 3)), 'many.pem');
  assert.equal(r.certificates.length, MAX_CERTIFICATES);
  assert.equal(problem(r, 'too-many-certificates').severity, 'warning');
});

// ---------------------------------------------------------------------------------------------
// PKCS#12

test('PKCS#12 with a password: EC certificates read once the password is given', () => {
  f.openssl('pkcs12', '-export', '-in', 'ecLeaf.pem', '-inkey', 'ecLeaf.key', '-certfile', 'ecInt.pem', '-passout', 'pass:secret', '-out', 'pw.p12');
  const bytes = f.file('pw.p12');
  const ok = readTrustFile(bytes, 'client.p12', { password: 'secret' });
  assert.equal(ok.format, 'pkcs12');
  assert.deepEqual(ok.certificates.map((c) => [c.subjectCN, c.keyDescription, c.role]), [
    ['ec.example.com', 'EC P-256', 'leaf'],
    ['Test EC Intermediate', 'EC P-384', 'intermediate'],
  ]);
  assert.deepEqual(codes(ok), ['pkcs12-private-key']);
  const none = readTrustFile(bytes, 'client.p12');
  assert.equal(none.certificates.length, 0);
  assert.match(problem(none, 'pkcs12-password-required').message, /^client\.p12: a part of the PKCS#12 is encrypted with a password; without it no certificate is read$/);
  const wrong = readTrustFile(bytes, 'client.p12', { password: 'nope' });
  assert.equal(wrong.certificates.length, 0);
  assert.match(problem(wrong, 'pkcs12-wrong-password').message, /^client\.p12: wrong password/);
});

test('PKCS#12 without a password, cert-only, legacy 3DES, and no MAC', () => {
  f.openssl('pkcs12', '-export', '-in', 'ecLeaf.pem', '-inkey', 'ecLeaf.key', '-certfile', 'ecRoot.pem', '-passout', 'pass:', '-out', 'nopw.p12');
  const nopw = readTrustFile(f.file('nopw.p12'), 'nopw.p12');
  assert.deepEqual(nopw.certificates.map((c) => c.keyDescription), ['EC P-256', 'EC P-384']);
  assert.deepEqual(codes(nopw), ['pkcs12-private-key']);

  f.write('two.pem', f.text('ecRoot.pem') + f.text('rootA.pem'));
  f.openssl('pkcs12', '-export', '-nokeys', '-in', 'two.pem', '-passout', 'pass:secret', '-certpbe', 'NONE', '-out', 'clear.p12');
  const clear = readTrustFile(f.file('clear.p12'), 'truststore.p12');
  assert.deepEqual(clear.certificates.map((c) => [c.subjectCN, c.role]), [['Test EC Root', 'root'], ['Test Root A', 'root']]);
  assert.deepEqual(codes(clear), ['pkcs12-integrity-unchecked']);
  assert.deepEqual(codes(readTrustFile(f.file('clear.p12'), 'truststore.p12', { password: 'secret' })), []);

  f.openssl('pkcs12', '-export', '-in', 'ecLeaf.pem', '-inkey', 'ecLeaf.key', '-passout', 'pass:secret', '-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', 'legacy.p12');
  const legacy = readTrustFile(f.file('legacy.p12'), 'legacy.p12', { password: 'secret' });
  assert.deepEqual(legacy.certificates.map((c) => c.subjectCN), ['ec.example.com']);

  f.openssl('pkcs12', '-export', '-nokeys', '-in', 'two.pem', '-passout', 'pass:', '-nomac', '-certpbe', 'NONE', '-out', 'nomac.p12');
  const nomac = readTrustFile(f.file('nomac.p12'), 'nomac.p12');
  assert.equal(nomac.certificates.length, 2);
  assert.deepEqual(codes(nomac), []);
});

test('PKCS#12 malformed: truncated and corrupted never throw', () => {
  const bytes = f.file('pw.p12');
  const cut = readTrustFile(bytes.subarray(0, bytes.length - 40), 'cut.p12', { password: 'secret' });
  assert.equal(cut.certificates.length, 0);
  assert.deepEqual(codes(cut), ['der-truncated']);
  const flipped = new Uint8Array(bytes);
  flipped[flipped.length - 30] ^= 0xff; // inside the MAC
  const bad = readTrustFile(flipped, 'bad.p12', { password: 'secret' });
  assert.equal(problem(bad, 'pkcs12-wrong-password').severity, 'error');
});

test('Java PKCS12 truststores (keytool): modern cacerts form and a password-protected one', { skip: !haveKeytool && 'keytool not installed' }, () => {
  f.run('keytool', ['-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE', '-J-Dkeystore.pkcs12.macAlgorithm=NONE', '-importcert', '-noprompt', '-storetype', 'PKCS12', '-keystore', 'cacerts', '-storepass', 'changeit', '-alias', 'test-ec-root', '-file', 'ecRoot.pem']);
  const cacerts = readTrustFile(f.file('cacerts'), 'cacerts');
  assert.equal(cacerts.format, 'pkcs12');
  assert.deepEqual(cacerts.certificates.map((c) => [c.alias, c.keyDescription, c.role]), [['test-ec-root', 'EC P-384', 'root']]);
  assert.deepEqual(codes(cacerts), []);
  f.run('keytool', ['-importcert', '-noprompt', '-storetype', 'PKCS12', '-keystore', 'ts.p12', '-storepass', 'changeit', '-alias', 'roota', '-file', 'rootA.pem']);
  const ts = readTrustFile(f.file('ts.p12'), 'ts.p12');
  assert.deepEqual(ts.certificates.map((c) => c.alias), ['roota']);
  assert.deepEqual(codes(ts), ['pkcs12-default-password']);
  f.run('keytool', ['-importcert', '-noprompt', '-storetype', 'PKCS12', '-keystore', 'ts2.p12', '-storepass', 's3cret!', '-alias', 'roota', '-file', 'rootA.pem']);
  assert.deepEqual(codes(readTrustFile(f.file('ts2.p12'), 'ts2.p12')), ['pkcs12-password-required']);
  assert.deepEqual(readTrustFile(f.file('ts2.p12'), 'ts2.p12', { password: 's3cret!' }).certificates.map((c) => c.alias), ['roota']);
});

// ---------------------------------------------------------------------------------------------
// JKS / JCEKS

test('JKS: trusted certificates need no password; key entries are skipped', { skip: !haveKeytool && 'keytool not installed' }, () => {
  for (const [alias, file] of [['test-root-a', 'rootA.pem'], ['test-ec-root', 'ecRoot.pem'], ['ms-xsign', path.join(CERTS, 'microsoft-tls-rsa-root-g2--xsign-digicert-global-root-g2.pem')]] as const) {
    f.run('keytool', ['-importcert', '-noprompt', '-storetype', 'JKS', '-keystore', 'trust.jks', '-storepass', 'changeit', '-alias', alias, '-file', file]);
  }
  f.run('keytool', ['-genkeypair', '-storetype', 'JKS', '-keystore', 'trust.jks', '-storepass', 'changeit', '-keypass', 'changeit', '-alias', 'client', '-keyalg', 'EC', '-dname', 'CN=client']);
  const r = readTrustFile(f.file('trust.jks'), 'trust.jks');
  assert.equal(r.format, 'jks');
  assert.deepEqual(r.certificates.map((c) => [c.alias, c.role, c.keyDescription]).sort(), [
    ['ms-xsign', 'intermediate', 'RSA 4096'],
    ['test-ec-root', 'root', 'EC P-384'],
    ['test-root-a', 'root', 'RSA 2048'],
  ]);
  assert.deepEqual(codes(r).sort(), ['jks-integrity-unchecked', 'jks-private-key']);
  assert.equal(problem(r, 'jks-private-key').message, 'trust.jks: 1 private key entry skipped (a trust store needs only trusted certificates)');

  f.run('keytool', ['-importcert', '-noprompt', '-storetype', 'JCEKS', '-keystore', 'trust.jceks', '-storepass', 'changeit', '-alias', 'test-root-a', '-file', 'rootA.pem']);
  const j = readTrustFile(f.file('trust.jceks'), 'trust.jceks');
  assert.equal(j.format, 'jks');
  assert.deepEqual(j.certificates.map((c) => c.alias), ['test-root-a']);
  assert.match(j.description, /^a JCEKS keystore with 1 trusted certificate$/);
});

/** A JKS (version 2) built by hand, so the format is tested even where keytool is missing. */
function jks(entries: ({ alias: string; der: Uint8Array } | { alias: string; key: Uint8Array; chain: Uint8Array[] })[]): Buffer {
  const parts: Uint8Array[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const utf = (s: string) => Buffer.concat([Buffer.from([s.length >> 8, s.length & 0xff]), Buffer.from(s)]);
  const cert = (der: Uint8Array) => Buffer.concat([utf('X.509'), u32(der.length), der]);
  parts.push(u32(0xfeedfeed), u32(2), u32(entries.length));
  for (const e of entries) {
    const head = Buffer.concat([utf(e.alias), Buffer.alloc(8)]);
    if ('der' in e) parts.push(u32(2), head, cert(e.der));
    else parts.push(u32(1), head, u32(e.key.length), e.key, u32(e.chain.length), ...e.chain.map(cert));
  }
  parts.push(Buffer.alloc(20)); // the keyed SHA-1 digest (not checked)
  return Buffer.concat(parts);
}

test('JKS built by hand: trusted entries read, key entries skipped', () => {
  const bytes = jks([{ alias: 'root-a', der: f.der('rootA') }, { alias: 'client', key: new Uint8Array(64).fill(7), chain: [f.der('leafA'), f.der('intA')] }, { alias: 'ec-root', der: f.der('ecRoot') }]);
  const r = readTrustFile(bytes, 'hand.jks');
  assert.equal(r.format, 'jks');
  assert.deepEqual(r.certificates.map((c) => [c.alias, c.subjectCN]), [['root-a', 'Test Root A'], ['ec-root', 'Test EC Root']]);
  assert.deepEqual(codes(r), ['jks-integrity-unchecked', 'jks-private-key']);
});

test('JKS with corrupted lengths: precise problems, no throw', () => {
  const bytes = jks([{ alias: 'root-a', der: f.der('rootA') }, { alias: 'client', key: new Uint8Array(16), chain: [f.der('intA')] }]);
  const count = new Uint8Array(bytes);
  count.set([0x7f, 0xff, 0xff, 0xff], 8);
  const c = readTrustFile(count, 'trust.jks');
  assert.deepEqual(codes(c), ['jks-malformed']);
  assert.match(c.problems[0]!.message, /^trust\.jks: malformed JKS keystore: says 2147483647 entries, more than \d+ bytes can hold$/);
  // The first entry's certificate length: after magic, version, count, tag, alias "root-a", timestamp, type "X.509".
  const at = 12 + 4 + (2 + 6) + 8 + (2 + 5);
  const big = new Uint8Array(bytes);
  big.set([0x7f, 0xff, 0xff, 0xf0], at);
  const b = readTrustFile(big, 'trust.jks');
  assert.deepEqual(codes(b), ['jks-malformed']);
  assert.match(b.problems[0]!.message, /^trust\.jks: malformed JKS keystore at entry 1: certificate of entry 1 \("root-a"\) at byte 43 needs 2147483632 bytes, \d+ remain$/);
  // The key entry's chain count.
  const chainAt = bytes.length - 20 - (2 + 5 + 4 + f.der('intA').length) - 4;
  const chain = new Uint8Array(bytes);
  chain.set([0, 0x10, 0, 0], chainAt);
  assert.match(readTrustFile(chain, 'trust.jks').problems.find((p) => p.code === 'jks-malformed')!.message, /entry 2 \("client"\) says its chain has 1048576 certificates/);
  assert.ok(readTrustFile(chain, 'trust.jks').problems.some((p) => p.code === 'jks-private-key'));
  // Cut in half: the first certificate survives or not, but never a throw.
  const cut = readTrustFile(bytes.subarray(0, bytes.length / 2), 'trust.jks');
  assert.ok(codes(cut).includes('jks-malformed'));
  // An unknown version and an unknown tag.
  const v = new Uint8Array(bytes);
  v[7] = 9;
  assert.equal(readTrustFile(v, 'trust.jks').problems[0]!.message, 'trust.jks: malformed JKS keystore: unknown JKS version 9');
  const t = new Uint8Array(bytes);
  t[15] = 7;
  assert.equal(readTrustFile(t, 'trust.jks').problems[0]!.message, 'trust.jks: malformed JKS keystore at entry 1: entry 1 has unknown tag 7');
});
