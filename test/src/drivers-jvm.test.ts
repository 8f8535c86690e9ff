/**
 * The jvm family: pgjdbc properties in code and configuration, the JVM trust store
 * (-Djavax.net.ssl.trustStore), node-postgres options in ORMs, environment fallbacks and infrastructure
 * files. Extraction with exact ranges, the executable table of docs/drivers/jvm.md, fixes, redaction of
 * trust store passwords, and hostile input.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAllEdits, lint, lintWithTrust, MemoryFileAccess, newTrustFileCache, parseConfig, siteMarkdown } from '../../server/out/engine';
import type { AnalysedSite, Param, Site, Span } from '../../server/out/engine';
import { docTableRows, unwrap } from './util/docTables';
import { FIXTURE_ROOT } from './util/fixtures';

const ROOT = path.resolve(__dirname, '../..');

function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function param(site: Site, key: string): Param {
  const p = site.params.find((x) => x.key === key);
  assert.ok(p, `param ${key}`);
  return p;
}

/** Sites of this kind; object sites are node-postgres's only (other families read other clients' objects). */
function sitesOf(text: string, file: string, kind?: string): AnalysedSite[] {
  return lint(text, { path: file }).sites.filter((s) => (kind === undefined || s.site.kind === kind) && (kind !== 'object' || s.site.driver === 'node-postgres'));
}

function one(text: string, file: string, kind: string): AnalysedSite {
  const all = sitesOf(text, file, kind);
  assert.equal(all.length, 1, `one ${kind} site in ${text}`);
  return all[0]!;
}

function rules(text: string, file: string): string[] {
  return lint(text, { path: file }).findings.map((f) => f.ruleId).sort();
}

