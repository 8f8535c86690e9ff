/**
 * The engine never throws and never reports a range outside the text, whatever it is given: every
 * prefix of every fixture (unterminated strings, cut-off URIs, half escapes) and random noise.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAllEdits, hoverMarkdown, lint } from '../../server/out/engine';
import { FIXTURE_ROOT, listFixtures, parseFixture } from './util/fixtures';

function check(text: string, file: string): void {
  const r = lint(text, { path: file });
  for (const f of r.findings) {
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${file}: range out of text`);
    for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end);
  }
  for (const s of r.sites) assert.ok(s.site.span.end <= text.length);
  applyEdits(text, fixAllEdits(r.findings)); // never overlapping
  if (r.sites[0]) hoverMarkdown(text, r, r.sites[0].site.span.start);
}

test('every prefix of every fixture lints without error', () => {
  for (const file of listFixtures(path.join(FIXTURE_ROOT, 'lint'))) {
    const { text } = parseFixture(fs.readFileSync(file, 'utf8'));
    const name = path.basename(file);
    for (let i = 0; i <= text.length; i += 3) check(text.slice(0, i), name);
  }
});

test('random token soup in every syntax lints without error', () => {
  const tokens = ['postgres://', 'postgresql://', 'jdbc:postgresql:', '?', '&', '=', '@', ':', '/', '[', ']', '{', '}', '"', "'", '`', '\\', '\\"', '\\u00', '%2F', '%', ' ', '\n', '\r\n', '#', '//', '/*', '*/', '--', '- ', 'sslmode', 'require', 'PGSSLMODE', 'host', 'dbname', 'sslrootcert', 'name: ', 'value: ', '${X}', 'ENV ', 'export ', '[svc]', 'no-verify', 'sslfactory=org.postgresql.ssl.NonValidatingFactory', '"""', "'''", '@"', 'é', '\u2028', '\uD83D'];
  const files = ['a.ts', 'a.py', 'A.java', 'a.go', 'a.cs', '.env', 'a.yaml', 'a.json', 'a.properties', 'a.toml', 'Dockerfile', 'a.sh', 'pg_service.conf', 'a.sql', 'a.txt', 'a.kt', 'a.php', 'a.rb'];
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const len = 1 + rand(40);
    for (let k = 0; k < len; k++) text += tokens[rand(tokens.length)];
    check(text, files[i % files.length]!);
  }
});

test('a long single line and a file of many lines stay linear', () => {
  const line = 'const u = "postgres://h.example.com/db?sslmode=require";\n';
  const many = line.repeat(20000);
  assert.equal(lint(many, { path: 'a.ts' }).findings.length, 20000);
  const long = 'x'.repeat(2_000_000) + ' postgres://h/db?sslmode=disable';
  assert.equal(lint(long, { path: 'a.txt' }).findings.length, 1);
});
