/**
 * node-postgres client options written as object literals in JavaScript/TypeScript:
 *
 *     new Pool({ host: 'db.example.com', ssl: { ca: fs.readFileSync('certs/root.pem'), rejectUnauthorized: true } })
 *     new Client({ connectionString: process.env.DATABASE_URL, ssl: true })
 *     knex({ client: 'pg', connection: { host: 'h', ssl: { ca: readFileSync(path.join(__dirname, 'ca.pem')) } } })
 *
 * A site is an object literal holding an `ssl` property whose value is an object literal, `true` or
 * `false`. Its parameters are the TLS options node-postgres hands to Node's tls.connect (`rejectUnauthorized`,
 * `ca`, `checkServerIdentity`, `servername`), the `ssl` property itself, and `connectionString` (its value
 * names only the TLS parameters the string sets, never the string). Host, port, database, user and
 * password come from string literals of the same object.
 *
 * ORM shapes (sources in interpret/nodeSslObject.ts): Sequelize `dialectOptions: { ssl }` (and its
 * `require: true`, read by nobody), a top-level `ssl` beside a Sequelize v6 `dialect: 'postgres'` (ignored
 * by Sequelize), TypeORM `ssl` / `extra: { ssl }` (extra wins) and `url` (TypeORM's connectionString).
 * A computed `ssl` value is a site decided at run time, except an environment lookup with a literal
 * default (`process.env.DB_SSL ?? false`, `env.bool('DB_SSL', false)`), judged by its default.
 *
 * This is not a parser: the code outside strings and comments (from the lexer) has its brackets matched
 * once; only the `ssl` tokens, the brackets around them and the objects that hold them are read.
 * Linear in the text.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../language';
import type { HostSpec, Insertion, Param, Span } from '../types';
import { keyUse, safeDecode } from './common';
import type { SiteDraft } from './uri';
import { readFileCaPath } from './caPath';
import { CodeView, isSpace, type Tok } from './codeView';
import type { SourceView } from './sourceView';

/** Beyond this size the enclosing object is not the site's span; the `ssl` property is. */
const MAX_OBJECT_SPAN = 20_000;
/** Longer values are not analysed as `ca` expressions. */
const MAX_VALUE = 2_000;

/** The TLS options read from the ssl object (Node tls.connect options node-postgres passes through). */
const SSL_KEYS = new Set(['rejectUnauthorized', 'ca', 'checkServerIdentity', 'servername', 'require']);

/** Connection-string parameters that make pg-connection-string set `ssl` (and so replace the options' ssl). */
const STRING_TLS_KEYS = new Set(['ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey']);

/**
 * Clients of other databases and services whose options also have an `ssl` key; a file that uses these
 * and nothing that reaches node-postgres is not node-postgres (kafkajs's `ssl: { rejectUnauthorized:
 * false }` was read as one).
 */
const OTHER_DB_MODULES = new Set([
  'mysql', 'mysql2', 'mariadb', 'mssql', 'tedious', 'mongodb', 'mongoose', 'oracledb', 'redis', 'ioredis', 'cassandra-driver', '@clickhouse/client',
  'kafkajs', 'amqplib', 'amqp-connection-manager', 'rhea', 'nats', 'mqtt', 'nodemailer', 'ldapjs', 'elasticsearch', '@elastic/elasticsearch', 'ws', 'bullmq',
]);
/** Modules that can reach node-postgres (directly, or as the driver of a query builder or ORM). */
const PG_MODULES = new Set(['pg', 'pg-pool', 'pg-native', 'pg-promise', 'postgres', 'knex', 'sequelize', 'typeorm', 'kysely', 'slonik', 'drizzle-orm', '@prisma/adapter-pg', '@mikro-orm/postgresql']);
/**
 * Modules that use postgres.js (the `postgres` package) rather than node-postgres beside it: Drizzle and
 * Kysely take either driver, so with `postgres` imported they are its users.
 */
const POSTGRES_JS_PARTNERS = new Set(['postgres', 'drizzle-orm', 'kysely']);

/**
 * The file imports postgres.js (`import postgres from 'postgres'`, `require('postgres')`) and nothing
 * that reaches node-postgres: its connection URLs and `ssl` options are postgres.js's, which reads them
 * differently (interpret/postgresJs.ts). With both imported, node-postgres's reading is kept.
 */
export function postgresJsFile(modules: readonly string[]): boolean {
  return modules.includes('postgres') && !modules.some((m) => PG_MODULES.has(m) && !POSTGRES_JS_PARTNERS.has(m));
}

