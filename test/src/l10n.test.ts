/**
 * Localisation of the engine: the message bundles (l10n/bundle.l10n.json, generated from the sources
 * by `npm run l10n`, and the hand-written l10n/bundle.l10n.ja.json) and what the engine says with the
 * Japanese bundle loaded: every finding, fix title and hover of the lint fixtures in Japanese, with the
 * same rules, ranges, severities and edits as in English, and no password anywhere.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  certificateFileMarkdown,
  isCertificateFile,
  lint,
  lintCertificateFile,
  lintWithTrust,
  newTrustFileCache,
  RULES,
  siteMarkdown,
} from '../../server/out/engine';
import type { LintResult } from '../../server/out/engine';
import { andList, isLocaleTag, sentences, setMessages } from '../../server/out/engine/l10n';
import { localeCandidates, useLocale } from '../../server/out/node/l10n';
import { FIXTURE_ROOT, listFixtures, parseFixture } from './util/fixtures';
import { OverlayFileAccess } from './util/overlay';

const ROOT = path.resolve(__dirname, '../..');
const L10N = path.join(ROOT, 'l10n');
const EN: Record<string, string | { message: string; comment: string[] }> = JSON.parse(fs.readFileSync(path.join(L10N, 'bundle.l10n.json'), 'utf8'));
const JA: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(L10N, 'bundle.l10n.ja.json'), 'utf8'));
/** Hiragana, katakana or kanji. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const NOW = new Date('2026-11-23T12:00:00Z');

/** The English text of a bundle entry (the key without its `/comment`). */
function english(key: string): string {
  const v = EN[key]!;
  return typeof v === 'string' ? v : v.message;
}

