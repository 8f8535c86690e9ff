/**
 * libpq environment variables (libpq-envars §34.15): PGSSLMODE, PGSSLROOTCERT, PGSSLNEGOTIATION, set in
 * - .env files and shell: `PGSSLMODE=require`, `export PGSSLMODE="require"`;
 * - Dockerfile: `ENV PGSSLMODE=require`, `ENV PGSSLMODE require`;
 * - docker-compose `environment:` as a list (`- PGSSLMODE=require`) or a map (`PGSSLMODE: require`);
 * - Kubernetes / ECS `env:` entries: `- name: PGSSLMODE` with `value: require` (YAML or JSON).
 * Assignments in the same block (the same file, or the same YAML mapping) form one site.
 */
import type { Region, Scan } from '../scan';
import { toSourceSpan } from '../scan';
import type { Param, Span } from '../types';
import { isDynamic } from './common';
import type { SiteDraft } from './uri';

export const ENV_NAMES = ['PGSSLMODE', 'PGSSLROOTCERT', 'PGSSLNEGOTIATION'] as const;
const NAME_RE = /\b(PGSSLMODE|PGSSLROOTCERT|PGSSLNEGOTIATION)\b/g;

interface EnvHit {
  param: Param;
  scope: number;
}

export function extractEnv(text: string, scan: Scan, indented: boolean): SiteDraft[] {
  if (!text.includes('PGSSL')) return [];
  const hits: EnvHit[] = [];
  NAME_RE.lastIndex = 0;
  for (let m = NAME_RE.exec(text); m; m = NAME_RE.exec(text)) {
    const nameStart = m.index;
    const nameEnd = nameStart + m[0].length;
    if (inside(scan.comments, nameStart)) continue;
    const value = findValue(text, scan, nameStart, nameEnd);
    if (!value) continue;
    const keySpan = { start: nameStart, end: nameEnd };
    const param: Param = {
      key: m[0],
      value: value.value,
      keySpan,
      valueSpan: value.span,
      removeSpan: { start: Math.min(nameStart, value.span.start), end: Math.max(nameEnd, value.span.end) },
      dynamic: isDynamic(value.raw),
    };
    hits.push({ param, scope: indented ? blockScope(text, value.entryLine) : 0 });
  }
  const groups = new Map<number, Param[]>();
  for (const h of hits) {
    const g = groups.get(h.scope) ?? [];
    // A later assignment of the same variable in the same block overrides the earlier one.
    const dup = g.findIndex((p) => p.key === h.param.key);
    if (dup >= 0) g.splice(dup, 1);
    g.push(h.param);
    groups.set(h.scope, g);
  }
  const sites: SiteDraft[] = [];
  for (const params of groups.values()) {
    const start = Math.min(...params.map((p) => Math.min(p.keySpan.start, p.valueSpan.start)));
    const end = Math.max(...params.map((p) => Math.max(p.keySpan.end, p.valueSpan.end)));
    sites.push({ kind: 'env', span: { start, end }, params, hosts: [], escape: 'none' });
  }
  return sites.sort((a, b) => a.span.start - b.span.start);
}

interface FoundValue {
  value: string;
  raw: string;
  span: Span;
  /** Offset of the line that starts the entry (for block scoping). */
  entryLine: number;
}

function inside(spans: readonly Span[], offset: number): boolean {
  // comments are few and sorted; a linear scan is fine
  return spans.some((s) => offset >= s.start && offset < s.end);
}

function regionAt(scan: Scan, offset: number): Region | undefined {
  return scan.regions.find((r) => r.kind === 'string' && offset >= r.start && offset <= r.end);
}

function lineStart(text: string, pos: number): number {
  let k = pos;
  while (k > 0 && text[k - 1] !== '\n' && text[k - 1] !== '\r') k--;
  return k;
}

function lineEnd(text: string, pos: number): number {
  let k = pos;
  while (k < text.length && text[k] !== '\n' && text[k] !== '\r') k++;
  return k;
}

