/**
 * PostgreSQL connection settings in PHP:
 * - PDO pgsql DSNs: `new PDO("pgsql:host=db;port=5432;dbname=app;sslmode=require")`. PDO turns every
 *   `;` into a space and hands the rest to libpq's PQconnectdb (php-src ext/pdo_pgsql/pgsql_driver.c,
 *   pdo_pgsql_handle_factory), so it is a libpq keyword/value string with `;` separators;
 * - Laravel connection arrays: `'driver' => 'pgsql'` with `'sslmode' => env('DB_SSLMODE', 'prefer')`.
 *   Laravel's PostgresConnector appends sslmode, sslcert, sslkey and sslrootcert to the PDO DSN;
 * - `pg_connect("host=… sslmode=require")` is a plain keyword/value string (found by the core extractor).
 */
import * as l10n from '@vscode/l10n';
import type { Region, Scan } from '../../../scan';
import { toSource } from '../../../scan';
import type { Param, Span } from '../../../types';
import { LIBPQ_KEYWORDS, parseConninfo } from '../../keyvalue';
import type { SourceView } from '../../sourceView';
import type { SiteDraft } from '../../uri';
import { Code, entry, type ListInfo, readList, readValue, type ValueRef } from './code';
import { phpEnv } from './envFallback';
import { callDraft, conninfoDraft, containerSpan, entryParam, hostOf, listInsertion } from './sites';

const PDO_REASON = (): string => l10n.t('PDO pgsql turns the `;` of its DSN into spaces and hands it to libpq (PQconnectdb), so libpq semantics apply');
const LARAVEL_REASON = (): string => l10n.t('Laravel\'s PostgresConnector writes sslmode and sslrootcert into a PDO pgsql DSN, which libpq reads');
const TLS_KEYS = ['sslmode', 'sslrootcert', 'sslnegotiation', 'requiressl'];

export function extractPhp(text: string, scan: Scan, view: SourceView): SiteDraft[] {
  const out: SiteDraft[] = [];
  if (text.includes('pgsql:')) for (const r of scan.regions) if (r.kind === 'string' && r.text.startsWith('pgsql:')) {
    const d = pdoDsn(text, r);
    if (d) out.push(d);
  }
  if (/['"]pgsql['"]/.test(text)) out.push(...laravelConnections(new Code(view, true)));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// PDO DSN

function pdoDsn(source: string, region: Region): SiteDraft | undefined {
  const from = 'pgsql:'.length;
  // The same text with `;` as spaces, as PDO hands it to libpq: offsets are unchanged.
  const spaced = region.text.replace(/;/g, ' ');
  const pairs = parseConninfo(spaced, from, spaced.length);
  if (!pairs || pairs.length === 0 || !pairs.every((p) => LIBPQ_KEYWORDS.has(p.key))) return undefined;
  const site = conninfoDraft(region, pairs, 'adonet', ';');
  site.span = { start: region.start, end: region.end };
  site.driver = 'libpq';
  site.driverReason = PDO_REASON();
  const last = pairs[pairs.length - 1]!;
  const endsWithSep = /;\s*$/.test(region.text);
  site.insertion = { offset: endsWithSep ? region.end : toSource(region, last.pairEnd), prefix: endsWithSep ? '' : ';', suffix: '', assign: '=' };
  // `"pgsql:host=" . $host . ";dbname=app"`: the rest is concatenated.
  const after = source.slice(region.end + 1, region.end + 40);
  if (/^\s*\./.test(after) || /\s*\.\s*$/.test(source.slice(Math.max(0, region.start - 40), region.start - 1))) site.fragment = true;
  return site;
}

// ---------------------------------------------------------------------------------------------------
// Laravel connection arrays

function laravelConnections(code: Code): SiteDraft[] {
  const out: SiteDraft[] = [];
  const seen = new Set<number>();
  for (const r of code.scan.regions) {
    if (r.kind !== 'string' || r.text !== 'driver') continue;
    const open = code.enclosing(r.start);
    if (open < 0 || seen.has(open)) continue;
    seen.add(open);
    const list = arrayAt(code, open);
    if (!list) continue;
    const drv = entry(list, 'driver');
    if (!drv || drv.keyTok?.start !== r.start - 1) continue;
    const driver = readValue(code, drv.valueStart, drv.valueEnd, phpEnv);
    if (driver.dynamic || driver.value !== 'pgsql') continue;
    out.push(laravelSite(code, list, { start: drv.start, end: drv.end }, driver.quote ?? "'"));
  }
  return out;
}

/** `[ … ]` or `array( … )` whose bracket is at `open`. */
function arrayAt(code: Code, open: number): ListInfo | undefined {
  const ch = code.text[open];
  if (ch === '[') return readList(code, open, ['=>']);
  if (ch === '(') {
    const before = code.prev(open);
    if (before && before.kind === 'ident' && code.tokText(before).toLowerCase() === 'array') return readList(code, open, ['=>']);
  }
  return undefined;
}

function laravelSite(code: Code, list: ListInfo, anchor: Span, quote: string): SiteDraft {
  const val = (key: string): ValueRef | undefined => {
    const e = entry(list, key);
    return e ? readValue(code, e.valueStart, e.valueEnd, phpEnv) : undefined;
  };
  const params: Param[] = [];
  for (const e of list.entries) {
    if (e.key === undefined || !TLS_KEYS.includes(e.key)) continue;
    params.push(entryParam(code, list, e, e.key, readValue(code, e.valueStart, e.valueEnd, phpEnv)));
  }
  const host = val('host');
  const hosts = host ? hostOf(host, val('port')) : [];
  const mode = entry(list, 'sslmode');
  const draft = callDraft(containerSpan(list, mode ? { start: mode.start, end: mode.end } : anchor), params, hosts, 'none', {
    anchor,
    driver: 'libpq',
    driverReason: LARAVEL_REASON(),
  });
  if (list.entries.some((e) => e.spread)) draft.fragment = true;
  else draft.insertion = listInsertion(code, list, 'arrow', quote);
  const db = val('database');
  if (db && !db.dynamic) draft.database = db.value;
  const user = val('username');
  if (user && !user.dynamic) draft.user = user.value;
  const pw = val('password');
  if (pw && pw.quote !== undefined) draft.passwordSpan = pw.span;
  return draft;
}