function placeholders(s: string): string[] {
  return [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
}

// ---------------------------------------------------------------------------------------------
// The bundles

test('l10n: every message of bundle.l10n.json has a Japanese translation with the same placeholders', () => {
  const keys = Object.keys(EN);
  assert.ok(keys.length > 500, `only ${keys.length} messages`);
  const problems: string[] = [];
  for (const key of keys) {
    const ja = JA[key];
    if (typeof ja !== 'string' || ja.trim() === '') {
      problems.push(`no translation: ${key}`);
      continue;
    }
    const en = english(key);
    if (placeholders(ja).join() !== placeholders(en).join()) problems.push(`placeholders differ: ${key} → ${ja}`);
    // Hover text goes into markdown table cells and lines: a translation may not add a cell break,
    // a line break or markdown emphasis of its own.
    if (ja.includes('|') && !en.includes('|')) problems.push(`a "|" the English has not: ${key}`);
    if (/[\r\n]/.test(ja) !== /[\r\n]/.test(en)) problems.push(`line breaks differ: ${key}`);
    if ((ja.match(/\*\*/g) ?? []).length !== (en.match(/\*\*/g) ?? []).length) problems.push(`markdown emphasis differs: ${key}`);
  }
  assert.deepEqual(problems, []);
});

test('l10n: bundle.l10n.ja.json has no stale entry (a message the sources no longer have)', () => {
  assert.deepEqual(
    Object.keys(JA).filter((k) => !(k in EN)),
    [],
  );
});

test('l10n: the committed bundle.l10n.json is what `npm run l10n` generates from the sources', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-l10n-'));
  try {
    const cli = path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'export', '--outDir', out, './server/src', './client/src'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const generated = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
    const missing = Object.keys(generated).filter((k) => !(k in EN));
    const gone = Object.keys(EN).filter((k) => !(k in generated));
    assert.deepEqual({ missing, gone }, { missing: [], gone: [] }, 'run `npm run l10n` and translate the new messages in l10n/bundle.l10n.ja.json');
    assert.deepEqual(generated, EN);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Loading a bundle

test('l10n: unusable bundles, unknown locales and missing messages fall back to English without throwing', (t) => {
  t.after(() => setMessages(undefined));
  const doc = 'const u = "postgres://app@db.example.com/app?sslmode=require";\n';
  const englishMessage = lint(doc, { path: 'db.ts', now: NOW }).findings[0]!.message;
  for (const bad of [null, 42, 'text', ['a'], { x: 3 }, { x: { message: 3 } }]) {
    assert.equal(setMessages(bad), false, JSON.stringify(bad));
    assert.equal(lint(doc, { path: 'db.ts', now: NOW }).findings[0]!.message, englishMessage);
  }
  // A bundle without this message, and one whose translation is empty.
  assert.equal(setMessages({ 'some other message': 'autre' }), true);
  assert.equal(lint(doc, { path: 'db.ts', now: NOW }).findings[0]!.message, englishMessage);
  assert.equal(setMessages(Object.fromEntries(Object.keys(JA).map((k) => [k, '']))), true);
  assert.equal(lint(doc, { path: 'db.ts', now: NOW }).findings[0]!.message, englishMessage);

  for (const locale of [undefined, '', 'en', 'en-US', 'fr', 'de-DE', 'xx', '../../etc/passwd', 'ja/../../x', 'JA JP']) {
    assert.equal(useLocale(locale, L10N), undefined, String(locale));
    assert.equal(lint(doc, { path: 'db.ts', now: NOW }).findings[0]!.message, englishMessage, String(locale));
  }
  assert.equal(useLocale('ja', path.join(ROOT, 'no-such-folder')), undefined);
  assert.equal(useLocale('ja', L10N), 'ja');
  assert.match(lint(doc, { path: 'db.ts', now: NOW }).findings[0]!.message, JAPANESE);
  // The region of a locale falls back to its language; English again switches back.
  assert.equal(useLocale('ja-JP', L10N), 'ja');
  assert.equal(useLocale('en', L10N), undefined);
  assert.equal(lint(doc, { path: 'db.ts', now: NOW }).findings[0]!.message, englishMessage);
});

test('l10n: locale tags name bundle files only when they are plain language tags', () => {
  assert.deepEqual(localeCandidates('ja'), ['ja']);
  assert.deepEqual(localeCandidates('ja-JP'), ['ja-jp', 'ja']);
  assert.deepEqual(localeCandidates('zh_TW'), ['zh-tw', 'zh']);
  assert.deepEqual(localeCandidates('en-GB'), []);
  assert.deepEqual(localeCandidates(undefined), []);
  for (const bad of ['', 'j', '../ja', 'ja/x', 'ja.json', 'ja ', 'ja-', '日本語']) assert.equal(isLocaleTag(bad), false, bad);
});

test('l10n: lists and sentences are joined the English way without a bundle, and by the bundle with one', (t) => {
  t.after(() => setMessages(undefined));
  setMessages(undefined);
  assert.equal(andList(['a']), 'a');
  assert.equal(andList(['a', 'b', 'c']), 'a, b and c');
  assert.equal(sentences('One.', 'Two.'), 'One. Two.');
  setMessages(JA);
  assert.equal(andList(['a', 'b', 'c']), 'a、b、c');
  assert.equal(sentences('一。', '二。'), '一。二。');
});

// ---------------------------------------------------------------------------------------------
// The engine in Japanese

function linter(file: string): (text: string) => Promise<LintResult> {
  const files = new OverlayFileAccess();
  return (text) => lintWithTrust(text, { path: path.basename(file), documentPath: file, workspaceRoot: FIXTURE_ROOT, files, cache: newTrustFileCache(), now: NOW });
}

test('l10n: every finding, fix title and hover of the lint fixtures is in Japanese with the ja bundle, and otherwise the same', async (t) => {
  t.after(() => setMessages(undefined));
  const dir = path.join(FIXTURE_ROOT, 'lint');
  const problems: string[] = [];
  let findings = 0;
  let hovers = 0;
  for (const file of listFixtures(dir)) {
    const rel = path.relative(dir, file);
    const { text } = parseFixture(fs.readFileSync(file, 'utf8'));
    setMessages(undefined);
    const en = await linter(file)(text);
    const enHovers = en.sites.map((s) => siteMarkdown(s, { now: NOW }));
    setMessages(JA);
    const ja = await linter(file)(text);
    const jaHovers = ja.sites.map((s) => siteMarkdown(s, { now: NOW }));
    // The same findings, only worded otherwise.
    const shape = (r: LintResult) => r.findings.map((f) => ({ rule: f.ruleId, severity: f.severity, span: f.span, site: f.site, fixes: f.fixes.map((x) => ({ edits: x.edits, files: x.files, preferred: x.preferred })) }));
    assert.deepEqual(shape(ja), shape(en), rel);
    ja.findings.forEach((f, i) => {
      findings++;
      const e = en.findings[i]!;
      if (f.message === e.message || !JAPANESE.test(f.message)) problems.push(`${rel}: ${f.ruleId}: ${f.message}`);
      f.fixes.forEach((x, j) => {
        if (x.title === e.fixes[j]!.title || !JAPANESE.test(x.title)) problems.push(`${rel}: fix of ${f.ruleId}: ${x.title}`);
      });
    });
    jaHovers.forEach((h, i) => {
      hovers++;
      if (h === enHovers[i] || !JAPANESE.test(h)) problems.push(`${rel}: hover ${i}`);
      // The table's labels are translated.
      for (const label of ['| Host |', '| Encrypts |', '| Verifies host name |', '| Trust |', '| Driver assumed |']) if (h.includes(label)) problems.push(`${rel}: hover ${i} has ${label}`);
    });
  }
  assert.ok(findings > 100, `${findings} findings`);
  assert.ok(hovers > 50, `${hovers} hovers`);
  assert.deepEqual(problems, []);
});

test('l10n: the diagnostics and hovers of certificate files are in Japanese with the ja bundle', (t) => {
  t.after(() => setMessages(undefined));
  const dir = path.join(FIXTURE_ROOT, 'trust-files');
  const problems: string[] = [];
  let checked = 0;
  for (const name of fs.readdirSync(dir).filter((n) => isCertificateFile(n))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const uses = [{ from: 'app.env', driver: 'libpq' as const }];
    setMessages(undefined);
    const en = lintCertificateFile(text, { path: path.join(dir, name), now: NOW, uses });
    const enWhole = certificateFileMarkdown(en.file, en.chains, undefined, NOW);
    setMessages(JA);
    const ja = lintCertificateFile(text, { path: path.join(dir, name), now: NOW, uses });
    const jaWhole = certificateFileMarkdown(ja.file, ja.chains, undefined, NOW);
    assert.deepEqual(
      ja.findings.map((f) => [f.ruleId, f.span, f.severity]),
      en.findings.map((f) => [f.ruleId, f.span, f.severity]),
      name,
    );
    ja.findings.forEach((f, i) => {
      checked++;
      if (f.message === en.findings[i]!.message || !JAPANESE.test(f.message)) problems.push(`${name}: ${f.ruleId}: ${f.message}`);
    });
    if (jaWhole === enWhole || !JAPANESE.test(jaWhole)) problems.push(`${name}: file hover`);
    for (const c of ja.file.certificates) {
      if (!c.span) continue;
      const block = certificateFileMarkdown(ja.file, ja.chains, c.span.start, NOW);
      if (!JAPANESE.test(block) || block.includes('| Issued by |')) problems.push(`${name}: hover of block ${c.block}`);
    }
  }
  assert.ok(checked > 0);
  assert.deepEqual(problems, []);
});

test('l10n: the Japanese hover of a site with a password shows ••• and never the password', (t) => {
  t.after(() => setMessages(undefined));
  setMessages(JA);
  const secret = 'PwJa9Secret77';
  const docs: [string, string][] = [
    ['db.ts', `const u = "postgres://app:${secret}@db.example.com:5432/app?sslmode=require&sslrootcert=certs/ca.pem";\n`],
    ['.env', `DATABASE_URL=postgres://app:${secret}@db.example.com/app?sslmode=disable\n`],
    ['app.properties', `url=jdbc:postgresql://db.example.com/app?user=app&password=${secret}&sslmode=verify-ca\n`],
    ['Program.cs', `var cs = "Host=db.example.com;Username=app;Password=${secret};SSL Mode=Require";\n`],
  ];
  for (const [name, text] of docs) {
    const r = lint(text, { path: name, now: NOW });
    assert.ok(r.sites.length > 0, name);
    for (const s of r.sites) {
      const md = siteMarkdown(s, { now: NOW });
      assert.match(md, JAPANESE, name);
      assert.ok(md.includes('| パスワード | ••• |'), `${name}: ${md}`);
      assert.ok(!md.includes(secret), `${name}: the password in the hover`);
    }
    for (const f of r.findings) {
      assert.ok(!f.message.includes(secret), `${name}: the password in a message`);
      for (const x of f.fixes) assert.ok(!x.title.includes(secret) && !x.edits.some((e) => e.newText.includes(secret)), `${name}: the password in a fix`);
    }
  }
});

test('l10n: rule descriptions (SARIF, rule tables) follow the bundle and stay English without one', (t) => {
  t.after(() => setMessages(undefined));
  setMessages(undefined);
  const en = RULES.map((r) => r.meta.description);
  setMessages(JA);
  RULES.forEach((r, i) => {
    assert.match(r.meta.description, JAPANESE, r.meta.id);
    assert.notEqual(r.meta.description, en[i]);
  });
  setMessages(undefined);
  assert.deepEqual(
    RULES.map((r) => r.meta.description),
    en,
  );
});

// ---------------------------------------------------------------------------------------------
// Driver reasons ("Driver assumed") and the flavours of a driver

/** The reason in the hover's "Driver assumed" row (`| 想定ドライバー | **label**: reason |`), or undefined without one. */
function driverRow(md: string, label: string): string | undefined {
  const line = md.split('\n').find((l) => l.startsWith(`| ${label} | `));
  if (!line) return undefined;
  const cellText = line.slice(`| ${label} | `.length, -' |'.length);
  return cellText.slice(cellText.indexOf('**: ') + '**: '.length);
}

test('l10n: the Japanese hover says in Japanese why its driver is assumed, for every site of the fixtures', (t) => {
  t.after(() => setMessages(undefined));
  const problems: string[] = [];
  let sites = 0;
  for (const sub of ['lint', 'grammar']) {
    const dir = path.join(FIXTURE_ROOT, sub);
    for (const file of listFixtures(dir)) {
      const rel = path.relative(FIXTURE_ROOT, file);
      const { text } = parseFixture(fs.readFileSync(file, 'utf8'));
      setMessages(undefined);
      const en = lint(text, { path: path.basename(file), now: NOW });
      setMessages(JA);
      const ja = lint(text, { path: path.basename(file), now: NOW });
      assert.equal(ja.sites.length, en.sites.length, rel);
      ja.sites.forEach((a, i) => {
        sites++;
        const e = en.sites[i]!.site;
        // The same driver and flavour: only the words differ.
        assert.equal(a.site.driver, e.driver, rel);
        assert.equal(a.site.driverVariant, e.driverVariant, rel);
        const row = driverRow(siteMarkdown(a, { now: NOW }), '想定ドライバー');
        if (row === undefined) problems.push(`${rel}: site ${i} has no 想定ドライバー row`);
        else if (!JAPANESE.test(row)) problems.push(`${rel}: site ${i}: ${row}`);
        if (a.site.driverReason === e.driverReason || !JAPANESE.test(a.site.driverReason)) problems.push(`${rel}: site ${i}: ${a.site.driverReason}`);
      });
    }
  }
  assert.ok(sites > 150, `${sites} sites`);
  assert.deepEqual(problems, []);
});

test('l10n: the flavour of a driver (driverVariant) is set by the extractor and judged the same in every language', (t) => {
  t.after(() => setMessages(undefined));
  // [file, text, driver, flavour]; each flavour reads the same settings differently from its sibling.
  const cases: [string, string, string, string | undefined][] = [
    ['a.cs', 'using System.Data.SqlClient;\nvar c = "Server=db.example.com;Database=shop;Encrypt=Mandatory";', 'sqlclient', 'system-data'],
    ['b.cs', 'using Microsoft.Data.SqlClient;\nvar c = "Server=db.example.com;Database=shop;Encrypt=Mandatory";', 'sqlclient', undefined],
    ['web.config', '<configuration><connectionStrings><add name="x" connectionString="Server=db.example.com;Database=shop" providerName="System.Data.SqlClient" /></connectionStrings></configuration>', 'sqlclient', 'system-data'],
    ['c.cs', 'using MySql.Data.MySqlClient;\nvar c = "Server=db.example.com;Database=shop;SslMode=VerifyFull;SslCa=ca.pem";', 'mysql-dotnet', 'connector-net'],
    ['d.cs', 'using MySqlConnector;\nvar c = "Server=db.example.com;Database=shop;SslMode=VerifyFull;SslCa=ca.pem";', 'mysql-dotnet', undefined],
    ['t.ts', "import { Connection } from 'tedious';\nconst c = new Connection({ server: 'db.example.com', options: { encrypt: true } });", 'tedious', 'tedious-direct'],
    ['m.ts', "import sql from 'mssql';\nconst c = { server: 'db.example.com', options: { encrypt: true } };", 'tedious', undefined],
    ['deploy.sh', 'mariadb --ssl-ca=ca.pem -h db.example.com app\n', 'mysql-client', 'mariadb-client'],
    ['deploy2.sh', 'mysql --ssl-ca=ca.pem -h db.example.com app\n', 'mysql-client', undefined],
  ];
  const facts = (r: LintResult) =>
    r.sites.map((a) => ({ driver: a.site.driver, variant: a.site.driverVariant, encrypts: a.policy.encrypts, chain: a.policy.verifiesChain, host: a.policy.verifiesHost, rejected: a.policy.rejected !== undefined, notes: a.policy.notes.length }));
  const seen: Record<string, unknown> = {};
  for (const [name, text, driver, variant] of cases) {
    setMessages(undefined);
    const en = lint(text, { path: name, now: NOW });
    setMessages(JA);
    const ja = lint(text, { path: name, now: NOW });
    assert.ok(en.sites.length > 0, name);
    assert.deepEqual(facts(ja), facts(en), name);
    assert.deepEqual(
      en.sites.map((a) => [a.site.driver, a.site.driverVariant]),
      en.sites.map(() => [driver, variant]),
      name,
    );
    assert.deepEqual(ja.findings.map((f) => f.ruleId), en.findings.map((f) => f.ruleId), name);
    const { variant: _, ...verdict } = facts(en)[0]!;
    seen[name] = verdict;
  }
  // The flavour changes the verdict: System.Data.SqlClient rejects Encrypt=Mandatory, Microsoft.Data.SqlClient
  // takes it; Connector/NET does not check the host name against a PEM SslCa, MySqlConnector does; tedious
  // alone is told about its trustServerCertificate default; MariaDB's client verifies by default since
  // 11.4 (no verdict), MySQL's verifies the chain (VERIFY_CA).
  for (const [a, b] of [['a.cs', 'b.cs'], ['c.cs', 'd.cs'], ['t.ts', 'm.ts'], ['deploy.sh', 'deploy2.sh']] as const) assert.notDeepEqual(seen[a], seen[b], `${a} / ${b}`);
});