function fixAll(text: string, file: string): string {
  for (let i = 0; i < 5; i++) {
    const edits = fixAllEdits(lint(text, { path: file }).findings);
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// docs/drivers/jvm.md is executable

interface DocRow {
  section: string;
  parameter: string;
  value: string;
  file: string;
  kind: string;
  example: string;
  encrypts: string;
  chain: string;
  host: string;
}

function docRows(file: string): DocRow[] {
  return docTableRows(file).map(({ section, get }) => ({
      section,
      parameter: get('parameter'),
      value: get('value'),
      file: unwrap(get('file')),
      kind: get('site'),
      example: unwrap(get('example')).replace(/\\n/g, '\n'),
      encrypts: get('encrypts'),
      chain: get('verifies chain'),
      host: get('verifies host'),
    }));
}

const DOC = path.join(ROOT, 'docs/drivers/jvm.md');
const rows = docRows(DOC);

test('docs/drivers/jvm.md has its five tables', () => {
  assert.equal(new Set(rows.map((r) => r.section)).size, 5);
  assert.ok(rows.length >= 25, `${rows.length} rows`);
});

for (const row of rows) {
  test(`docs/drivers/jvm.md ${row.section.split(':')[0]}: ${row.parameter} = ${row.value}`, () => {
    const { policy } = one(row.example, row.file, row.kind);
    assert.equal(policy.encrypts, row.encrypts, 'encrypts');
    assert.equal(policy.verifiesChain, row.chain, 'verifies chain');
    assert.equal(policy.verifiesHost, row.host, 'verifies host');
  });
}

// ---------------------------------------------------------------------------------------------------
// The JVM trust store

test('trust store: -D flags on one command line form one site with exact ranges; the password is only a range', () => {
  const text = 'ENV JAVA_TOOL_OPTIONS="-Xmx1g -Djavax.net.ssl.trustStore=/certs/rds.p12 -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=s3cret-pw"\n';
  const { site, policy } = one(text, 'Dockerfile', 'command');
  assert.equal(site.driver, 'jvm');
  assert.equal(slice(text, site.span), '-Djavax.net.ssl.trustStore=/certs/rds.p12 -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=s3cret-pw');
  const store = param(site, 'javax.net.ssl.trustStore');
  assert.equal(slice(text, store.keySpan), 'javax.net.ssl.trustStore');
  assert.equal(slice(text, store.valueSpan), '/certs/rds.p12');
  assert.equal(slice(text, param(site, 'javax.net.ssl.trustStoreType').valueSpan), 'PKCS12');
  assert.equal(slice(text, site.passwordSpan!), 's3cret-pw');
  assert.deepEqual(policy.trust, { kind: 'file', path: '/certs/rds.p12', param: store });
  assert.equal(policy.verifiesChain, 'yes');
  assert.equal(policy.encrypts, 'unknown');
  const md = siteMarkdown({ site, policy });
  assert.ok(!md.includes('s3cret-pw'), 'the hover never shows the password');
  assert.match(md, /DefaultJavaSSLFactory/);
  assert.match(md, /Connector\/J/);
  assert.match(md, /mssql-jdbc/);
});

test('trust store: the exec form, continuation lines, properties files, Maven, Gradle and System.setProperty', () => {
  const exec = 'ENTRYPOINT ["java", "-Djavax.net.ssl.trustStore=/c/t.jks", "-Djavax.net.ssl.trustStorePassword=pw", "-jar", "a.jar"]';
  const e = one(exec, 'Dockerfile', 'command').site;
  assert.equal(slice(exec, param(e, 'javax.net.ssl.trustStore').valueSpan), '/c/t.jks');
  assert.equal(slice(exec, e.passwordSpan!), 'pw');

  const sh = 'java \\\n  -Djavax.net.ssl.trustStore=${TS:-/etc/ts.jks} \\\n  -Djavax.net.ssl.trustStorePassword="$TS_PASS" -jar a.jar\n';
  const s = one(sh, 'run.sh', 'command').site;
  const st = param(s, 'javax.net.ssl.trustStore');
  assert.equal(st.value, '/etc/ts.jks', 'a shell default is the path used when TS is not set');
  assert.equal(st.fallbackOf, 'TS');
  assert.equal(slice(sh, st.valueSpan), '/etc/ts.jks');
  assert.equal(param(s, 'javax.net.ssl.trustStorePassword').dynamic, true);

  const gp = 'systemProp.javax.net.ssl.trustStore=certs/t.jks\nsystemProp.javax.net.ssl.trustStorePassword=changeit\n';
  const g = one(gp, 'gradle.properties', 'command').site;
  assert.equal(param(g, 'javax.net.ssl.trustStore').value, 'certs/t.jks');

  const pom = '<systemPropertyVariables>\n  <javax.net.ssl.trustStore>src/test/t.jks</javax.net.ssl.trustStore>\n</systemPropertyVariables>';
  assert.equal(param(one(pom, 'pom.xml', 'command').site, 'javax.net.ssl.trustStore').value, 'src/test/t.jks');

  const gradle = 'test {\n  systemProperty "javax.net.ssl.trustStore", "src/test/t.jks"\n}';
  assert.equal(param(one(gradle, 'build.gradle', 'command').site, 'javax.net.ssl.trustStore').value, 'src/test/t.jks');

  const java = 'class A { static { System.setProperty("javax.net.ssl.trustStore", "/certs/t.jks"); } }';
  const j = one(java, 'A.java', 'command').site;
  assert.equal(slice(java, param(j, 'javax.net.ssl.trustStore').valueSpan), '/certs/t.jks');
});

test('trust store: comments, a password without a store, and settings far apart are not one site', () => {
  assert.deepEqual(sitesOf('# -Djavax.net.ssl.trustStore=/c/t.jks\n', 'run.sh', 'command'), []);
  assert.deepEqual(sitesOf('JAVA_OPTS=-Djavax.net.ssl.trustStorePassword=changeit\n', 'app.env', 'command'), []);
  const apart = 'A=-Djavax.net.ssl.trustStore=/a.jks\n\nB=-Djavax.net.ssl.trustStore=/b.jks -Djavax.net.ssl.trustStorePassword=x\n';
  const two = sitesOf(apart, 'app.env', 'command');
  assert.equal(two.length, 2);
  assert.equal(two[0]!.site.passwordSpan, undefined);
});

test('trust store: trustStoreType=PEM is not a JDK keystore type (a note); a PEM store is trust-file-unreadable', async () => {
  const text = 'java -Djavax.net.ssl.trustStore=trust-files/azure-roots.pem -Djavax.net.ssl.trustStoreType=PEM -jar a.jar\n';
  const { policy } = one(text, 'run.sh', 'command');
  assert.ok(policy.notes.some((n) => /no PEM keystore type/.test(n)));
  const files = new MemoryFileAccess({ '/w/trust-files/azure-roots.pem': fs.readFileSync(path.join(FIXTURE_ROOT, 'trust-files/azure-roots.pem'), 'utf8') });
  const r = await lintWithTrust(text, { path: 'run.sh', documentPath: '/w/run.sh', workspaceRoot: '/w', files, cache: newTrustFileCache(), now: new Date('2026-11-23') });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['trust-file-unreadable']);
  assert.match(r.findings[0]!.message, /loads this trust file as JKS or PKCS#12 only, and this file is PEM/);
});

test('trust store: the password written beside a PKCS#12 store opens it, and appears in no message', async () => {
  const p12 = new Uint8Array(fs.readFileSync(path.join(FIXTURE_ROOT, 'trust-files/azure-issuing-ca-03.p12')));
  const run = async (text: string, config?: string) => {
    const files = new MemoryFileAccess({ '/w/t.p12': p12 });
    const opts: Parameters<typeof lintWithTrust>[1] = { path: 'app.env', documentPath: '/w/app.env', workspaceRoot: '/w', files, cache: newTrustFileCache(), now: new Date('2026-11-23'), configDir: '/w' };
    if (config) opts.config = parseConfig(config, 'c').config;
    return lintWithTrust(text, opts);
  };
  const without = await run('JAVA_OPTS=-Djavax.net.ssl.trustStore=t.p12\n');
  assert.deepEqual(without.findings.map((f) => f.ruleId), ['trust-file-unreadable'], 'encrypted: no certificate without the password');
  const withPw = await run('JAVA_OPTS=-Djavax.net.ssl.trustStore=t.p12 -Djavax.net.ssl.trustStorePassword=trust-pw\n');
  assert.deepEqual(withPw.findings.map((f) => f.ruleId), ['pinned-intermediate'], 'the store opens: an intermediate without its root');
  assert.match(withPw.findings[0]!.message, /Java accepts it as a trust anchor/);
  for (const f of withPw.findings) {
    assert.ok(!f.message.includes('trust-pw'));
    for (const fix of f.fixes) for (const e of fix.edits) assert.ok(!e.newText.includes('trust-pw'));
  }
  assert.ok(!siteMarkdown(withPw.sites[0]!, { now: new Date('2026-11-23') }).includes('trust-pw'));
  // The written password wins over trustStorePasswords (it is what the JVM uses).
  const wrong = await run('JAVA_OPTS=-Djavax.net.ssl.trustStore=t.p12 -Djavax.net.ssl.trustStorePassword=nope\n', '{"trustStorePasswords": {"t.p12": "trust-pw"}}');
  assert.deepEqual(wrong.findings.map((f) => f.ruleId), ['trust-file-unreadable']);
  assert.ok(!wrong.findings[0]!.message.includes('nope'));
});

test('trust store: a JKS holding the retired rds-ca-2019 root is retired-ca for the JVM', async () => {
  const jks = new Uint8Array(fs.readFileSync(path.join(FIXTURE_ROOT, 'trust-files/rds-ca-2019.jks')));
  const files = new MemoryFileAccess({ '/w/rds.jks': jks });
  const r = await lintWithTrust('JAVA_TOOL_OPTIONS=-Djavax.net.ssl.trustStore=rds.jks\n', { path: 'app.env', documentPath: '/w/app.env', workspaceRoot: '/w', files, cache: newTrustFileCache(), now: new Date('2026-11-23') });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['retired-ca']);
  assert.match(r.findings[0]!.message, /^javax\.net\.ssl\.trustStore=rds\.jks holds 1 retired CA: "Amazon RDS Root 2019 CA"/);
  assert.deepEqual(r.findings[0]!.fixes, [], 'no fix beyond what the trust rules offer (no provider host here)');
});

// ---------------------------------------------------------------------------------------------------
// pgjdbc in code

const JAVA = `import java.sql.*;
import java.util.Properties;
class Db {
    static final String URL = "jdbc:postgresql://db.example.com/app";
    Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "s3cret");
        props.setProperty("sslmode", "require");
        return DriverManager.getConnection(URL, props);
    }
}
`;

test('pgjdbc Properties: one site per receiver and block, with exact ranges; the URL constant joins it', () => {
  const all = sitesOf(JAVA, 'Db.java');
  const call = all.find((s) => s.site.kind === 'call')!;
  const { site, policy } = call;
  assert.equal(site.driver, 'pgjdbc');
  assert.equal(slice(JAVA, site.span), JAVA.slice(JAVA.indexOf('props.setProperty("user"'), JAVA.indexOf('URL, props)') + 'URL, props)'.length));
  const mode = param(site, 'sslmode');
  assert.equal(slice(JAVA, mode.keySpan), 'sslmode');
  assert.equal(slice(JAVA, mode.valueSpan), 'require');
  assert.equal(slice(JAVA, mode.removeSpan), '        props.setProperty("sslmode", "require");\n');
  assert.equal(slice(JAVA, site.passwordSpan!), 's3cret');
  assert.equal(site.user, 'app');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com' }]);
  assert.equal(site.fragment, undefined);
  assert.equal(policy.encrypts, 'always');
  assert.equal(policy.verifiesChain, 'no');
  // The URL constant keeps a site of its own, without TLS parameters and as a fragment: no "No sslmode" finding.
  const url = all.find((s) => s.site.kind === 'jdbc')!;
  assert.equal(url.site.fragment, true);
  assert.deepEqual(rules(JAVA, 'Db.java'), ['weak-sslmode']);
  assert.ok(!siteMarkdown(call).includes('s3cret'));
});

test('pgjdbc Properties: the fix sets sslmode=verify-full in place; a missing sslmode is added as a new call', () => {
  assert.match(fixAll(JAVA, 'Db.java'), /props\.setProperty\("sslmode", "verify-full"\);/);
  const noMode = 'class A { void m() {\n    Properties p = new Properties();\n    p.setProperty("ssl", "false");\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", p);\n} }\n';
  assert.deepEqual(rules(noMode, 'A.java'), ['weak-sslmode']);
  assert.equal(
    fixAll(noMode, 'A.java'),
    'class A { void m() {\n    Properties p = new Properties();\n    p.setProperty("ssl", "false");\n    p.setProperty("sslmode", "verify-full");\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", p);\n} }\n',
  );
  const kt = 'fun m() {\n    val p = Properties()\n    p["ssl"] = "false"\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", p)\n}\n';
  assert.match(fixAll(kt, 'A.kt'), /\n    p\.setProperty\("sslmode", "verify-full"\)\n/, 'Kotlin: no semicolon');
});

test('pgjdbc Properties: NonValidatingFactory is removed and the mode set to verify-full', () => {
  const text = 'class A { void m() {\n    Properties p = new Properties();\n    p.setProperty("sslmode", "require");\n    p.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", p);\n} }\n';
  const r = lint(text, { path: 'A.java' });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['verification-disabled']);
  assert.match(r.findings[0]!.message, /^sslfactory=NonValidatingFactory: pgjdbc accepts any server certificate/);
  assert.equal(
    fixAll(text, 'A.java'),
    'class A { void m() {\n    Properties p = new Properties();\n    p.setProperty("sslmode", "verify-full");\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", p);\n} }\n',
  );
});

