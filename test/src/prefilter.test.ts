/**
 * The byte prefilter (BYTE_PREFILTER, server/src/engine/lint.ts) spares `dbtrust scan` decoding the
 * files that cannot hold a connection setting. It must pass every file whose decoded text passes the
 * text prefilter (PREFILTER): otherwise a setting would be missed without a trace.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BYTE_PREFILTER, PREFILTER } from '../../server/out/engine/lint';
import { decodeText } from '../../server/out/cli/report';
import { bytesMayHaveSites } from '../../server/out/cli/bytePrefilter';

const WORDS = ['postgres', 'PGSSL', 'ssl', 'jdbc:', 'dbname', 'host', '=', 'encrypt', 'servercertificate', 'data', 'source', 'server', 'pgsql', 'InsecureSkipVerify', 'mysql', '@tcp('];
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
  return BYTE_PREFILTER.test(Buffer.from(bytes).toString('latin1'));
}

test('prefilter: whenever the decoded text passes, the bytes pass', () => {
  fc.assert(
    fc.property(text, (t) => {
      const bytes = new TextEncoder().encode(t);
      if (PREFILTER.test(decodeText(bytes) ?? '')) assert.ok(bytePass(bytes), JSON.stringify(t));
    }),
    { numRuns: 20_000, seed: 20261123 },
  );
});

test('prefilter: invalid UTF-8 around the words does not hide them', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(text.map((t) => [...new TextEncoder().encode(t)]), fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 })), { maxLength: 8 }), (parts) => {
      const bytes = Uint8Array.from(parts.flat());
      const decoded = decodeText(bytes);
      if (decoded !== undefined && PREFILTER.test(decoded)) assert.ok(bytePass(bytes));
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
    fc.tuple(fc.constantFrom('host', 'Data', 'SERVER', 'data'), spaces, fc.constantFrom('=', 'source', 'x', '')).map(([a, b, c]) => a + b + c),
    fc.constantFrom('pos', 'pgs', 'ss', 'jdb', 'dbn', 'hos', 'enc', 'ser', 'dat', 'ins', 'mys', '@tc', '`tcp(', 'sSl', 'SSL'),
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
      assert.equal(bytesMayHaveSites(bytes), BYTE_PREFILTER.test(latin1(bytes)), JSON.stringify(latin1(bytes)));
    }),
    { numRuns: 30_000, seed: 42 },
  );
});

test('prefilter: the SIMD search on every word, at every offset of a 40-byte block, in any case', () => {
  const words = ['postgres', 'PGSSL', 'ssl', 'jdbc:', 'dbname', 'host=', 'host \t =', 'encrypt', 'servercertificate', 'data source', 'datasource', 'server=', 'pgsql', 'InsecureSkipVerify', 'mysql', '@tcp('];
  for (const word of words) {
    for (const variant of [word, word.toUpperCase(), word.toLowerCase()]) {
      for (let offset = 0; offset < 40; offset++) {
        const text = '-'.repeat(offset) + variant + '-'.repeat(40 - offset);
        const bytes = new TextEncoder().encode(text);
        assert.equal(bytesMayHaveSites(bytes), true, `${variant} at ${offset}`);
        assert.equal(bytesMayHaveSites(bytes.subarray(0, offset + variant.length)), true, `${variant} at the very end`);
        assert.equal(bytesMayHaveSites(bytes.subarray(0, offset + variant.length - 1)), BYTE_PREFILTER.test(text.slice(0, offset + variant.length - 1)), `${variant} cut`);
      }
    }
  }
  // a space run longer than the search's first window
  assert.equal(bytesMayHaveSites(new TextEncoder().encode('host' + ' '.repeat(500) + '=')), true);
  assert.equal(bytesMayHaveSites(new TextEncoder().encode('host' + ' '.repeat(500) + 'x')), false);
});