/** The value assigned to the variable whose name is at text[nameStart, nameEnd). */
function findValue(text: string, scan: Scan, nameStart: number, nameEnd: number): FoundValue | undefined {
  const ls = lineStart(text, nameStart);
  const region = regionAt(scan, nameStart);
  // `- "PGSSLMODE=require"`: the whole assignment is one string.
  if (region) {
    const localStart = indexOfSource(region, nameEnd);
    const rest = localStart >= 0 ? region.text.slice(localStart) : '';
    const eq = /^\s*[=:]\s*/.exec(rest);
    if (eq && rest.length > eq[0].length) {
      const vs = localStart + eq[0].length;
      const raw = region.text.slice(vs).trimEnd();
      return { value: raw, raw, span: toSourceSpan(region, vs, vs + raw.length), entryLine: ls };
    }
  }
  const before = text.slice(ls, nameStart);
  // Kubernetes/ECS: `name: PGSSLMODE` / `"name": "PGSSLMODE"`, with a sibling `value`.
  if (/\bname["']?\s*[:=]\s*["']?$/.test(before)) return findSiblingValue(text, scan, nameStart, nameEnd);
  // Not an assignment target: `$PGSSLMODE`, `process.env.PGSSLMODE`, `${PGSSLMODE}`, `os.environ["PGSSLMODE"]`.
  if (/[$.{\[]["']?$/.test(before)) return undefined;
  let i = region ? region.end + 1 : nameEnd; // past a closing quote of a quoted name
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const dockerfileEnv = /^\s*ENV\s+$/i.test(before) && text[i] !== '=';
  if (text[i] === '=' || text[i] === ':') {
    if (text[i] === '=' && text[i + 1] === '=') return undefined; // a comparison
    i++;
  } else if (!dockerfileEnv || i === nameEnd) return undefined;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return readValueAt(text, scan, i, ls);
}

function indexOfSource(region: Region, sourceOffset: number): number {
  if (!region.map) return sourceOffset - region.start;
  return region.map.indexOf(sourceOffset);
}

function readValueAt(text: string, scan: Scan, i: number, entryLine: number): FoundValue | undefined {
  const strRegion = scan.regions.find((r) => r.kind === 'string' && r.start === i + 1);
  if (strRegion && /["'`]/.test(text[i] ?? '')) {
    return { value: strRegion.text, raw: text.slice(strRegion.start, strRegion.end), span: { start: strRegion.start, end: strRegion.end }, entryLine };
  }
  const le = lineEnd(text, i);
  let end = i;
  while (end < le && !/[\s,;}\]#"'`)]/.test(text[end]!)) end++;
  if (end === i) return undefined;
  const raw = text.slice(i, end);
  return { value: raw, raw, span: { start: i, end }, entryLine };
}

/** `- name: PGSSLMODE` + `value: require` in the same YAML mapping or JSON object. */
function findSiblingValue(text: string, scan: Scan, nameStart: number, nameEnd: number): FoundValue | undefined {
  const ls = lineStart(text, nameStart);
  const line = text.slice(ls, lineEnd(text, ls));
  // JSON or a YAML flow mapping: look inside the enclosing braces.
  const open = text.lastIndexOf('{', nameStart);
  const close = text.indexOf('}', nameEnd);
  if (open >= 0 && close > nameEnd && !text.slice(open, nameStart).includes('}')) {
    const body = text.slice(open, close);
    const vm = /["']?value["']?\s*:\s*/.exec(body);
    if (vm) return readValueAt(text, scan, open + vm.index + vm[0].length, lineStart(text, open));
    return undefined;
  }
  // Block YAML: siblings share the key column of `name`.
  const keyCol = /^(\s*-?\s*)/.exec(line)![1]!.length;
  const itemLine = line.trimStart().startsWith('-') ? ls : findItemStart(text, ls, keyCol);
  const candidates: number[] = [];
  // after
  for (let p = lineEnd(text, ls) + 1; p < text.length; p = lineEnd(text, p) + 1) {
    const l = text.slice(p, lineEnd(text, p));
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    const indent = l.length - l.trimStart().length;
    if (indent !== keyCol || l.trimStart().startsWith('-')) break;
    candidates.push(p);
  }
  // before, up to the item's `-` line
  for (let p = ls; p > itemLine && p > 0; ) {
    const prevStart = lineStart(text, p - 1);
    const l = text.slice(prevStart, p - 1);
    p = prevStart;
    const trimmed = l.trimStart();
    const indent = trimmed.startsWith('-') ? /^(\s*-\s*)/.exec(l)![1]!.length : l.length - trimmed.length;
    if (indent !== keyCol) break;
    candidates.push(prevStart);
    if (trimmed.startsWith('-')) break;
  }
  for (const p of candidates) {
    const l = text.slice(p, lineEnd(text, p));
    const vm = /^(\s*-?\s*)value\s*:\s*/.exec(l);
    if (vm) return readValueAt(text, scan, p + vm[0].length, itemLine);
  }
  return undefined;
}

function findItemStart(text: string, ls: number, keyCol: number): number {
  for (let p = ls; p > 0; ) {
    const prevStart = lineStart(text, p - 1);
    const l = text.slice(prevStart, p - 1);
    p = prevStart;
    if (l.trimStart().startsWith('-') && /^(\s*-\s*)/.exec(l)![1]!.length === keyCol) return prevStart;
    const indent = l.length - l.trimStart().length;
    if (l.trim() !== '' && indent < keyCol) return ls;
  }
  return ls;
}

/** The YAML block an entry belongs to: the nearest line above with less indentation. */
function blockScope(text: string, entryLine: number): number {
  const entry = text.slice(entryLine, lineEnd(text, entryLine));
  const indent = entry.length - entry.trimStart().length;
  for (let p = entryLine; p > 0; ) {
    const prevStart = lineStart(text, p - 1);
    const l = text.slice(prevStart, p - 1);
    p = prevStart;
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (l.length - l.trimStart().length < indent) return prevStart;
  }
  return 0;
}