test('pgjdbc Properties: URL parameters take priority (pgjdbc Driver.parseURL, 3a699d5)', () => {
  const text = 'class A { void m() {\n    Properties p = new Properties();\n    p.setProperty("sslmode", "verify-full");\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app?sslmode=disable", p);\n} }\n';
  const { site, policy } = one(text, 'A.java', 'call');
  assert.equal(policy.encrypts, 'never');
  assert.equal(slice(text, policy.modeParam!.valueSpan), 'disable', 'the finding lands on the URL parameter');
  assert.ok(site.params.some((p) => p.key === 'sslmode' && p.value === 'verify-full'));
});

test('pgjdbc Properties: a Boolean value is ignored (Driver.connect copies stringPropertyNames())', () => {
  const text = 'class A { void m() {\n    Properties p = new Properties();\n    p.put("ssl", true);\n    DriverManager.getConnection("jdbc:postgresql://db.example.com/app", p);\n} }\n';
  const { policy } = one(text, 'A.java', 'call');
  assert.equal(policy.modeApplied, 'prefer');
  assert.ok(policy.notes.some((n) => /pgjdbc reads only String properties/.test(n)));
  // HikariCP converts values with toString(): addDataSourceProperty("ssl", true) is read.
  const hikari = 'class A { void m() {\n    HikariConfig c = new HikariConfig();\n    c.setJdbcUrl("jdbc:postgresql://db.example.com/app");\n    c.addDataSourceProperty("ssl", true);\n} }\n';
  assert.equal(one(hikari, 'A.java', 'call').policy.modeApplied, 'verify-full');
});

