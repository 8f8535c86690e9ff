/**
 * Hover content for trust settings and certificate files, as snapshots: each case's markdown is
 * compared exactly with test/fixtures/hover/<case>.md. The sites are linted with the trust files of
 * test/fixtures (which plays the workspace root, the document sits in test/fixtures/lint) on a fixed
 * date, so the expected text does not move with the calendar.
 *
 * After an intended change of the hover, rewrite the snapshots and review their diff:
 *
 *     UPDATE_SNAPSHOTS=1 npm test
 *
 * A hostile certificate (made at test time, so not snapshotted) checks that certificate text cannot
 * break a table or inject HTML or links.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certificateFileMarkdown, lintCertificateFile, lintWithTrust, newTrustFileCache, siteMarkdown } from '../../server/out/engine';
import type { AnalysedSite, FileAccess } from '../../server/out/engine';
import { shortFingerprints } from '../../server/out/engine/trustHover';
import type { CertInfo } from '../../server/out/engine';
import { NodeFileAccess } from '../../server/out/node/fileAccess';
import { FIXTURE_ROOT } from './util/fixtures';
import { CertFactory, hasCommand } from './util/certgen';

const NOW = new Date('2026-11-23T12:00:00Z');
const SNAPSHOTS = path.join(FIXTURE_ROOT, 'hover');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const PASSWORD = 's3cret-PW';
const DOCUMENT = path.join(FIXTURE_ROOT, 'lint', 'hover.env');

/** Paths as the user reads them: relative to the fixture root (the workspace), `/`-separated. */
function shownPath(abs: string): string {
  return path.relative(FIXTURE_ROOT, abs).split(path.sep).join('/');
}

function snapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOTS, `${name}.md`);
  if (UPDATE) {
    fs.mkdirSync(SNAPSHOTS, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `no snapshot ${path.relative(FIXTURE_ROOT, file)}: run the tests with UPDATE_SNAPSHOTS=1`);
  assert.equal(actual, fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n'), `hover differs from ${name}.md (UPDATE_SNAPSHOTS=1 rewrites it)`);
}

async function site(text: string, opts: { documentPath?: string; files?: FileAccess } = {}): Promise<AnalysedSite> {
  const documentPath = opts.documentPath ?? DOCUMENT;
  const result = await lintWithTrust(text, {
    path: path.basename(documentPath),
    documentPath,
    workspaceRoot: FIXTURE_ROOT,
    files: opts.files ?? new NodeFileAccess(),
    cache: newTrustFileCache(),
    now: NOW,
  });
  assert.equal(result.sites.length, 1, text);
  return result.sites[0]!;
}

async function hover(text: string, opts: { documentPath?: string; files?: FileAccess } = {}): Promise<string> {
  const md = siteMarkdown(await site(text, opts), { now: NOW, shownPath });
  assert.ok(!md.includes(PASSWORD), 'the password reaches the hover');
  return md;
}

/** `|` not escaped by an odd run of backslashes: the cell separators of a table row. */
function separators(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '|') continue;
    let k = 0;
    for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) k++;
    if (k % 2 === 0) n++;
  }
  return n;
}

/** Unescaped occurrences of `ch` (not preceded by an odd run of backslashes). */
function unescaped(line: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== ch) continue;
    let k = 0;
    for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) k++;
    if (k % 2 === 0) n++;
  }
  return n;
}

