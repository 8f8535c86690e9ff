/**
 * PostgreSQL connection settings in Go:
 * - which driver reads the file's connection strings: its imports (`github.com/jackc/pgx/v4|v5`,
 *   pgxpool, pgconn, `gorm.io/driver/postgres` (built on pgx), `github.com/lib/pq`) and the driver name
 *   given to database/sql (`sql.Open("pgx", …)`, `sql.Open("postgres", …)`: the name lib/pq registers);
 * - keyword/value DSNs with pgx-only keys (`pool_max_conns=10`), which libpq would refuse and so the
 *   core extractor leaves alone;
 * - a `tls.Config` with `InsecureSkipVerify: true` that becomes pgx's TLSConfig
 *   (`config.ConnConfig.TLSConfig = &tls.Config{…}`) or a lib/pq custom config
 *   (`pq.RegisterTLSConfig("name", …)`). A tls.Config of an HTTP client (`TLSClientConfig:`) or of any
 *   other client is not a database setting and is left alone.
 */
import * as l10n from '@vscode/l10n';
import type { Region } from '../../../scan';
import type { DriverId, Param } from '../../../types';
import { LIBPQ_KEYWORDS, parseConninfo } from '../../keyvalue';
import type { SiteDraft } from '../../uri';
import type { DriverChoice } from '../types';
import { Code, entry, readList, type ListInfo } from './code';
import { callDraft, conninfoDraft, entryParam } from './sites';

export interface GoFacts {
  pgx: boolean;
  pq: boolean;
  gorm: boolean;
  /** database/sql driver names used in this file. */
  openPgx: boolean;
  openPostgres: boolean;
}

const IMPORT = /"(github\.com\/jackc\/(?:pgx|pgconn|pgtype)[\w./-]*|github\.com\/lib\/pq[\w./-]*|gorm\.io\/driver\/postgres)"/g;
const OPEN = /\b(?:Open|OpenDB|Connect|MustConnect|MustOpen|ConnectContext)\(\s*(?:ctx\s*,\s*)?"(pgx(?:\/v5)?|postgres)"/g;

let last: { text: string; facts: GoFacts } | undefined;

/** What the file's imports and database/sql calls say about its driver (memoised for the last text). */
export function goFacts(text: string): GoFacts {
  if (last && last.text === text) return last.facts;
  const facts: GoFacts = { pgx: false, pq: false, gorm: false, openPgx: false, openPostgres: false };
  if (text.includes('github.com/') || text.includes('gorm.io/')) {
    IMPORT.lastIndex = 0;
    for (let m = IMPORT.exec(text); m; m = IMPORT.exec(text)) {
      const path = m[1]!;
      if (path.startsWith('github.com/jackc/')) facts.pgx = true;
      else if (path.startsWith('github.com/lib/pq')) facts.pq = true;
      else facts.gorm = true;
    }
  }
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    if (m[1] === 'postgres') facts.openPostgres = true;
    else facts.openPgx = true;
  }
  last = { text, facts };
  return facts;
}

export function goDriver(facts: GoFacts): DriverChoice {
  if (facts.openPgx) return { driver: 'pgx', driverReason: l10n.t('database/sql opens it with the "pgx" driver name (github.com/jackc/pgx stdlib)') };
  if (facts.openPostgres) return { driver: 'lib-pq', driverReason: l10n.t('database/sql opens it with the "postgres" driver name, which github.com/lib/pq registers') };
  if (facts.pgx) return { driver: 'pgx', driverReason: l10n.t('this Go file imports github.com/jackc/pgx (pgx, pgxpool or pgconn)') };
  if (facts.gorm) return { driver: 'pgx', driverReason: l10n.t('this Go file imports gorm.io/driver/postgres, which connects through pgx') };
  if (facts.pq) return { driver: 'lib-pq', driverReason: l10n.t('this Go file imports github.com/lib/pq') };
  return {
    driver: 'pgx',
    driverReason:
      l10n.t('no import in this Go file names the driver: pgx, the most used Go driver, is assumed (with github.com/lib/pq, no sslmode means require rather than prefer)'),
  };
}

