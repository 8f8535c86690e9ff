/** Finds every connection site in a file and assigns the driver that will read it. */
import type { Language } from '../language';
import type { Scan } from '../scan';
import type { DriverId, Site } from '../types';
import { extractEnv } from './env';
import { extractJdbc } from './jdbc';
import { extractKeyValue, extractServiceFile } from './keyvalue';
import { extractUris, SiteDraft } from './uri';

export function extractSites(text: string, scan: Scan, language: Language): Site[] {
  const drafts: SiteDraft[] = [];
  if (language.isServiceFile) {
    drafts.push(...extractServiceFile(text));
  } else {
    for (const region of scan.regions) {
      if (region.text.includes('jdbc:postgresql:')) drafts.push(...extractJdbc(region));
      if (/postgres(ql)?:\/\//i.test(region.text)) drafts.push(...extractUris(region));
      drafts.push(...extractKeyValue(region));
    }
  }
  drafts.push(...extractEnv(text, scan, language.indented));

  // Overlaps cannot normally happen; should one, the earlier-found (more specific) site wins.
  const kept: SiteDraft[] = [];
  for (const d of drafts) {
    if (kept.some((k) => d.span.start < k.span.end && k.span.start < d.span.end)) continue;
    kept.push(d);
  }
  kept.sort((a, b) => a.span.start - b.span.start);
  return kept.map((d) => ({ ...d, ...inferDriver(d, language) }));
}

/**
 * The driver that reads the site: a jdbc: URL → pgjdbc; a postgres:// URI in a JavaScript or
 * TypeScript file → node-postgres; anything else → libpq (psql, psycopg, and libpq-based clients).
 */
export function inferDriver(site: SiteDraft, language: Language): { driver: DriverId; driverReason: string } {
  if (site.kind === 'jdbc') return { driver: 'pgjdbc', driverReason: 'a jdbc:postgresql: URL is read by the PostgreSQL JDBC driver (pgjdbc)' };
  if (site.kind === 'uri' && language.isJavaScript) {
    return {
      driver: 'node-postgres',
      driverReason: 'a postgres:// URI in a JavaScript/TypeScript file is most often read by node-postgres (pg-connection-string)',
    };
  }
  if (site.kind === 'env') return { driver: 'libpq', driverReason: 'PGSSL* environment variables are read by libpq (psql, psycopg and libpq-based clients)' };
  if (site.kind === 'keyvalue') return { driver: 'libpq', driverReason: 'keyword/value connection strings are libpq syntax' };
  return { driver: 'libpq', driverReason: 'no other driver is indicated, so libpq semantics (psql, psycopg, libpq-based clients) apply' };
}