/** Every table of the markdown: its rows (header, delimiter, body) in order. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

function assertTablesIntact(md: string): void {
  for (const rows of tables(md)) {
    const want = separators(rows[0]!);
    for (const row of rows) assert.equal(separators(row), want, `table row with ${separators(row)} separators instead of ${want}: ${row}`);
  }
}

const AZURE = 'mydb.postgres.database.azure.com';
const RDS = 'mydb.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

const CASES: [name: string, text: string][] = [
  ['azure-roots', `DATABASE_URL=postgresql://app:${PASSWORD}@${AZURE}:5432/app?sslmode=verify-full&sslrootcert=trust-files/azure-roots.pem`],
  ['azure-pinned-intermediate', `DATABASE_URL=postgresql://app:${PASSWORD}@${AZURE}/app?sslmode=verify-full&sslrootcert=trust-files/azure-issuing-ca-03.pem`],
  ['azure-pinned-intermediate-pgjdbc-require', `JDBC_URL=jdbc:postgresql://${AZURE}/app?user=app&password=${PASSWORD}&sslmode=require&sslrootcert=trust-files/azure-issuing-ca-03.pem`],
  ['azure-baltimore', `DATABASE_URL=postgresql://app:${PASSWORD}@${AZURE}/app?sslmode=verify-full&sslrootcert=trust-files/BaltimoreCyberTrustRoot.crt.pem`],
  ['aws-eu-west-1-bundle', `DATABASE_URL=postgresql://app:${PASSWORD}@${RDS}/app?sslmode=verify-full&sslrootcert=trust-files/eu-west-1-bundle.pem`],
  ['aws-global-bundle', `DATABASE_URL=postgresql://app:${PASSWORD}@${RDS}/app?sslmode=verify-full&sslrootcert=certs/global-bundle--2025-09.pem`],
  ['missing-file', `DATABASE_URL=postgresql://app:${PASSWORD}@${RDS}/app?sslmode=verify-full&sslrootcert=trust-files/rds-ca-2024.pem`],
  ['machine-dependent', `DATABASE_URL=postgresql://app:${PASSWORD}@${RDS}/app?sslmode=verify-full&sslrootcert=~/.postgresql/root.crt`],
  ['html-file', `DATABASE_URL=postgresql://app:${PASSWORD}@${AZURE}/app?sslmode=verify-full&sslrootcert=trust-files/moved.pem`],
  ['system-store-aws', `DATABASE_URL=postgresql://app:${PASSWORD}@${RDS}/app?sslrootcert=system`],
  ['default-file-azure', `DATABASE_URL=postgresql://app:${PASSWORD}@${AZURE}/app?sslmode=verify-full`],
];

for (const [name, text] of CASES) {
  test(`trust hover snapshot: ${name}`, async () => {
    const md = await hover(text);
    assertTablesIntact(md);
    snapshot(name, md);
  });
}

test('trust hover snapshot: node-postgres options object with Node\'s CA store and an RDS host', async () => {
  const text = `const pool = new Pool({ host: '${RDS}', password: '${PASSWORD}', ssl: true });\n`;
  const md = await hover(text, { documentPath: path.join(FIXTURE_ROOT, 'lint', 'hover.ts') });
  snapshot('node-default-aws', md);
});

test('trust hover: the table stops at 25 rows and counts the rest', async () => {
  const md = await hover(CASES.find(([n]) => n === 'aws-global-bundle')![1]);
  const rows = tables(md).find((t) => t[0]!.startsWith('| # |'))!;
  assert.equal(rows.length, 2 + 25);
  assert.match(md, /…and 83 more certificates: 80 roots not used by this host; 3 accepted roots \(#90, #97, #101\)\./);
  assert.match(md, /Amazon RDS eu-west-1 Root CA RSA2048 G1 \(valid 2021-05-20 to 2061-05-20\): #90 in this file/);
});

test('trust hover: shortened fingerprints are the first and last four byte pairs', async () => {
  const md = await hover(CASES[0]![1]);
  assert.match(md, /`CB:3C:CB:B7…5A:B1:CB:5F`/);
  assert.match(md, /`C7:41:F7:0F…85:30:73:E0`/);
});

test('shortened fingerprints grow until two different certificates differ', () => {
  const fp = (hex: string): CertInfo => ({ sha256: hex.toLowerCase(), sha256Colon: hex.match(/../g)!.join(':') }) as CertInfo;
  const a = fp('AA'.repeat(4) + '00'.repeat(24) + 'BB'.repeat(4));
  const b = fp('AA'.repeat(4) + '11'.repeat(24) + 'BB'.repeat(4));
  const c = fp('CC'.repeat(32));
  const [sa, sb, sc] = shortFingerprints([a, b, c]);
  assert.notEqual(sa, sb);
  assert.equal(sa, 'AA:AA:AA:AA:00…00:BB:BB:BB:BB');
  assert.equal(sc, 'CC:CC:CC:CC:CC…CC:CC:CC:CC:CC');
  // A copy of a certificate is the same certificate: no need to lengthen.
  assert.deepEqual(shortFingerprints([c, c]), ['CC:CC:CC:CC…CC:CC:CC:CC', 'CC:CC:CC:CC…CC:CC:CC:CC']);
  // Equal everywhere but the middle byte: shown in full.
  const d = fp('DD'.repeat(15) + '01' + 'DD'.repeat(16));
  const e = fp('DD'.repeat(15) + '02' + 'DD'.repeat(16));
  assert.deepEqual(shortFingerprints([d, e]), [d.sha256Colon, e.sha256Colon]);
});

test('trust hover: a site without a trust setting keeps the plain table', async () => {
  const md = await hover(`DATABASE_URL=postgresql://app:${PASSWORD}@${AZURE}/app?sslmode=disable&sslrootcert=\${CA}`);
  assert.ok(!md.includes('\n---\n') && !md.includes('Trust file'), md);
});

const AZURE_ROOTS = path.join(FIXTURE_ROOT, 'trust-files', 'azure-roots.pem');

test('certificate file hover snapshot: inside block 2', () => {
  const text = fs.readFileSync(AZURE_ROOTS, 'utf8');
  const r = lintCertificateFile(text, { path: AZURE_ROOTS, now: NOW });
  const block2 = r.file.certificates.find((c) => c.block === 2)!;
  const md = certificateFileMarkdown(r.file, r.chains, block2.span!.start + 80, NOW);
  assert.match(md, /certificate 2 of 2, PEM block 2/);
  assertTablesIntact(md);
  snapshot('certificate-file-block-2', md);
});

test('certificate file hover snapshot: outside every block, the whole file', () => {
  const text = fs.readFileSync(AZURE_ROOTS, 'utf8');
  const r = lintCertificateFile(text, { path: AZURE_ROOTS, now: NOW });
  const offset = text.length;
  assert.ok(r.file.certificates.every((c) => offset > c.span!.end), 'the offset is outside the blocks');
  const md = certificateFileMarkdown(r.file, r.chains, offset, NOW);
  assert.equal(certificateFileMarkdown(r.file, r.chains, undefined, NOW), md);
  assertTablesIntact(md);
  snapshot('certificate-file-whole', md);
});

test('certificate file hover snapshot: a pinned intermediate alone', () => {
  const file = path.join(FIXTURE_ROOT, 'trust-files', 'azure-issuing-ca-03.pem');
  const r = lintCertificateFile(fs.readFileSync(file, 'utf8'), { path: file, now: NOW });
  const md = certificateFileMarkdown(r.file, r.chains, r.file.certificates[0]!.span!.start, NOW);
  snapshot('certificate-file-intermediate', md);
});

test('certificate file hover: 108 certificates stop at 25 rows', () => {
  const file = path.join(FIXTURE_ROOT, 'certs', 'global-bundle--2025-09.pem');
  const r = lintCertificateFile(fs.readFileSync(file, 'utf8'), { path: file, now: NOW });
  const md = certificateFileMarkdown(r.file, r.chains, undefined, NOW);
  assert.equal(tables(md)[0]!.length, 2 + 25);
  assert.match(md, /…and 83 more certificates: 83 roots\./);
});

// A subject made to break markdown: a cell separator, a backtick, HTML, line breaks of several kinds
// and a right-to-left override in the CN (at most 64 characters), links in the organisation.
const HOSTILE_CN = 'evil | `tick` <img src=x> a\nb\u2028c\u202ed';
const HOSTILE_O = '[click](https://evil.example/x) www.evil.example';

test('hostile certificate text stays inside its table cell', { skip: !hasCommand('openssl') }, async (t) => {
  const f = new CertFactory();
  t.after(() => f.cleanup());
  // `openssl req -subj` separates attributes with `/` and `+`, and `\` escapes them.
  const esc = (v: string) => v.replace(/[\\/+=]/g, '\\$&');
  const subj = `/O=${esc(HOSTILE_O)}/CN=${esc(HOSTILE_CN)}`;
  f.openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'hostile.key', '-out', 'hostile.pem', '-subj', subj, '-utf8', '-days', '3650', '-config', 'openssl.cnf', '-extensions', 'v3_ca');
  f.issue('mid', 'mid | `x` <b>bold _y_', 'hostile', { ca: true });
  const bundle = f.text('mid.pem') + f.text('hostile.pem');
  f.write('bundle.pem', bundle);
  const bundlePath = path.join(f.dir, 'bundle.pem');

  const outputs: string[] = [];
  const md = await hover(`DATABASE_URL=postgresql://app:${PASSWORD}@db.example.com/app?sslmode=verify-full&sslrootcert=${bundlePath}`);
  outputs.push(md);
  const r = lintCertificateFile(bundle, { path: bundlePath, now: NOW });
  outputs.push(certificateFileMarkdown(r.file, r.chains, undefined, NOW));
  for (const c of r.file.certificates) outputs.push(certificateFileMarkdown(r.file, r.chains, c.span!.start + 10, NOW));

  for (const out of outputs) {
    assertTablesIntact(out);
    assert.ok(!/[\u2028\u2029\u202e]/.test(out), 'line or paragraph separators and overrides are replaced');
    for (const line of out.split('\n')) {
      assert.equal(unescaped(line, '<'), 0, `HTML: ${line}`);
      assert.equal(unescaped(line, '['), 0, `link: ${line}`);
      assert.ok(!/https?:\/\//.test(line) && !/www\./i.test(line), `autolink: ${line}`);
      // The only code spans are dbtrust's own (fingerprints, paths): an even number of backticks.
      assert.equal(unescaped(line, '`') % 2, 0, `code span: ${line}`);
    }
  }
  // The hostile name shows, whole, on one table row.
  const rows = md.split('\n');
  assert.match(rows.find((l) => l.startsWith('| 2 |'))!, /^\| 2 \| evil \\\| \\`tick\\` \\<img src=x\\> a/);
  assert.match(rows.find((l) => l.startsWith('| 1 |'))!, /^\| 1 \| mid \\\| \\`x\\` \\<b\\>bold \\_y\\_ \| evil \\\|/);
  assert.match(outputs[2]!, /certificate 1 of 2, PEM block 1: mid \\\|/);
});

test('trust hover: a file outside the workspace of an untrusted workspace is not read', { skip: !hasCommand('openssl') }, async (t) => {
  const f = new CertFactory();
  t.after(() => f.cleanup());
  f.root('ca', 'Outside CA');
  const md = await hover(`DATABASE_URL=postgresql://app:${PASSWORD}@db.example.com/app?sslmode=verify-full&sslrootcert=${path.join(f.dir, 'ca.pem')}`, {
    files: new NodeFileAccess({ roots: [FIXTURE_ROOT] }),
  });
  assert.match(md, /Not read: `[^`]*ca\.pem` is outside the workspace folders, and the workspace is not trusted\./);
  assert.ok(!md.includes('Outside CA'));
});
