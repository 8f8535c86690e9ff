/**
 * The byte prefilter (BYTE_PREFILTER, server/src/engine/lint.ts) spares `dbtrust scan` decoding the
 * files that cannot hold a connection setting. It must pass every file whose decoded text passes the
 * text prefilter (PREFILTER): otherwise a setting would be missed without a trace.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BYTE_PREFILTER, mayHaveSites } from '../../server/out/engine/lint';
import { decodeText } from '../../server/out/cli/report';
import { bytePrefilter, bytesMayHaveSites } from '../../server/out/cli/bytePrefilter';
import { analyseSites, lint } from '../../server/out/engine/lint';

const WORDS = ['postgres', 'PGSSL', 'ssl', 'jdbc:', 'dbname', 'host', '=', 'encrypt', 'servercertificate', 'data', 'source', 'server', 'pgsql', 'InsecureSkipVerify', 'mysql', '@tcp(', 'processLabel', 'ssLmode', 'ssL', 'SSLmode', 'addr', 'address', 'Network Address', 'unix(', 'tcp(', 'Server Certificate', 'Root Certificate', 'certificate file', 'Host Name In', 'ipAddress', 'saveAddress =', ' address =', ';Addr=', 'Network Address=', 'network \u212Aaddress='];
/** Every character JavaScript's \s matches, and a few that it does not. */
const SPACES = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u0085'];

const randomCase = (word: string, flips: number[]): string => [...word].map((c, i) => (flips[i % flips.length]! % 2 ? c.toUpperCase() : c.toLowerCase())).join('');

const piece = fc.oneof(
  fc.tuple(fc.constantFrom(...WORDS), fc.array(fc.nat(1), { minLength: 1, maxLength: 4 })).map(([w, f]) => randomCase(w, f)),
  fc.constantFrom(...SPACES),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

function bytePass(bytes: Uint8Array): boolean {
  return mayHaveSites(Buffer.from(bytes).toString('latin1'), BYTE_PREFILTER);
}

test('prefilter: whenever the decoded text passes, the bytes pass', () => {
  fc.assert(
    fc.property(text, (t) => {
      const bytes = new TextEncoder().encode(t);
      if (mayHaveSites(decodeText(bytes) ?? '')) assert.ok(bytePass(bytes), JSON.stringify(t));
    }),
    { numRuns: 20_000, seed: 20261123 },
  );
});

test('prefilter: invalid UTF-8 around the words does not hide them', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(text.map((t) => [...new TextEncoder().encode(t)]), fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 })), { maxLength: 8 }), (parts) => {
      const bytes = Uint8Array.from(parts.flat());
      const decoded = decodeText(bytes);
      if (decoded !== undefined && mayHaveSites(decoded)) assert.ok(bytePass(bytes));
    }),
    { numRuns: 20_000, seed: 7 },
  );
});

test('prefilter: the bytes of a file without any of the words fail (the point of it)', () => {
  for (const t of ['export const answer = 42;\n', 'function f(x) { return x * 2 }\n', 'SELECT 1;\n', 'host: db.example.com\n']) {
    assert.equal(bytePass(new TextEncoder().encode(t)), false, t);
  }
  for (const t of ['sslmode=require', 'Host = db', 'HOST\u00a0=x', 'Data\u3000Source=srv', 'server  =x', 'PGSSLMODE', '@tcp(db:3306)']) {
    assert.equal(bytePass(new TextEncoder().encode(t)), true, t);
  }
});

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

