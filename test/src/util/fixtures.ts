/**
 * Fixture files carry their expected findings beside the input: a marker line under the target line
 *
 *     url = "postgres://db.example.com/app?sslmode=require"
 *                                                   ^^^^^^^ weak-sslmode:warning
 *
 * The carets give the columns of the range on the nearest line above that is not a marker; the
 * severity is optional (default: the rule's default). Marker lines are removed before linting, so they
 * work in any syntax (JSON included). A file with no marker expects no finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Expected {
  line: number; // 0-based, in the text after markers are removed
  start: number;
  end: number;
  rule: string;
  severity?: string;
}

const MARKER = /^(\s*)(\^+) ([a-z][a-z-]*)(?::(error|warning|info|hint))?\s*$/;

export function parseFixture(raw: string): { text: string; expected: Expected[] } {
  const lines = raw.split('\n');
  const kept: string[] = [];
  const expected: Expected[] = [];
  for (const line of lines) {
    const m = MARKER.exec(line);
    if (m) {
      if (kept.length === 0) throw new Error('a marker line needs a line above it');
      const e: Expected = { line: kept.length - 1, start: m[1]!.length, end: m[1]!.length + m[2]!.length, rule: m[3]! };
      if (m[4]) e.severity = m[4];
      expected.push(e);
    } else kept.push(line);
  }
  return { text: kept.join('\n'), expected };
}

export const FIXTURE_ROOT = path.resolve(__dirname, '../../fixtures');

export function listFixtures(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}
