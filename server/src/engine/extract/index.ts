/** Finds every connection site in a file and assigns the driver that will read it. */
import * as l10n from '@vscode/l10n';
import type { Language } from '../language';
import { countStartingBy } from '../scan';
import type { Region, Scan } from '../scan';
import type { DriverHint } from '../config';
import { hintedDriver } from '../hints';
import type { DriverId, Param, Site, Span } from '../types';
import { ENV_TO_KEYWORD, extractEnv } from './env';
import { FAMILIES } from './families';
import { extractJdbc, holdsPgjdbcUrl } from './jdbc';
import { extractKeyValue, extractServiceFile } from './keyvalue';
import { extractNodeSslObjects, POSTGRES_JS_REASON, postgresJsFile } from './nodeSsl';
import { SourceView } from './sourceView';
import { extractUris, SiteDraft } from './uri';

/**
 * `hint`: the configuration's driver for this file (`drivers`), used where the driver would be
 * guessed. `view`: the source view over this scan, when the caller has one.
 */
export function extractSites(text: string, scan: Scan, language: Language, hint?: DriverHint, view = new SourceView(text, scan)): Site[] {
  const drafts: SiteDraft[] = [];
  // `view`: what the extractors read of the text beyond its regions (masks, brackets, imports), built once.
  // Families first: their more specific sites win an overlap with the core extractors.
  if (!language.isServiceFile) for (const family of FAMILIES) drafts.push(...family.extract(text, scan, language, view));
  if (language.isServiceFile) {
    drafts.push(...extractServiceFile(text));
  } else {
    // Only regions that may hold jdbc:postgresql: or `://` can hold a jdbc:postgresql: URL or a postgres:// URI.
    const pg = view.regionsWith(['://', 'jdbc:postgresql:', ':postgresql:']);
    // A keyword/value site has a connection or TLS keyword (keyvalue.ts buildSite): host, hostaddr,
    // dbname, or one with `ssl`. Found by word when the view's occurrences are kept for the next
    // version; else every region is tried (one pass, cheaper than the searches).
    const kv = view.remembered ? view.regionsWith(KEYVALUE_WORDS) : scan.regions;
    const cut = (region: Region): boolean => region.kind === 'plain' && /['"`]/.test(text[region.end] ?? '');
    // Both lists are in the regions' order.
    let k = 0;
    let j = 0;
    for (const region of scan.regions) {
      if (k < pg.length && pg[k] === region) {
        k++;
        if (holdsPgjdbcUrl(region.text)) drafts.push(...extractJdbc(region));
        if (/postgres(ql)?:\/\//i.test(region.text)) drafts.push(...extractUris(region));
      }
      if (j < kv.length && kv[j] === region) {
        j++;
        if (region.kind !== 'plain' || !language.family.code) drafts.push(...extractKeyValue(region, cut));
      }
    }
  }
  const shell = language.family.name === 'shell';
  drafts.push(...extractEnv(text, scan, language.indented, shell, language.family.code));
  concatenated(drafts, text, scan, language);

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
  if (language.isJavaScript) {
    const objects = keepObjects(kept, extractNodeSslObjects(text, language, view));
    // The imports are read only when a site may be postgres.js's.
    if ((objects.length > 0 || kept.some((d) => d.kind === 'uri' && d.driver === undefined)) && postgresJsFile(view.importedModules)) postgresJs(kept, objects);
    kept.push(...objects);
  }
  kept.sort((a, b) => a.span.start - b.span.start);
  const sites = kept.map((d) => ({ ...d, ...chooseDriver(d, text, language, hint) }));
  return shell ? shellEnvironment(sites, text) : sites.map(stripDraft);
}

const KEYVALUE_WORDS = ['host', 'dbname', 'ssl'];

/**
 * After a literal's closing quote: an operator that joins it to what follows (`+`, SQL `||`, Ruby `<<`,
 * `.concat(`). Only languages whose string literals the lexer reads (scan.ts FAMILIES) can get here.
 */
const JOINED = /^\s*(?:\+(?!\+)|\|\||<<|\.concat\s*\()/;
/** PHP joins strings with `.`. */
const PHP_JOINED = /^\s*\.(?![.\d])/;

/**
 * A string literal that ends with `key=` and is joined to what follows (`'…?sslmode=' + mode`, PHP
 * `'…;sslmode=' . $mode`): that parameter's value is decided at run time, not empty. And a literal that
 * is a lone keyword/value `key=` (`conninfo.split('sslmode=')`, SQL `split_part(conninfo, 'sslmode=', 2)`)
 * is a search pattern, not a setting: its draft is dropped. (Found in asyncpg's tests and pgAdmin's SQL.)
 */
function concatenated(drafts: SiteDraft[], text: string, scan: Scan, language: Language): void {
  const regions = scan.regions;
  const joinedAfter = (r: Region): boolean => {
    let k = r.end;
    while (k < text.length && k - r.end < 3 && /["'`]/.test(text[k]!)) k++;
    const after = text.slice(k, k + 40);
    return JOINED.test(after) || (language.family.name === 'php' && PHP_JOINED.test(after));
  };
  for (let i = drafts.length - 1; i >= 0; i--) {
    const d = drafts[i]!;
    if (d.kind === 'object' || d.kind === 'env') continue;
    const last = d.params.reduce<Param | undefined>((m, p) => (!m || p.valueSpan.end > m.valueSpan.end ? p : m), undefined);
    if (!last || last.value !== '' || last.dynamic || last.valueSpan.start !== last.valueSpan.end) continue;
    const at = countStartingBy(regions, last.valueSpan.end) - 1;
    const r = at >= 0 ? regions[at] : undefined;
    if (!r || r.kind !== 'string' || r.end !== last.valueSpan.end) continue;
    if (joinedAfter(r)) last.dynamic = true;
    else if (d.kind === 'keyvalue' && d.params.length === 1 && d.hosts.length === 0 && /^\s*[\w ]+\s*=\s*$/.test(r.text)) drafts.splice(i, 1);
  }
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * libpq reads PGSSL* variables for every parameter its connection string leaves out (libpq-envars):
 * in a shell script, a command's own prefix (`PGSSLMODE=verify-full psql "host=…"`) and the variables
 * exported earlier (`export PGSSLMODE=…`, Dockerfile `ENV`) complete the connection strings after them.
 * The prefix then belongs to that command's site; exported variables stay a site of their own too
 * (they apply to other commands as well).
 */
function shellEnvironment(sites: (SiteDraft & Site)[], text: string): Site[] {
  const envSites = sites.filter((s) => s.kind === 'env');
  if (envSites.length === 0) return sites.map(stripDraft);
  const exported = envSites
    .filter((e) => !e.commandPrefix)
    .flatMap((e) => e.params)
    .filter((p) => /^\s*(?:export|ENV)\s/.test(text.slice(lineStartOf(text, p.keySpan.start), p.keySpan.start + 1)))
    .sort((a, b) => a.keySpan.start - b.keySpan.start);
  const consumed = new Set<SiteDraft>();
  for (const site of sites) {
    if (site.driver !== 'libpq' || (site.kind !== 'keyvalue' && site.kind !== 'uri')) continue;
    const line = lineStartOf(text, site.span.start);
    const has = (key: string) => site.params.some((p) => p.key === key);
    const added: Param[] = [];
    const prefix = envSites.find((e) => e.commandPrefix && lineStartOf(text, e.span.start) === line && e.span.end <= site.span.start);
    if (prefix) {
      consumed.add(prefix);
      for (const p of prefix.params) {
        const key = ENV_TO_KEYWORD[p.key];
        if (key && !has(key)) added.push({ ...p, key });
      }
    }
    for (const [name, key] of Object.entries(ENV_TO_KEYWORD)) {
      if (has(key) || added.some((p) => p.key === key)) continue;
      const p = exported.filter((x) => x.key === name && x.keySpan.start < site.span.start).at(-1);
      if (p) added.push({ ...p, key });
    }
    if (added.length > 0) site.params = [...added, ...site.params];
  }
  return sites.filter((s) => !consumed.has(s)).map(stripDraft);
}

function stripDraft(s: SiteDraft & Site): Site {
  if (s.commandPrefix === undefined && s.urlBeside === undefined) return s;
  const { commandPrefix: _, urlBeside: __, ...site } = s;
  return site;
}

/**
 * A file that uses postgres.js: its connection URLs are read by postgres.js (the options objects are
 * already its sites, nodeSsl.ts). A URL written as the argument before an options object that sets
 * `ssl` (`postgres('postgres://…?sslmode=require', { ssl: true })`) gets that option as an
 * `options-ssl` param: postgres.js takes ssl from the options when they have the key, over the URL's.
 */
function postgresJs(kept: SiteDraft[], objects: readonly SiteDraft[]): void {
  for (const d of kept) {
    if (d.kind !== 'uri' || d.driver !== undefined) continue;
    d.driver = 'postgres-js';
    d.driverReason = POSTGRES_JS_REASON();
    const options = objects.find((o) => o.urlBeside && o.urlBeside.start <= d.span.start && d.span.end <= o.urlBeside.end);
    const ssl = options?.params.find((p) => p.key === 'ssl');
    if (ssl) d.params.push({ ...ssl, key: 'options-ssl' });
  }
}

/**
 * The driver a draft already names, else the one a family knows better (by imports), else the
 * configuration's hint for the file, else the core inference.
 */
function chooseDriver(d: SiteDraft, text: string, language: Language, hint: DriverHint | undefined): { driver: DriverId; driverReason: string } {
  if (d.driver !== undefined) return { driver: d.driver, driverReason: d.driverReason ?? '' };
  for (const family of FAMILIES) {
    const choice = family.inferDriver?.(d, text, language);
    if (choice) return choice;
  }
  const inferred = inferDriver(d, language);
  const hinted = hintedDriver(hint, d.kind, inferred.driver);
  if (hinted && hint) return { driver: hinted, driverReason: l10n.t('the "drivers" setting assigns files matching {0} to {1}', hint.glob, hinted) };
  return inferred;
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
      driverReason: l10n.t("an `ssl` option in a JavaScript/TypeScript client options object is node-postgres's (pg.Client, pg.Pool, knex connection) TLS setting"),
    };
  }
  if (site.kind === 'jdbc') return { driver: 'pgjdbc', driverReason: l10n.t('a jdbc:postgresql: URL is read by the PostgreSQL JDBC driver (pgjdbc)') };
  if (site.kind === 'uri' && language.isJavaScript) {
    return {
      driver: 'node-postgres',
      driverReason: l10n.t('a postgres:// URI in a JavaScript/TypeScript file is most often read by node-postgres (pg-connection-string)'),
    };
  }
  if (site.kind === 'env') return { driver: 'libpq', driverReason: l10n.t('PGSSL* environment variables are read by libpq (psql, psycopg and libpq-based clients)') };
  if (site.kind === 'keyvalue') return { driver: 'libpq', driverReason: l10n.t('keyword/value connection strings are libpq syntax') };
  return { driver: 'libpq', driverReason: l10n.t('no other driver is indicated, so libpq semantics (psql, psycopg, libpq-based clients) apply') };
}