test('prefilter: the SIMD search gives exactly the answer of BYTE_PREFILTER', () => {
  const spaces = fc.array(fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\n'), { maxLength: 80 }).map((a) => a.join(''));
  const near = fc.oneof(
    piece,
    fc.tuple(fc.constantFrom('host', 'Data', 'SERVER', 'data', 'addr', 'Address', 'addre'), spaces, fc.constantFrom('=', 'source', 'x', '')).map(([a, b, c]) => a + b + c),
    fc.constantFrom('pos', 'pgs', 'ss', 'jdb', 'dbn', 'hos', 'enc', 'ser', 'dat', 'ins', 'mys', '@tc', '`tcp(', 'sSl', 'SSL', 'ssL', 'ssLa', 'classList', 'ssL9', 'ssLZ', 'ssL_', 'roo', 'cer', 'uni', 'unix', 'tcp', 'root cert', 'host name'),
  );
  const bytesOf = fc.tuple(fc.array(near, { maxLength: 10 }), fc.nat(3)).map(([parts, cut]) => {
    const b = new TextEncoder().encode(parts.join(''));
    return b.subarray(0, Math.max(0, b.length - cut)); // words cut at the end of the file
  });
  // A large file first, then small ones: what the previous file left in the search's memory must not count.
  assert.equal(bytesMayHaveSites(new TextEncoder().encode('x'.repeat(100_000) + 'sslmode')), true);
  assert.equal(bytesMayHaveSites(new TextEncoder().encode('ss')), false);
  fc.assert(
    fc.property(bytesOf, (bytes) => {
      assert.equal(bytesMayHaveSites(bytes), bytePass(bytes), JSON.stringify(latin1(bytes)));
    }),
    { numRuns: 30_000, seed: 42 },
  );
});

test('prefilter: the SIMD search on every word, at every offset of a 40-byte block, in any case', () => {
  const words = ['postgres', 'PGSSL', 'ssl', 'jdbc:', 'dbname', 'host=', 'host \t =', 'host name in', 'encrypt', 'servercertificate', 'server certificate', 'root  certificate', 'certificatefile', 'data source', 'datasource', 'server=', 'addr=', 'Address =', 'pgsql', 'InsecureSkipVerify', 'mysql', '@tcp(', 'tcp(', 'unix('];
  for (const word of words) {
    for (const variant of [word, word.toUpperCase(), word.toLowerCase()]) {
      for (let offset = 0; offset < 40; offset++) {
        const text = ';'.repeat(offset) + variant + ';'.repeat(40 - offset);
        const bytes = new TextEncoder().encode(text);
        assert.equal(bytesMayHaveSites(bytes), true, `${variant} at ${offset}`);
        assert.equal(bytesMayHaveSites(bytes.subarray(0, offset + variant.length)), true, `${variant} at the very end`);
        assert.equal(bytesMayHaveSites(bytes.subarray(0, offset + variant.length - 1)), mayHaveSites(text.slice(0, offset + variant.length - 1), BYTE_PREFILTER), `${variant} cut`);
      }
    }
  }
  // a space run longer than the search's first window
  assert.equal(bytesMayHaveSites(new TextEncoder().encode('host' + ' '.repeat(500) + '=')), true);
  assert.equal(bytesMayHaveSites(new TextEncoder().encode('host' + ' '.repeat(500) + 'x')), false);
});

test("prefilter: a 'found' verdict (an ASCII match) means the decoded text passes PREFILTER, so the lint skips that search", () => {
  const high = fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 3 }).map((a) => Buffer.from(a).toString('latin1'));
  const bytesOf = fc
    .array(fc.oneof(text.map((t) => [...new TextEncoder().encode(t)]), high.map((h) => [...Buffer.from(h, 'latin1')])), { maxLength: 8 })
    .map((parts) => Uint8Array.from(parts.flat()));
  let found = 0;
  let maybe = 0;
  fc.assert(
    fc.property(bytesOf, (bytes) => {
      const verdict = bytePrefilter(bytes);
      assert.equal(verdict !== 'none', bytePass(bytes));
      // undefined: binary, never linted. UTF-16 (a BOM) is never judged by its bytes.
      const decoded = decodeText(bytes);
      const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
      if (verdict === 'found' && decoded !== undefined && !utf16) {
        found++;
        assert.ok(mayHaveSites(decoded), JSON.stringify(latin1(bytes)));
      } else if (verdict === 'maybe') maybe++;
    }),
    { numRuns: 20_000, seed: 11 },
  );
  assert.ok(found > 1000 && maybe > 10, `both verdicts exercised (found ${found}, maybe ${maybe})`);
  // Bytes of 0x80 and above between the words of a match: only the decoded text can tell.
  assert.equal(bytePrefilter(Buffer.from('host\u00e9=db', 'utf8')), 'maybe');
  assert.equal(mayHaveSites('host\u00e9=db'), false);
  assert.equal(bytePrefilter(Buffer.from('host\u00a0=db', 'utf8')), 'maybe');
  assert.equal(bytePrefilter(Buffer.from('\u00e9 host = db', 'utf8')), 'found');
});

