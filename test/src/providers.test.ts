/**
 * The provider knowledge base: embedded roots against their fingerprints (computed here with
 * node:crypto, and as recorded in test/fixtures/providers/shared-index.json, a trimmed copy of the
 * research index), host identification, date-dependent root sets, retirements.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  acceptedRoots,
  AZURE_CHINA_ROOT_SWITCH,
  EMBEDDED_ROOTS,
  embeddedRoot,
  FP,
  identifyProvider,
  isRetired,
  knownCa,
  knownCaFingerprints,
  normalizeSha256,
  PROVIDERS,
  providerById,
  rdsG1Roots,
  rdsRegionsEmbedded,
  RETIRED_CAS,
  RETIRED_FILE_NAMES,
  retiredFileName,
} from '../../server/out/engine/providers';

const ROOT = path.resolve(__dirname, '../..');
const ROOTS_DIR = path.join(ROOT, 'server/src/engine/providers/roots');
const NOW = '2026-11-23';

interface IndexCert {
  file: string;
  subjectCN: string;
  issuerCN: string;
  role: 'root' | 'intermediate';
  notAfter: string;
  sha256: string;
  providers: string[];
}
interface SharedIndex {
  certificates: IndexCert[];
  globalBundle_2025_09: { fileSha256: string; g1RegionList: string[]; certs: { subjectCN: string; sha256: string; notAfter: string }[] };
  legacyRdsCas: { subjectCN: string; role: string; notAfter: string; sha256: string }[];
}
const INDEX: SharedIndex = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/providers/shared-index.json'), 'utf8'));

function certsInPemFile(file: string): X509Certificate[] {
  const text = fs.readFileSync(path.join(ROOTS_DIR, file), 'latin1');
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
}

// ---------------------------------------------------------------------------------------------------
// Embedded roots

test('rootsData.ts is what scripts/gen-roots.mjs makes of providers/roots/*.pem', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-roots.mjs'), '--check'], { stdio: 'pipe' });
});

test('every embedded root: fingerprint, PEM round trip, self-signed CA, valid on 2026-11-23', () => {
  const fromFiles = fs
    .readdirSync(ROOTS_DIR)
    .filter((f) => f.endsWith('.pem'))
    .sort()
    .flatMap((f) => certsInPemFile(f));
  assert.equal(EMBEDDED_ROOTS.length, fromFiles.length);
  const when = new Date(`${NOW}T00:00:00Z`);
  for (const [i, e] of EMBEDDED_ROOTS.entries()) {
    const ref = embeddedRoot(e.sha256)!;
    const cert = new X509Certificate(ref.pem());
    assert.equal(cert.fingerprint256, e.sha256, e.subjectCN);
    assert.equal(fromFiles[i]!.fingerprint256, e.sha256, e.subjectCN);
    assert.ok(cert.ca, `${e.subjectCN}: CA`);
    assert.ok(cert.checkIssued(cert) && cert.verify(cert.publicKey), `${e.subjectCN}: self-signed`);
    assert.ok(new Date(cert.validFrom) <= when && when <= new Date(cert.validTo), `${e.subjectCN}: valid on ${NOW}`);
    assert.equal(new Date(cert.validTo).toISOString().replace('.000Z', 'Z'), e.notAfter);
    assert.match(ref.pem(), /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
  }
});

test('embedded fingerprints equal the research index (index.json and the 2025-09 global bundle)', () => {
  const byFile = new Map(INDEX.certificates.map((c) => [c.file, c]));
  for (const e of EMBEDDED_ROOTS.filter((r) => !r.file.startsWith('aws-rds-global-bundle'))) {
    const c = byFile.get(e.file);
    assert.ok(c, `${e.file} is in index.json`);
    assert.equal(e.sha256, c.sha256, e.file);
    assert.equal(e.subjectCN, c.subjectCN);
    assert.equal(c.role, 'root');
  }
  const bundle = INDEX.globalBundle_2025_09;
  const g1 = rdsG1Roots();
  assert.equal(g1.length, bundle.certs.length);
  assert.deepEqual(new Set(g1.map((r) => r.sha256)), new Set(bundle.certs.map((c) => c.sha256)));
  for (const c of bundle.certs) assert.equal(embeddedRoot(c.sha256)!.name, c.subjectCN);
  assert.deepEqual(rdsRegionsEmbedded(), [...bundle.g1RegionList].sort());
  // The per-region files of index.json are in the bundle.
  for (const c of INDEX.certificates.filter((x) => / G1$/.test(x.subjectCN))) assert.equal(embeddedRoot(c.sha256)?.name, c.subjectCN);
});

test('the data names fingerprints that match the embedded certificates', () => {
  for (const [key, sha] of Object.entries(FP)) {
    if (key === 'baltimore' || key === 'isrgRootX1') continue; // identified by fingerprint only
    assert.ok(embeddedRoot(sha), `${key} embedded`);
  }
  for (const p of PROVIDERS) {
    for (const rule of p.acceptedRoots) assert.equal(embeddedRoot(rule.sha256)?.name, rule.name, `${p.id}: ${rule.name}`);
  }
  // Retired CAs by fingerprint agree with index.json where it holds them.
  const bySha = new Map(INDEX.certificates.map((c) => [c.sha256, c]));
  for (const r of RETIRED_CAS) {
    const c = bySha.get(r.sha256);
    if (c) assert.equal(c.role, r.role, r.name);
  }
});

test('the bundle is G1 only, three roots per region, no region missing a type', () => {
  const byRegion = new Map<string, string[]>();
  for (const r of rdsG1Roots()) byRegion.set(r.region!, [...(byRegion.get(r.region!) ?? []), r.caId!]);
  assert.equal(byRegion.size, 36);
  for (const [region, ids] of byRegion) assert.deepEqual(ids.sort(), ['rds-ca-ecc384-g1', 'rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1'], region);
});

// ---------------------------------------------------------------------------------------------------
// Known and retired CAs

test('every CA of index.json is known, with the expected status on 2026-11-23', () => {
  for (const c of INDEX.certificates) {
    const k = knownCa(c.sha256, { now: NOW });
    assert.ok(k, `${c.file} known`);
    assert.equal(k.role, c.role, c.file);
    assert.equal(k.notAfter, c.notAfter.slice(0, 10), c.file);
    const expired = c.notAfter.slice(0, 10) < NOW;
    if (expired) assert.equal(k.status, 'retired', c.file);
    else if (c.role === 'intermediate') assert.equal(k.status, 'intermediate', c.file);
    else assert.ok(k.status === 'accepted' || k.status === 'other-root', c.file);
  }
  for (const c of INDEX.legacyRdsCas) assert.equal(knownCa(c.sha256, { now: NOW })?.status, 'retired', c.subjectCN);
  const status = (sha: string) => knownCa(sha, { now: NOW })?.status;
  assert.equal(status(FP.digicertGlobalRootG2), 'accepted');
  assert.equal(status(FP.microsoftRsaRoot2017), 'accepted');
  assert.equal(status(FP.digicertGlobalRootCa), 'accepted'); // Azure read replicas
  assert.equal(status(FP.amazonRootCa1), 'accepted');
  assert.equal(status(FP.supabaseRoot2021), 'accepted');
  assert.equal(status(FP.baltimore), 'retired');
  assert.equal(status(FP.isrgRootX1), 'other-root');
  assert.equal(status('6A:17:05:83:DB:58:41:51:E1:C4:54:EE:CA:2A:64:CC:5D:8E:48:4A:5B:D1:15:6E:72:0B:44:58:65:4E:E9:E5'), 'other-root'); // MS TLS RSA Root G2 self-signed
  // Azure's intermediates are named as such (trusting one alone is pinning).
  const ocsp = knownCa('ea7a25255d111fc3ce4cb8fabe3adf9c27bbe6db203f955066bab4c5a71f3d08', { now: NOW })!;
  assert.deepEqual([ocsp.name, ocsp.status, ocsp.providers], ['Microsoft TLS G2 RSA CA OCSP 02', 'intermediate', ['azure-postgresql-flexible', 'azure-mysql-flexible']]);
  const xsign03 = 'sha256 Fingerprint=9D:1B:C5:D2:DD:75:BF:8B:64:F3:5E:7F:91:9E:25:46:C2:25:BE:88:8C:1A:8C:BE:82:C0:E9:57:92:34:A7:ED';
  assert.equal(knownCa(xsign03, { now: '2026-06-01' })?.status, 'intermediate');
  assert.equal(knownCa(xsign03, { now: NOW })?.status, 'retired');
  assert.equal(knownCa('00'.repeat(32)), undefined);
  assert.ok(knownCaFingerprints().length >= INDEX.certificates.length + 108);
});

test('isRetired: expiry dates, and Azure China\'s root only for Azure China after the switch', () => {
  const rds2019 = INDEX.certificates.find((c) => c.subjectCN === 'Amazon RDS Root 2019 CA')!.sha256;
  assert.equal(isRetired(rds2019, { now: '2024-08-01' }), false);
  assert.equal(isRetired(rds2019, { now: NOW }), true);
  assert.equal(isRetired(FP.baltimore, { now: NOW }), true);
  assert.equal(isRetired(FP.digicertGlobalRootG2, { now: NOW }), false);
  assert.equal(isRetired(FP.digicertGlobalRootCa, { now: NOW }), false);
  assert.equal(isRetired(FP.digicertGlobalRootCa, { now: NOW, provider: 'azure-postgresql-flexible', cloud: 'public' }), false);
  assert.equal(isRetired(FP.digicertGlobalRootCa, { now: NOW, provider: 'azure-postgresql-flexible', cloud: 'china' }), true);
  assert.equal(isRetired(FP.digicertGlobalRootCa, { now: '2026-01-01', provider: 'azure-postgresql-flexible', cloud: 'china' }), false);
  assert.equal(isRetired('not a fingerprint'), false);
});

test('retired well-known file names and their replacements', () => {
  assert.deepEqual(RETIRED_FILE_NAMES.map((f) => f.fileName), ['BaltimoreCyberTrustRoot.crt.pem', 'rds-combined-ca-bundle.pem', 'rds-ca-2019-root.pem', 'rds-ca-2015-root.pem']);
  assert.equal(retiredFileName('/etc/ssl/BaltimoreCyberTrustRoot.crt.pem')?.replacementFiles[0], 'DigiCertGlobalRootG2.crt.pem');
  assert.equal(retiredFileName('C:\\certs\\RDS-COMBINED-CA-BUNDLE.PEM')?.providers[0], 'aws-rds');
  assert.equal(retiredFileName('rds-ca-2015-root.pem')?.retired, '2020-03-05');
  assert.equal(retiredFileName('global-bundle.pem'), undefined);
});

test('normalizeSha256 accepts the usual spellings', () => {
  const want = FP.supabaseRoot2021;
  assert.equal(normalizeSha256(want.toLowerCase()), want);
  assert.equal(normalizeSha256(want.replace(/:/g, '')), want);
  assert.equal(normalizeSha256(`sha256 Fingerprint=${want}`), want);
  assert.equal(normalizeSha256('AB:CD'), undefined);
});

// ---------------------------------------------------------------------------------------------------
// Hosts

test('identifyProvider', () => {
  const rows: [string, string | undefined, string?, string?, string?][] = [
    // host, provider, cloud, region, kind
    ['mydb.postgres.database.azure.com', 'azure-postgresql-flexible', 'public', undefined, 'server'],
    ['MyDB.Postgres.Database.Azure.com.', 'azure-postgresql-flexible', 'public'],
    ['mydb.privatelink.postgres.database.azure.com', 'azure-postgresql-flexible', 'public'],
    ['mydb.postgres.database.usgovcloudapi.net', 'azure-postgresql-flexible', 'government'],
    ['mydb.postgres.database.chinacloudapi.cn', 'azure-postgresql-flexible', 'china'],
    ['mydb.mysql.database.azure.com', 'azure-mysql-flexible', 'public'],
    ['mydb.mysql.database.chinacloudapi.cn', 'azure-mysql-flexible', 'china'],
    ['mydb.abc123xyz.eu-west-1.rds.amazonaws.com', 'aws-rds', 'public', 'eu-west-1', 'instance'],
    ['mycluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com', 'aws-rds', 'public', 'us-east-1', 'cluster'],
    ['mycluster.cluster-ro-abc123xyz.ap-southeast-7.rds.amazonaws.com', 'aws-rds', 'public', 'ap-southeast-7', 'cluster'],
    ['mydb.abc123xyz.cn-north-1.rds.amazonaws.com.cn', 'aws-rds', 'china', 'cn-north-1'],
    ['mydb.abc123xyz.us-gov-west-1.rds.amazonaws.com', 'aws-rds', 'government', 'us-gov-west-1'],
    ['myproxy.proxy-abc123xyz.us-west-2.rds.amazonaws.com', 'aws-rds-proxy', 'public', 'us-west-2', 'proxy'],
    ['ro.endpoint.proxy-abc123xyz.us-west-2.rds.amazonaws.com', 'aws-rds-proxy', 'public', 'us-west-2', 'proxy'],
    ['myproxy.proxy-abc123xyz.cn-northwest-1.rds.amazonaws.com.cn', 'aws-rds-proxy', 'china', 'cn-northwest-1'],
    ['db.abcdefghijklmnopqrst.supabase.co', 'supabase', 'public', undefined, 'direct'],
    ['aws-0-eu-central-1.pooler.supabase.com', 'supabase', 'public', 'eu-central-1', 'pooler'],
    ['ep-cool-name-123456.us-east-2.aws.neon.tech', 'neon', 'public', 'us-east-2'],
    // Not a provider, or a lookalike.
    ['evil-rds.amazonaws.com.attacker.com', undefined],
    ['mydb.abc.eu-west-1.rds.amazonaws.com.attacker.com', undefined],
    ['mydb.abc.eu-west-1.rds.amazonaws.com.cn', undefined], // .com.cn serves China regions only
    ['mydb.abc.cn-north-1.rds.amazonaws.com', undefined],
    ['rds.amazonaws.com', undefined],
    ['abc.eu-west-1.rds.amazonaws.com', undefined], // an instance host has an id and a hash
    ['postgres.database.azure.com', undefined],
    ['mydb.postgres.database.azure.com.evil.io', undefined],
    ['mydb-postgres.database.azure.com', undefined],
    ['supabase.co.evil.com', undefined],
    ['db.example.com', undefined],
    ['10.0.0.5', undefined],
    ['localhost', undefined],
    ['', undefined],
  ];
  for (const [host, provider, cloud, region, kind] of rows) {
    const m = identifyProvider(host);
    assert.equal(m?.provider.id, provider, host);
    if (!m) continue;
    assert.equal(m.cloud, cloud, `${host}: cloud`);
    assert.equal(m.region, region, `${host}: region`);
    if (kind) assert.equal(m.kind, kind, `${host}: kind`);
  }
});

test('every provider says where it comes from, and Cloud SQL has no host pattern', () => {
  for (const p of PROVIDERS) {
    assert.ok(p.sources.length > 0, p.id);
    assert.ok(p.publiclyTrustedSource.length > 0, p.id);
    for (const e of p.timeline) assert.match(e.date, /^\d{4}-\d{2}-\d{2}$/, `${p.id}: ${e.what}`);
  }
  const sql = providerById('gcp-cloudsql')!;
  assert.deepEqual([sql.hostPatterns.length, sql.pinningNormal, sql.publiclyTrusted], [0, true, false]);
  assert.ok(sql.hostNote);
  assert.equal(providerById('aws-rds')!.publiclyTrusted, false);
  assert.match(providerById('aws-rds')!.publiclyTrustedSource, /^UNVERIFIED/);
  assert.equal(providerById('aws-rds-proxy')!.publiclyTrusted, true);
  assert.equal(providerById('azure-postgresql-flexible')!.publiclyTrusted, true);
});

// ---------------------------------------------------------------------------------------------------
// Accepted roots

const names = (roots: { name: string }[] | undefined) => roots?.map((r) => r.name).sort();

test('Azure: G2 + Microsoft RSA 2017; read replicas add DigiCert Global Root CA', () => {
  assert.deepEqual(names(acceptedRoots('azure-postgresql-flexible', { now: NOW })), ['DigiCert Global Root G2', 'Microsoft RSA Root Certificate Authority 2017']);
  assert.deepEqual(names(acceptedRoots('azure-mysql-flexible', { now: NOW, cloud: 'government' })), ['DigiCert Global Root G2', 'Microsoft RSA Root Certificate Authority 2017']);
  const rr = acceptedRoots('azure-postgresql-flexible', { now: NOW, readReplica: true })!;
  assert.deepEqual(names(rr), ['DigiCert Global Root CA', 'DigiCert Global Root G2', 'Microsoft RSA Root Certificate Authority 2017']);
  assert.equal(rr.find((r) => r.name === 'DigiCert Global Root CA')!.condition, 'read-replica');
});

test('Azure China: DigiCert Global Root CA before the switch, G2 from it', () => {
  const before = acceptedRoots('azure-postgresql-flexible', { cloud: 'china', now: '2026-02-01' });
  const after = acceptedRoots('azure-postgresql-flexible', { cloud: 'china', now: AZURE_CHINA_ROOT_SWITCH });
  assert.deepEqual(names(before), ['DigiCert Global Root CA', 'Microsoft RSA Root Certificate Authority 2017']);
  assert.deepEqual(names(after), ['DigiCert Global Root G2', 'Microsoft RSA Root Certificate Authority 2017']);
  const day = new Date(`${AZURE_CHINA_ROOT_SWITCH}T00:00:00Z`);
  assert.deepEqual(names(acceptedRoots('azure-mysql-flexible', { cloud: 'china', now: new Date(day.getTime() - 1) })), names(before));
  const host = identifyProvider('x.postgres.database.chinacloudapi.cn')!;
  assert.deepEqual(names(acceptedRoots(host.provider, { cloud: host.cloud, now: NOW })), names(after));
});

test('AWS RDS: the three G1 roots of the region; unknown regions and China/GovCloud give undefined', () => {
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-6']) {
    const roots = acceptedRoots('aws-rds', { region, now: NOW })!;
    assert.deepEqual(roots.map((r) => r.caId).sort(), ['rds-ca-ecc384-g1', 'rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1'], region);
    for (const r of roots) assert.equal(r.region, region);
  }
  // The single-file copies of index.json are the same certificates as the bundle's.
  const euw1 = INDEX.certificates.filter((c) => c.subjectCN.startsWith('Amazon RDS eu-west-1 Root CA')).map((c) => c.sha256).sort();
  assert.deepEqual(acceptedRoots('aws-rds', { region: 'eu-west-1' })!.map((r) => r.sha256).sort(), euw1);
  assert.equal(acceptedRoots('aws-rds')!.length, 108);
  assert.equal(acceptedRoots('aws-rds', { region: 'cn-north-1' }), undefined);
  assert.equal(acceptedRoots('aws-rds', { region: 'us-gov-west-1' }), undefined);
  assert.equal(acceptedRoots('aws-rds', { cloud: 'china' }), undefined);
  const host = identifyProvider('db.abc.eu-central-1.rds.amazonaws.com')!;
  assert.equal(acceptedRoots(host.provider, { region: host.region!, now: NOW })!.length, 3);
});

test('RDS Proxy, Supabase, Cloud SQL, Neon', () => {
  assert.deepEqual(names(acceptedRoots('aws-rds-proxy', { region: 'us-west-2', now: NOW })), [
    'Amazon Root CA 1', 'Amazon Root CA 2', 'Amazon Root CA 3', 'Amazon Root CA 4', 'Starfield Services Root Certificate Authority - G2',
  ]);
  assert.equal(acceptedRoots('aws-rds-proxy', { region: 'cn-north-1' }), undefined);
  assert.deepEqual(names(acceptedRoots('supabase', { now: NOW })), ['Supabase Root 2021 CA']);
  assert.equal(acceptedRoots('gcp-cloudsql', { now: NOW }), undefined);
  assert.equal(acceptedRoots('neon', { now: NOW }), undefined);
  assert.equal(acceptedRoots('nope' as never), undefined);
});
