/**
 * libpq environment variables (libpq-envars §34.15): PGSSLMODE, PGSSLROOTCERT, PGSSLNEGOTIATION, set in
 * - .env files and shell: `PGSSLMODE=require`, `export PGSSLMODE="require"`;
 * - Dockerfile: `ENV PGSSLMODE=require`, `ENV PGSSLMODE require`;
 * - docker-compose `environment:` as a list (`- PGSSLMODE=require`) or a map (`PGSSLMODE: require`);
 * - Kubernetes / ECS `env:` entries: `- name: PGSSLMODE` with `value: require` (YAML or JSON).
 * Assignments in the same block (the same file, or the same YAML mapping) form one site.
 *
 * A value that reads a variable with a default (`${PGSSLMODE:-disable}`, shell and Compose parameter
 * expansion) is judged by its default: the param's value is the default, its range the default's text,
 * and `fallbackOf` names the variable. Without a default (`${PGSSLMODE}`, `$X`, `${{ secrets.X }}`) the
 * value is dynamic.
 */
import type { Region, Scan } from '../scan';
import { countStartingBy, lastAtOrBefore, toSourceSpan } from '../scan';
import type { HostSpec, Param, Span } from '../types';
import { isDynamic } from './common';
import { shellFallback } from './families/jvm/fallback';
import { CommentIndex } from './families/jvm/javaOptions';
import { parseHostList, type SiteDraft } from './uri';

export const ENV_NAMES = ['PGSSLMODE', 'PGSSLROOTCERT', 'PGSSLNEGOTIATION'] as const;
/**
 * PGHOST and PGHOSTADDR (libpq-envars) do not make a site: they tell a site of PGSSL* variables in
 * the same block which server it connects to (its cloud provider, or that it is local), as `host` and
 * `hostaddr` do in a connection string.
 */
const NAME_RE = /\b(PGSSLMODE|PGSSLROOTCERT|PGSSLNEGOTIATION|PGHOST|PGHOSTADDR)\b/g;
/** The conninfo keyword each PGSSL* variable stands for (libpq-envars). */
export const ENV_TO_KEYWORD: Readonly<Record<string, string>> = { PGSSLMODE: 'sslmode', PGSSLROOTCERT: 'sslrootcert', PGSSLNEGOTIATION: 'sslnegotiation' };
/** The same for every variable read here. */
const KEYWORD_OF: Readonly<Record<string, string>> = { ...ENV_TO_KEYWORD, PGHOST: 'host', PGHOSTADDR: 'hostaddr' };
/** Longer values are cut: no setting is that long, and a bound keeps hostile input linear. */
const MAX_VALUE = 256;

interface EnvHit {
  param: Param;
  scope: number;
}

/**
 * A shell command's own environment: `PGSSLMODE=verify-full psql "host=…"` sets the variable for that
 * one command only. Such assignments form a site of their own per line (`commandPrefix`), so they
 * neither override nor are overridden by the script's other assignments.
 */
