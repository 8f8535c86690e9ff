/**
 * Prisma schema datasources (schema.prisma):
 *
 *     datasource db {
 *       provider  = "postgresql"
 *       url       = env("DATABASE_URL")
 *       directUrl = "postgresql://…?sslmode=require&sslaccept=strict"
 *     }
 *
 * A PostgreSQL (or CockroachDB) datasource's `url` and `directUrl` are sites of kind `prisma`. A literal
 * URL is parsed in place; `env("X")` is a site with an `env` parameter naming the variable: the
 * text-only lint leaves it undecided, and the trust-aware lint resolves it from the .env files Prisma
 * reads (prismaEnv.ts). Prisma schema comments are `//` and `///` to the end of the line.
 */
import * as l10n from '@vscode/l10n';
import type { Region } from '../../../scan';
import type { Param, Span } from '../../../types';
import { urlEnd } from '../../common';
import { parseUri, type SiteDraft } from '../../uri';

const PROVIDERS = new Set(['postgresql', 'postgres', 'cockroachdb']);
const URL_FIELDS = ['url', 'directUrl'];

export const PRISMA_REASON = (): string => l10n.t('a Prisma schema datasource for PostgreSQL: Prisma\'s query engine reads these URL parameters (sslmode, sslcert, sslaccept)');

export function looksLikePrismaSchema(text: string): boolean {
  return /^\s*datasource\s+\w+\s*\{/m.test(text);
}

export function extractPrisma(text: string): SiteDraft[] {
  if (!looksLikePrismaSchema(text)) return [];
  const comment = commentMask(text);
  const out: SiteDraft[] = [];
  const adapter = usesDriverAdapter(text, comment);
  const block = /^[ \t]*datasource[ \t]+\w+[ \t]*\{/gm;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    if (comment[m.index]) continue;
    const open = m.index + m[0].length - 1;
    const close = closingBrace(text, comment, open);
    if (close < 0) break; // unclosed: nothing after it is a complete block either
    block.lastIndex = close;
    const fields = readFields(text, comment, open + 1, close);
    const provider = fields.get('provider');
    if (!provider || provider.kind !== 'string' || !PROVIDERS.has(provider.value)) continue;
    for (const name of URL_FIELDS) {
      const f = fields.get(name);
      if (!f) continue;
      const site = f.kind === 'string' ? literalSite(f) : f.kind === 'env' ? envSite(f) : undefined;
      if (!site) continue;
      if (adapter) site.params.push(adapter);
      site.driver = 'prisma';
      site.driverReason = name === 'directUrl' ? l10n.t('{0}; directUrl is the connection Prisma Migrate and the CLI use', PRISMA_REASON()) : PRISMA_REASON();
      out.push(site);
    }
  }
  return out;
}

interface Field {
  kind: 'string' | 'env' | 'other';
  value: string;
  /** The value's content range (inside quotes; for env(), the whole call). */
  span: Span;
  /** For env(): the variable name's range. */
  nameSpan?: Span;
}

/** `key = value` lines of a block body; the last of a key wins. */
function readFields(text: string, comment: Uint8Array, from: number, to: number): Map<string, Field> {
  const fields = new Map<string, Field>();
  const body = text.slice(from, to);
  const line = /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*/gm;
  for (let m = line.exec(body); m; m = line.exec(body)) {
    if (comment[from + m.index + m[0].length - 1]) continue;
    const vs = from + m.index + m[0].length;
    const field = readField(text, vs, to);
    if (field) fields.set(m[1]!, field);
  }
  return fields;
}

function readField(text: string, at: number, to: number): Field | undefined {
  if (text[at] === '"') {
    const end = stringEnd(text, at + 1, to);
    if (end < 0) return undefined;
    return { kind: 'string', value: unescape(text.slice(at + 1, end)), span: { start: at + 1, end } };
  }
  const env = /^env\(\s*"([^"\\\r\n]*)"\s*\)/.exec(text.slice(at, Math.min(to, at + 300)));
  if (env) {
    const q = text.indexOf('"', at);
    return { kind: 'env', value: env[1]!, span: { start: at, end: at + env[0].length }, nameSpan: { start: q + 1, end: q + 1 + env[1]!.length } };
  }
  return { kind: 'other', value: '', span: { start: at, end: at } };
}

/** Offset of the closing quote of a string whose content starts at `from` (-1: unterminated on its line). */
function stringEnd(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
    else if (c === '\n' || c === '\r') return -1;
  }
  return -1;
}

function unescape(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/g, '$1') : s;
}

function literalSite(f: Field): SiteDraft | undefined {
  const text = f.value;
  const scheme = /^postgres(?:ql)?:\/\//i.exec(text);
  if (!scheme || text.length !== f.span.end - f.span.start) return undefined; // escapes would shift offsets
  const region: Region = { start: f.span.start, end: f.span.end, text, kind: 'string', escape: 'backslash' };
  const site = parseUri(region, 0, scheme[0].length, urlEnd(text, scheme[0].length));
  if (!site) return undefined;
  site.kind = 'prisma';
  site.anchor = f.span;
  return site;
}

function envSite(f: Field): SiteDraft {
  const env: Param = { key: 'env', value: f.value, keySpan: f.span, valueSpan: f.nameSpan ?? f.span, removeSpan: f.span, dynamic: true };
  return { kind: 'prisma', span: f.span, anchor: f.span, params: [env], hosts: [], escape: 'backslash' };
}

/**
 * A generator that makes Prisma Client connect through a driver adapter (previewFeatures
 * "driverAdapters", engineType = "client", or the "prisma-client" generator of Prisma 6.16+ / 7):
 * a parameter noting it (the interpreter says what that means).
 */
function usesDriverAdapter(text: string, comment: Uint8Array): Param | undefined {
  const re = /"driverAdapters"|engineType\s*=\s*"client"|provider\s*=\s*"prisma-client"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (comment[m.index]) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    return { key: 'driverAdapter', value: m[0].replace(/"/g, ''), keySpan: span, valueSpan: span, removeSpan: span, dynamic: false };
  }
  return undefined;
}

/** 1 for offsets inside `//` comments (outside strings). Linear. */
function commentMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      inString = false;
      continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '/' && text[i + 1] === '/') {
      let e = i;
      while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
      mask.fill(1, i, e);
      i = e - 1;
    }
  }
  return mask;
}

function closingBrace(text: string, comment: Uint8Array, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    if (comment[i]) continue;
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"' || c === '\n') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