test('pgjdbc Properties: without a URL the site is a fragment (no verdict on what it lacks); other databases are not pgjdbc', () => {
  const frag = 'import org.postgresql.Driver;\nclass A { Properties p() {\n    Properties p = new Properties();\n    p.setProperty("sslrootcert", "/r.pem");\n    return p;\n} }\n';
  const { site, policy } = one(frag, 'A.java', 'call');
  assert.equal(site.fragment, true);
  assert.equal(policy.local, undefined, 'the host is not known: not assumed local');
  assert.deepEqual(rules(frag, 'A.java'), []);
  const mysql = 'class A { void m() {\n    Properties p = new Properties();\n    p.setProperty("sslmode", "disable");\n    DriverManager.getConnection("jdbc:mysql://db.example.com/app", p);\n} }\n// postgresql elsewhere\n';
  assert.deepEqual(sitesOf(mysql, 'A.java', 'call'), []);
  assert.deepEqual(sitesOf('class A { void m() { p.setProperty("sslmode", "disable"); } }', 'A.java', 'call'), [], 'no PostgreSQL in the file');
});

test('pgjdbc Properties and Spring keys join a JDBC wrapper\'s URL too (the wrappers hand pgjdbc their properties)', () => {
  const props = 'class A { static final String URL = "jdbc:p6spy:postgresql://db.example.com/app";\n  void m() {\n    Properties p = new Properties();\n    p.setProperty("sslmode", "require");\n    DriverManager.getConnection(URL, p);\n} }\n';
  const call = one(props, 'A.java', 'call');
  assert.deepEqual(call.site.hosts, [{ host: 'db.example.com' }]);
  assert.deepEqual(rules(props, 'A.java'), ['weak-sslmode']);
  const spring = 'spring.datasource.url=jdbc:aws-wrapper:postgresql://db.example.com/app\nspring.datasource.hikari.data-source-properties.sslmode=require\n';
  const s = one(spring, 'application.properties', 'call');
  assert.deepEqual(s.site.hosts, [{ host: 'db.example.com' }]);
  assert.equal(s.site.fragment, undefined);
  assert.deepEqual(rules(spring, 'application.properties'), ['weak-sslmode']);
});

