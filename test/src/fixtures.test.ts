/**
 * Every file under test/fixtures/lint is linted (trust files read from test/fixtures, which plays the
 * workspace root, on a fixed date); the findings must be exactly the marked ones. Every fix offered is
 * applied, with the files it creates: re-linting must not report that finding again, and the fix must
 * be idempotent (a second round offers no edit for it).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAllEdits, LineIndex, lintWithTrust, newTrustFileCache, ruleById } from '../../server/out/engine';
import type { Finding, LintResult } from '../../server/out/engine';
import { FIXTURE_ROOT, listFixtures, parseFixture } from './util/fixtures';
import { OverlayFileAccess } from './util/overlay';

const dir = path.join(FIXTURE_ROOT, 'lint');
/** The date the fixtures are judged on (certificate expiry, rotations). */
export const FIXTURE_NOW = new Date('2026-11-23T12:00:00Z');

function linter(file: string) {
  const files = new OverlayFileAccess();
  const cache = newTrustFileCache();
  const run = (text: string): Promise<LintResult> =>
    lintWithTrust(text, { path: path.basename(file), documentPath: file, workspaceRoot: FIXTURE_ROOT, files, cache, now: FIXTURE_NOW });
  const apply = (text: string, fixes: { edits: Finding['fixes'][number]['edits']; files?: { path: string; content: string }[] }[]): string => {
    for (const fix of fixes) for (const f of fix.files ?? []) files.write(f.path, f.content);
    return applyEdits(text, fixes.flatMap((f) => f.edits));
  };
  return { run, apply };
}

for (const file of listFixtures(dir)) {
  const rel = path.relative(dir, file);
  const { text, expected } = parseFixture(fs.readFileSync(file, 'utf8'));

  test(`fixture ${rel}: exactly the marked findings`, async () => {
    const lines = new LineIndex(text);
    const actual = (await linter(file).run(text)).findings.map((f) => {
      const s = lines.positionAt(f.span.start);
      const e = lines.positionAt(f.span.end);
      assert.equal(s.line, e.line, `${f.ruleId} range spans lines; markers cannot express that`);
      return `${s.line + 1}:${s.character}-${e.character} ${f.ruleId}:${f.severity}`;
    });
    const wanted = expected.map((x) => `${x.line + 1}:${x.start}-${x.end} ${x.rule}:${x.severity ?? ruleById(x.rule)?.meta.defaultSeverity}`);
    assert.deepEqual([...actual].sort(), [...wanted].sort());
  });

  test(`fixture ${rel}: fixes remove their finding and are idempotent`, async () => {
    const before = await linter(file).run(text);
    for (const f of before.findings) {
      for (const fix of f.fixes) {
        const l = linter(file);
        const fixed = l.apply(text, [fix]);
        assert.notEqual(fixed, text, `${fix.title} changes nothing`);
        const after = await l.run(fixed);
        const again = after.findings.filter((g) => g.ruleId === f.ruleId && g.site === f.site);
        assert.deepEqual(again.map((g) => g.message), [], `${f.ruleId} still reported after "${fix.title}"`);
      }
    }
  });

  test(`fixture ${rel}: fix-all reaches a fixed point`, async () => {
    const l = linter(file);
    let current = text;
    for (let round = 0; round < 5; round++) {
      const findings = (await l.run(current)).findings;
      const edits = fixAllEdits(findings);
      if (edits.length === 0) break;
      current = applyEdits(current, edits);
    }
    const left = (await l.run(current)).findings.filter((f) => f.fixes.some((x) => x.preferred && (!x.files || x.files.length === 0)));
    assert.deepEqual(left.map((f) => f.ruleId), []);
  });
}
