/**
 * Suppression comments, in the file's own comment syntax:
 *   dbtrust-disable-next-line weak-sslmode, no-hostname-check -- staging only
 *   ... dbtrust-disable-line verification-disabled
 * Without a rule list the directive covers every rule. Text after ` -- ` is the reason.
 */
import type { LineIndex } from './text';

const DIRECTIVE = /dbtrust-disable-(next-line|line)\b([^\n\r]*)/g;

export interface Suppressions {
  /** line → rule ids ('*' for all) */
  byLine: Map<number, Set<string>>;
}

export function findSuppressions(text: string, lines: LineIndex): Suppressions {
  const byLine = new Map<number, Set<string>>();
  if (!text.includes('dbtrust-disable-')) return { byLine };
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const line = lines.positionAt(m.index).line + (m[1] === 'next-line' ? 1 : 0);
    const spec = (m[2] ?? '').split(/\s--\s|\s--$/)[0]!.replace(/\*\/|-->|#}|%>/g, '');
    const ids = spec
      .split(',')
      .map((s) => s.trim())
      .filter((s) => /^[a-z][a-z0-9-]*$/.test(s));
    const set = byLine.get(line) ?? new Set<string>();
    if (ids.length === 0) set.add('*');
    for (const id of ids) set.add(id);
    byLine.set(line, set);
  }
  return { byLine };
}

export function isSuppressed(s: Suppressions, line: number, ruleId: string): boolean {
  const set = s.byLine.get(line);
  return set !== undefined && (set.has('*') || set.has(ruleId));
}