test('pgjdbc Properties: settings in if / else bodies on the same receiver are one site (kestra-io/plugin-jdbc PostgresService)', () => {
  const text = 'import java.util.Properties; // postgresql\nclass S {\n  static void handle(Properties properties, Conn conn) {\n    if (conn.ssl()) {\n      properties.put("ssl", "true");\n    }\n    if (conn.mode() != null) {\n      properties.put("sslmode", conn.mode().name().toLowerCase());\n    }\n  }\n}\n';
  const { site, policy } = one(text, 'S.java', 'call');
  assert.deepEqual(site.params.map((p) => p.key), ['ssl', 'sslmode']);
  assert.equal(policy.dynamic, true, 'the sslmode is computed: no verdict (not ssl=true alone)');
  assert.deepEqual(rules(text, 'S.java'), []);
});

test('pgjdbc Properties: comments and strings are not calls', () => {
  const text = '// props.setProperty("sslmode", "disable"); postgresql\nclass A { String s = "props.setProperty(\\"sslmode\\", \\"disable\\")"; }\n';
  assert.deepEqual(sitesOf(text, 'A.java', 'call'), []);
});

// ---------------------------------------------------------------------------------------------------
// Spring and HOCON

test('Spring YAML: data-source-properties join spring.datasource.url; exact ranges; a placeholder default is judged', () => {
  const text = 'spring:\n  datasource:\n    url: jdbc:postgresql://db.example.com/app\n    hikari:\n      data-source-properties:\n        sslmode: ${DB_SSLMODE:require}\n';
  const { site, policy } = one(text, 'application.yml', 'call');
  const mode = param(site, 'sslmode');
  assert.equal(mode.value, 'require');
  assert.equal(mode.fallbackOf, 'DB_SSLMODE');
  assert.equal(slice(text, mode.valueSpan), 'require');
  assert.deepEqual(site.hosts, [{ host: 'db.example.com' }]);
  assert.equal(policy.encrypts, 'always');
  const f = lint(text, { path: 'application.yml' }).findings;
  assert.deepEqual(f.map((x) => x.ruleId), ['weak-sslmode']);
  assert.match(f[0]!.message, /^sslmode=require — the default when DB_SSLMODE is not set: pgjdbc encrypts but never verifies/);
  assert.match(fixAll(text, 'application.yml'), /sslmode: \$\{DB_SSLMODE:verify-full\}/);
});

