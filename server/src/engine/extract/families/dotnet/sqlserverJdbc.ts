/**
 * Microsoft JDBC Driver for SQL Server URLs:
 * `jdbc:sqlserver://[serverName[\instanceName][:portNumber]][;property=value[;property=value]]`.
 *
 * Parsed as microsoft/mssql-jdbc 34285fd Util.parseUrl does: the server part runs to the first `;`
 * (`\` starts the instance, `:` the port); then `name=value` pairs separated by `;`, names trimmed and
 * compared case-insensitively (SQLServerDriver.getNormalizedPropertyName, with the synonyms `server`,
 * `database`, `user`/`userName`/`uid`, `port`), values trimmed, or written `{…}` (kept as is, `}}`
 * standing for `}`). The URL ends at a quote, a line end, or white space that is not beside `=` or `;`,
 * outside braces.
 */
import * as l10n from '@vscode/l10n';
import type { Region } from '../../../scan';
import { toSource } from '../../../scan';
import type { HostSpec, Param, Span } from '../../../types';
import { isDynamic, sourceSpan } from '../../common';
import type { SiteDraft } from '../../uri';

const PREFIX = /jdbc:sqlserver:\/\//gi;

interface JPair {
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  pairEnd: number;
}

export function extractSqlServerJdbc(region: Region): SiteDraft[] {
  const text = region.text;
  const out: SiteDraft[] = [];
  PREFIX.lastIndex = 0;
  for (let m = PREFIX.exec(text); m; m = PREFIX.exec(text)) {
    const start = m.index;
    const body = start + m[0].length;
    const end = urlEnd(text, body);
    const site = parse(region, start, body, end);
    if (site) out.push(site);
    PREFIX.lastIndex = Math.max(end, body);
  }
  return out;
}

/** White space within a line (any but line breaks). */
const INLINE_SPACE = /[^\S\r\n\u2028\u2029]/;

/** The end of the URL: the first white space or quote outside `{…}`, with trailing sentence punctuation dropped. */
function urlEnd(text: string, from: number): number {
  let i = from;
  let brace = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (brace) {
      if (c === '}') {
        if (text[i + 1] === '}') i++;
        else brace = false;
      }
      continue;
    }
    if (c === '{') brace = true;
    else if (/\s/.test(c)) {
      // A line break ends the URL; other white space around `=` and `;` belongs to it (the driver
      // trims names and values).
      if (/[\r\n\u2028\u2029]/.test(c)) break;
      let e = i + 1;
      while (e < text.length && INLINE_SPACE.test(text[e]!)) e++;
      let b = i;
      while (b > from && INLINE_SPACE.test(text[b - 1]!)) b--;
      const around = (b > from && /[=;]/.test(text[b - 1]!)) || /[=;]/.test(text[e] ?? '');
      if (!around) break;
      i = e - 1;
    } else if (/["'`<>]/.test(c)) break;
  }
  while (i > from && /[\s.,)]/.test(text[i - 1]!)) i--;
  return i;
}

function parse(region: Region, start: number, body: number, end: number): SiteDraft | undefined {
  const text = region.text;
  let semi = body;
  while (semi < end && text[semi] !== ';') semi++;
  const serverPart = text.slice(body, semi);
  const pairs: JPair[] = [];
  let i = semi;
  while (i < end) {
    while (i < end && (text[i] === ';' || text[i] === ' ')) i++;
    if (i >= end) break;
    const keyStart = i;
    while (i < end && text[i] !== '=' && text[i] !== ';') i++;
    if (i >= end || text[i] !== '=') break; // a name without a value: the driver rejects the URL
    let keyEnd = i;
    while (keyEnd > keyStart && text[keyEnd - 1] === ' ') keyEnd--;
    i++;
    while (i < end && text[i] === ' ') i++;
    let value = '';
    let valueStart = i;
    let valueEnd: number;
    let pairEnd: number;
    if (text[i] === '{') {
      valueStart = ++i;
      while (i < end) {
        if (text[i] === '}') {
          if (text[i + 1] === '}') {
            value += '}';
            i += 2;
            continue;
          }
          break;
        }
        value += text[i++];
      }
      valueEnd = i;
      pairEnd = Math.min(end, i + 1);
      i = pairEnd;
      while (i < end && text[i] !== ';') i++;
    } else {
      let e = i;
      while (e < end && text[e] !== ';') e++;
      let t = e;
      while (t > i && text[t - 1] === ' ') t--;
      value = text.slice(i, t);
      valueEnd = pairEnd = t;
      i = e;
    }
    pairs.push({ key: text.slice(keyStart, keyEnd), value, keyStart, keyEnd, valueStart, valueEnd, pairEnd });
  }

  const params: Param[] = pairs.map((p, idx) => {
    const prev = pairs[idx - 1];
    const removeSpan: Span = prev ? sourceSpan(region, prev.pairEnd, p.pairEnd) : sourceSpan(region, semi, p.pairEnd);
    return {
      key: p.key,
      value: p.value,
      keySpan: sourceSpan(region, p.keyStart, p.keyEnd),
      valueSpan: sourceSpan(region, p.valueStart, p.valueEnd),
      removeSpan,
      dynamic: isDynamic(text.slice(p.valueStart, p.valueEnd)),
    };
  });

  const get = (...names: string[]): Param | undefined => {
    for (let k = params.length - 1; k >= 0; k--) if (names.includes(params[k]!.key.trim().toLowerCase())) return params[k];
    return undefined;
  };
  let hosts: HostSpec[] = [];
  const server = serverPart.trim();
  if (server) {
    const m = /^([^\\:]*)(?:\\([^:]*))?(?::(.*))?$/.exec(server);
    const h: HostSpec = { host: (m?.[1] ?? server).trim() };
    if (m?.[3]) h.port = m[3].trim();
    hosts = [h];
  }
  const serverName = get('servername', 'server');
  if (serverName && serverName.value.trim()) hosts = [{ host: serverName.value.trim().split('\\')[0]! }];
  const port = get('portnumber', 'port');
  if (port && hosts[0]) hosts[0] = { ...hosts[0], port: port.value.trim() };
  if (hosts.length === 0) hosts = [{ host: 'localhost' }];

  const last = pairs[pairs.length - 1];
  const lastEnd = last ? last.pairEnd : semi;
  const trailing = text.slice(lastEnd, end).includes(';');
  const site: SiteDraft = {
    kind: 'jdbc',
    span: sourceSpan(region, start, end),
    params,
    hosts,
    insertion: trailing
      ? { offset: toSource(region, end), prefix: '', suffix: ';', assign: '=' }
      : { offset: toSource(region, lastEnd), prefix: ';', suffix: '', assign: '=' },
    escape: region.escape,
    driver: 'mssql-jdbc',
    driverReason: l10n.t('a jdbc:sqlserver: URL is read by the Microsoft JDBC Driver for SQL Server (mssql-jdbc)'),
  };
  const db = get('databasename', 'database');
  if (db) site.database = db.value;
  const user = get('user', 'username', 'uid');
  if (user) site.user = user.value;
  const pw = get('password');
  if (pw) site.passwordSpan = pw.valueSpan;
  return site;
}
