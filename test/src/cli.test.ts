/**
 * The `dbtrust` command as users run it: the bundle dist/cli.js, spawned in a temporary workspace.
 * Expected findings come from the engine itself (lint + LineIndex), so these tests pin the CLI's
 * contract (paths, positions, formats, exit codes, what is skipped), not the engine's wording.
 */
import { test, TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, lint, parseConfig, RULES, VERSION } from '../../server/out/engine';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

// ---------------------------------------------------------------------------------------------
// helpers

type Files = Record<string, string | Buffer>;

function writeFiles(dir: string, files: Files): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** A fresh temporary workspace (its real path), removed after the test. */
function workspace(t: TestContext, files: Files): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-cli-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('DBTRUST_DEBUG' in env)) delete childEnv.DBTRUST_DEBUG;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: childEnv, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  fixable: boolean;
}

interface JsonReport {
  tool: string;
  version: string;
  filesScanned: number;
  findings: JsonFinding[];
}

function json(r: Run): JsonReport {
  return JSON.parse(r.stdout) as JsonReport;
}

/** What the JSON output must say about one file, computed with the engine. */
function expectedFindings(file: string, text: string, config?: ReturnType<typeof parseConfig>['config']): JsonFinding[] {
  const lines = new LineIndex(text);
  return lint(text, { path: file, config }).findings.map((f) => {
    const s = lines.positionAt(f.span.start);
    const e = lines.positionAt(f.span.end);
    return {
      file,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      fixable: f.fixes.length > 0,
    };
  });
}

// The small workspace of the brief: a weak sslmode, disabled verification, a clean file.
const ENV = 'DATABASE_URL=postgres://app:pw@db.example.com/app?sslmode=require\n';
const JAVA = [
  'class App {',
  '  // the connection used in production',
  '  static final String URL =',
  '      "jdbc:postgresql://db.example.com/app?user=app&password=s3cret&sslfactory=org.postgresql.ssl.NonValidatingFactory";',
  '}',
  '',
].join('\n');
const CLEAN = 'DATABASE_URL=postgres://app:s3cret@db.example.com/app?sslrootcert=system&sslmode=verify-full\n';
const SMALL: Files = { '.env': ENV, 'src/App.java': JAVA, 'config/clean.env': CLEAN };

function smallExpected(): JsonFinding[] {
  return [...expectedFindings('.env', ENV), ...expectedFindings('config/clean.env', CLEAN), ...expectedFindings('src/App.java', JAVA)];
}

function assertNoSecrets(dir: string, r: Run): void {
  // The workspace's own path (random letters) is removed before looking for the short password.
  const all = (r.stdout + r.stderr).split(dir).join('<ws>').split(pathToFileURL(dir).href).join('<ws>');
  assert.ok(!all.includes('s3cret'), 'the password s3cret is printed');
  assert.ok(!/\bpw\b/.test(all), 'the password pw is printed');
  assert.ok(!all.includes('app:pw@'), 'credentials are printed');
}

// ---------------------------------------------------------------------------------------------
// the engine agrees with the brief's expectations (if not, the assertions below say why)

test('cli: the sample inputs give the expected engine findings', () => {
  assert.deepEqual(
    expectedFindings('.env', ENV).map((f) => `${f.rule}:${f.severity}`),
    ['weak-sslmode:warning'],
  );
  const envFinding = expectedFindings('.env', ENV)[0]!;
  assert.equal(envFinding.column, ENV.indexOf('require') + 1);
  assert.equal(envFinding.endColumn, ENV.indexOf('require') + 'require'.length + 1);
  assert.deepEqual(
    expectedFindings('src/App.java', JAVA).map((f) => `${f.rule}:${f.severity}`),
    ['verification-disabled:error'],
  );
  assert.deepEqual(expectedFindings('config/clean.env', CLEAN), []);
  assert.deepEqual(
    expectedFindings('a.env', 'A=postgres://db.example.com/app?sslmode=verify-ca\n').map((f) => `${f.rule}:${f.severity}`),
    ['implicit-trust-store:warning', 'no-hostname-check:warning'],
  );
});