test('Spring properties: escaped URL, relaxed keys, and the fix adds a line with the same prefix', () => {
  const text = 'spring.datasource.url=jdbc\\:postgresql\\://db.example.com/app\nspring.datasource.hikari.data-source-properties.ssl=false\n';
  const { policy } = one(text, 'application.properties', 'call');
  assert.equal(policy.encrypts, 'maybe');
  assert.equal(
    fixAll(text, 'application.properties'),
    'spring.datasource.url=jdbc\\:postgresql\\://db.example.com/app\nspring.datasource.hikari.data-source-properties.ssl=false\nspring.datasource.hikari.data-source-properties.sslmode=verify-full\n',
  );
});

test('HOCON: properties blocks and flat keys', () => {
  const text = 'db {\n  url = "jdbc:postgresql://db.example.com/app"\n  properties = {\n    sslmode = "require"\n  }\n}\nother.url = "jdbc:postgresql://db2.example.com/x"\nother.properties.sslmode = disable\n';
  const calls = sitesOf(text, 'application.conf', 'call');
  assert.deepEqual(calls.map((c) => c.policy.modeApplied), ['require', 'disable']);
  assert.deepEqual(calls.map((c) => c.site.hosts[0]?.host), ['db.example.com', 'db2.example.com']);
});

// ---------------------------------------------------------------------------------------------------
// ORMs

test('Sequelize: dialectOptions.ssl with require: true (a note) and rejectUnauthorized: false (verification-disabled, not preferred fix)', () => {
  const text = "import { Sequelize } from 'sequelize';\nnew Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', dialectOptions: { ssl: { require: true, rejectUnauthorized: false } } });\n";
  const r = lint(text, { path: 'db.ts' });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['verification-disabled']);
  assert.deepEqual(r.findings[0]!.fixes.map((f) => [f.title, f.preferred]), [['Set rejectUnauthorized: true', false]]);
  const notes = r.sites[0]!.policy.notes.join(' ');
  assert.match(notes, /require: true is not an option of node-postgres/);
  assert.match(notes, /Sequelize passes dialectOptions\.ssl to node-postgres as is/);
});

test('Sequelize v6: a top-level ssl beside dialect: "postgres" is ignored; with dialectOptions.ssl that one is the site', () => {
  const text = "new Sequelize('app', 'u', 'p', { dialect: 'postgres', host: 'db.example.com', ssl: true });\n";
  const r = lint(text, { path: 'db.ts' });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['weak-sslmode']);
  assert.match(r.findings[0]!.message, /Sequelize \(v5, v6\) does not pass a top-level ssl option/);
  assert.deepEqual(r.findings[0]!.fixes, []);
  const both = "new Sequelize('app', 'u', 'p', { dialect: 'postgres', ssl: true, dialectOptions: { ssl: { rejectUnauthorized: true } } });\n";
  const s = sitesOf(both, 'db.ts', 'object');
  assert.equal(s.length, 1);
  assert.equal(s[0]!.policy.verifiesChain, 'yes');
  // MySQL dialects are not node-postgres.
  assert.deepEqual(sitesOf("new Sequelize('a', 'u', 'p', { dialect: 'mysql', dialectOptions: { ssl: { rejectUnauthorized: false } } });", 'db.ts', 'object'), []);
});

