/**
 * node-postgres `ssl` options objects: extraction (exact ranges, what is not an options object),
 * interpretation (one row per semantic, each naming its source), fixes, redaction and hostile input.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, hoverMarkdown, lint, siteMarkdown } from '../../server/out/engine';
import type { AnalysedSite, Param, Site, Span } from '../../server/out/engine';

/** node-postgres option objects (other clients' objects belong to other families). */
function objects(text: string, path = 'a.ts'): AnalysedSite[] {
  return lint(text, { path }).sites.filter((s) => s.site.kind === 'object' && s.site.driver === 'node-postgres');
}

function only(text: string, path = 'a.ts'): AnalysedSite {
  const all = objects(text, path);
  assert.equal(all.length, 1, `one object site in ${text}`);
  return all[0]!;
}

function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function param(site: Site, key: string): Param {
  const p = site.params.find((x) => x.key === key);
  assert.ok(p, `param ${key}`);
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Extraction

test('object: the site spans the options object; each option has exact key, value and removal ranges', () => {
  const text = "const p = new Pool({ host: 'db.example.com', port: 5433, user: 'app', database: 'shop', ssl: { ca: fs.readFileSync('certs/root.pem').toString(), rejectUnauthorized: true } });";
  const { site } = only(text);
  assert.equal(site.driver, 'node-postgres');
  assert.equal(slice(text, site.span), text.slice(text.indexOf('{ host'), text.lastIndexOf('}') + 1));
  assert.deepEqual(site.hosts, [{ host: 'db.example.com', port: '5433' }]);
  assert.equal(site.user, 'app');
  assert.equal(site.database, 'shop');
  assert.equal(site.escape, 'backslash'); // inserted paths land inside a JavaScript string literal
  assert.equal(slice(text, site.anchor!), "ssl: { ca: fs.readFileSync('certs/root.pem').toString(), rejectUnauthorized: true }");

  const ssl = param(site, 'ssl');
  assert.equal(ssl.value, 'object');
  assert.equal(slice(text, ssl.keySpan), 'ssl');
  assert.equal(slice(text, ssl.removeSpan), ", ssl: { ca: fs.readFileSync('certs/root.pem').toString(), rejectUnauthorized: true }");

  const ca = param(site, 'ca');
  assert.equal(ca.value, 'certs/root.pem');
  assert.equal(ca.dynamic, false);
  assert.equal(slice(text, ca.keySpan), 'ca');
  assert.equal(slice(text, ca.valueSpan), 'certs/root.pem');
  assert.equal(slice(text, ca.removeSpan), "ca: fs.readFileSync('certs/root.pem').toString(), ");

  const reject = param(site, 'rejectUnauthorized');
  assert.equal(reject.value, 'true');
  assert.equal(slice(text, reject.valueSpan), 'true');
  assert.equal(slice(text, reject.removeSpan), ', rejectUnauthorized: true');
});

test('object: ssl: true and ssl: false; knex connection objects; pg.Client', () => {
  const t1 = "const c = new pg.Client({ host: 'h.example.com', ssl: true })";
  const s1 = only(t1).site;
  assert.equal(param(s1, 'ssl').value, 'true');
  assert.equal(slice(t1, param(s1, 'ssl').valueSpan), 'true');
  assert.equal(s1.insertion, undefined, 'ssl: true takes no new option in place');
  assert.equal(only("new Client({ host: 'h', ssl: false })").site.params[0]!.value, 'false');

  const knex = "export default { client: 'pg', connection: { host: 'h.example.com', ssl: { ca: readFileSync(path.join(__dirname, 'ca.pem')) } } }";
  const k = only(knex).site;
  assert.equal(slice(knex, k.span), "{ host: 'h.example.com', ssl: { ca: readFileSync(path.join(__dirname, 'ca.pem')) } }");
  assert.equal(param(k, 'ca').value, 'ca.pem');
  assert.equal(slice(knex, param(k, 'ca').valueSpan), 'ca.pem');
});

test('object: quoted keys, nested braces, functions and template literals inside values', () => {
  const text = [
    'const cfg = {',
    '  "host": `db.example.com`,',
    "  'ssl': {",
    '    // a comment with } and {',
    "    servername: 'db.example.com',",
    '    checkServerIdentity: (host, cert) => { if (cert.subject.CN !== `x${host}`) { return new Error("}"); } },',
    "    'rejectUnauthorized': false,",
    '  },',
    '};',
  ].join('\n');
  const { site } = only(text);
  assert.equal(slice(text, site.span), text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
  assert.deepEqual(site.hosts, [{ host: 'db.example.com' }]);
  assert.equal(slice(text, param(site, 'ssl').keySpan), "'ssl'");
  assert.equal(param(site, 'servername').value, 'db.example.com');
  const id = param(site, 'checkServerIdentity');
  assert.equal(id.value, 'function');
  assert.ok(slice(text, id.valueSpan).startsWith('(host, cert) =>') && slice(text, id.valueSpan).endsWith('} }'));
  // A property alone on its line is removed with its line.
  assert.equal(slice(text, id.removeSpan), text.split('\n')[5] + '\n');
  const reject = param(site, 'rejectUnauthorized');
  assert.equal(slice(text, reject.keySpan), "'rejectUnauthorized'");
  assert.equal(slice(text, reject.valueSpan), 'false');
});

test('object: ca forms — readFileSync with encoding, one-element arrays, __dirname templates, path.resolve; others computed', () => {
  const ca = (expr: string): Param => param(only(`new Pool({ ssl: { ca: ${expr} } })`).site, 'ca');
  assert.equal(ca("fs.readFileSync('/etc/ssl/root.pem', 'utf8')").value, '/etc/ssl/root.pem');
  assert.equal(ca("readFileSync(\"certs/root.pem\", { encoding: 'utf8' })").value, 'certs/root.pem');
  assert.equal(ca("[fs.readFileSync('certs/root.pem')]").value, 'certs/root.pem');
  assert.equal(ca('fs.readFileSync(`${__dirname}/certs/root.pem`).toString()').value, 'certs/root.pem');
  assert.equal(ca("fs.readFileSync(path.resolve(__dirname, '../certs', 'root.pem'))").value, '../certs/root.pem');
  assert.equal(ca("fs.readFileSync(path.resolve(__dirname, 'x', '/etc/ssl/root.pem'))").value, '/etc/ssl/root.pem');
  // `__dirname + '/…'` (the form the mysql2 reader shares): the path after the separator, its range inside the literal.
  const plus = "new Pool({ ssl: { ca: fs.readFileSync(__dirname + '/certs/root.pem') } })";
  const pp = param(only(plus).site, 'ca');
  assert.equal(pp.value, 'certs/root.pem');
  assert.equal(slice(plus, pp.valueSpan), 'certs/root.pem');
  for (const computed of ['process.env.PG_CA', 'loadCa()', "fs.readFileSync(process.env.CA_PATH)", "fs.readFileSync(path.join(dir, 'a.pem'))", "fs.readFileSync(path.join(__dirname, 'a', \"b.pem\"))", "'-----BEGIN CERTIFICATE-----\\nMIIB...'"]) {
    assert.equal(ca(computed).dynamic, true, computed);
  }
  assert.equal(ca("'-----BEGIN CERTIFICATE-----\\nMIIB...'").value, 'inline PEM');
  // One replaceable range across the path.join literals: replacing it keeps valid code.
  const text = "new Pool({ ssl: { ca: fs.readFileSync(path.join(__dirname, '..', 'certs', 'root.pem')) } })";
  const p = param(only(text).site, 'ca');
  assert.equal(p.value, '../certs/root.pem');
  assert.equal(applyEdits(text, [{ span: p.valueSpan, newText: 'certs/new.pem' }]), "new Pool({ ssl: { ca: fs.readFileSync(path.join(__dirname, 'certs/new.pem')) } })");
});

test('object: comments, strings, template literals and type declarations are not options', () => {
  const none = [
    "// new Pool({ host: 'h', ssl: { rejectUnauthorized: false } })",
    "/* { ssl: false } */",
    "const s = \"new Pool({ host: 'h', ssl: false })\";",
    "const t = `new Pool({ host: 'h', ssl: ${x} ? { rejectUnauthorized: false } : false })`;",
    'interface Options { ssl: { rejectUnauthorized: false; ca: string } }',
    'type Options = { host: string; ssl: true }',
    'class A { ssl: true }',
    'function f() { ssl: true }',
    'const o = { ssl }',
    'const o = { ssl: useSsl }',
    'const o = { [key]: { rejectUnauthorized: false } }',
    "const o = { sslmode: 'disable', nossl: false }",
  ];
  for (const text of none) assert.deepEqual(objects(text), [], text);
  // Not a JavaScript/TypeScript file: not read.
  assert.deepEqual(objects("{ host: 'h', ssl: false }", 'a.py'), []);
});

test('object: checkServerIdentity as a method, an arrow function or a named function all override the check', () => {
  for (const form of ['checkServerIdentity(host, cert) { return undefined; }', 'checkServerIdentity: () => undefined', 'checkServerIdentity: skipCheck']) {
    const text = `new Pool({ host: 'db.example.com', ssl: { ${form} } })`;
    const { site, policy } = only(text);
    assert.equal(param(site, 'checkServerIdentity').value, 'function', form);
    assert.equal(slice(text, param(site, 'checkServerIdentity').keySpan), 'checkServerIdentity');
    assert.equal(policy.verifiesHost, 'no', form);
  }
});

test('object: only an `ssl` key directly in the object counts; the ssl value is not itself a site', () => {
  const text = "new Pool({ host: 'h.example.com', ssl: { ca: f({ ssl: false }), rejectUnauthorized: true } })";
  const { site } = only(text);
  assert.equal(param(site, 'ssl').value, 'object');
  // A TypeScript cast after the ssl object keeps it an options object.
  const cast = "new Pool({ host: 'h', ssl: { rejectUnauthorized: false } as ConnectionOptions })";
  assert.equal(param(only(cast).site, 'rejectUnauthorized').value, 'false');
  // A later duplicate key wins, as in JavaScript.
  const dup = only("new Pool({ ssl: false, host: 'h', ssl: true })").site;
  assert.equal(param(dup, 'ssl').value, 'true');
});

test("object: another database's client is not node-postgres", () => {
  assert.deepEqual(objects("import mysql from 'mysql2/promise';\nmysql.createPool({ host: 'h', ssl: { rejectUnauthorized: false } });"), []);
  assert.deepEqual(objects("const m = require('mariadb');\nm.createPool({ host: 'h', ssl: { rejectUnauthorized: false } });"), []);
  assert.deepEqual(objects("knex({ client: 'mysql2', connection: { host: 'h', ssl: { rejectUnauthorized: false } } })"), []);
  assert.deepEqual(objects("new Sequelize({ dialect: 'mssql', dialectOptions: { ssl: { rejectUnauthorized: false } } })"), []);
  // With a PostgreSQL client in the same file, objects are read.
  assert.equal(objects("import { Pool } from 'pg';\nimport mysql from 'mysql2';\nnew Pool({ host: 'h', ssl: true });").length, 1);
  assert.equal(objects("new Sequelize({ dialect: 'postgres', dialectOptions: { ssl: { rejectUnauthorized: false } } })").length, 1);
});

test("object: other services' clients with an ssl option are not node-postgres (umami src/lib/kafka.ts: kafkajs)", () => {
  const kafka = "import { Kafka } from 'kafkajs';\nconst ssl = username ? { ssl: { rejectUnauthorized: false }, sasl: { mechanism, username, password } } : {};\nnew Kafka({ clientId: 'app', brokers, ...ssl });";
  assert.deepEqual(objects(kafka), []);
  assert.deepEqual(objects("const amqp = require('amqplib');\namqp.connect({ hostname: 'mq', ssl: { rejectUnauthorized: false } });"), []);
  assert.deepEqual(objects("import nodemailer from 'nodemailer';\nnodemailer.createTransport({ host: 'smtp', ssl: { rejectUnauthorized: false } });"), []);
  // A configuration module that imports no client at all is still read as node-postgres options.
  assert.equal(objects("import 'dotenv/config';\nexport default { host: process.env.DB_HOST, ssl: { rejectUnauthorized: false } };").length, 1);
});

test('object: a connection-string literal in the options stays its own site; the object site shrinks to its ssl property', () => {
  const text = "new Pool({ connectionString: 'postgres://app:hunter2@db.example.com/app?sslmode=verify-full', ssl: { rejectUnauthorized: false } })";
  const sites = lint(text, { path: 'a.ts' }).sites;
  assert.deepEqual(sites.map((s) => s.site.kind), ['uri', 'object']);
  const obj = sites[1]!.site;
  assert.equal(slice(text, obj.span), 'ssl: { rejectUnauthorized: false }');
  const conn = param(obj, 'connectionString');
  assert.equal(conn.value, 'sslmode', 'the TLS parameters the string sets, never the string');
  assert.equal(conn.dynamic, false);
  // Nested options objects: the inner keeps its object, the outer its ssl property; no overlap.
  const nested = "const o = { host: 'a.example.com', ssl: true, replica: { host: 'b.example.com', ssl: false } }";
  const ns = objects(nested);
  assert.deepEqual(ns.map((s) => slice(nested, s.site.span)), ['ssl: true', "{ host: 'b.example.com', ssl: false }"]);
  assert.deepEqual(ns.map((s) => s.site.hosts[0]!.host), ['a.example.com', 'b.example.com']);
});

test('object: insertion point inside the ssl object yields `key: value, ` before the first option', () => {
  const cases: [string, string][] = [
    ['new Pool({ ssl: {} })', 'new Pool({ ssl: { servername: x } })'],
    ["new Pool({ ssl: { ca: c } })", "new Pool({ ssl: { servername: x, ca: c } })"],
    ['new Pool({\n  ssl: {\n    ca: c,\n  },\n})', 'new Pool({\n  ssl: {\n    servername: x,\n    ca: c,\n  },\n})'],
  ];
  for (const [text, want] of cases) {
    const ins = only(text).site.insertion!;
    const edit = { span: { start: ins.offset, end: ins.offset }, newText: `${ins.prefix}servername${ins.assign}x${ins.suffix}` };
    assert.equal(applyEdits(text, [edit]), want);
  }
});

test('object: the password is located, never copied; the hover masks it', () => {
  const secret = 'hunter2-Zq9';
  const text = `new Pool({ host: 'db.example.com', user: 'app', password: '${secret}', ssl: { rejectUnauthorized: false } })`;
  const result = lint(text, { path: 'a.ts' });
  const analysed = result.sites[0]!;
  assert.equal(slice(text, analysed.site.passwordSpan!), secret);
  assert.ok(!JSON.stringify(result).includes(secret), 'no field holds the password');
  const md = siteMarkdown(analysed);
  assert.ok(!md.includes(secret));
  assert.ok(md.includes('| Password | •••'));
  assert.ok(md.includes('| ssl option | `ssl: { … }` |'));
  assert.ok(md.includes('driver options object'));
  assert.ok(!hoverMarkdown(text, result, text.indexOf('password'))!.includes(secret));
  // A connection string with a password: only the TLS parameter names reach the object site.
  const t2 = `new Pool({ connectionString: 'postgres://app:${secret}@h/app?sslrootcert=r.pem', ssl: true })`;
  const r2 = lint(t2, { path: 'a.ts' });
  assert.ok(!JSON.stringify(r2.sites.find((s) => s.site.kind === 'object')).includes(secret));
});

// ---------------------------------------------------------------------------------------------------
// Interpretation

const NODE_TLS = 'Node.js tls.connect options (docs)';
const PG_CONN = 'node-postgres 8.23 pg/lib/connection.js upgradeToSSL (brianc/node-postgres c9e5761)';
const PG_PARAMS = 'node-postgres 8.23 pg/lib/connection-parameters.js (c9e5761)';

interface Row {
  source: string;
  input: string;
  encrypts?: 'always' | 'maybe' | 'never' | 'unknown';
  chain?: 'yes' | 'no' | 'unknown';
  host?: 'yes' | 'no' | 'unknown';
  trust?: string;
  dynamic?: boolean;
  rejected?: boolean;
  rules: string[];
}

const H = "host: 'db.example.com'";
const rows: Row[] = [
  { source: PG_CONN + ': ssl: true ⇒ tls.connect with Node defaults', input: `new Pool({ ${H}, ssl: true })`, encrypts: 'always', chain: 'yes', host: 'yes', trust: 'node-default', rules: [] },
  { source: PG_CONN + ': ssl falsy ⇒ no SSLRequest, plaintext', input: `new Pool({ ${H}, ssl: false })`, encrypts: 'never', chain: 'no', host: 'no', rules: ['weak-sslmode'] },
  { source: NODE_TLS + ': rejectUnauthorized "If not false, the server certificate is verified"', input: `new Pool({ ${H}, ssl: { rejectUnauthorized: false } })`, encrypts: 'always', chain: 'no', host: 'no', rules: ['verification-disabled'] },
  { source: NODE_TLS + ': rejectUnauthorized true', input: `new Pool({ ${H}, ssl: { rejectUnauthorized: true } })`, encrypts: 'always', chain: 'yes', host: 'yes', trust: 'node-default', rules: [] },
  { source: NODE_TLS + ": rejectUnauthorized: only false disables (the string 'false' verifies; checked with Node 20)", input: `new Pool({ ${H}, ssl: { rejectUnauthorized: 'false' } })`, encrypts: 'always', chain: 'yes', host: 'yes', rules: [] },
  { source: NODE_TLS + ': rejectUnauthorized computed ⇒ decided at run time', input: `new Pool({ ${H}, ssl: { rejectUnauthorized: process.env.PG_VERIFY !== '0' } })`, encrypts: 'always', dynamic: true, rules: [] },
  { source: NODE_TLS + ': ca "Mozilla\'s CAs are completely replaced when CAs are explicitly specified"', input: `new Pool({ ${H}, ssl: { ca: fs.readFileSync('/etc/ssl/pg-root.pem') } })`, encrypts: 'always', chain: 'yes', host: 'yes', trust: 'file:/etc/ssl/pg-root.pem', rules: [] },
  { source: NODE_TLS + ': ca computed ⇒ trust unknown, verification still on', input: `new Pool({ ${H}, ssl: { ca: process.env.PG_CA } })`, encrypts: 'always', chain: 'yes', host: 'yes', trust: 'none', dynamic: false, rules: [] },
  { source: NODE_TLS + ': checkServerIdentity replaces the host-name check; the chain is still verified', input: `new Pool({ ${H}, ssl: { checkServerIdentity: () => undefined } })`, encrypts: 'always', chain: 'yes', host: 'no', rules: ['no-hostname-check'] },
  { source: NODE_TLS + ': rejectUnauthorized false makes checkServerIdentity moot', input: `new Pool({ ${H}, ssl: { rejectUnauthorized: false, checkServerIdentity: () => undefined } })`, chain: 'no', host: 'no', rules: ['verification-disabled'] },
  { source: 'Node _tls_wrap.js connect: assert(typeof options.checkServerIdentity === "function") (ERR_INTERNAL_ASSERTION with Node 20)', input: `new Pool({ ${H}, ssl: { checkServerIdentity: undefined } })`, rejected: true, rules: ['rejected-setting'] },
  { source: PG_PARAMS + ': Object.assign(config, parse(connectionString)) ⇒ the string\'s ssl replaces the object', input: `new Pool({ connectionString: 'postgres://db.example.com/app?sslmode=verify-full', ssl: { rejectUnauthorized: false } })`, encrypts: 'unknown', chain: 'unknown', rules: [] },
  { source: PG_PARAMS + ': a string without TLS parameters leaves ssl alone', input: `new Pool({ connectionString: 'postgres://db.example.com/app', ssl: { rejectUnauthorized: false } })`, chain: 'no', rules: ['verification-disabled'] },
  { source: PG_PARAMS + ': a computed string may replace it; the object is judged as written', input: `new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } })`, chain: 'no', rules: ['verification-disabled'] },
  { source: 'spread in the ssl object: its options are not visible ⇒ no verdict', input: `new Pool({ ${H}, ssl: { ...base, ca: fs.readFileSync('r.pem') } })`, dynamic: true, rules: [] },
  { source: 'spread before an explicit rejectUnauthorized: false ⇒ still disabled (a later key wins)', input: `new Pool({ ${H}, ssl: { ...base, rejectUnauthorized: false } })`, chain: 'no', rules: ['verification-disabled'] },
  { source: 'no host literal (PGHOST, a variable): not assumed local', input: 'new Pool({ host: process.env.PGHOST, ssl: false })', encrypts: 'never', rules: ['weak-sslmode'] },
];

for (const row of rows) {
  test(`${row.source} — ${row.input}`, () => {
    const result = lint(row.input, { path: 'a.ts' });
    const site = result.sites.find((s) => s.site.kind === 'object');
    assert.ok(site, 'an object site');
    const { policy } = site;
    assert.equal(policy.driver, 'node-postgres');
    if (row.encrypts) assert.equal(policy.encrypts, row.encrypts, 'encrypts');
    if (row.chain) assert.equal(policy.verifiesChain, row.chain, 'verifies chain');
    if (row.host) assert.equal(policy.verifiesHost, row.host, 'verifies host');
    if (row.trust) assert.equal(policy.trust.kind === 'file' ? `file:${policy.trust.path}` : policy.trust.kind, row.trust, 'trust');
    if (row.dynamic !== undefined) assert.equal(policy.dynamic, row.dynamic, 'dynamic');
    assert.equal(Boolean(policy.rejected), Boolean(row.rejected), `rejected: ${policy.rejected}`);
    assert.equal(policy.modeWritten, undefined);
    assert.ok(policy.notes.every((n) => /^[A-Za-z`].*\.$/.test(n)), 'notes are sentences');
    assert.deepEqual(result.findings.map((f) => f.ruleId).sort(), [...row.rules].sort());
  });
}

test('object: findings — spans, messages, fixes (the `false` literal replaced; the override removed)', () => {
  const t1 = "new Pool({ host: 'db.example.com', ssl: { rejectUnauthorized: false } })";
  const [f1] = lint(t1, { path: 'a.ts' }).findings;
  assert.equal(f1!.ruleId, 'verification-disabled');
  assert.equal(slice(t1, f1!.span), 'rejectUnauthorized: false');
  assert.match(f1!.message, /^rejectUnauthorized: false: node-postgres encrypts but accepts any certificate/);
  assert.deepEqual(f1!.fixes.map((f) => [f.title, f.preferred]), [['Set rejectUnauthorized: true', false]]);
  assert.equal(applyEdits(t1, f1!.fixes[0]!.edits), "new Pool({ host: 'db.example.com', ssl: { rejectUnauthorized: true } })");

  const t2 = "new Pool({ host: 'db.example.com', ssl: false })";
  const [f2] = lint(t2, { path: 'a.ts' }).findings;
  assert.equal(slice(t2, f2!.span), 'ssl: false');
  assert.match(f2!.message, /^ssl: false: node-postgres connects without TLS/);
  assert.deepEqual(f2!.fixes, []);

  const t3 = "new Pool({\n  host: 'db.example.com',\n  ssl: {\n    ca: fs.readFileSync('r.pem'),\n    checkServerIdentity: () => undefined,\n  },\n})";
  const [f3] = lint(t3, { path: 'a.ts' }).findings;
  assert.equal(f3!.ruleId, 'no-hostname-check');
  assert.equal(slice(t3, f3!.span), 'checkServerIdentity');
  assert.deepEqual(f3!.fixes.map((f) => [f.title, f.preferred]), [['Remove checkServerIdentity', false]]);
  assert.equal(applyEdits(t3, f3!.fixes[0]!.edits), "new Pool({\n  host: 'db.example.com',\n  ssl: {\n    ca: fs.readFileSync('r.pem'),\n  },\n})");
  // Last property without a trailing comma: the comma before it goes.
  const t4 = "new Pool({ host: 'db.example.com', ssl: { ca: c, checkServerIdentity: f } })";
  const [f4] = lint(t4, { path: 'a.ts' }).findings;
  assert.equal(applyEdits(t4, f4!.fixes[0]!.edits), "new Pool({ host: 'db.example.com', ssl: { ca: c } })");
});

test('object: hover rows name the ssl option and where the host comes from', () => {
  const text = 'new Pool({ connectionString: process.env.DATABASE_URL, ssl: true })';
  const md = siteMarkdown(only(text));
  assert.ok(md.includes('| ssl option | `ssl: true` |'), md);
  assert.ok(md.includes('| ssl option as applied | TLS with Node defaults'), md);
  assert.ok(md.includes('| Host | (not written here) |'), md);
  assert.ok(!md.includes('sslmode as written'), md);
  assert.ok(md.includes('connectionString, computed at run time'), md);
});

// ---------------------------------------------------------------------------------------------------
// Hostile input

test('object: hostile input never throws and stays linear', () => {
  const MB = 1_000_000;
  const inputs: [string, string][] = [
    ['1 MB of ssl:{', 'ssl:{'.repeat(MB / 5)],
    ['1 MB of {ssl:{', '{ssl:{'.repeat(MB / 6)],
    ['deep nesting, balanced', '{a:'.repeat(100_000) + '{ssl:true}' + '}'.repeat(100_000)],
    ['deep nesting, unterminated', 'new Pool(' + '{ssl:{ca:['.repeat(80_000)],
    ['many sites', 'const a = [' + "{host:'h.example.com',ssl:false},".repeat(30_000) + '];'],
    ['many options objects in one object', 'x = {' + 'a:{ssl:true},'.repeat(70_000) + '}'],
    ['nested options objects', 'x = ' + '{ssl:true,a:'.repeat(80_000) + '1' + '}'.repeat(80_000)],
    ['quoted keys', "x = {'ssl':{'ca':".repeat(60_000)],
    ['closers only', '})]'.repeat(300_000)],
    ['a huge options object', 'new Pool({ ' + 'a: 1, '.repeat(10_000) + "host: 'h.example.com', ssl: { rejectUnauthorized: false } })"],
    ['cut-off forms', "new Pool({ ssl: { ca: fs.readFileSync(path.join(__dirname, 'a'"],
  ];
  for (const [name, text] of inputs) {
    const started = Date.now();
    const r = lint(text, { path: 'a.ts' });
    const ms = Date.now() - started;
    assert.ok(ms < 5000, `${name}: ${ms} ms`);
    for (const s of r.sites) assert.ok(s.site.span.start >= 0 && s.site.span.end <= text.length, name);
    for (let i = 0; i + 1 < r.sites.length; i++) assert.ok(r.sites[i]!.site.span.end <= r.sites[i + 1]!.site.span.start, `${name}: sites overlap`);
    if (r.sites[0]) hoverMarkdown(text, r, r.sites[0].site.span.start);
    if (name === 'many sites') assert.equal(r.findings.length, 30_000);
    if (name === 'a huge options object') {
      assert.equal(r.sites.length, 1);
      assert.equal(slice(text, r.sites[0]!.site.span), 'ssl: { rejectUnauthorized: false }', 'a huge object is not the span');
      assert.deepEqual(r.sites[0]!.site.hosts, [{ host: 'h.example.com' }]);
    }
  }
});

test('object: every prefix of an options object lints without error', () => {
  const text = "import { Pool } from 'pg';\nconst p = new Pool({ host: 'db.example.com', password: 'x', connectionString: `postgres://${h}/db`, ssl: { 'ca': [fs.readFileSync(path.join(__dirname, '..', 'ca.pem'), 'utf8')], rejectUnauthorized: false, checkServerIdentity(h, c) { return undefined; }, ...more } });";
  for (let i = 0; i <= text.length; i++) {
    const t = text.slice(0, i);
    const r = lint(t, { path: 'a.ts' });
    for (const f of r.findings) for (const fix of f.fixes) applyEdits(t, fix.edits);
  }
});
