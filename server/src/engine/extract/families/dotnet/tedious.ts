/**
 * tedious / mssql options written as object literals in JavaScript/TypeScript:
 *
 *     sql.connect({ server: 'db.example.com', user, password, options: { encrypt: true, trustServerCertificate: true } })
 *     new Connection({ server: 'db', authentication: {…}, options: { encrypt: false } })
 *     new Sequelize({ dialect: 'mssql', dialectOptions: { options: { trustServerCertificate: true } } })
 *
 * A site is an object literal with an `encrypt` or `trustServerCertificate` property (tedious's
 * `options` object, which mssql, Sequelize, TypeORM and knex hand to tedious). With `encrypt` alone the
 * object must be shown to belong to SQL Server: the file imports mssql or tedious, or the enclosing
 * object has a `server` key or names mssql (`dialect` / `type` / `client`). These objects have no `ssl`
 * key, so they never meet node-postgres's ssl objects.
 *
 * The code outside strings and comments (from the lexer) has its brackets matched once; only the key
 * tokens, the brackets around them and the objects holding them are read. Linear in the text.
 */
import { CodeView, type Tok } from '../../codeView';
import { keyUse } from '../../common';
import type { SourceView } from '../../sourceView';
import type { DriverVariant, HostSpec, Insertion, Param, Span } from '../../../types';
import type { SiteDraft } from '../../uri';

const KEYS = new Set(['encrypt', 'trustServerCertificate']);
const MSSQL_NAMES = /^(mssql|tedious|sqlserver)$/i;

/** The code of a JavaScript/TypeScript file, ASCII identifiers with `$`. */
class Code extends CodeView {
  constructor(view: SourceView) {
    super(view, { dollarIdents: true, asciiIdents: true, unterminated: 'punct' });
  }

  word(t: Tok): string {
    return this.text.slice(t.start, t.end);
  }

  is(t: Tok, ch: string): boolean {
    return t.kind === 'punct' && this.text[t.start] === ch;
  }

  /** A key's name: an identifier, or a '…' / "…" string. */
  keyName(t: Tok): string | undefined {
    if (t.kind === 'ident' || t.kind === 'number') return this.word(t);
    if (t.kind === 'string' && this.text[t.start] !== '`') return t.region!.text;
    return undefined;
  }
}

interface Walk {
  view: SourceView;
  /** Objects (by `{`) holding one of KEYS, with the object around them. */
  holders: Map<number, number>;
}

/**
 * The objects holding one of KEYS as a key: a token of the text's token stream (the identifier, or a
 * '…' / "…" string) right after `{` or `,`, followed by `:`, directly inside a `{` (the innermost open
 * bracket). Only those tokens and the brackets around them are read: the brackets are matched once for
 * the whole text.
 */
function walk(code: Code): Walk {
  const view = code.view;
  const text = code.text;
  const n = text.length;
  const holders = new Map<number, number>();
  for (const t of code.namedTokens([...KEYS])) {
    const j = code.prevSignificantOffset(t.start);
    if (j < 0 || code.mask[j] !== 0 || (text[j] !== '{' && text[j] !== ',')) continue;
    if (!code.is(code.next(t.end, n), ':')) continue;
    const top = view.openBefore(t.start);
    if (top >= 0 && text[top] === '{' && !holders.has(top)) holders.set(top, view.enclosingBrace(top));
  }
  return { view, holders };
}

interface Prop {
  key: string;
  keyTok: Tok;
  valueStart: number;
  valueEnd: number;
  commaBefore: number;
  commaAfter: number;
}

interface Obj {
  open: number;
  close: number;
  props: Prop[];
  byKey: Map<string, Prop>;
}

/** Top-level `key: value` properties of the object literal at `open` (undefined: not an object literal). */
function readObject(code: Code, w: Walk, open: number): Obj | undefined {
  const close = w.view.matchOf(open);
  if (close < 0) return undefined;
  const props: Prop[] = [];
  let segStart = open + 1;
  let commaBefore = -1;
  for (let p = open + 1; ; ) {
    const t = code.next(p, close);
    const atEnd = t.kind === 'end';
    if (atEnd || code.is(t, ',')) {
      const prop = readProp(code, segStart, atEnd ? close : t.start, commaBefore, atEnd ? -1 : t.start);
      if (prop) props.push(prop);
      if (atEnd) break;
      commaBefore = t.start;
      segStart = p = t.end;
      continue;
    }
    if (code.is(t, ';')) return undefined;
    const ch = code.text[t.start]!;
    if (t.kind === 'punct' && (ch === '{' || ch === '(' || ch === '[')) {
      const m = w.view.matchOf(t.start);
      if (m < 0 || m >= close) return undefined;
      p = m + 1;
      continue;
    }
    p = t.end;
  }
  const byKey = new Map<string, Prop>();
  for (const p of props) byKey.set(p.key, p);
  return { open, close, props, byKey };
}

