/**
 * Every file under test/fixtures/lint is linted; the findings must be exactly the marked ones.
 * Every fix offered is applied: re-linting must not report that finding again, and the fix must be
 * idempotent (a second round offers no edit for it).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAllEdits, LineIndex, lint, ruleById } from '../../server/out/engine';
import { FIXTURE_ROOT, listFixtures, parseFixture } from './util/fixtures';

const dir = path.join(FIXTURE_ROOT, 'lint');

for (const file of listFixtures(dir)) {
  const rel = path.relative(dir, file);
  const { text, expected } = parseFixture(fs.readFileSync(file, 'utf8'));
  const name = path.basename(file);

  test(`fixture ${rel}: exactly the marked findings`, () => {
    const lines = new LineIndex(text);
    const actual = lint(text, { path: name }).findings.map((f) => {
      const s = lines.positionAt(f.span.start);
      const e = lines.positionAt(f.span.end);
      assert.equal(s.line, e.line, `${f.ruleId} range spans lines; markers cannot express that`);
      return `${s.line + 1}:${s.character}-${e.character} ${f.ruleId}:${f.severity}`;
    });
    const wanted = expected.map((x) => `${x.line + 1}:${x.start}-${x.end} ${x.rule}:${x.severity ?? ruleById(x.rule)?.meta.defaultSeverity}`);
    assert.deepEqual([...actual].sort(), [...wanted].sort());
  });

  test(`fixture ${rel}: fixes remove their finding and are idempotent`, () => {
    const before = lint(text, { path: name });
    for (const f of before.findings) {
      for (const fix of f.fixes) {
        const fixed = applyEdits(text, fix.edits);
        assert.notEqual(fixed, text, `${fix.title} changes nothing`);
        const after = lint(fixed, { path: name });
        const again = after.findings.filter((g) => g.ruleId === f.ruleId && g.site === f.site);
        assert.deepEqual(again.map((g) => g.message), [], `${f.ruleId} still reported after "${fix.title}"`);
        // Nothing new of any rule on that site, except findings the fix cannot address.
        const secondRound = fixAllEdits(after.findings.filter((g) => g.site === f.site && g.ruleId === f.ruleId));
        assert.deepEqual(secondRound, []);
      }
    }
  });

  test(`fixture ${rel}: fix-all reaches a fixed point`, () => {
    let current = text;
    for (let round = 0; round < 5; round++) {
      const edits = fixAllEdits(lint(current, { path: name }).findings);
      if (edits.length === 0) break;
      current = applyEdits(current, edits);
    }
    const left = lint(current, { path: name }).findings.filter((f) => f.fixes.length > 0);
    assert.deepEqual(left.map((f) => f.ruleId), []);
  });
}