const COMMAND_AFTER = /^[ \t]+(?:[A-Za-z_][A-Za-z0-9_]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s;&|]*)[ \t]+)*[^\s=;&|#][^\s=;&|]*(?:[ \t]|$)/;

/**
 * `code`: the text is source code (Family.code), where a value is a string literal: an unquoted one
 * (`public PGSSLMODE = environment.PGSSLMODE;`) is an expression, no setting.
 */
export function extractEnv(text: string, scan: Scan, indented: boolean, shell = false, code = false): SiteDraft[] {
  if (!text.includes('PGSSL')) return [];
  const hits: EnvHit[] = [];
  const comments = new CommentIndex(scan.comments);
  lines = lineStarts(text);
  NAME_RE.lastIndex = 0;
  for (let m = NAME_RE.exec(text); m; m = NAME_RE.exec(text)) {
    const nameStart = m.index;
    const nameEnd = nameStart + m[0].length;
    if (comments.inside(nameStart)) continue;
    const value = findValue(text, scan, nameStart, nameEnd, code);
    if (!value) continue;
    // `"PGSSLMODE": "sslmode"`: a table from variable names to conninfo keywords (pgx's, libpq's), no setting.
    if (value.value.toLowerCase() === KEYWORD_OF[m[0]]) continue;
    const keySpan = { start: nameStart, end: nameEnd };
    const param: Param = {
      key: m[0],
      value: value.value,
      keySpan,
      valueSpan: value.span,
      removeSpan: { start: Math.min(nameStart, value.span.start), end: Math.max(nameEnd, value.span.end) },
      dynamic: isDynamic(value.raw),
    };
    if (value.fallback) {
      param.value = value.fallback.value;
      param.valueSpan = value.fallback.span;
      param.dynamic = false;
      param.fallbackOf = value.fallback.name;
    }
    let scope = indented ? blockScope(text, value.entryLine) : 0;
    if (shell && isCommandPrefix(text, value.entryLine, value.span.end)) scope = -1 - value.entryLine;
    hits.push({ param, scope });
  }
  const groups = new Map<number, Param[]>();
  /** PGHOST and PGHOSTADDR by block: the last assignment of each wins. */
  const hostVars = new Map<number, Map<string, Param>>();
  for (const h of hits) {
    if (h.param.key.startsWith('PGHOST')) {
      const vars = hostVars.get(h.scope) ?? new Map<string, Param>();
      vars.set(h.param.key, h.param);
      hostVars.set(h.scope, vars);
      continue;
    }
    const g = groups.get(h.scope) ?? [];
    // A later assignment of the same variable in the same block overrides the earlier one.
    const dup = g.findIndex((p) => p.key === h.param.key);
    if (dup >= 0) g.splice(dup, 1);
    g.push(h.param);
    groups.set(h.scope, g);
  }
  const sites: SiteDraft[] = [];
  for (const [scope, params] of groups) {
    const start = Math.min(...params.map((p) => Math.min(p.keySpan.start, p.valueSpan.start)));
    const end = Math.max(...params.map((p) => Math.max(p.keySpan.end, p.valueSpan.end)));
    const site: SiteDraft = { kind: 'env', span: { start, end }, params, hosts: envHosts(hostVars.get(scope)), escape: 'none' };
    if (scope < 0) site.commandPrefix = true;
    sites.push(site);
  }
  return sites.sort((a, b) => a.span.start - b.span.start);
}

/**
 * The servers PGHOST names (a comma-separated list, or a socket directory), else PGHOSTADDR's
 * addresses, as libpq reads them; none when the value is not known (`$DB_HOST`).
 */
function envHosts(vars: Map<string, Param> | undefined): HostSpec[] {
  for (const name of ['PGHOST', 'PGHOSTADDR']) {
    const p = vars?.get(name);
    if (p && !p.dynamic && p.value.trim() !== '') return parseHostList(p.value.trim(), true);
  }
  return [];
}

interface FoundValue {
  value: string;
  raw: string;
  span: Span;
  /** `${NAME:-default}`: the default, its source range and the variable's name. */
  fallback?: { name: string; value: string; span: Span };
  /** Offset of the line that starts the entry (for block scoping). */
  entryLine: number;
}

/** Line starts of the text being read (one pass), so that line lookups are binary searches. */
let lines: { text: string; starts: number[] } = { text: '', starts: [0] };

function lineStarts(text: string): { text: string; starts: number[] } {
  const starts = [0];
  if (!text.includes('\r')) {
    // Only \n ends lines: jump from one to the next.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return { text, starts };
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return { text, starts };
}

/** The string region that holds `offset` (its closing quote included). */
function regionAt(scan: Scan, offset: number): Region | undefined {
  const rs = scan.regions;
  const lo = countStartingBy(rs, offset);
  for (let k = lo - 1; k >= 0 && k >= lo - 2; k--) {
    const r = rs[k]!;
    if (r.kind === 'string' && offset >= r.start && offset <= r.end) return r;
  }
  return undefined;
}

/** The string region that starts at `start`. */
function regionStartingAt(scan: Scan, start: number): Region | undefined {
  const rs = scan.regions;
  let lo = 0;
  let hi = rs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rs[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  const r = rs[lo];
  return r && r.start === start && r.kind === 'string' ? r : undefined;
}

function lineStart(text: string, pos: number): number {
  if (lines.text !== text) lines = lineStarts(text);
  const k = lastAtOrBefore(lines.starts, pos);
  return lines.starts[Math.max(0, k)]!;
}

function lineEnd(text: string, pos: number): number {
  if (lines.text !== text) lines = lineStarts(text);
  const k = lastAtOrBefore(lines.starts, pos);
  const next = lines.starts[k + 1];
  if (next === undefined) return text.length;
  let e = next - 1;
  if (text[e] === '\n' && text[e - 1] === '\r') e--;
  return e;
}

/**
 * The start of the line after the one holding `pos` (the text's length after the last line). Not
 * lineEnd + 1: after a CRLF line, that is the LF, still on the same line.
 */
function nextLineStart(text: string, pos: number): number {
  if (lines.text !== text) lines = lineStarts(text);
  return lines.starts[lastAtOrBefore(lines.starts, pos) + 1] ?? text.length;
}

/** The value assigned to the variable whose name is at text[nameStart, nameEnd). */
function findValue(text: string, scan: Scan, nameStart: number, nameEnd: number, code: boolean): FoundValue | undefined {
  const ls = lineStart(text, nameStart);
  const region = regionAt(scan, nameStart);
  // What precedes the name on its line (at most 200 characters: enough for every form read here).
  const before = text.slice(Math.max(ls, nameStart - 200), nameStart);
  // Not an assignment target: `$PGSSLMODE`, `process.env.PGSSLMODE`, `${PGSSLMODE}`, `os.environ["PGSSLMODE"]`.
  if (/[$.{\[]["']?$/.test(before)) return undefined;
  // `- "PGSSLMODE=require"`: the whole assignment is one string.
  if (region) {
    const localStart = indexOfSource(region, nameEnd);
    const rest = localStart >= 0 ? region.text.slice(localStart, localStart + MAX_VALUE) : '';
    // The value ends with its line: a string can hold several assignments (a heredoc, a Go raw string).
    const eq = /^[ \t]*[=:][ \t]*/.exec(rest);
    const vs = eq ? localStart + eq[0].length : -1;
    const raw = eq ? /^[^\r\n]*/.exec(region.text.slice(vs, vs + MAX_VALUE))![0].trimEnd() : '';
    if (raw !== '') return withFallback({ value: raw, raw, span: toSourceSpan(region, vs, vs + raw.length), entryLine: ls }, region, vs);
  }
  // Kubernetes/ECS: `name: PGSSLMODE` / `"name": "PGSSLMODE"`, with a sibling `value`.
  if (/\bname["']?\s*[:=]\s*["']?$/.test(before)) return findSiblingValue(text, scan, nameStart, nameEnd);
  // A name inside a longer string (`@"…ENV PGSSLMODE=\n…"`) has its value in that string, on its own line
  // (read above): what follows the string is not it (it was a password in `…", password="…"`).
  if (region && region.text !== text.slice(nameStart, nameEnd)) return undefined;
  let i = region ? region.end + 1 : nameEnd; // past a closing quote of a quoted name
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const dockerfileEnv = /^\s*ENV\s+$/i.test(before) && text[i] !== '=';
  if (text[i] === '=' || text[i] === ':') {
    if (text[i] === '=' && text[i + 1] === '=') return undefined; // a comparison
    i++;
  } else if (!dockerfileEnv || i === nameEnd) return undefined;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return readValueAt(text, scan, i, ls, code);
}

function indexOfSource(region: Region, sourceOffset: number): number {
  if (!region.map) return sourceOffset - region.start;
  return region.map.indexOf(sourceOffset);
}

function readValueAt(text: string, scan: Scan, i: number, entryLine: number, code = false): FoundValue | undefined {
  const strRegion = regionStartingAt(scan, i + 1);
  if (strRegion && /["'`]/.test(text[i] ?? '')) {
    const found = { value: strRegion.text, raw: text.slice(strRegion.start, strRegion.end), span: { start: strRegion.start, end: strRegion.end }, entryLine };
    return withFallback(found, strRegion, 0);
  }
  if (code) return undefined;
  const le = lineEnd(text, i);
  let end = i;
  if (text.startsWith('${', i)) {
    // A whole expansion, spaces and all: `${PGSSLMODE:-disable}`, `${{ secrets.MODE }}`.
    const double = text[i + 2] === '{';
    let close = i + 2;
    while (close < le && close - i < 1_000 && !(text[close] === '}' && (!double || text[close + 1] === '}'))) close++;
    if (close < le && text[close] === '}') end = close + (double ? 2 : 1);
  }
  while (end < le && end - i < MAX_VALUE && !/[\s,;}\]#"'`)]/.test(text[end]!)) end++;
  if (end === i) return undefined;
  const raw = text.slice(i, end);
  return withFallback({ value: raw, raw, span: { start: i, end }, entryLine }, undefined, i);
}

/**
 * Adds the default of a `${NAME:-default}` value. `from` is where the value starts: in the region's
 * decoded text when a region is given, else in the source.
 */
function withFallback(found: FoundValue, region: Region | undefined, from: number): FoundValue {
  const fb = shellFallback(found.value);
  if (!fb) return found;
  const span = region ? toSourceSpan(region, from + fb.start, from + fb.end) : { start: from + fb.start, end: from + fb.end };
  return { ...found, fallback: { name: fb.name, value: fb.value, span } };
}

/** `- name: PGSSLMODE` + `value: require` in the same YAML mapping or JSON object. */
function findSiblingValue(text: string, scan: Scan, nameStart: number, nameEnd: number): FoundValue | undefined {
  const ls = lineStart(text, nameStart);
  const line = text.slice(ls, lineEnd(text, ls));
  // JSON or a YAML flow mapping: look inside the enclosing braces.
  // The enclosing braces, looked for nearby only (an env entry object is small).
  const windowStart = Math.max(0, nameStart - 2_000);
  const openAt = text.slice(windowStart, nameStart).lastIndexOf('{');
  const open = openAt < 0 ? -1 : windowStart + openAt;
  const closeAt = text.slice(nameEnd, nameEnd + 2_000).indexOf('}');
  const close = closeAt < 0 ? -1 : nameEnd + closeAt;
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
  for (let p = nextLineStart(text, ls); p < text.length; p = nextLineStart(text, p)) {
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

/** The assignment ending at `valueEnd` is followed, on its line, by a command: it is that command's environment. */
function isCommandPrefix(text: string, entryLine: number, valueEnd: number): boolean {
  const head = text.slice(entryLine, valueEnd);
  if (/^\s*(?:export|readonly|declare|local|typeset|ENV|ARG)\b/.test(head)) return false;
  // Only assignments before it on the line (`A=1 PGSSLMODE=x cmd`), or the line starts a command after `;`, `&&`, `|`.
  const rest = text.slice(valueEnd, Math.min(text.length, valueEnd + 2048));
  return COMMAND_AFTER.test(rest.split(/\r?\n/, 1)[0]!);
}