function readProp(code: Code, start: number, end: number, commaBefore: number, commaAfter: number): Prop | undefined {
  const key = code.next(start, end);
  const name = code.keyName(key);
  if (name === undefined) return undefined;
  const colon = code.next(key.end, end);
  if (!code.is(colon, ':')) return undefined;
  const valueStart = code.skip(colon.end, end);
  const valueEnd = code.trimEnd(valueStart, end);
  if (valueEnd <= valueStart) return undefined;
  return { key: name, keyTok: key, valueStart, valueEnd, commaBefore, commaAfter };
}

/** The value as one token, else undefined. */
function single(code: Code, p: Prop): Tok | undefined {
  const t = code.next(p.valueStart, p.valueEnd);
  return t.kind !== 'end' && t.end === p.valueEnd ? t : undefined;
}

function literal(code: Code, p: Prop | undefined): string | undefined {
  if (!p) return undefined;
  const t = single(code, p);
  if (!t || t.kind !== 'string' || !t.region) return undefined;
  if (code.text[t.start] === '`' && t.region.text.includes('${')) return undefined;
  return t.region.text;
}

/** The removal range of a property: it and one comma (the one after it, else the one before it). */
function removeSpan(code: Code, p: Prop): Span {
  let start = p.keyTok.start;
  let end = p.valueEnd;
  if (p.commaAfter >= 0) {
    end = p.commaAfter + 1;
    while (end < code.text.length && (code.text[end] === ' ' || code.text[end] === '\t')) end++;
  } else if (p.commaBefore >= 0) start = p.commaBefore;
  return { start, end };
}

/** encrypt / trustServerCertificate: `true` / `false` / a string literal as written (JSON-quoted); anything else is computed. */
function optionParam(code: Code, p: Prop): Param {
  const t = single(code, p);
  const span = { start: p.valueStart, end: p.valueEnd };
  let value = code.text.slice(p.valueStart, Math.min(p.valueEnd, p.valueStart + 80)).replace(/\s+/g, ' ');
  let dynamic = true;
  if (t && t.kind === 'ident' && (code.word(t) === 'true' || code.word(t) === 'false')) {
    value = code.word(t);
    dynamic = false;
  } else if (t && t.kind === 'string' && t.region && !(code.text[t.start] === '`' && t.region.text.includes('${'))) {
    value = JSON.stringify(t.region.text);
    dynamic = false;
  }
  return { key: p.key, value, keySpan: { start: p.keyTok.start, end: p.keyTok.end }, valueSpan: span, removeSpan: removeSpan(code, p), dynamic };
}

/** Before the first property of the object (the shape nodeSsl uses). */
function insertion(code: Code, obj: Obj): Insertion {
  const text = code.text;
  let ws = obj.open + 1;
  while (ws < obj.close && /\s/.test(text[ws]!)) ws++;
  const gap = text.slice(obj.open + 1, ws);
  const nl = gap.lastIndexOf('\n');
  if (ws >= obj.close) return { offset: obj.open + 1, prefix: ' ', suffix: ' ', assign: ': ' };
  if (nl >= 0) return { offset: ws, prefix: '', suffix: ',\n' + gap.slice(nl + 1), assign: ': ' };
  return { offset: ws, prefix: '', suffix: ', ', assign: ': ' };
}

/** Keys of tedious's `options` (src/connection.ts ConnectionOptions), besides encrypt / trustServerCertificate. */
const TEDIOUS_OPTIONS = new Set(['instanceName', 'trustedConnection', 'enableArithAbort', 'database', 'port', 'useUTC', 'appName', 'connectTimeout', 'requestTimeout', 'tdsVersion', 'abortTransactionOnError', 'cryptoCredentialsDetails', 'serverName', 'rowCollectionOnRequestCompletion', 'readOnlyIntent', 'multiSubnetFailover']);

/** The key under which `parent` holds the object that opens at `open`. */
function keyOf(parent: Obj | undefined, open: number): string | undefined {
  return parent?.props.find((p) => p.valueStart === open)?.key;
}

function namesMssql(code: Code, o: Obj | undefined): boolean {
  if (!o) return false;
  for (const k of ['dialect', 'type', 'client', 'driver']) {
    const v = literal(code, o.byKey.get(k));
    if (v !== undefined && MSSQL_NAMES.test(v)) return true;
  }
  return false;
}

function namesOther(code: Code, o: Obj | undefined): boolean {
  if (!o) return false;
  for (const k of ['dialect', 'type', 'client', 'driver']) {
    const v = literal(code, o.byKey.get(k));
    if (v !== undefined && !MSSQL_NAMES.test(v)) return true;
  }
  return false;
}