// ---------------------------------------------------------------------------------------------
// formats

test('cli: text format lists findings by path and position, then a summary', (t) => {
  const dir = workspace(t, SMALL);
  const r = cli(dir, ['scan']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  const expected = smallExpected().map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}`);
  assert.deepEqual(r.stdout.split('\n'), [...expected, '2 problems (1 error, 1 warning, 0 info) in 2 of 3 files scanned', '']);
  assert.match(r.stdout, /^\.env:1:\d+: warning weak-sslmode: /m);
  assert.match(r.stdout, /^src\/App\.java:4:\d+: error verification-disabled: /m);
  assertNoSecrets(dir, r);
});

test('cli: text format says "No problems" for a clean tree, with singular and plural', (t) => {
  const dir = workspace(t, { 'clean.env': CLEAN });
  assert.deepEqual(cli(dir, ['scan']), { status: 0, stdout: 'No problems in 1 file scanned\n', stderr: '' });
  writeFiles(dir, { 'other.txt': 'nothing here\n' });
  assert.equal(cli(dir, ['scan']).stdout, 'No problems in 2 files scanned\n');
  const one = workspace(t, { '.env': ENV });
  assert.equal(cli(one, ['scan']).stdout.split('\n').at(-2), '1 problem (0 errors, 1 warning, 0 info) in 1 of 1 file scanned');
});

test('cli: json format has exactly the documented shape and key order', (t) => {
  const dir = workspace(t, SMALL);
  const r = cli(dir, ['scan', '--format', 'json']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  const doc = json(r);
  assert.deepEqual(Object.keys(doc), ['tool', 'version', 'filesScanned', 'findings']);
  assert.equal(doc.tool, 'dbtrust');
  assert.equal(doc.version, VERSION);
  assert.equal(doc.filesScanned, 3);
  for (const f of doc.findings) {
    assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'fixable']);
  }
  assert.deepEqual(doc.findings, smallExpected());
  assert.deepEqual(
    doc.findings.map((f) => [f.file, f.rule, f.severity, f.fixable]),
    [
      ['.env', 'weak-sslmode', 'warning', true],
      ['src/App.java', 'verification-disabled', 'error', true],
    ],
  );
  assert.ok(r.stdout.endsWith('}\n'));
  assertNoSecrets(dir, r);
});

test('cli: json paths are relative to the current directory, with / separators', (t) => {
  const dir = workspace(t, { 'a/b/.env': ENV });
  const sub = path.join(dir, 'a');
  assert.deepEqual(json(cli(sub, ['scan', '--format=json'])).findings.map((f) => f.file), ['b/.env']);
  assert.deepEqual(json(cli(dir, ['scan', 'a/b', '--format', 'json'])).findings.map((f) => f.file), ['a/b/.env']);
  assert.deepEqual(json(cli(dir, ['scan', './a/b/.env', '--format', 'json'])).findings.map((f) => f.file), ['a/b/.env']);
  assert.deepEqual(json(cli(path.join(dir, 'a', 'b'), ['scan', '../../a', '--format', 'json'])).findings.map((f) => f.file), ['.env']);
});

test('cli: findings are sorted by path (code-unit order) then position; a file named twice is scanned once', (t) => {
  const two = 'A=postgres://db.example.com/app?sslmode=verify-ca\nB=postgres://db.example.com/app?sslmode=require\n';
  const dir = workspace(t, { 'b.env': two, 'a/z.env': ENV, 'C.env': ENV, 'a.env': ENV });
  const doc = json(cli(dir, ['scan', '.', 'b.env', '--format', 'json']));
  assert.equal(doc.filesScanned, 4);
  assert.deepEqual(
    doc.findings.map((f) => `${f.file}:${f.line}`),
    ['C.env:1', 'a.env:1', 'a/z.env:1', 'b.env:1', 'b.env:1', 'b.env:2'],
  );
});

/** The string formats the SARIF schema uses (RFC 3986 URIs and URI references, RFC 3339 times). */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SARIF_FORMATS = {
  uri: (s: string) => URI_REFERENCE.test(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s),
  'uri-reference': (s: string) => URI_REFERENCE.test(s),
  'date-time': (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
};

type Validator = ((doc: unknown) => boolean) & { errors?: unknown };

function sarifValidator(): Validator {
  const Ajv = require('ajv-draft-04');
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  // unicodeRegExp: false, because the schema's language-tag pattern is not a valid `u` regular expression
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, formats: SARIF_FORMATS });
  return ajv.compile(schema);
}

test('cli: sarif output validates against the SARIF 2.1.0 schema and carries rules, results and fixes', (t) => {
  const dir = workspace(t, { ...SMALL, 'dir with space/a#b.env': 'A=postgres://db.example.com/app?sslmode=verify-ca\n' });
  const r = cli(dir, ['scan', '--format', 'sarif']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  const doc = JSON.parse(r.stdout);
  const validate = sarifValidator();
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  // the validator does reject what the schema forbids
  const broken = JSON.parse(r.stdout);
  broken.runs[0].results[0].level = 'fatal';
  assert.equal(validate(broken), false);
  const badUri = JSON.parse(r.stdout);
  badUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'dir with space/a.env';
  assert.equal(validate(badUri), false);

  assert.equal(doc.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(doc.version, '2.1.0');
  assert.equal(doc.runs.length, 1);
  const run = doc.runs[0];
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(dir).href + '/' } });
  const driver = run.tool.driver;
  assert.equal(driver.name, 'dbtrust');
  assert.equal(driver.version, VERSION);
  assert.match(driver.informationUri, /^https:\/\//);
  assert.deepEqual(
    driver.rules.map((rule: { id: string; helpUri: string; defaultConfiguration: { level: string }; shortDescription: { text: string } }) => [
      rule.id,
      rule.helpUri,
      rule.defaultConfiguration.level,
      rule.shortDescription.text,
    ]),
    RULES.map((rule) => [
      rule.meta.id,
      rule.meta.docsUrl,
      rule.meta.defaultSeverity === 'error' ? 'error' : rule.meta.defaultSeverity === 'warning' ? 'warning' : 'note',
      rule.meta.description,
    ]),
  );
  for (const rule of driver.rules) {
    assert.equal(typeof rule.name, 'string');
    assert.equal(typeof rule.fullDescription.text, 'string');
  }

  const expected = [...smallExpected(), ...expectedFindings('dir with space/a#b.env', 'A=postgres://db.example.com/app?sslmode=verify-ca\n')];
  expected.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  assert.equal(run.results.length, expected.length);
  run.results.forEach((result: any, i: number) => {
    const e = expected[i]!;
    assert.equal(result.ruleId, e.rule);
    assert.equal(driver.rules[result.ruleIndex].id, e.rule);
    assert.equal(result.level, e.severity === 'error' ? 'error' : e.severity === 'warning' ? 'warning' : 'note');
    assert.equal(result.message.text, e.message);
    assert.equal(result.locations.length, 1);
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepEqual(loc.region, { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn });
    assert.equal(Array.isArray(result.fixes) && result.fixes.length > 0, e.fixable, 'fixes present when fixable');
    for (const fix of result.fixes ?? []) {
      assert.equal(typeof fix.description.text, 'string');
      assert.deepEqual(fix.artifactChanges[0].artifactLocation, loc.artifactLocation);
      for (const rep of fix.artifactChanges[0].replacements) {
        assert.deepEqual(Object.keys(rep.deletedRegion), ['startLine', 'startColumn', 'endLine', 'endColumn']);
        assert.equal(typeof rep.insertedContent.text, 'string');
      }
    }
  });
  const uris = [...new Set(run.results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri))];
  assert.deepEqual(uris, ['.env', 'dir%20with%20space/a%23b.env', 'src/App.java']);

  // The weak-sslmode fix on .env replaces `require` with verify-full, at the finding's range.
  const envFix = run.results[0].fixes[0].artifactChanges[0].replacements[0];
  assert.deepEqual(envFix.deletedRegion, run.results[0].locations[0].physicalLocation.region);
  assert.equal(envFix.insertedContent.text, 'verify-full');

  assert.ok(!r.stdout.includes('"snippet"'), 'no source snippets');
  assert.ok(!r.stdout.includes('"contextRegion"'), 'no source context');
  assertNoSecrets(dir, r);
});

test('cli: sarif for a clean tree is valid and has no results', (t) => {
  const dir = workspace(t, { 'clean.env': CLEAN });
  const r = cli(dir, ['scan', '--format', 'sarif']);
  assert.equal(r.status, 0);
  const doc = JSON.parse(r.stdout);
  assert.ok(sarifValidator()(doc));
  assert.deepEqual(doc.runs[0].results, []);
});

test('cli: passwords never appear in any output, whatever the format or the config', (t) => {
  const dir = workspace(t, {
    ...SMALL,
    'x.yaml': 'url: "postgresql://app:s3cret@db.example.com:5432/app?sslmode=disable"\n',
    'k.conf': "host=db.example.com user=app password='s3cret' sslmode=prefer\n",
    'db.ts': "const c = 'postgres://app:pw@db.example.com/app?sslmode=no-verify';\n",
    '.dbtrust.json': '{"rules": {"no-hostname-check": "s3cret"}, "s3cret": 1}',
  });
  for (const format of ['text', 'json', 'sarif']) {
    const r = cli(dir, ['scan', '--format', format, '--fail-on', 'none']);
    assert.equal(r.status, 0, r.stderr);
    assertNoSecrets(dir, { ...r, stderr: '' }); // stderr holds the config's own (invalid) words
  }
  // A config that is not JSON is reported without quoting it (node's JSON.parse message would).
  writeFiles(dir, { '.dbtrust.json': '{"ignore": ["x"], "note": postgres://app:s3cret@db/app}', 'cfg.json': '{"a": s3cret}' });
  const implicit = cli(dir, ['scan', '--fail-on', 'none']);
  assert.match(implicit.stderr, /^dbtrust: warning: \.dbtrust\.json: not valid JSON/m);
  assertNoSecrets(dir, implicit);
  const explicit = cli(dir, ['scan', '--config', 'cfg.json']);
  assert.equal(explicit.status, 2);
  assert.match(explicit.stderr, /^dbtrust: cfg\.json: not valid JSON/m);
  assertNoSecrets(dir, explicit);
});

// ---------------------------------------------------------------------------------------------
// exit codes

test('cli: exit status follows --fail-on (default warning; none never fails; hint never reaches info)', (t) => {
  const both = workspace(t, SMALL);
  const warningOnly = workspace(t, { '.env': ENV });
  const infoOnly = workspace(t, { '.env': 'DATABASE_URL=postgres://localhost/app?sslmode=disable\n' });
  const clean = workspace(t, { 'clean.env': CLEAN });
  const hintOnly = workspace(t, { '.env': ENV, 'hint.json': '{"rules": {"weak-sslmode": "hint"}}' });
  assert.equal(json(cli(infoOnly, ['scan', '--format', 'json'])).findings[0]!.severity, 'info');
  const table: [string, string[], Record<string, number>][] = [
    [both, [], { default: 1, error: 1, warning: 1, info: 1, none: 0 }],
    [warningOnly, [], { default: 1, error: 0, warning: 1, info: 1, none: 0 }],
    [infoOnly, [], { default: 0, error: 0, warning: 0, info: 1, none: 0 }],
    [clean, [], { default: 0, error: 0, warning: 0, info: 0, none: 0 }],
    [hintOnly, ['--config', 'hint.json'], { default: 0, error: 0, warning: 0, info: 0, none: 0 }],
  ];
  for (const [dir, extra, codes] of table) {
    for (const [failOn, code] of Object.entries(codes)) {
      const args = failOn === 'default' ? ['scan', ...extra] : ['scan', '--fail-on', failOn, ...extra];
      for (const format of ['text', 'json']) {
        const r = cli(dir, [...args, '--format', format]);
        assert.equal(r.status, code, `${path.basename(dir)} ${args.join(' ')} --format ${format}: ${r.stderr}`);
      }
    }
  }
  assert.equal(json(cli(hintOnly, ['scan', '--config', 'hint.json', '--format', 'json'])).findings[0]!.severity, 'hint');
});

test('cli: usage errors exit 2 with one line on stderr that points to --help', (t) => {
  const dir = workspace(t, SMALL);
  const cases: string[][] = [
    [],
    ['frobnicate'],
    ['--bogus'],
    ['scan', '--bogus'],
    ['scan', '-x'],
    ['scan', '--format', 'xml'],
    ['scan', '--format=yaml'],
    ['scan', '--format'],
    ['scan', '--fail-on', 'hint'],
    ['scan', '--fail-on=fatal'],
    ['scan', '--fail-on'],
    ['scan', '--now', '2023-02-29'],
    ['scan', '--now', '2024-13-01'],
    ['scan', '--now', '2024-04-31'],
    ['scan', '--now', '2024-1-05'],
    ['scan', '--now', '2024-01-05T00:00:00Z'],
    ['scan', '--now', 'tomorrow'],
    ['scan', '--now='],
    ['scan', '--config'],
  ];
  for (const args of cases) {
    const r = cli(dir, args);
    assert.equal(r.status, 2, `dbtrust ${args.join(' ')}`);
    assert.equal(r.stdout, '', `dbtrust ${args.join(' ')}: stdout`);
    assert.match(r.stderr, /^dbtrust: [^\n]*--help[^\n]*\n$/, `dbtrust ${args.join(' ')}: ${r.stderr}`);
  }
  // An unknown option's value is never echoed.
  assert.ok(!cli(dir, ['scan', '--password=s3cret']).stderr.includes('s3cret'));
});

test('cli: --now accepts real calendar dates', (t) => {
  const dir = workspace(t, { 'clean.env': CLEAN });
  for (const now of ['2024-02-29', '2000-02-29', '1999-12-31', '2030-01-01']) {
    assert.equal(cli(dir, ['scan', '--now', now]).status, 0, now);
    assert.equal(cli(dir, ['scan', `--now=${now}`]).status, 0, now);
  }
  const weak = workspace(t, { '.env': ENV });
  assert.equal(cli(weak, ['scan', '--now', '2024-02-29']).status, 1);
});

test('cli: a path that does not exist is a usage error', (t) => {
  const dir = workspace(t, SMALL);
  const r = cli(dir, ['scan', 'src', 'nope']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /nope/);
});

test('cli: --help, scan --help and --version', (t) => {
  const dir = workspace(t, {});
  const main = cli(dir, ['--help']);
  assert.equal(main.status, 0);
  assert.match(main.stdout, /dbtrust scan/);
  const scan = cli(dir, ['scan', '--help']);
  assert.equal(scan.status, 0);
  for (const option of ['--format', '--fail-on', '--now', '--config']) assert.ok(scan.stdout.includes(option), option);
  assert.deepEqual(cli(dir, ['--version']), { status: 0, stdout: `${VERSION}\n`, stderr: '' });
  assert.equal(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin.dbtrust, 'dist/cli.js');
  assert.ok(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'));
});

// ---------------------------------------------------------------------------------------------
// configuration

test('cli: an explicit --config that is missing, unreadable or invalid exits 2', (t) => {
  const dir = workspace(t, { ...SMALL, 'bad.json': '{"rules": {"weak-sslmode": "loud"}}', 'broken.json': '{', 'folder.json/x': '' });
  for (const [file, pattern] of [
    ['missing.json', /missing\.json/],
    ['bad.json', /bad\.json: rule "weak-sslmode"/],
    ['broken.json', /broken\.json: not valid JSON/],
    ['folder.json', /folder\.json/],
  ] as const) {
    const r = cli(dir, ['scan', '--config', file, '--format', 'json']);
    assert.equal(r.status, 2, file);
    assert.equal(r.stdout, '', file);
    assert.match(r.stderr, pattern);
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  }
});

test('cli: an explicit --config applies severities and ignore globs relative to its own folder', (t) => {
  const dir = workspace(t, {
    'conf/rules.json': '{"rules": {"weak-sslmode": "off", "verification-disabled": "warning"}, "ignore": ["legacy/"]}',
    'legacy/a.env': ENV.replace('require', 'verify-ca'),
    'conf/legacy/b.env': ENV.replace('require', 'verify-ca'),
    '.env': ENV,
    'src/App.java': JAVA,
    '.dbtrust.json': '{"rules": {"weak-sslmode": "error"}}',
  });
  const r = cli(dir, ['scan', '--config', 'conf/rules.json', '--format', 'json']);
  assert.equal(r.stderr, '');
  const doc = json(r);
  assert.deepEqual(
    doc.findings.map((f) => `${f.file} ${f.rule} ${f.severity}`),
    ['legacy/a.env implicit-trust-store warning', 'legacy/a.env no-hostname-check warning', 'src/App.java verification-disabled warning'],
  );
  assert.equal(doc.filesScanned, 5); // conf/legacy/b.env is ignored; the two configs are scanned like any JSON
  assert.equal(r.status, 1);
});

test('cli: the implicit .dbtrust.json applies; its mistakes are warnings on stderr and the valid parts still apply', (t) => {
  const dir = workspace(t, {
    '.dbtrust.json': '{"rules": {"weak-sslmode": "error", "nope": "off"}, "ignore": ["fixtures/**"]}',
    '.env': ENV,
    'fixtures/bad.env': ENV,
  });
  const r = cli(dir, ['scan', '--format', 'json', '--fail-on', 'error']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^dbtrust: warning: \.dbtrust\.json: unknown rule "nope"/m);
  const doc = json(r);
  assert.deepEqual(doc.findings.map((f) => `${f.file} ${f.severity}`), ['.env error']);
  // run from elsewhere, the file is not read
  const other = cli(path.join(dir, 'fixtures'), ['scan', '--format', 'json']);
  assert.deepEqual(json(other).findings.map((f) => `${f.file} ${f.severity}`), ['bad.env warning']);
  assert.equal(other.stderr, '');
});

// ---------------------------------------------------------------------------------------------
// what is scanned

test('cli: .gitignore files apply with git semantics, each relative to its folder', (t) => {
  const dir = workspace(t, {
    '.gitignore': 'build/\n*.local.env\n',
    'sub/.gitignore': '!keep.local.env\nonly-here.env\n',
    'build/a.env': ENV,
    'x.local.env': ENV,
    'sub/keep.local.env': ENV,
    'sub/only-here.env': ENV,
    'only-here.env': ENV,
    'sub/b.env': ENV,
    'sub/deeper/only-here.env': ENV,
  });
  const doc = json(cli(dir, ['scan', '--format', 'json']));
  assert.deepEqual(doc.findings.map((f) => f.file), ['only-here.env', 'sub/b.env', 'sub/keep.local.env']);
  // the root .gitignore also applies when only a subfolder is scanned, and to paths named explicitly
  assert.deepEqual(json(cli(dir, ['scan', 'sub', '--format', 'json'])).findings.map((f) => f.file), ['sub/b.env', 'sub/keep.local.env']);
  const explicit = cli(dir, ['scan', 'x.local.env', 'build', '--format', 'json']);
  assert.equal(json(explicit).filesScanned, 0);
  assert.match(explicit.stderr, /x\.local\.env: ignored/);
  assert.equal(explicit.status, 0);
});

test('cli: .git and node_modules are skipped while walking; a path named explicitly is scanned', (t) => {
  const dir = workspace(t, {
    '.git/config': ENV,
    '.git/HEAD': 'ref: refs/heads/main\n',
    'node_modules/pkg/.env': ENV,
    'packages/a/node_modules/x/.env': ENV,
    'packages/a/.env': ENV,
  });
  const doc = json(cli(dir, ['scan', '--format', 'json']));
  assert.deepEqual(doc.findings.map((f) => f.file), ['packages/a/.env']);
  assert.equal(doc.filesScanned, 1);
  assert.deepEqual(
    json(cli(dir, ['scan', 'node_modules/pkg', '--format', 'json'])).findings.map((f) => f.file),
    ['node_modules/pkg/.env'],
  );
});

test('cli: binary files, files over 2 MB and prose are skipped; text mode says so, json stays pure', (t) => {
  const big = ENV + '# padding\n'.repeat(Math.ceil((2 * 1024 * 1024) / 10));
  const dir = workspace(t, {
    'big.env': big,
    'image.env': Buffer.concat([Buffer.from(ENV), Buffer.from([0, 1, 2, 0])]),
    'README.md': 'Use `postgres://db.example.com/app?sslmode=require` (do not).\n',
    'docs/index.html': '<code>postgres://db.example.com/app?sslmode=require</code>\n',
    'notes.rst': 'postgres://db.example.com/app?sslmode=require\n',
    'ok.env': CLEAN,
  });
  assert.ok(Buffer.byteLength(big) > 2 * 1024 * 1024);
  const text = cli(dir, ['scan']);
  assert.equal(text.status, 0, text.stderr);
  assert.deepEqual(text.stdout.split('\n'), [
    'No problems in 1 file scanned',
    'skipped 1 file over 2 MB: big.env',
    'skipped 1 binary file',
    '',
  ]);
  for (const format of ['json', 'sarif']) {
    const r = cli(dir, ['scan', '--format', format]);
    assert.equal(r.status, 0);
    JSON.parse(r.stdout); // nothing but JSON on stdout
  }
  assert.equal(json(cli(dir, ['scan', '--format', 'json'])).filesScanned, 1);
  // a file just under the limit is scanned
  writeFiles(dir, { 'big.env': ENV + '#'.repeat(2 * 1024 * 1024 - ENV.length - 1) + '\n' });
  assert.equal(json(cli(dir, ['scan', '--format', 'json'])).findings.length, 1);
});