/** `client` / `dialect` / `type` / `driver` values that name PostgreSQL (knex, Sequelize, TypeORM, MikroORM). */
const PG_CLIENTS = /^(pg|postgres|postgresql|pg-native|cockroachdb|redshift)$/i;

// ---------------------------------------------------------------------------------------------------
// Tokens

/** The code of a JavaScript/TypeScript file (identifiers may hold `$`). */
class Code extends CodeView {
  constructor(view: SourceView) {
    super(view, { dollarIdents: true });
  }
}

/** A plain string literal: quoted with ' or " (or a template without placeholders); its decoded text. */
function literal(code: Code, t: Tok | undefined): string | undefined {
  if (!t || t.kind !== 'string' || !t.region) return undefined;
  const quote = code.text[t.start];
  if (quote === '`' && t.region.text.includes('${')) return undefined;
  return quote === "'" || quote === '"' || quote === '`' ? t.region.text : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Brackets and the objects that hold `ssl`

/** Tokens before `{` that make it an expression (an object literal) rather than a block or a type body. */
const OBJECT_AFTER_PUNCT = new Set(['(', ',', '=', ':', '[', '?', '!', '&', '|']);
const OBJECT_AFTER_WORD = new Set(['return', 'default', 'yield', 'await', 'typeof', 'void', 'in', 'of', 'case']);

interface Walk {
  view: SourceView;
  /** Object literals (by `{` offset) that directly hold an `ssl:` key, with their parent object. */
  holders: Map<number, { parent: number }>;
}

/**
 * The object literals that hold an `ssl:` key that is not itself inside an ssl value, in text order
 * of their keys: an `ssl` key (a token of the text's token stream: `ssl`, `'ssl'` or `"ssl"`) right
 * after `{` or `,`, followed by `:`, directly inside a `{` (the innermost open bracket) that opens an
 * object literal. Only the `ssl` tokens and the brackets around them are read: the brackets are
 * matched once for the whole text.
 */
function walk(code: Code): Walk {
  const view = code.view;
  const text = code.text;
  const n = text.length;
  const holders = new Map<number, { parent: number }>();
  const insideSslValue = sslValueDepth(code);
  for (const t of code.namedTokens(['ssl'])) {
    if (!afterBraceOrComma(code, t.start) || !code.isPunct(code.next(t.end, n), ':')) continue;
    const top = view.openBefore(t.start);
    if (top < 0 || text[top] !== '{' || insideSslValue(top)) continue;
    if (!holders.has(top) && startsObject(code, top)) holders.set(top, { parent: view.enclosingBrace(top) });
  }
  return { view, holders };
}

/** The token before `start` is `{` or `,`. */
function afterBraceOrComma(code: Code, start: number): boolean {
  const j = code.prevSignificantOffset(start);
  return j >= 0 && code.mask[j] === 0 && (code.text[j] === '{' || code.text[j] === ',');
}

/**
 * Whether the code inside the bracket that opens at `open` is inside the value of an ssl key: that
 * bracket or one around it is a `{` right after `ssl:`, where that key follows `{` or `,` directly
 * inside a `{` and is not itself inside such a value. Answers are kept per bracket.
 */
function sslValueDepth(code: Code): (open: number) => boolean {
  const view = code.view;
  const text = code.text;
  const known = new Map<number, boolean>();
  /** The `{` at `open` is the value of a qualifying ssl key (the brackets around it not being inside one). */
  const sslValue = (open: number): boolean => {
    if (text[open] !== '{') return false;
    const colon = code.prevSignificantOffset(open);
    if (colon < 0 || code.mask[colon] !== 0 || text[colon] !== ':') return false;
    const j = code.prevSignificantOffset(colon);
    if (j < 0) return false;
    const key = code.mask[j] === 0 ? code.tokenHolding(j) : code.stringTokenHolding(j);
    if (!key || !isSslKey(code, key)) return false;
    const top = view.openBefore(key.start);
    return top >= 0 && text[top] === '{' && afterBraceOrComma(code, key.start);
  };
  return (open: number): boolean => {
    // The chain of open brackets from `open` outwards, up to one already decided.
    const chain: number[] = [];
    let f = open;
    while (f >= 0 && !known.has(f)) {
      chain.push(f);
      f = view.openBefore(f);
    }
    let inside = f >= 0 && known.get(f) === true;
    for (let k = chain.length - 1; k >= 0; k--) {
      inside = inside || sslValue(chain[k]!);
      known.set(chain[k]!, inside);
    }
    return inside;
  };
}

/** The bracket at `open` starts an object literal: the token before it makes it an expression. */
function startsObject(code: Code, open: number): boolean {
  const j = code.prevSignificantOffset(open);
  if (j < 0 || code.mask[j] !== 0) return false;
  const prev = code.tokenHolding(j);
  if (!prev) return false;
  if (prev.kind === 'punct') return OBJECT_AFTER_PUNCT.has(code.text[prev.start]!);
  if (prev.kind === 'ident') return OBJECT_AFTER_WORD.has(code.tokText(prev));
  return false;
}

/** `ssl`, `'ssl'` or `"ssl"` (a key is confirmed by the `:` after it). */
function isSslKey(code: Code, t: Tok): boolean {
  if (t.kind === 'ident') return t.end - t.start === 3 && code.text.startsWith('ssl', t.start);
  if (t.kind === 'string') return t.region!.text === 'ssl' && code.text[t.start] !== '`';
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Properties of an object literal

interface Prop {
  /** The key's name (unquoted). */
  key: string;
  keyTok: Tok;
  /** The value's extent (trimmed). */
  valueStart: number;
  valueEnd: number;
  /** The comma that ends this property, or -1. */
  commaAfter: number;
  /** The comma before this property, or -1. */
  commaBefore: number;
  /** A spread (`...expr`): key is '...'. */
  spread?: boolean;
}

interface ObjectInfo {
  open: number;
  close: number;
  props: Prop[];
  /** The last property of each key (a later duplicate key wins in JavaScript). */
  byKey: Map<string, Prop>;
}

/**
 * The top-level properties of the object literal text[open, close]. Nested brackets are jumped with
 * the match table. Undefined when the body is not an object literal's (a `;` at the top level: a class
 * body or a type literal) or holds an unmatched bracket.
 */
function readObject(code: Code, w: Walk, open: number): ObjectInfo | undefined {
  const close = w.view.matchOf(open);
  if (close < 0) return undefined;
  const props: Prop[] = [];
  let segStart = open + 1;
  let commaBefore = -1;
  for (let p = open + 1; ; ) {
    const t = code.next(p, close);
    const atEnd = t.kind === 'end';
    if (atEnd || code.isPunct(t, ',')) {
      const prop = readProp(code, segStart, atEnd ? close : t.start, commaBefore, atEnd ? -1 : t.start);
      if (prop) props.push(prop);
      if (atEnd) break;
      commaBefore = t.start;
      segStart = t.end;
      p = t.end;
      continue;
    }
    if (code.isPunct(t, ';')) return undefined;
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
  for (const p of props) if (!p.spread) byKey.set(p.key, p);
  return { open, close, props, byKey };
}

/** One `key: value`, `key(…) {…}` or `...spread` segment text[start, end); anything else is skipped. */
function readProp(code: Code, start: number, end: number, commaBefore: number, commaAfter: number): Prop | undefined {
  const key = code.next(start, end);
  if (key.kind === 'end') return undefined;
  if (code.isPunct(key, '.') && code.text.startsWith('...', key.start)) {
    const valueStart = code.skip(key.start + 3, end);
    return { key: '...', keyTok: { kind: 'punct', start: key.start, end: key.start + 3 }, valueStart, valueEnd: code.trimEnd(valueStart, end), commaAfter, commaBefore, spread: true };
  }
  let name: string | undefined;
  if (key.kind === 'ident' || key.kind === 'number') name = code.tokText(key);
  else if (key.kind === 'string' && code.text[key.start] !== '`') name = key.region!.text;
  if (name === undefined) return undefined;
  const colon = code.next(key.end, end);
  // A method (`checkServerIdentity(host, cert) { … }`): its value is the function from `(` on.
  const method = code.isPunct(colon, '(');
  if (!method && !code.isPunct(colon, ':')) return undefined;
  const valueStart = method ? colon.start : code.skip(colon.end, end);
  const valueEnd = code.trimEnd(valueStart, end);
  if (valueEnd <= valueStart) return undefined;
  return { key: name, keyTok: key, valueStart, valueEnd, commaAfter, commaBefore };
}

/** The property with this key (the last one, when the key is written twice). */
function lastProp(obj: ObjectInfo, key: string): Prop | undefined {
  return obj.byKey.get(key);
}

/** The value of a property as a single token (undefined when it is more than one). */
function singleToken(code: Code, prop: Prop): Tok | undefined {
  const t = code.next(prop.valueStart, prop.valueEnd);
  return t.kind !== 'end' && t.end === prop.valueEnd ? t : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Spans and edits

/** A property's key and value: `rejectUnauthorized: false`. */
function propSpan(prop: Prop): Span {
  return { start: prop.keyTok.start, end: prop.valueEnd };
}

/**
 * What removing a property deletes: the property and one comma (the one after it, else the one before
 * it), and the whole line when the property stands alone on its line.
 */
function removeSpan(code: Code, prop: Prop): Span {
  const text = code.text;
  let start = prop.keyTok.start;
  let end = prop.valueEnd;
  if (prop.commaAfter >= 0) {
    end = prop.commaAfter + 1;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  } else if (prop.commaBefore >= 0) start = prop.commaBefore;
  let ls = start;
  while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
  const aloneOnLine = (ls === 0 || text[ls - 1] === '\n') && (end >= text.length || text[end] === '\n' || text[end] === '\r');
  if (aloneOnLine && prop.commaAfter >= 0) {
    start = ls;
    end = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : Math.min(text.length, end + 1);
  }
  return { start, end };
}

/** Where a new `key: value` goes in the object literal text[open, close]: before its first property. */
function objectInsertion(code: Code, open: number, close: number): Insertion {
  const text = code.text;
  const first = code.skip(open + 1, close);
  let ws = open + 1;
  while (ws < close && isSpace(text.charCodeAt(ws))) ws++;
  if (first >= close) return { offset: open + 1, prefix: ' ', suffix: ws > open + 1 ? '' : ' ', assign: ': ' };
  const gap = text.slice(open + 1, ws);
  const nl = gap.lastIndexOf('\n');
  if (nl >= 0) return { offset: ws, prefix: '', suffix: ',\n' + gap.slice(nl + 1), assign: ': ' };
  return { offset: ws, prefix: '', suffix: ', ', assign: ': ' };
}

/** The value's source text for a param of a computed value: one line, at most 80 characters. */
function shortText(code: Code, start: number, end: number): string {
  const s = code.text.slice(start, Math.min(end, start + 200)).replace(/\s+/g, ' ');
  return s.length > 80 || end - start > 200 ? s.slice(0, 79) + '…' : s;
}

function makeParam(code: Code, prop: Prop, value: string, valueSpan: Span, dynamic: boolean): Param {
  return {
    key: prop.key,
    value,
    keySpan: { start: prop.keyTok.start, end: prop.keyTok.end },
    valueSpan,
    removeSpan: removeSpan(code, prop),
    dynamic,
  };
}

function contentSpan(t: Tok): Span {
  return { start: t.region!.start, end: t.region!.end };
}

// ---------------------------------------------------------------------------------------------------
// Values

/** `rejectUnauthorized`: any literal is known (Node disables verification only for `false`); anything else is computed. */
function rejectParam(code: Code, prop: Prop): Param {
  const t = singleToken(code, prop);
  const span = { start: prop.valueStart, end: prop.valueEnd };
  const fb = t ? undefined : envFallback(code, prop.valueStart, prop.valueEnd);
  if (fb && (fb.value === 'true' || fb.value === 'false')) {
    const p = makeParam(code, prop, fb.value, fb.span, false);
    p.fallbackOf = fb.name;
    return p;
  }
  if (t && t.kind === 'ident' && ['true', 'false', 'null', 'undefined'].includes(code.tokText(t))) return makeParam(code, prop, code.tokText(t), span, false);
  if (t && t.kind === 'number') return makeParam(code, prop, code.tokText(t), span, false);
  const lit = literal(code, t);
  if (lit !== undefined) return makeParam(code, prop, JSON.stringify(lit), span, false);
  return makeParam(code, prop, shortText(code, prop.valueStart, prop.valueEnd), span, true);
}

/** `checkServerIdentity`: `undefined` / `null` as written; any other value counts as a function. */
function identityParam(code: Code, prop: Prop): Param {
  const t = singleToken(code, prop);
  const word = t && t.kind === 'ident' ? code.tokText(t) : '';
  const value = word === 'undefined' || word === 'null' ? word : 'function';
  return makeParam(code, prop, value, { start: prop.valueStart, end: prop.valueEnd }, false);
}

/** `servername`: a string literal, else computed. */
function servernameParam(code: Code, prop: Prop): Param {
  const t = singleToken(code, prop);
  const lit = literal(code, t);
  if (lit !== undefined) return makeParam(code, prop, lit, contentSpan(t!), false);
  return makeParam(code, prop, shortText(code, prop.valueStart, prop.valueEnd), { start: prop.valueStart, end: prop.valueEnd }, true);
}

/**
 * `ca`: the file it reads, when the value is
 * - `fs.readFileSync(PATH)` / `readFileSync(PATH, 'utf8')` / `….toString()`, optionally in a one-element array;
 * - PATH a string literal, `` `${__dirname}/certs/ca.pem` ``, or `path.join(__dirname, 'certs', 'ca.pem')`
 *   / `path.resolve(…)` of `__dirname` and string literals (a path relative to this file's folder).
 * Anything else (an inline PEM, an environment variable, a helper) is computed at run time.
 */
function caParam(code: Code, prop: Prop): Param {
  const whole = { start: prop.valueStart, end: prop.valueEnd };
  const found = prop.valueEnd - prop.valueStart <= MAX_VALUE ? readFileCaPath(code, code.tokens(prop.valueStart, prop.valueEnd)) : undefined;
  if (found) return makeParam(code, prop, found.path, found.span, false);
  const lit = literal(code, singleToken(code, prop));
  const value = lit !== undefined && lit.includes('-----BEGIN') ? 'inline PEM' : shortText(code, prop.valueStart, prop.valueEnd);
  return makeParam(code, prop, value, whole, true);
}

function connectionStringParam(code: Code, prop: Prop): Param {
  const t = singleToken(code, prop);
  const span = { start: prop.valueStart, end: prop.valueEnd };
  if (!t || t.kind !== 'string' || !t.region) return makeParam(code, prop, '', span, true);
  const text = t.region.text;
  const keys = stringTlsKeys(text);
  const placeholder = code.text[t.start] === '`' && text.includes('${');
  return makeParam(code, prop, keys.join(','), contentSpan(t), keys.length === 0 && placeholder);
}

/** The TLS parameter names of a URI's query (as pg-connection-string reads it with URLSearchParams). */
function stringTlsKeys(uri: string): string[] {
  const q = uri.indexOf('?');
  if (q < 0) return [];
  const keys: string[] = [];
  for (const piece of uri.slice(q + 1).split('#')[0]!.split('&')) {
    const eq = piece.indexOf('=');
    const key = safeDecode((eq < 0 ? piece : piece.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : safeDecode(piece.slice(eq + 1));
    if ((STRING_TLS_KEYS.has(key) || (key === 'sslnegotiation' && value === 'direct')) && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * An environment lookup with a literal default, as the whole of text[start, end):
 * `process.env.X ?? lit`, `process.env.X || lit`, `process.env['X'] ?? lit`, `env.bool('X', lit)`,
 * `env.get('X', lit)`, `Env.get('X', lit)`, `env('X', lit)`. The default's value and range.
 */
function envFallback(code: Code, start: number, end: number): { name: string; value: string; span: Span } | undefined {
  const toks = code.tokens(start, end);
  if (toks.length < 4 || toks.length > 12) return undefined;
  const txt = (t: Tok | undefined): string => (t ? code.tokText(t) : '');
  const lit = (t: Tok | undefined): { value: string; span: Span } | undefined => {
    if (!t) return undefined;
    if (t.kind === 'ident' && ['true', 'false', 'null', 'undefined'].includes(txt(t))) return { value: txt(t), span: { start: t.start, end: t.end } };
    if (t.kind === 'number') return { value: txt(t), span: { start: t.start, end: t.end } };
    const l = literal(code, t);
    return l !== undefined ? { value: JSON.stringify(l), span: { start: t.start, end: t.end } } : undefined;
  };
  // process.env.X / process.env['X']
  if (txt(toks[0]) === 'process' && code.isPunct(toks[1]!, '.') && txt(toks[2]) === 'env') {
    let i = 3;
    let name: string | undefined;
    if (code.isPunct(toks[i]!, '.') && toks[i + 1]?.kind === 'ident') {
      name = txt(toks[i + 1]);
      i += 2;
    } else if (code.isPunct(toks[i]!, '[') && code.isPunct(toks[i + 2] ?? toks[i]!, ']')) {
      name = literal(code, toks[i + 1]);
      i += 3;
    }
    if (name === undefined || i + 3 !== toks.length) return undefined;
    const op = txt(toks[i]) + txt(toks[i + 1]);
    if (op !== '??' && op !== '||') return undefined;
    const d = lit(toks[i + 2]);
    return d ? { name, ...d } : undefined;
  }
  // env.bool('X', lit), Env.get('X', lit), env('X', lit)
  let i = 0;
  if (toks[0]?.kind !== 'ident' || !/^env$/i.test(txt(toks[0]))) return undefined;
  i = 1;
  if (code.isPunct(toks[1]!, '.')) {
    if (!/^(bool|boolean|get|str|string)$/.test(txt(toks[2]))) return undefined;
    i = 3;
  }
  if (!code.isPunct(toks[i]!, '(') || !code.isPunct(toks[i + 2] ?? toks[i]!, ',') || !code.isPunct(toks[toks.length - 1]!, ')') || i + 5 !== toks.length) return undefined;
  const name = literal(code, toks[i + 1]);
  const d = lit(toks[i + 3]);
  return name !== undefined && d ? { name, ...d } : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Which objects are node-postgres options

/** The file uses another database's client and nothing that reaches node-postgres. */
function otherDatabaseFile(modules: readonly string[]): boolean {
  return modules.some((m) => OTHER_DB_MODULES.has(m)) && !modules.some((m) => PG_MODULES.has(m));
}

/** The object (or the one around it) names a database other than PostgreSQL: `client: 'mysql2'`, `dialect: 'mysql'`. */
function namesOtherDatabase(code: Code, objects: (ObjectInfo | undefined)[]): boolean {
  for (const o of objects) {
    if (!o) continue;
    for (const key of ['client', 'dialect', 'type', 'driver']) {
      const p = lastProp(o, key);
      const lit = p ? literal(code, singleToken(code, p)) : undefined;
      if (lit !== undefined && !PG_CLIENTS.test(lit)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Sites

export function extractNodeSslObjects(text: string, language: Language, view: SourceView): SiteDraft[] {
  // Only an object key (`ssl:`, `'sslmode':`, shorthand `{ ssl }`) can make a site: a cheap test
  // before reading any code.
  if (!language.isJavaScript || !keyUse(text, (w) => view.occurrences(w), ['ssl'], ['mode', 'rootcert', 'cert', 'key'])) return [];
  if (otherDatabaseFile(view.importedModules)) return [];
  const pgjs = postgresJsFile(view.importedModules);
  const code = new Code(view);
  const w = walk(code);
  if (w.holders.size === 0) return [];
  const cache = new Map<number, ObjectInfo | undefined>();
  const objectAt = (open: number): ObjectInfo | undefined => {
    if (open < 0) return undefined;
    if (!cache.has(open)) cache.set(open, readObject(code, w, open));
    return cache.get(open);
  };
  const sites: SiteDraft[] = [];
  for (const [open, { parent }] of w.holders) {
    const holder = objectAt(open);
    if (!holder || namesOtherDatabase(code, [holder, objectAt(parent)])) continue;
    if (pgjs) {
      const site = buildSite(code, w, holder, true);
      if (!site) continue;
      site.driver = 'postgres-js';
      site.driverReason = POSTGRES_JS_REASON();
      const url = urlArgumentBefore(code, holder.open);
      if (url) site.urlBeside = url;
      sites.push(site);
      continue;
    }
    if (overriddenByExtra(code, w, holder, objectAt) || ignoredBesideDialectOptions(code, w, holder, objectAt)) continue;
    const site = buildSite(code, w, holder, false);
    if (!site) continue;
    ormShape(code, holder, objectAt(parent), site);
    sites.push(site);
  }
  return narrowNested(sites);
}

export const POSTGRES_JS_REASON = (): string =>
  l10n.t('the file imports postgres.js (the `postgres` package), which reads the ssl option and the URL\'s sslmode itself (not through node-postgres)');

/**
 * The options object at `open` is the argument after a string literal (`postgres('postgres://…', {
 * ssl })`): the literal's content span. postgres.js then takes `ssl` from the options, over the URL's.
 */
function urlArgumentBefore(code: Code, open: number): Span | undefined {
  const comma = code.prevSignificantOffset(open);
  if (comma < 0 || code.mask[comma] !== 0 || code.text[comma] !== ',') return undefined;
  const t = code.stringTokenHolding(code.prevSignificantOffset(comma));
  return t?.region ? contentSpan(t) : undefined;
}

/** TypeORM: `extra` is assigned over the pool options TypeORM builds, so `extra: { ssl }` replaces a top-level `ssl`. */
function overriddenByExtra(code: Code, w: Walk, holder: ObjectInfo, objectAt: (open: number) => ObjectInfo | undefined): boolean {
  const extra = lastProp(holder, 'extra');
  if (!extra || !lastProp(holder, 'type')) return false;
  const first = code.next(extra.valueStart, extra.valueEnd);
  if (!code.isPunct(first, '{') || w.view.matchOf(first.start) < 0) return false;
  return objectAt(first.start)?.byKey.has('ssl') === true;
}

/** Sequelize v6: a top-level `ssl` is ignored; when `dialectOptions.ssl` is written too, that one is the site. */
function ignoredBesideDialectOptions(code: Code, w: Walk, holder: ObjectInfo, objectAt: (open: number) => ObjectInfo | undefined): boolean {
  const dialect = lastProp(holder, 'dialect');
  const name = dialect ? literal(code, singleToken(code, dialect)) : undefined;
  const opts = lastProp(holder, 'dialectOptions');
  if (name === undefined || !opts) return false;
  const first = code.next(opts.valueStart, opts.valueEnd);
  return code.isPunct(first, '{') && w.view.matchOf(first.start) >= 0 && objectAt(first.start)?.byKey.has('ssl') === true;
}

/**
 * What the ORM around the options does with them, as params the interpreter reads:
 * - `sequelize-ignored`: a top-level `ssl` beside Sequelize v6's `dialect: 'postgres'` (a string; v7 takes a
 *   dialect class), which its postgres dialect never passes to pg;
 * - `sequelize`: the `ssl` of `dialectOptions`, passed to pg as is;
 * - TypeORM's `url` plays the part of connectionString.
 */
function ormShape(code: Code, holder: ObjectInfo, parent: ObjectInfo | undefined, site: SiteDraft): void {
  const dialectOf = (o: ObjectInfo | undefined): string | undefined => {
    const p = o ? lastProp(o, 'dialect') : undefined;
    return p ? literal(code, singleToken(code, p)) : undefined;
  };
  const ssl = site.params[0]!;
  const marker = (key: string, value: string): Param => ({ key, value, keySpan: ssl.keySpan, valueSpan: ssl.valueSpan, removeSpan: ssl.removeSpan, dynamic: false });
  const own = dialectOf(holder);
  if (own !== undefined && PG_CLIENTS.test(own)) {
    site.params.push(marker('sequelize-ignored', own));
    return;
  }
  if (parent && dialectOf(parent) !== undefined) {
    const dialectOptions = lastProp(parent, 'dialectOptions');
    if (dialectOptions && dialectOptions.valueStart === holder.open) site.params.push(marker('sequelize', 'dialectOptions'));
  }
  const url = lastProp(holder, 'url');
  if (url && lastProp(holder, 'type') && !lastProp(holder, 'connectionString')) {
    const p = connectionStringParam(code, url);
    site.params.push({ ...p, key: 'connectionString' });
  }
}

/**
 * The site of an object that holds `ssl: {…}`, `ssl: true` or `ssl: false`; with `strings` (postgres.js,
 * whose ssl option is also a mode: `ssl: 'require'`), `ssl: '…'` too. A string value is kept with its
 * quotes (`'require'`), so that it is never mistaken for a boolean.
 */
function buildSite(code: Code, w: Walk, holder: ObjectInfo, strings: boolean): SiteDraft | undefined {
  const sslProp = lastProp(holder, 'ssl');
  if (!sslProp) return undefined;
  const v = singleToken(code, sslProp);
  const first = code.next(sslProp.valueStart, sslProp.valueEnd);
  const isObject = code.isPunct(first, '{') && endsValue(code, w.view.matchOf(first.start) + 1, sslProp.valueEnd);
  const word = v?.kind === 'ident' ? code.tokText(v) : '';
  const sslObject = isObject ? readObject(code, w, first.start) : undefined;
  if (isObject && !sslObject) return undefined;

  const valueSpan = { start: sslProp.valueStart, end: sslProp.valueEnd };
  let sslParam: Param;
  const str = strings ? literal(code, v) : undefined;
  if (isObject || word === 'true' || word === 'false') sslParam = makeParam(code, sslProp, isObject ? 'object' : word, valueSpan, false);
  else if (str !== undefined) sslParam = makeParam(code, sslProp, `'${str}'`, valueSpan, false);
  else {
    // Computed: an environment lookup with a boolean default is judged by it; anything else at run time.
    if (sslProp.valueEnd - sslProp.valueStart > MAX_VALUE || (v && v.kind !== 'ident')) return undefined;
    const fb = envFallback(code, sslProp.valueStart, sslProp.valueEnd);
    if (fb && (fb.value === 'true' || fb.value === 'false' || (strings && fb.value.startsWith('"')))) {
      sslParam = makeParam(code, sslProp, fb.value, fb.span, false);
      sslParam.fallbackOf = fb.name;
    } else if (/\b(?:process\.env|env\s*[.(]|Env\.get|getenv)/.test(code.text.slice(sslProp.valueStart, sslProp.valueEnd))) {
      // Read from the environment: a site decided at run time. Other expressions (a variable) are not sites.
      sslParam = makeParam(code, sslProp, shortText(code, sslProp.valueStart, sslProp.valueEnd), valueSpan, true);
    } else return undefined;
  }
  const params: Param[] = [sslParam];
  if (sslObject) params.push(...sslParams(code, sslObject));
  const conn = lastProp(holder, 'connectionString');
  if (conn) params.push(connectionStringParam(code, conn));

  const anchor = propSpan(sslProp);
  const whole = { start: holder.open, end: holder.close + 1 };
  const site: SiteDraft = {
    kind: 'object',
    span: whole.end - whole.start > MAX_OBJECT_SPAN ? anchor : whole,
    params,
    hosts: [],
    anchor,
    escape: 'backslash',
  };
  if (sslObject) site.insertion = objectInsertion(code, sslObject.open, sslObject.close);
  addIdentity(code, holder, site);
  return site;
}

/** Nothing follows in the value but a TypeScript `as T` / `satisfies T` (from `after`, a bracket's end + 1). */
function endsValue(code: Code, after: number, valueEnd: number): boolean {
  if (after <= 0) return false;
  const t = code.next(after, valueEnd);
  return t.kind === 'end' || (t.kind === 'ident' && (code.tokText(t) === 'as' || code.tokText(t) === 'satisfies'));
}

/** The TLS options of the ssl object, in source order; a spread is a `...` param (its content is unseen). */
function sslParams(code: Code, obj: ObjectInfo): Param[] {
  const out: Param[] = [];
  for (const prop of obj.props) {
    if (prop.spread) {
      out.push(makeParam(code, prop, shortText(code, prop.valueStart, prop.valueEnd), { start: prop.valueStart, end: prop.valueEnd }, true));
      continue;
    }
    if (!SSL_KEYS.has(prop.key)) continue;
    if (prop.key === 'rejectUnauthorized') out.push(rejectParam(code, prop));
    else if (prop.key === 'ca') out.push(caParam(code, prop));
    else if (prop.key === 'checkServerIdentity') out.push(identityParam(code, prop));
    else if (prop.key === 'require') out.push(makeParam(code, prop, shortText(code, prop.valueStart, prop.valueEnd), { start: prop.valueStart, end: prop.valueEnd }, false));
    else out.push(servernameParam(code, prop));
  }
  return out;
}

/** host, port, database, user from string literals; the password's range (never its text). */
function addIdentity(code: Code, holder: ObjectInfo, site: SiteDraft): void {
  const str = (key: string): { value: string; tok: Tok } | undefined => {
    const p = lastProp(holder, key);
    const t = p ? singleToken(code, p) : undefined;
    const value = literal(code, t);
    return value === undefined ? undefined : { value, tok: t! };
  };
  const host = str('host');
  if (host && host.value !== '') {
    const h: HostSpec = { host: host.value };
    const portProp = lastProp(holder, 'port');
    const portTok = portProp ? singleToken(code, portProp) : undefined;
    const port = portTok?.kind === 'number' ? code.tokText(portTok) : literal(code, portTok);
    if (port !== undefined && port !== '') h.port = port;
    site.hosts = [h];
  }
  const database = str('database');
  if (database) site.database = database.value;
  const user = str('user');
  if (user) site.user = user.value;
  const password = lastProp(holder, 'password');
  const pt = password ? singleToken(code, password) : undefined;
  if (pt?.kind === 'string' && pt.region) site.passwordSpan = contentSpan(pt);
}

/**
 * Sites never overlap: an object whose span holds another site's object (options with a nested
 * `replica: { ssl: … }`, say) keeps only its `ssl` property as its span. The spans are nested or
 * disjoint, so one sweep in start order finds every container.
 */
function narrowNested(sites: SiteDraft[]): SiteDraft[] {
  const sorted = [...sites].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const open: SiteDraft[] = [];
  const contains = new Set<SiteDraft>();
  for (const s of sorted) {
    while (open.length > 0 && open[open.length - 1]!.span.end <= s.span.start) open.pop();
    if (open.length > 0) contains.add(open[open.length - 1]!);
    open.push(s);
  }
  return sorted
    .map((s) => (contains.has(s) ? { ...s, span: s.anchor! } : s))
    .sort((a, b) => a.span.start - b.span.start);
}
