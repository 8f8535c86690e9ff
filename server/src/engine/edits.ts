import type { Edit, Finding } from './types';

/** Applies non-overlapping edits to a text. Throws on overlap: callers pick with `selectEdits`. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.span.start < at) throw new Error('overlapping edits');
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/**
 * A fix's edits with the insertions at one offset joined into one, in the order the fix lists them
 * (`require` for an empty `sslmode=` at the end of a URL, then `&sslaccept=strict` added there): two
 * insertions at one point would be applied in no defined order. The same array when there are none.
 */
export function joinInsertions(edits: readonly Edit[]): readonly Edit[] {
  const at = new Map<number, number>();
  let joined: Edit[] | undefined;
  edits.forEach((e, i) => {
    if (e.span.start !== e.span.end) return;
    const first = at.get(e.span.start);
    if (first === undefined) {
      at.set(e.span.start, i);
      return;
    }
    joined ??= [...edits];
    const into = joined[first]!;
    joined[first] = { span: into.span, newText: into.newText + e.newText };
    joined[i] = { span: e.span, newText: '' };
  });
  return joined ? joined.filter((e) => !(e.span.start === e.span.end && e.newText === '')) : edits;
}

function overlaps(a: Edit, b: Edit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/**
 * The edits of "fix all": the first preferred fix of each finding that edits only the document
 * (fixes that need a judgement, like `sslrootcert=system` or `rejectUnauthorized: true`, and fixes that
 * create files are offered one at a time, never in bulk), in document order, skipping any fix that
 * overlaps one already taken. Running fix-all again picks up what was skipped.
 */
export function fixAllEdits(findings: readonly Finding[], ruleId?: string): Edit[] {
  const taken: Edit[] = [];
  const ordered = [...findings].sort((a, b) => a.span.start - b.span.start);
  for (const f of ordered) {
    if (ruleId !== undefined && f.ruleId !== ruleId) continue;
    const fix = f.fixes.find((x) => x.preferred && (!x.files || x.files.length === 0));
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    // Identical edits from two findings on the same site are taken once.
    taken.push(...fix.edits);
  }
  return taken;
}