test('cli: UTF-8 BOM and UTF-16 files are read as text; columns count UTF-16 code units', (t) => {
  const dir = workspace(t, {
    'bom.env': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ENV)]),
    'utf16.env': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ENV, 'utf16le')]),
    'emoji.ts': "const a = '😀'; const u = 'postgres://db.example.com/app?sslmode=require';\n",
  });
  const doc = json(cli(dir, ['scan', '--format', 'json']));
  const col = ENV.indexOf('require') + 1;
  assert.deepEqual(
    doc.findings.map((f) => `${f.file}:${f.line}:${f.column}`),
    ['bom.env:1:' + col, 'emoji.ts:1:' + ("const a = '😀'; const u = 'postgres://db.example.com/app?sslmode=".length + 1), 'utf16.env:1:' + col],
  );
});

test('cli: directory links are not followed (no loops, nothing outside the tree); file links only inside it', (t) => {
  const outside = workspace(t, { 'secret.env': ENV, 'dir/.env': ENV });
  const dir = workspace(t, { 'real.env': ENV });
  fs.symlinkSync('.', path.join(dir, 'loop'), 'dir');
  fs.symlinkSync(path.join(outside, 'dir'), path.join(dir, 'out'), 'dir');
  fs.symlinkSync(path.join(outside, 'secret.env'), path.join(dir, 'link.env'), 'file');
  fs.symlinkSync('real.env', path.join(dir, 'alias.env'), 'file');
  fs.symlinkSync('missing.env', path.join(dir, 'dangling.env'), 'file');
  const r = cli(dir, ['scan', '--format', 'json']);
  assert.equal(r.stderr, '');
  assert.deepEqual(json(r).findings.map((f) => f.file), ['alias.env', 'real.env']);
});

