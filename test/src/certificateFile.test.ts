/**
 * Diagnostics inside certificate files: by content for any certificate file (expired, expiring,
 * retired, blocks OpenSSL skips), by use when a connection setting names the file (pinned blocks,
 * missing provider roots), with fixes that remove a block or append the provider's roots.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, isCertificateFile, LineIndex, lintCertificateFile, siteProvider, lint } from '../../server/out/engine';
import type { CertificateFileUse } from '../../server/out/engine';
import { FIXTURE_ROOT } from './util/fixtures';

const TRUST = path.join(FIXTURE_ROOT, 'trust-files');
const NOW = new Date('2026-11-23T12:00:00Z');
const read = (name: string) => fs.readFileSync(path.join(TRUST, name), 'utf8');
const summary = (text: string, r: ReturnType<typeof lintCertificateFile>) => {
  const lines = new LineIndex(text);
  return r.findings.map((f) => `${lines.positionAt(f.span.start).line + 1} ${f.ruleId}:${f.severity}`);
};

function azureUse(): CertificateFileUse {
  const site = lint('U=postgresql://mydb.postgres.database.azure.com/app?sslmode=verify-full&sslrootcert=x.pem\n', { path: '.env' }).sites[0]!.site;
  return { from: 'app/.env', driver: 'libpq', provider: siteProvider(site, NOW)! };
}

test('certificate files are recognised by extension or language id', () => {
  for (const p of ['a.pem', 'b.CRT', 'c.cer', 'root.crt', 'x.ca-bundle', '/x/y/z.cert']) assert.ok(isCertificateFile(p), p);
  for (const p of ['a.env', 'pem.txt', 'a.key']) assert.ok(!isCertificateFile(p), p);
  assert.ok(isCertificateFile('untitled', 'pem'));
});

test('a file no setting uses: only what its content says (a retired root), nothing about roles', () => {
  const text = read('azure-roots-and-baltimore.pem');
  const r = lintCertificateFile(text, { path: '/w/a.pem', now: NOW });
  assert.deepEqual(summary(text, r), ['20 retired-ca:warning']);
  // Removing the block removes the finding and keeps the other certificate intact.
  const fixed = applyEdits(text, r.findings[0]!.fixes[0]!.edits);
  assert.deepEqual(lintCertificateFile(fixed, { path: '/w/a.pem', now: NOW }).findings, []);
  assert.equal(fixed, read('azure-roots.pem').split('-----END CERTIFICATE-----')[0] + '-----END CERTIFICATE-----\n');
  // An intermediate alone is not a finding while nothing uses the file as its trust.
  assert.deepEqual(lintCertificateFile(read('azure-issuing-ca-03.pem'), { path: '/w/i.pem', now: NOW }).findings, []);
});

test('a key file or a non-certificate file with a certificate name stays silent unless a setting uses it', () => {
  const key = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
  assert.deepEqual(lintCertificateFile(key, { path: '/w/server.pem', now: NOW }).findings, []);
  assert.deepEqual(lintCertificateFile(read('moved.pem'), { path: '/w/moved.pem', now: NOW }).findings, []);
  const used = lintCertificateFile(read('moved.pem'), { path: '/w/moved.pem', now: NOW, uses: [azureUse()] });
  assert.deepEqual(used.findings.map((f) => f.ruleId), ['trust-file-unreadable']);
  assert.match(used.findings[0]!.message, /HTML page/);
});

test('a file a setting uses: the pinned intermediate block, the missing provider roots, and a fix that adds them', () => {
  const text = read('azure-issuing-ca-03.pem');
  const r = lintCertificateFile(text, { path: '/w/i.pem', now: NOW, uses: [azureUse()] });
  assert.deepEqual(summary(text, r), ['1 missing-root:error', '1 pinned-intermediate:error']);
  assert.match(r.findings.find((f) => f.ruleId === 'pinned-intermediate')!.message, /trust file of app\/\.env/);
  const add = r.findings.find((f) => f.ruleId === 'missing-root')!.fixes[0]!;
  assert.equal(add.title, 'Add the root CAs of Azure Database for PostgreSQL flexible server to this file');
  const fixed = applyEdits(text, add.edits);
  assert.deepEqual(lintCertificateFile(fixed, { path: '/w/i.pem', now: NOW, uses: [azureUse()] }).findings, []);
});

test('blocks OpenSSL skips are reported where they are, with the reader message', () => {
  const root = read('azure-roots.pem').split('-----END CERTIFICATE-----')[0] + '-----END CERTIFICATE-----\n';
  const text = root.split('\n').map((l) => '  ' + l).join('\n');
  const r = lintCertificateFile(text, { path: '/w/indented.pem', now: NOW });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['trust-file-unreadable']);
  assert.match(r.findings[0]!.message, /block 1 is indented: OpenSSL does not see an indented BEGIN line/);
  // Indented base64 under a BEGIN line OpenSSL sees: the whole file fails to load.
  const body = root.replace(/^(?!-----)/gm, '  ');
  const b = lintCertificateFile(body, { path: '/w/body.pem', now: NOW });
  assert.deepEqual(b.findings.map((f) => f.ruleId), ['trust-file-unreadable']);
  assert.match(b.findings[0]!.message, /indented base64 lines \(line 2\): OpenSSL then fails to load the whole file/);
});

test('severities follow .dbtrust.json, and "off" silences a rule inside certificate files too', () => {
  const text = read('BaltimoreCyberTrustRoot.crt.pem');
  const rules = (r: Record<string, 'off' | 'info'>) => lintCertificateFile(text, { path: '/w/b.pem', now: NOW, config: { rules: r, ignore: [] } }).findings;
  assert.deepEqual(rules({}).map((f) => `${f.ruleId}:${f.severity}`), ['retired-ca:error']);
  assert.deepEqual(rules({ 'retired-ca': 'info' }).map((f) => f.severity), ['info']);
  assert.deepEqual(rules({ 'retired-ca': 'off' }), []);
});
