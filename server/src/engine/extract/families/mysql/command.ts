/**
 * The mysql command-line clients (mysql, mysqldump, mysqladmin, mysqlcheck, mysqlimport, mysqlshow,
 * mysqlslap, mysqlpump, mysqlbinlog; MariaDB's mariadb, mariadb-dump, mariadb-admin) in shell
 * scripts, Dockerfiles, Makefiles, CI YAML and command strings in code:
 *
 *     mysql -h db.example.com -u app -p"$PW" --ssl-mode=VERIFY_IDENTITY --ssl-ca=certs/ca.pem app < dump.sql
 *
 * A command starts at a command position (a line start, after `;`, `|`, `&&`, `$(`, `sudo`, `exec`,
 * `RUN`, `run:`, `docker exec NAME`…) in code, or at the start of a string literal (or after a
 * separator inside it). Its words run to the end of the command (an unescaped line end, `;`, `|`,
 * `&`, `)`); shell quotes are removed and `$VAR` values are run-time values. Options become params
 * named by their long form with dashes (`--ssl_mode` → `--ssl-mode`, `-h` → `--host`).
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Region, Scan } from '../../../scan';
import { toSource } from '../../../scan';
import type { HostSpec, Param, Span } from '../../../types';
import { isDynamic } from '../../common';
import type { SourceView } from '../../sourceView';
import type { SiteDraft } from '../../uri';

const COMMANDS = 'mysql|mysqldump|mysqladmin|mysqlcheck|mysqlimport|mysqlshow|mysqlslap|mysqlpump|mysqlbinlog|mariadb|mariadb-dump|mariadb-admin|mariadb-check|mariadb-import';
const STARTERS = String.raw`(?:^|[;&|({!]|\$\(|\b(?:sudo|exec|time|then|do|else|if|while|until|nohup|xargs|RUN|CMD|ENTRYPOINT)\b|\b(?:run|command|script|cmd|entrypoint|args)\s*:|^\s*-|\bdocker(?:-compose|\s+compose)?\s+(?:exec|run)(?:\s+-{1,2}[\w-]{1,40}(?:[= ](?![-\s])\S{1,200})?){0,20}\s+[\w./:][\w.\-/:]{0,200}|\bkubectl\s+exec\b[^\n]{0,300}?\s--|\bsh\s+-c|\bbash\s+-c)`;
const CMD_SOURCE = `${STARTERS}[ \\t]*(?:\\/[\\w/.-]{0,200}\\/)?(${COMMANDS})(?=$|[\\s'"])`;
/** In a file of shell-like syntax: at any line start. */
const CMD_RE = new RegExp(CMD_SOURCE, 'gm');
/** In a string literal: at its start or after a separator, not at the start of a later line (a docstring's prose). */
const CMD_IN_STRING = new RegExp(CMD_SOURCE, 'g');

/** Short options that take a value (attached or as the next word), with their long names. */
const SHORT: Record<string, string> = { h: '--host', P: '--port', S: '--socket', u: '--user', D: '--database', e: '--execute' };
/** Long options that take a value as the next word when not given with `=`. */
const TAKES_VALUE = new Set(['--host', '--port', '--socket', '--user', '--database', '--execute', '--ssl-mode', '--ssl-ca', '--ssl-capath', '--ssl-cert', '--ssl-key', '--ssl-cipher', '--tls-version', '--defaults-file', '--defaults-extra-file', '--login-path', '--protocol', '--ssl-crl', '--ssl-crlpath', '--tls-ciphersuites', '--ssl-fips-mode', '--tls-sni-servername']);