/** How to run the CLI without root's power to read anything: directly, or through runuser as nobody. */
function unprivileged(): string[] | undefined {
  if (process.platform === 'win32') return undefined;
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', `require(${JSON.stringify(CLI)})`, '--version']);
  return probe.status === 0 ? ['runuser', '-u', 'nobody', '--'] : undefined;
}

test('cli: unreadable files and folders are warnings on stderr and the scan goes on', (t) => {
  const prefix = unprivileged();
  if (!prefix) return t.skip('cannot drop root privileges here');
  const dir = workspace(t, { 'a.env': ENV, 'b.env': ENV, 'locked/c.env': ENV });
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'a.env'), 0o000);
  fs.chmodSync(path.join(dir, 'locked'), 0o000);
  const [cmd, ...pre] = prefix.length > 0 ? prefix : [process.execPath];
  const args = prefix.length > 0 ? [...pre, process.execPath, CLI] : [CLI];
  const run = (extra: string[]): Run => {
    const r = spawnSync(cmd!, [...args, 'scan', ...extra], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  let r: Run, text: Run;
  try {
    r = run(['--format', 'json']);
    text = run([]);
  } finally {
    fs.chmodSync(path.join(dir, 'locked'), 0o700); // so that the workspace can be removed
    fs.chmodSync(path.join(dir, 'a.env'), 0o600);
  }
  assert.match(r.stderr, /^dbtrust: warning: a\.env: cannot be read \(permission denied\); skipped$/m);
  assert.match(r.stderr, /^dbtrust: warning: locked: cannot read the directory \(permission denied\); skipped$/m);
  assert.deepEqual(json(r).findings.map((f) => f.file), ['b.env']);
  assert.equal(r.status, 1);
  assert.match(text.stdout, /^skipped 1 file that could not be read$/m);
});