// ---------------------------------------------------------------------------------------------------
// Keyword/value DSNs with pgx-only keys

const CONNECT_KEYS = ['host', 'port', 'dbname', 'user', 'password', 'database'];

/** Strings the core extractor refuses because of keys only pgx knows (pool_max_conns, search_path…). */
export function goKeyValue(region: Region): SiteDraft | undefined {
  const text = region.text;
  if (!text.includes('=') || text.includes('://')) return undefined;
  const pairs = parseConninfo(text, 0, text.length);
  if (!pairs || pairs.length < 2) return undefined;
  if (pairs.every((p) => LIBPQ_KEYWORDS.has(p.key))) return undefined; // the core extractor's
  if (!pairs.every((p) => /^[a-z_]+$/i.test(p.key))) return undefined;
  if (pairs.filter((p) => CONNECT_KEYS.includes(p.key)).length < 2) return undefined;
  // Where it connects (as the core extractor asks of libpq strings): `user=app port=5432
  // pool_max_conns=10` alone is too little to read as a connection string.
  if (!pairs.some((p) => p.key === 'host' || p.key === 'dbname')) return undefined;
  return conninfoDraft(region, pairs, 'keyvalue', ' ');
}

// ---------------------------------------------------------------------------------------------------
// tls.Config with InsecureSkipVerify

/** At most this many tls.Config settings are examined in one file (each may search the file once). */
const MAX_TLS_SITES = 64;