test('TypeORM: extra.ssl replaces ssl; url is the connection string', () => {
  const extra = "new DataSource({ type: 'postgres', host: 'db.example.com', ssl: true, extra: { ssl: { rejectUnauthorized: false } } });\n";
  const s = one(extra, 'db.ts', 'object');
  assert.equal(slice(extra, s.site.span), '{ ssl: { rejectUnauthorized: false } }', 'the site is the extra object');
  const url = "new DataSource({ type: 'postgres', url: 'postgres://db.example.com/app?sslmode=verify-full', ssl: { rejectUnauthorized: false } });\n";
  const o = one(url, 'db.ts', 'object');
  assert.match(o.policy.modeApplied, /replaced by the connection string/);
  assert.deepEqual(rules(url, 'db.ts'), []);
  assert.deepEqual(sitesOf("new DataSource({ type: 'mysql', ssl: { rejectUnauthorized: false } });", 'db.ts', 'object'), []);
});

test('node-postgres: ssl from the environment is decided at run time; a boolean default is judged and named', () => {
  assert.equal(one("new Pool({ ssl: process.env.DB_SSL === 'true' })", 'db.ts', 'object').policy.dynamic, true);
  for (const form of ['process.env.DB_SSL ?? false', 'process.env.DB_SSL || false', "process.env['DB_SSL'] ?? false", "env.bool('DB_SSL', false)"]) {
    const text = `new Pool({ host: 'db.example.com', ssl: ${form} })`;
    const r = lint(text, { path: 'db.ts' });
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['weak-sslmode'], form);
    assert.match(r.findings[0]!.message, /^ssl: false — the default when DB_SSL is not set: node-postgres connects without TLS/, form);
  }
  const reject = "new Pool({ host: 'db.example.com', ssl: { rejectUnauthorized: process.env.PG_REJECT ?? false } })";
  const r = lint(reject, { path: 'db.ts' });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['verification-disabled']);
  assert.match(r.findings[0]!.message, /^rejectUnauthorized: false — the default when PG_REJECT is not set/);
  assert.equal(slice(reject, r.findings[0]!.fixes[0]!.edits[0]!.span), 'false', 'the fix replaces the default');
});

// ---------------------------------------------------------------------------------------------------
// Environment fallbacks and infrastructure

test('env fallback: ${PGSSLMODE:-disable} is judged by its default; the fix replaces only the default', () => {
  const text = 'export PGSSLMODE="${PGSSLMODE:-disable}"\n';
  const { site } = one(text, 'deploy.sh', 'env');
  const p = param(site, 'PGSSLMODE');
  assert.equal(p.value, 'disable');
  assert.equal(p.fallbackOf, 'PGSSLMODE');
  assert.equal(slice(text, p.valueSpan), 'disable');
  const f = lint(text, { path: 'deploy.sh' }).findings;
  assert.match(f[0]!.message, /^PGSSLMODE=disable — the default when PGSSLMODE is not set: libpq never uses TLS/);
  assert.equal(fixAll(text, 'deploy.sh'), 'export PGSSLMODE="${PGSSLMODE:-verify-full}"\n');
  // Unquoted, in Compose lists and maps, and `-` without the colon.
  for (const [file, t] of [
    ['deploy.sh', 'PGSSLMODE=${PGSSLMODE:-disable} psql -h db\n'],
    ['docker-compose.yml', 'services:\n  a:\n    environment:\n      - "PGSSLMODE=${PGSSLMODE:-disable}"\n'],
    ['docker-compose.yml', 'services:\n  a:\n    environment:\n      PGSSLMODE: ${PGSSLMODE-disable}\n'],
  ] as const) {
    assert.equal(one(t, file, 'env').policy.encrypts, 'never', t);
  }
});