test('cli: a FIFO named on the command line is refused with a warning, never opened', { skip: process.platform === 'win32' }, (t) => {
  const dir = workspace(t, { '.env': ENV });
  const made = spawnSync('mkfifo', [path.join(dir, 'pipe.env')]);
  if (made.status !== 0) return t.skip('mkfifo not available');
  const r = cli(dir, ['scan', '.', 'pipe.env', '--format', 'json']);
  assert.match(r.stderr, /pipe\.env: not a regular file/);
  assert.deepEqual(json(r).findings.map((f) => f.file), ['.env']);
});

test('cli: large outputs through a pipe are complete', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) lines.push(`URL_${i}=postgres://db${i}.example.com/app?sslmode=require`);
  const dir = workspace(t, { 'many.env': lines.join('\n') + '\n' });
  const r = cli(dir, ['scan', '--format', 'json']);
  assert.equal(r.status, 1);
  const doc = json(r);
  assert.equal(doc.findings.length, 5000);
  assert.equal(doc.findings[4999]!.line, 5000);
  const text = cli(dir, ['scan']);
  assert.equal(text.stdout.split('\n').length, 5002);
  const sarif = JSON.parse(cli(dir, ['scan', '--format', 'sarif']).stdout);
  assert.equal(sarif.runs[0].results.length, 5000);
});

test('cli: odd file names (dots, spaces, unicode, colons) are scanned and shown as they are', (t) => {
  const dir = workspace(t, {
    '.gitignore': '*.tmp\n',
    '...': ENV,
    '..../x.env': ENV,
    'a b/é:1.env': ENV,
  });
  const r = cli(dir, ['scan', '--format', 'json']);
  assert.equal(r.stderr, '');
  assert.deepEqual(json(r).findings.map((f) => f.file), ['...', '..../x.env', 'a b/é:1.env']);
  const sarif = JSON.parse(cli(dir, ['scan', '--format', 'sarif']).stdout);
  assert.ok(sarifValidator()(sarif));
  assert.deepEqual(
    sarif.runs[0].results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri),
    ['...', '..../x.env', 'a%20b/%C3%A9%3A1.env'],
  );
});
