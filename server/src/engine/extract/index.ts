/** Finds every connection site in a file and assigns the driver that will read it. */
import type { Language } from '../language';
import type { Scan } from '../scan';
import type { DriverId, Site, Span } from '../types';
import { extractEnv } from './env';
import { FAMILIES } from './families';
import { extractJdbc } from './jdbc';
import { extractKeyValue, extractServiceFile } from './keyvalue';
import { extractNodeSslObjects } from './nodeSsl';
import { extractUris, SiteDraft } from './uri';

export function extractSites(text: string, scan: Scan, language: Language): Site[] {
  const drafts: SiteDraft[] = [];
  // Families first: their more specific sites win an overlap with the core extractors.
  if (!language.isServiceFile) for (const family of FAMILIES) drafts.push(...family.extract(text, scan, language));
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

  // An overlap happens where a family and a core extractor read the same text: the earlier-found
  // (more specific) site wins. Kept sites are disjoint and held sorted, so each test is a binary search.
  const kept: SiteDraft[] = [];
  for (const d of drafts) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.span.end <= d.span.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < kept.length && kept[lo]!.span.start < d.span.end) continue;
    kept.splice(lo, 0, d);
  }
  if (language.isJavaScript) kept.push(...keepObjects(kept, extractNodeSslObjects(text, scan, language)));
  kept.sort((a, b) => a.span.start - b.span.start);
  return kept.map((d) => ({ ...d, ...chooseDriver(d, text, language) }));
}

/** The driver a draft already names, else the one a family knows better, else the core inference. */
function chooseDriver(d: SiteDraft, text: string, language: Language): { driver: DriverId; driverReason: string } {
  if (d.driver !== undefined) return { driver: d.driver, driverReason: d.driverReason ?? '' };
  for (const family of FAMILIES) {
    const choice = family.inferDriver?.(d, text, language);
    if (choice) return choice;
  }
  return inferDriver(d, language);
}

/**
 * Object sites (`ssl` options) that do not overlap a string site. An options object usually holds its
 * connection string (`connectionString: 'postgres://…'`): both are kept, the object site then spanning
 * only its `ssl` property. Object sites never overlap each other. The kept sites are disjoint and
 * sorted, so each test is a binary search.
 */
function keepObjects(kept: readonly SiteDraft[], objects: SiteDraft[]): SiteDraft[] {
  const spans = kept.map((k) => k.span).sort((a, b) => a.start - b.start);
  const overlaps = (s: Span): boolean => {
    let lo = 0;
    let hi = spans.length;
    // the first kept span that ends after s starts
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.end <= s.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < spans.length && spans[lo]!.start < s.end;
  };
  const out: SiteDraft[] = [];
  for (const o of objects) {
    if (!overlaps(o.span)) out.push(o);
    else if (o.anchor && !overlaps(o.anchor)) {
      out.push({ ...o, span: o.anchor });
      markConnectionString(kept, o);
    }
  }
  return out;
}

/**
 * A connection string that sets no TLS parameter, written beside an `ssl` option, is not the whole
 * TLS story: node-postgres takes ssl from the options object then. It is marked a fragment so that
 * the string alone is not judged on the TLS parameters it lacks ("connects without TLS").
 */
function markConnectionString(kept: readonly SiteDraft[], o: SiteDraft): void {
  const conn = o.params.find((p) => p.key === 'connectionString');
  if (!conn || conn.dynamic || conn.value !== '') return;
  const uri = kept.find((k) => k.kind === 'uri' && k.span.start === conn.valueSpan.start && k.span.end === conn.valueSpan.end);
  if (uri) uri.fragment = true;
}

/**
 * The driver that reads the site: a jdbc: URL → pgjdbc; a postgres:// URI in a JavaScript or
 * TypeScript file, or an `ssl` options object → node-postgres; anything else → libpq (psql, psycopg, and libpq-based clients).
 */
export function inferDriver(site: SiteDraft, language: Language): { driver: DriverId; driverReason: string } {
  if (site.kind === 'object') {
    return {
      driver: 'node-postgres',
      driverReason:
        "an `ssl` option in a JavaScript/TypeScript client options object is node-postgres's (pg.Client, pg.Pool, knex connection) TLS setting",
    };
  }
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