test('prefilter: prefilterPassed skips the search only; a text that passes analyses the same either way', () => {
  const t = 'const url = "postgres://app@db.example.com/app?sslmode=require";\n';
  const base = { path: '/w/db.ts' };
  assert.deepEqual(analyseSites(t, { ...base, prefilterPassed: true }), analyseSites(t, base));
  assert.equal(analyseSites(t, base).length, 1);
  // The promise is the caller's: a text without the words is then analysed in full (and has no site).
  assert.deepEqual(analyseSites('const answer = 42;\n', { ...base, prefilterPassed: true }), []);
});

test('prefilter: `ssL` between a letter and a lowercase letter (a camel-case word inside an identifier) is no keyword; nor is an identifier ending in Address', () => {
  const rows: [string, boolean][] = [
    ['element.classList.add(x)', false],
    ['this.processLabel = addressLine1', false],
    ["require('cssLoader')", false],
    ['xssLmode', false],
    ['ssLmode', true], // a key of its own, in a driver that reads keys in any case
    ['Addr=db;ssLmode=Disable', true],
    ['_ssLabel', true],
    ['9ssLabel', true],
    ['useSSL=true', true],
    ['SSLmode=require', true],
    ['sslMode: "REQUIRED"', true],
    ['SslMode=Require', true],
    ['sSLmode', true],
    ['ssL', true], // at the end: nothing follows
    ['ssL9', true],
    ['ssL_mode', true],
    ['classList; sslmode=require', true], // a later real match still counts
    ['processLabel PGSSLMODE', true],
    // Address, Addr, Network Address only where an ADO.NET key can start
    ['Addr=db;Uid=u', true],
    ['"Network Address=db"', true],
    ["x = 'Uid=u; network  address = db'", true],
    ['conn=Address=db', true],
    ['ConnectionString: Address=db', true],
    ['"\\tAddress=db;Uid=u"', true],
    ['  address = get()', true], // the start of the text
    ['x\naddress=1', true], // the start of a line
    ['const address = get()', false],
    ['local address="$1"', false],
    ['saveBuilderAddress = (x) => x', false],
    ['ipAddr=1', false],
    ['_address = 1', false],
    ['\u00e9address=1', true], // not ASCII before it: counted as a place a key can start
    ['hostaddr=10.0.0.1', true], // libpq's own key
  ];
  for (const [text, expected] of rows) {
    assert.equal(mayHaveSites(text), expected, text);
    assert.equal(bytesMayHaveSites(new TextEncoder().encode(text)), expected, `bytes: ${text}`);
  }
});

test('prefilter: settings it used to turn away are analysed (found by the `prefilter` fuzz property)', () => {
  // Each of these holds none of the words the prefilter had: an ADO.NET string whose only TLS key is
  // spaced or whose server key is an alias, a Go MySQL DSN without a user or over a Unix socket.
  const rows: [string, string, string][] = [
    ['src/Db.cs', 'var cs = "Database=app;Trust Server Certificate=true;Uid=u";', 'verification-disabled'],
    ['src/Db.cs', 'var cs = "Addr=db.example.com;Uid=app;SslMode=Preferred";', 'weak-sslmode'],
    ['src/Db.cs', 'var cs = "Network Address=db;Uid=app;Database=d";', ''],
    ['src/Db.cs', 'var cs = "Database=x;Host Name In Certificate=h;Uid=u";', ''],
    ['main.go', 'dsn := "tcp(db.example.com:3306)/app"', 'weak-sslmode'],
    ['main.go', 'dsn := "app@unix(/tmp/mysql.sock)/app"', 'weak-sslmode'],
    ['src/Db.cs', 'var cs = "Database=x;Server Certificate=c.cer;Uid=u";', ''],
  ];
  for (const [file, text, rule] of rows) {
    assert.ok(mayHaveSites(text), text);
    const r = lint(text, { path: file });
    assert.equal(r.sites.length, 1, text);
    if (rule) assert.ok(r.findings.some((f) => f.ruleId === rule), `${text}: ${r.findings.map((f) => f.ruleId).join(', ')}`);
  }
});