/** What the file says about the driver of its tedious options objects. */
export interface TediousContext {
  /** The file imports mssql or tedious. */
  importsMssql: boolean;
  reason: string;
  variant?: DriverVariant;
}

export function extractTediousObjects(view: SourceView, context: () => TediousContext): SiteDraft[] {
  // Only an object key (`encrypt:`, `'encrypt':`, shorthand `{ encrypt }`) can make a site: a cheap
  // test before reading any code.
  if (!keyUse(view.text, (w) => view.occurrences(w), ['encrypt', 'trustServerCertificate'])) return [];
  const { importsMssql, reason, variant } = context();
  // An object belongs to SQL Server by a trustServerCertificate or server key, a string naming mssql,
  // or the file's imports: without any of them in the text, no object does.
  const named = (w: string): boolean => view.occurrences(w).length > 0 || view.regionsWith(w).some((r) => r.kind === 'string' && r.text === w);
  if (!importsMssql && !named('trustServerCertificate') && !named('server') && !view.scan.regions.some((r) => r.kind === 'string' && MSSQL_NAMES.test(r.text))) return [];
  const code = new Code(view);
  const w = walk(code);
  if (w.holders.size === 0) return [];
  const cache = new Map<number, Obj | undefined>();
  const objectAt = (open: number): Obj | undefined => {
    if (open < 0) return undefined;
    if (!cache.has(open)) cache.set(open, readObject(code, w, open));
    return cache.get(open);
  };
  const sites: SiteDraft[] = [];
  for (const [open, parentPos] of w.holders) {
    const holder = objectAt(open);
    if (!holder) continue;
    const parent = objectAt(parentPos);
    const grand = objectAt(parentPos >= 0 ? w.view.enclosingBrace(parentPos) : -1);
    if (namesOther(code, parent) || namesOther(code, grand) || namesOther(code, holder)) continue;
    const hasTrust = holder.byKey.has('trustServerCertificate');
    const connection = holder.byKey.has('server') || parent?.byKey.has('server') === true || namesMssql(code, parent) || namesMssql(code, grand);
    // `encrypt` is a common word: alone it counts in a file that imports mssql / tedious only as tedious's `options` object.
    const tediousOptions = importsMssql && (keyOf(parent, open) === 'options' || holder.props.some((p) => TEDIOUS_OPTIONS.has(p.key)));
    const belongs = hasTrust || connection || tediousOptions;
    if (!belongs) continue;
    // mssql also reads `encrypt` / `trustServerCertificate` beside `server` (its flat form); `options` wins.
    const params: Param[] = [];
    for (const p of holder.props) if (KEYS.has(p.key)) params.push(optionParam(code, p));
    if (params.length === 0) continue;
    for (const extra of ['cryptoCredentialsDetails', 'serverName']) {
      const p = holder.byKey.get(extra);
      if (p) params.push({ key: extra, value: literal(code, p) ?? 'object', keySpan: { start: p.keyTok.start, end: p.keyTok.end }, valueSpan: { start: p.valueStart, end: p.valueEnd }, removeSpan: removeSpan(code, p), dynamic: true });
    }
    const site: SiteDraft = {
      kind: 'object',
      span: { start: holder.open, end: holder.close + 1 },
      params,
      hosts: [],
      insertion: insertion(code, holder),
      escape: 'backslash',
      driver: 'tedious',
      driverReason: reason,
    };
    if (variant) site.driverVariant = variant;
    const conn = holder.byKey.has('server') ? holder : parent;
    if (conn) identity(code, conn, site);
    sites.push(site);
  }
  return narrow(sites);
}

function identity(code: Code, conn: Obj, site: SiteDraft): void {
  const server = literal(code, conn.byKey.get('server'));
  if (server) {
    const h: HostSpec = { host: server.split('\\')[0]! };
    const portProp = conn.byKey.get('port');
    const pt = portProp ? single(code, portProp) : undefined;
    const port = pt?.kind === 'number' ? code.word(pt) : literal(code, portProp);
    if (port) h.port = port;
    site.hosts = [h];
  }
  const db = literal(code, conn.byKey.get('database'));
  if (db !== undefined) site.database = db;
  const user = literal(code, conn.byKey.get('user'));
  if (user !== undefined) site.user = user;
  const pw = conn.byKey.get('password');
  const pt = pw ? single(code, pw) : undefined;
  if (pt?.kind === 'string' && pt.region) site.passwordSpan = { start: pt.region.start, end: pt.region.end };
}

/** Sites never overlap: an options object nested in another one keeps only its own span (the outer one is dropped). */
function narrow(sites: SiteDraft[]): SiteDraft[] {
  const sorted = [...sites].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const out: SiteDraft[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.span.start < last.span.end) {
      // nested: keep the inner one
      if (s.span.end <= last.span.end) out[out.length - 1] = s;
      continue;
    }
    out.push(s);
  }
  return out;
}
