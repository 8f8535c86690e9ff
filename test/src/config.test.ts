/** .dbtrust.json, severities, ignore globs, suppression comments, rule metadata. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ignoreMatcher, lint, loadConfig, MemoryFileAccess, parseConfig, RULE_IDS, RULES, VERSION } from '../../server/out/engine';

const ROOT = path.resolve(__dirname, '../..');

test('config: per-rule severity overrides, off removes the rule', () => {
  const { config, errors } = parseConfig('{"rules": {"weak-sslmode": "error", "no-hostname-check": "off", "implicit-trust-store": "off"}}', '.dbtrust.json');
  assert.deepEqual(errors, []);
  const text = 'A=postgres://h.example.com/db?sslmode=require\nB=postgres://h.example.com/db?sslmode=verify-ca';
  const r = lint(text, { path: '.env', config });
  assert.deepEqual(r.findings.map((f) => `${f.ruleId}:${f.severity}`), ['weak-sslmode:error']);
});

test('config: expiryWindowDays and trustStorePasswords are read and checked; passwords never appear in errors', () => {
  const ok = parseConfig('{"expiryWindowDays": 30, "trustStorePasswords": {"certs/trust.p12": "s3cr3t-pw"}}', 'c');
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.config.expiryWindowDays, 30);
  assert.deepEqual(ok.config.trustStorePasswords, { 'certs/trust.p12': 's3cr3t-pw' });
  for (const bad of ['-1', '1.5', '"90"', '4000']) {
    assert.match(parseConfig(`{"expiryWindowDays": ${bad}}`, 'c').errors[0]!, /"expiryWindowDays" must be a whole number of days from 0 to 3650/);
  }
  const leaky = parseConfig('{"trustStorePasswords": {"a.p12": 12345678, "b.p12": "hunter2"}}', 'c');
  assert.equal(leaky.errors.length, 1);
  assert.ok(!leaky.errors[0]!.includes('hunter2') && !leaky.errors[0]!.includes('12345678'), leaky.errors[0]);
  assert.equal(leaky.config.trustStorePasswords, undefined);
});

test('config: local hosts stay information even when the rule is raised', () => {
  const { config } = parseConfig('{"rules": {"weak-sslmode": "error"}}', 'c');
  const r = lint('A=postgres://localhost/db?sslmode=disable', { path: '.env', config });
  assert.equal(r.findings[0]!.severity, 'info');
  const hint = parseConfig('{"rules": {"weak-sslmode": "hint"}}', 'c').config;
  assert.equal(lint('A=postgres://localhost/db?sslmode=disable', { path: '.env', config: hint }).findings[0]!.severity, 'hint');
});

test('config: every mistake is reported with the file name and the valid parts still apply', () => {
  const { config, errors } = parseConfig(
    '{"rules": {"weak-sslmode": "loud", "nope": "error", "no-hostname-check": "info"}, "ignore": "x", "extra": 1}',
    '/w/.dbtrust.json',
  );
  assert.equal(errors.length, 4);
  for (const e of errors) assert.match(e, /^\/w\/\.dbtrust\.json: /);
  assert.deepEqual(config.rules, { 'no-hostname-check': 'info' });
  assert.match(parseConfig('{', 'c').errors[0]!, /not valid JSON/);
  // The JSON parser's message quotes the text; none of it may reach the error.
  const leaky = parseConfig('{"rules": postgres://u:hunter2@h/db}', 'c').errors[0]!;
  assert.match(leaky, /not valid JSON/);
  assert.ok(!leaky.includes('hunter2'), leaky);
  assert.match(parseConfig('[]', 'c').errors[0]!, /expected a JSON object/);
});

test('config: loaded through FileAccess; a missing file means defaults', async () => {
  const files = new MemoryFileAccess({ '/w/.dbtrust.json': '{"ignore": ["legacy/**", "*.sql"]}' });
  const { config, errors } = await loadConfig(files, '/w/.dbtrust.json');
  assert.deepEqual(errors, []);
  const ignored = ignoreMatcher(config);
  assert.equal(ignored('legacy/a/b.env'), true);
  assert.equal(ignored('db/x.sql'), true);
  assert.equal(ignored('src/app.ts'), false);
  assert.equal(ignoreMatcher({ rules: {}, ignore: ['..foo'] })('..foo'), true, 'a name starting with .. is inside');
  assert.equal(ignoreMatcher({ rules: {}, ignore: ['*'] })('../x'), false, 'outside the config folder');
  assert.deepEqual(await loadConfig(files, '/w/none.json'), { config: { rules: {}, ignore: [] }, errors: [] });
});

test('suppressions: next-line and same-line, with rule lists and reasons, in any comment syntax', () => {
  const cases: [string, string, number][] = [
    ['.env', '# dbtrust-disable-next-line weak-sslmode -- staging\nA=postgres://h.example.com/d?sslmode=require', 0],
    ['a.ts', '// dbtrust-disable-next-line\nconst a = "postgres://h.example.com/d?sslmode=require";', 0],
    ['a.ts', 'const a = "postgres://h.example.com/d?sslmode=require"; /* dbtrust-disable-line weak-sslmode */', 0],
    ['a.sql', "select 'postgres://h.example.com/d?sslmode=require'; -- dbtrust-disable-line weak-sslmode, no-hostname-check", 0],
    ['.env', '# dbtrust-disable-next-line no-hostname-check\nA=postgres://h.example.com/d?sslmode=require', 1],
    ['.env', '# dbtrust-disable-next-line weak-sslmode\n\nA=postgres://h.example.com/d?sslmode=require', 1],
  ];
  for (const [path, text, n] of cases) assert.equal(lint(text, { path }).findings.length, n, text);
});

test('rules: ids are the documented contract, each has metadata and a doc page', () => {
  assert.deepEqual(RULE_IDS, [
    'weak-sslmode',
    'verification-disabled',
    'no-hostname-check',
    'pinned-intermediate',
    'pinned-server-cert',
    'missing-root',
    'expired-ca',
    'expiring-ca',
    'retired-ca',
    'trust-file-unreadable',
    'implicit-trust-store',
    'rejected-setting',
  ]);
  assert.deepEqual(RULES.map((r) => r.meta.id), RULE_IDS);
  for (const r of RULES) {
    assert.ok(r.meta.description.length > 20);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.meta.defaultSeverity));
    assert.ok(r.meta.docsUrl.endsWith(`/docs/rules/${r.meta.id}.md`));
    assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${r.meta.id}.md`)), `docs/rules/${r.meta.id}.md`);
  }
  assert.equal(RULES.find((r) => r.meta.id === 'verification-disabled')!.meta.defaultSeverity, 'error');
});

test('version: the engine reports the package version', () => {
  assert.equal(VERSION, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
});
