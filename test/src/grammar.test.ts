/**
 * The injection grammar's patterns (written in the common subset of Oniguruma and JavaScript regular
 * expressions) give weak values, disabled verification and safe values distinct scopes.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const grammar = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../syntaxes/dbtrust-tls.injection.tmLanguage.json'), 'utf8'),
) as { repository: Record<string, { match: string; captures: Record<string, { name: string }> }> };

/** The scopes the first matching pattern (in grammar order) gives to `text`. */
function scopes(text: string): Record<string, string> {
  for (const name of ['weak', 'disabled', 'parameter']) {
    const rule = grammar.repository[name]!;
    const m = new RegExp(rule.match).exec(text);
    if (!m) continue;
    const out: Record<string, string> = {};
    for (const [i, c] of Object.entries(rule.captures)) if (m[Number(i)]) out[m[Number(i)]!] = c.name;
    return out;
  }
  return {};
}

test('weak modes get the weak scope', () => {
  for (const v of ['disable', 'allow', 'prefer', 'require', 'verify-ca']) {
    assert.equal(scopes(`postgres://h/db?sslmode=${v}`)[v], 'invalid.deprecated.tls-weak.dbtrust');
  }
  assert.equal(scopes("PGSSLMODE: 'require'")['require'], 'invalid.deprecated.tls-weak.dbtrust');
});

test('switches that disable verification get the illegal scope', () => {
  assert.equal(scopes('?sslmode=no-verify')['no-verify'], 'invalid.illegal.tls-verification-disabled.dbtrust');
  assert.equal(
    scopes('?sslfactory=org.postgresql.ssl.NonValidatingFactory')['org.postgresql.ssl.NonValidatingFactory'],
    'invalid.illegal.tls-verification-disabled.dbtrust',
  );
});

test('safe values and other parameters get their own scopes; lookalikes get none', () => {
  assert.equal(scopes('sslmode=verify-full')['verify-full'], 'constant.language.tls-verified.dbtrust');
  assert.equal(scopes('sslrootcert=/etc/ssl/root.pem')['sslrootcert'], 'variable.parameter.tls.dbtrust');
  assert.deepEqual(scopes('mysslmode=require'), {});
  assert.equal(scopes('sslmode=requirement')['requirement'], undefined);
});