export function goTlsConfigs(code: Code, facts: GoFacts): SiteDraft[] {
  const text = code.text;
  if (!text.includes('InsecureSkipVerify') || !(facts.pgx || facts.pq || facts.gorm)) return [];
  const out: SiteDraft[] = [];
  const memo = new Map<string, DriverChoice | undefined>();
  const cached = (key: string, f: () => DriverChoice | undefined): DriverChoice | undefined => {
    if (!memo.has(key)) memo.set(key, f());
    return memo.get(key);
  };
  let examined = 0;
  const lit = /\btls\.Config\s*\{/g;
  for (let m = lit.exec(text); m; m = lit.exec(text)) {
    if (code.mask[m.index] !== 0) continue;
    const open = m.index + m[0].length - 1;
    const list = readList(code, open, [':']);
    if (!list) continue;
    const skip = entry(list, 'InsecureSkipVerify');
    if (!skip || text.slice(skip.valueStart, skip.valueEnd) !== 'true') continue;
    if (entry(list, 'VerifyPeerCertificate') || entry(list, 'VerifyConnection')) continue; // custom verification
    if (++examined > MAX_TLS_SITES) break;
    const start = text[m.index - 1] === '&' ? m.index - 1 : m.index;
    const driver = owner(code, start, facts, cached);
    if (!driver) continue;
    const param = entryParam(code, list, skip, 'InsecureSkipVerify', { value: 'true', span: { start: skip.valueStart, end: skip.valueEnd }, dynamic: false });
    out.push(tlsSite(code, list, param, { start, end: list.close + 1 }, driver));
  }
  // `cfg.InsecureSkipVerify = true` on a tls.Config variable that pgx or lib/pq takes.
  const field = /\b([A-Za-z_]\w*)\.InsecureSkipVerify\s*=\s*true\b/g;
  for (let m = field.exec(text); m; m = field.exec(text)) {
    if (code.mask[m.index] !== 0) continue;
    if (++examined > MAX_TLS_SITES) break;
    const name = m[1]!;
    const driver = cached(`var:${name}`, () => usedBy(code, name, facts));
    if (!driver) continue;
    const keyStart = m.index + m[1]!.length + 1;
    const valueStart = m.index + m[0].length - 4;
    const span = { start: m.index, end: m.index + m[0].length };
    const param: Param = {
      key: 'InsecureSkipVerify',
      value: 'true',
      keySpan: { start: keyStart, end: keyStart + 'InsecureSkipVerify'.length },
      valueSpan: { start: valueStart, end: valueStart + 4 },
      removeSpan: span,
      dynamic: false,
    };
    out.push(tlsSite(code, undefined, param, span, driver));
  }
  return out;
}

function tlsSite(code: Code, list: ListInfo | undefined, param: Param, span: { start: number; end: number }, driver: DriverChoice): SiteDraft {
  const params = [param];
  if (list) {
    for (const key of ['RootCAs', 'ServerName']) {
      const e = entry(list, key);
      if (e) params.push(entryParam(code, list, e, key, { value: code.text.slice(e.valueStart, e.valueEnd), span: { start: e.valueStart, end: e.valueEnd }, dynamic: true }));
    }
  }
  return callDraft(span, params, [], 'none', { anchor: { start: param.keySpan.start, end: param.valueSpan.end }, ...driver });
}

/** The driver whose configuration receives the tls.Config literal starting at `start`, if any. */
function owner(code: Code, start: number, facts: GoFacts, cached: (key: string, f: () => DriverChoice | undefined) => DriverChoice | undefined): DriverChoice | undefined {
  const before = code.text.slice(Math.max(0, start - 200), start);
  if (/\bTLSClientConfig\s*:\s*$/.test(before)) return undefined; // net/http
  // `…ConnConfig.TLSConfig = &tls.Config{` / `cfg.TLSConfig = …`
  const assign = /([\w.]*)\.TLSConfig\s*=\s*$/.exec(before);
  if (assign) return cached(`recv:${assign[1]!}`, () => receiverDriver(code, assign[1]!, facts));
  // `pq.RegisterTLSConfig("name", &tls.Config{`
  if (/\bpq\.RegisterTLSConfig\s*\(\s*"[^"]*"\s*,\s*$/.test(before)) return pqChoice();
  // `tlsConfig := &tls.Config{` / `var tlsConfig = …`
  const decl = /\b([A-Za-z_]\w*)\s*(?::=|=)\s*$/.exec(before);
  if (decl) return cached(`var:${decl[1]!}`, () => usedBy(code, decl[1]!, facts));
  return undefined;
}

/** Where a tls.Config variable goes: pgx's TLSConfig, or pq.RegisterTLSConfig. */
function usedBy(code: Code, name: string, facts: GoFacts): DriverChoice | undefined {
  const esc = name.replace(/[$]/g, '\\$');
  if (new RegExp(`\\bTLSClientConfig\\s*:\\s*&?${esc}\\b`).test(code.text)) return undefined;
  const m = new RegExp(`([\\w.]*)\\.TLSConfig\\s*=\\s*&?${esc}\\b`).exec(code.text);
  if (m && code.mask[m.index] === 0) return receiverDriver(code, m[1]!, facts);
  if (new RegExp(`\\bpq\\.RegisterTLSConfig\\s*\\(\\s*"[^"]*"\\s*,\\s*&?${esc}\\b`).test(code.text)) return pqChoice();
  return undefined;
}

/** `config.ConnConfig.TLSConfig`: pgx; `config.TLSConfig` where config came from pgx's ParseConfig: pgx. */
function receiverDriver(code: Code, receiver: string, facts: GoFacts): DriverChoice | undefined {
  if (/(?:^|\.)ConnConfig$/.test(receiver)) return pgxChoice();
  const root = receiver.split('.')[0]!;
  const parsed = new RegExp(`\\b${root}\\b\\s*(?:,\\s*\\w+\\s*)?:?=\\s*(?:pgx|pgxpool|pgconn)\\.ParseConfig`).test(code.text);
  if (parsed || (receiver === root && facts.pgx && /\b(?:pgx|pgconn)\.(?:Connect|ConnectConfig|ParseConfig)|pgxpool\./.test(code.text) && !/\b(?:redis|nats|kafka|mongo|http|grpc|mysql)\b/i.test(code.text))) {
    return pgxChoice();
  }
  return undefined;
}

function pgxChoice(): DriverChoice {
  return { driver: 'pgx' as DriverId, driverReason: l10n.t("this tls.Config becomes pgx's TLSConfig (pgconn.Config), which replaces the TLS settings of the connection string") };
}

function pqChoice(): DriverChoice {
  return { driver: 'lib-pq', driverReason: l10n.t('this tls.Config is registered with pq.RegisterTLSConfig and used by lib/pq for sslmode=pqgo-<name>') };
}
