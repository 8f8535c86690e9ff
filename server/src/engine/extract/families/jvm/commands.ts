/**
 * libpq keyword/value strings quoted on a command line inside text that is not shell: a GitHub Actions
 * or GitLab CI `run:` / `script:` line, a Helm or Kubernetes `command:` string, a Makefile recipe read
 * as plain text. The lexer sees no string literal there (YAML quotes count only at a value's start), so
 * `psql "host=db sslmode=require"` is found here: the quoted argument of a PostgreSQL client program
 * (psql, pg_dump, pg_dumpall, pg_restore, pgbench, pg_isready, pg_basebackup, vacuumdb, createdb) that
 * is a keyword/value string. URIs need no help: the URI extractor reads plain text too.
 */
import type { Region } from '../../../scan';
import { extractKeyValue } from '../../keyvalue';
import type { SourceView } from '../../sourceView';
import type { SiteDraft } from '../../uri';

const COMMAND = /\b(?:psql|pg_dump|pg_dumpall|pg_restore|pgbench|pg_isready|pg_basebackup|vacuumdb|createdb|dropdb)\b/g;
const MAX_LINE = 4_000;

export function extractQuotedConninfo(text: string, view: SourceView): SiteDraft[] {
  // Every program name holds `psql`, `pg` or `db`: only regions that may hold one of these are read.
  const candidates = view.regionsWith(['psql', 'pg', 'db']);
  if (!candidates.some((r) => r.kind === 'plain' && !r.map)) return [];
  if (!/\b(?:psql|pg_[a-z]+|pgbench|vacuumdb|createdb|dropdb)\b/.test(text)) return [];
  const out: SiteDraft[] = [];
  for (const region of candidates) {
    if (region.kind !== 'plain' || region.text.length > MAX_LINE || region.map) continue;
    COMMAND.lastIndex = 0;
    const m = COMMAND.exec(region.text);
    if (!m) continue;
    // Each quoted argument after the program name.
    const t = region.text;
    const quoted = /(["'])([^"'\n]*)\1/g;
    quoted.lastIndex = m.index + m[0].length;
    for (let q = quoted.exec(t); q; q = quoted.exec(t)) {
      const body = q[2]!;
      if (!/^\s*[a-z_]+\s*=/.test(body)) continue;
      const start = region.start + q.index + 1;
      const inner: Region = { start, end: start + body.length, text: body, kind: 'string', escape: 'none' };
      out.push(...extractKeyValue(inner));
    }
  }
  return out;
}