export function extractMysqlCommands(text: string, scan: Scan, language: Language, view: SourceView): SiteDraft[] {
  if (language.prose || (view.occurrences('mysql').length === 0 && view.occurrences('mariadb').length === 0)) return [];
  const out: SiteDraft[] = [];
  const code = isShellLike(language);
  // Commands written in the file's own syntax (shell, Dockerfile, YAML run blocks).
  if (code) {
    const stringAt = new Uint8Array(text.length);
    for (const r of scan.regions) if (r.kind === 'string' && r.start > 0) stringAt.fill(1, r.start - 1, Math.min(text.length, r.end + 1));
    for (const c of scan.comments) stringAt.fill(2, c.start, c.end);
    CMD_RE.lastIndex = 0;
    for (let m = CMD_RE.exec(text); m; m = CMD_RE.exec(text)) {
      const wordStart = m.index + m[0].length - m[1]!.length;
      if (stringAt[wordStart] !== 0) continue;
      const site = parseCommand(text, wordStart, m[1]!, (i) => i, 'none', stringAt);
      if (site) {
        out.push(site);
        CMD_RE.lastIndex = Math.max(CMD_RE.lastIndex, site.span.end);
      }
    }
  }
  // Commands inside string literals (`sh -c "mysql …"`, subprocess.run("mysql …"), YAML "…").
  for (const r of view.regionsWith(['mysql', 'mariadb'])) {
    if (r.kind !== 'string' || !/(mysql|mariadb)/.test(r.text)) continue;
    CMD_IN_STRING.lastIndex = 0;
    for (let m = CMD_IN_STRING.exec(r.text); m; m = CMD_IN_STRING.exec(r.text)) {
      const wordStart = m.index + m[0].length - m[1]!.length;
      const site = parseCommand(r.text, wordStart, m[1]!, (i) => toSource(r, i), r.escape, undefined);
      if (site) {
        out.push(site);
        CMD_IN_STRING.lastIndex = Math.max(CMD_IN_STRING.lastIndex, wordStart + 1);
      }
    }
  }
  return out;
}

function isShellLike(language: Language): boolean {
  return ['shell', 'yaml', 'plain', 'dotenv', 'toml', 'ini'].includes(language.family.name);
}

interface Word {
  text: string;
  start: number;
  end: number;
  /** The raw text held a run-time expansion ($VAR, $(…), backticks). */
  dynamic: boolean;
}

/**
 * The range of a word's value without its quotes, when the whole value is quoted (`'x'`, `"x"`). A
 * lone quote (an unterminated string at the end of the text) is not a quoted value.
 */
function unquoted(s: string, start: number, end: number): [number, number] {
  const q = s[start];
  return end - start >= 2 && (q === '"' || q === "'") && s[end - 1] === q ? [start + 1, end - 1] : [start, end];
}

/** Shell words from `from` to the end of the command. */
function words(s: string, from: number, masked: Uint8Array | undefined): { list: Word[]; end: number } {
  const list: Word[] = [];
  let i = from;
  const n = s.length;
  for (;;) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || (s[i] === '\\' && (s[i + 1] === '\n' || (s[i + 1] === '\r' && s[i + 2] === '\n'))))) i += s[i] === '\\' ? (s[i + 1] === '\r' ? 3 : 2) : 1;
    if (i >= n || s[i] === '\n' || s[i] === '\r' || ';|&)`'.includes(s[i]!) || (masked && masked[i] === 2) || (s[i] === '#' && (i === 0 || /\s/.test(s[i - 1]!)))) break;
    if (list.length > 200) break;
    // Redirections: skip the operator and its target.
    if (s[i] === '<' || s[i] === '>') {
      while (i < n && (s[i] === '<' || s[i] === '>' || s[i] === '&')) i++;
      while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    }
    const start = i;
    let text = '';
    let dynamic = false;
    while (i < n && !/[\s;|&)`<>]/.test(s[i]!)) {
      const ch = s[i]!;
      if (ch === "'") {
        const close = s.indexOf("'", i + 1);
        const end = close < 0 ? n : close;
        text += s.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        let j = i + 1;
        while (j < n && s[j] !== '"') {
          if (s[j] === '\\' && j + 1 < n) {
            text += s[j + 1];
            j += 2;
            continue;
          }
          if (s[j] === '$' || s[j] === '`') dynamic = true;
          text += s[j];
          j++;
        }
        i = j + 1;
      } else if (ch === '\\' && i + 1 < n) {
        text += s[i + 1];
        i += 2;
      } else {
        if (ch === '$') dynamic = true;
        text += ch;
        i++;
      }
    }
    if (i > start) list.push({ text, start, end: Math.min(i, n), dynamic: dynamic || isDynamic(text) });
    else i++;
  }
  return { list, end: i };
}