test('env fallback: without a default, with :?, or a CI expression, the value is decided at run time', () => {
  for (const t of ['PGSSLMODE=${PGSSLMODE}\n', 'PGSSLMODE=${PGSSLMODE:?set it}\n', 'PGSSLMODE=$MODE\n']) assert.equal(one(t, 'deploy.sh', 'env').policy.dynamic, true, t);
  const ci = 'jobs:\n  t:\n    env:\n      PGSSLMODE: ${{ secrets.PGSSLMODE }}\n';
  const { site, policy } = one(ci, 'ci.yml', 'env');
  assert.equal(policy.dynamic, true);
  assert.equal(slice(ci, param(site, 'PGSSLMODE').valueSpan), '${{ secrets.PGSSLMODE }}');
});

test('infrastructure: Terraform variables and connection strings, Helm extraEnv, ConfigMap data, inline and exported env', () => {
  const tf = 'resource "x" "y" {\n  environment {\n    variables = {\n      PGSSLMODE = "disable"\n    }\n  }\n  connection_string = "postgresql://app@db.example.com/app?sslmode=require"\n}\n';
  assert.deepEqual(rules(tf, 'main.tf'), ['weak-sslmode', 'weak-sslmode']);
  const helm = 'extraEnv:\n  - name: PGSSLMODE\n    value: disable\n';
  assert.equal(one(helm, 'values.yaml', 'env').policy.encrypts, 'never');
  const cm = 'kind: ConfigMap\ndata:\n  PGSSLMODE: "require"\n';
  assert.equal(one(cm, 'configmap.yaml', 'env').policy.encrypts, 'always');
  assert.equal(one('PGSSLMODE=disable psql -h db.example.com\n', 'run.sh', 'env').policy.encrypts, 'never');
  assert.equal(one('export PGSSLMODE=allow\n', 'run.sh', 'env').policy.encrypts, 'maybe');
});

test('infrastructure: psql "host=… sslmode=…" quoted on a CI run line is a keyword/value site with exact ranges', () => {
  const text = 'steps:\n  - run: psql "host=db.example.com dbname=app sslmode=prefer" -c "select 1"\n';
  const { site, policy } = one(text, 'ci.yml', 'keyvalue');
  assert.equal(slice(text, site.span), 'host=db.example.com dbname=app sslmode=prefer');
  assert.equal(slice(text, param(site, 'sslmode').valueSpan), 'prefer');
  assert.equal(policy.encrypts, 'maybe');
  assert.equal(fixAll(text, 'ci.yml'), 'steps:\n  - run: psql "host=db.example.com dbname=app sslmode=verify-full" -c "select 1"\n');
  assert.deepEqual(sitesOf('steps:\n  - run: echo "host=db.example.com sslmode=prefer"\n', 'ci.yml', 'keyvalue'), [], 'not a PostgreSQL client');
});

// ---------------------------------------------------------------------------------------------------
// Hostile input

test('hostile input: a megabyte of near-misses is linear and never throws', () => {
  const cases: [string, string][] = [
    ['run.sh', '-Djavax.net.ssl.trustStore='.repeat(40_000)],
    ['run.sh', 'java -Djavax.net.ssl.trustStore=${'.repeat(30_000)],
    ['A.java', 'class A { void m() { postgresql ' + 'p.setProperty("sslmode", '.repeat(40_000) + ' } }'],
    ['A.kt', 'fun f() = x.apply { '.repeat(50_000) + 'sslMode = "require"'],
    ['application.yml', 'a:\n  properties:\n' + '    sslmode: ${'.repeat(60_000)],
    ['application.conf', 'db { url = "jdbc:postgresql://h/d"\n' + 'properties { sslmode = require '.repeat(30_000)],
    ['application.properties', 'x.properties.sslmode=\\'.repeat(50_000)],
    ['deploy.sh', 'PGSSLMODE=${PGSSLMODE:-'.repeat(50_000)],
    ['db.ts', "import 'pg'; const o = { ssl: process.env.X ?? " + '('.repeat(100_000) + ' }'],
    ['ci.yml', 'run: psql "' + 'host= '.repeat(100_000) + '"'],
  ];
  for (const [file, text] of cases) {
    const t0 = Date.now();
    assert.doesNotThrow(() => lint(text, { path: file }), file);
    assert.ok(Date.now() - t0 < 5_000, `${file} took ${Date.now() - t0} ms`);
  }
});