function parseCommand(s: string, wordStart: number, command: string, at: (i: number) => number, escape: Region['escape'], masked: Uint8Array | undefined): SiteDraft | undefined {
  const commandEnd = wordStart + command.length;
  const { list } = words(s, commandEnd, masked);
  const params: Param[] = [];
  let passwordSpan: Span | undefined;
  const span = (a: number, b: number): Span => ({ start: at(a), end: at(b) });
  for (let k = 0; k < list.length; k++) {
    const w = list[k]!;
    const t = w.text;
    if (t === '--') break;
    let key: string | undefined;
    let value = '';
    let keyEnd = w.end;
    let valueStart = w.end;
    let valueEnd = w.end;
    let dyn = w.dynamic;
    let removeEnd = w.end;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      key = (eq < 0 ? t : t.slice(0, eq)).toLowerCase().replace(/_/g, '-');
      if (eq >= 0) {
        value = t.slice(eq + 1);
        // The value's range: after the `=` in the raw word (quotes included when the whole value is quoted).
        const rawEq = s.indexOf('=', w.start);
        keyEnd = rawEq;
        valueStart = rawEq + 1;
        valueEnd = w.end;
        [valueStart, valueEnd] = unquoted(s, valueStart, valueEnd);
      } else if (TAKES_VALUE.has(key) && list[k + 1] && !list[k + 1]!.text.startsWith('-')) {
        const v = list[++k]!;
        value = v.text;
        dyn = v.dynamic;
        valueStart = v.start;
        valueEnd = v.end;
        [valueStart, valueEnd] = unquoted(s, valueStart, valueEnd);
        removeEnd = v.end;
      }
    } else if (/^-[A-Za-z]/.test(t)) {
      const letter = t[1]!;
      if (letter === 'p') {
        if (t.length > 2) passwordSpan = span(w.start + 2, w.end);
        continue;
      }
      const long = SHORT[letter];
      if (!long) continue;
      key = long;
      keyEnd = w.start + 2;
      if (t.length > 2) {
        value = t.slice(2);
        valueStart = w.start + 2;
      } else if (list[k + 1]) {
        const v = list[++k]!;
        value = v.text;
        dyn = v.dynamic;
        valueStart = v.start;
        valueEnd = v.end;
        removeEnd = v.end;
        [valueStart, valueEnd] = unquoted(s, valueStart, valueEnd);
      }
    } else continue;
    if (key === '--password') {
      if (value !== '') passwordSpan = span(valueStart, valueEnd);
      continue;
    }
    // A flag without a value: its range is the flag itself.
    if (valueStart === valueEnd && value === '' && valueEnd === w.end) {
      valueStart = w.start;
      valueEnd = keyEnd;
    }
    const removeStart = w.start > 0 && (s[w.start - 1] === ' ' || s[w.start - 1] === '\t') ? w.start - 1 : w.start;
    params.push({ key, value, keySpan: span(w.start, keyEnd), valueSpan: span(valueStart, valueEnd), removeSpan: span(removeStart, removeEnd), dynamic: dyn });
  }
  // A bare command word (a package name in a list, `which mysql`) is not a connection, nor is `mysql --version`.
  if (!list.some((w) => w.text.startsWith('-'))) return undefined;
  if (list.some((w) => /^(--version|-V|--help|-\?|-I|--print-defaults)$/.test(w.text))) return undefined;
  const last = list[list.length - 1];
  const end = last ? last.end : commandEnd;
  const get = (k: string): Param | undefined => [...params].reverse().find((p) => p.key === k);
  const host = get('--host');
  const sock = get('--socket');
  const hosts: HostSpec[] = [];
  if (host) {
    const h: HostSpec = { host: host.dynamic ? '${' + host.value + '}' : host.value };
    const port = get('--port');
    if (port) h.port = port.value;
    hosts.push(h);
  } else hosts.push({ host: sock ? sock.value : 'localhost' });
  const maria = command.startsWith('mariadb');
  const site: SiteDraft = {
    kind: 'command',
    span: span(wordStart, end),
    params,
    hosts,
    anchor: span(wordStart, commandEnd),
    insertion: { offset: at(commandEnd), prefix: ' ', suffix: '', assign: '=' },
    escape,
    driver: 'mysql-client',
    driverReason: maria ? l10n.t("the {0} command is MariaDB's client", command) : l10n.t("the {0} command-line client (MySQL's options; MariaDB's client of the same name differs)", command),
  };
  if (maria) site.driverVariant = 'mariadb-client';
  const user = get('--user');
  if (user) site.user = user.value;
  const db = get('--database');
  if (db) site.database = db.value;
  if (passwordSpan) site.passwordSpan = passwordSpan;
  return site;
}
