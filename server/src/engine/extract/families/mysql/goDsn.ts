/**
 * go-sql-driver/mysql DSNs (dsn.go ParseDSN, go-sql-driver/mysql 416cd99, v1.10):
 *
 *     [user[:password]@][net[(addr)]]/dbname[?param1=value1&paramN=valueN]
 *     root:secret@tcp(db.example.com:3306)/app?tls=skip-verify&parseTime=true
 *
 * The DSN's last `/` ends the address; the last `@` before it ends the user information; the first
 * `:` in that splits user and password. Parameters are `&`-separated, keys case-sensitive. A DSN is
 * recognised by its `net(addr)` part (tcp, tcp6, unix) after `@` or at the start of a token.
 *
 * In a Go file, a custom TLS name (`tls=custom`) is looked up among
 * `mysql.RegisterTLSConfig("custom", cfg)` calls of the same file, cfg an inline `&tls.Config{…}` or a
 * variable assigned one; its InsecureSkipVerify, ServerName, RootCAs and custom verification
 * callbacks become parameters of the site (`tlsConfig.<Field>`), with their ranges in that literal.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../../language';
import type { Region } from '../../../scan';
import { toSource } from '../../../scan';
import type { HostSpec, Param, Span } from '../../../types';
import { isDynamic, safeDecode, sourceSpan } from '../../common';
import type { SiteDraft } from '../../uri';
import { Code, Literal } from './code';

const NET = /(?:^|@)(tcp6?|unix|udp)\(/g;
/** A region without one of these holds no NET match. */
export const NET_WORDS = ['tcp(', 'tcp6(', 'unix(', 'udp('];

export const GO_REASON = (): string => l10n.t('a DSN with a net(addr) part is the go-sql-driver/mysql format');

const PASSWORD_KEY_BEFORE = /(?:^|[^A-Za-z0-9_])(?:password|passwd|pwd)\s*$/i;

/** `regions`: the lexer's regions that may hold a net( part (see NET_WORDS), in text order. */
export function extractGoDsns(regions: readonly Region[], language: Language, code: () => Code): SiteDraft[] {
  const out: SiteDraft[] = [];
  let registry: Map<string, TlsConfig> | undefined;
  const lookup = (name: string): TlsConfig | undefined => {
    if (language.family.name !== 'go') return undefined;
    registry ??= registeredConfigs(code());
    return registry.get(name);
  };
  for (const region of regions) {
    if (!region.text.includes('(')) continue;
    const t = region.text;
    NET.lastIndex = 0;
    // Each token is parsed once, whatever the number of net( parts in it.
    let tokenEnd = -1;
    for (let m = NET.exec(t); m; m = NET.exec(t)) {
      const netStart = m[0].startsWith('@') ? m.index + 1 : m.index;
      if (netStart < tokenEnd) continue;
      // The token: back to white space, a quote or `=` (a .env / YAML value), forward to white space.
      let start = netStart;
      while (start > 0 && start > tokenEnd && !/[\s"'`=,;]/.test(t[start - 1]!)) start--;
      // The value of a password key (`&password=…@tcp(…)`): a password that happens to hold the
      // pattern, not a DSN whose user it would show.
      const passwordValue = t[start - 1] === '=' && PASSWORD_KEY_BEFORE.test(t.slice(Math.max(0, start - 12), start - 1));
      // `user:pass=word@tcp(…)`: an `=` inside the password, not a `key=` before the DSN.
      if (t[start - 1] === '=' && !passwordValue) {
        let head = start - 1;
        while (head > 0 && head > tokenEnd && !/[\s"'`,;]/.test(t[head - 1]!)) head--;
        if (t.slice(head, start - 1).includes(':')) start = head;
      }
      let end = netStart;
      while (end < t.length && !/[\s"'`]/.test(t[end]!)) end++;
      tokenEnd = end;
      NET.lastIndex = Math.max(NET.lastIndex, end);
      if (passwordValue) continue;
      const site = parseDsn(region, start, end, lookup);
      if (site) out.push(site);
    }
  }
  return out;
}

function parseDsn(region: Region, start: number, end: number, lookup: (name: string) => TlsConfig | undefined): SiteDraft | undefined {
  const t = region.text;
  const slash = t.lastIndexOf('/', end - 1);
  // The address must close right before the last `/` (dsn.go: "dsn[i-1] must be == ')'").
  const netOpen = t.indexOf('(', start);
  if (slash < start || netOpen < 0 || netOpen > slash || t[slash - 1] !== ')') return undefined;
  const at = t.lastIndexOf('@', netOpen);
  let user: string | undefined;
  let passwordSpan: Span | undefined;
  if (at >= start) {
    const colon = t.indexOf(':', start);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    if (userEnd > start) user = t.slice(start, userEnd);
    if (colon >= 0 && colon < at) passwordSpan = sourceSpan(region, colon + 1, at);
  }
  const net = t.slice(at >= start ? at + 1 : start, netOpen);
  if (!/^(tcp6?|unix|udp)$/.test(net)) return undefined;
  const addr = t.slice(netOpen + 1, slash - 1);
  const q = t.indexOf('?', slash);
  const qIdx = q >= 0 && q < end ? q : -1;
  const db = t.slice(slash + 1, qIdx < 0 ? end : qIdx);
  const params = qIdx >= 0 ? goParams(region, qIdx + 1, end, qIdx) : [];

  const hosts: HostSpec[] = [];
  if (net === 'unix') hosts.push({ host: addr.startsWith('/') ? addr : `/${addr}` });
  else if (addr !== '') {
    // An IPv6 address without brackets has no port (dsn.go ensureHavePort adds 3306).
    const m = (addr.indexOf(':') !== addr.lastIndexOf(':') && !addr.startsWith('[') ? null : /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(addr)) ?? [addr, addr, undefined];
    const h: HostSpec = { host: m[1]!.replace(/^\[|\]$/g, '') };
    if (m[2]) h.port = m[2];
    hosts.push(h);
  } else hosts.push({ host: '127.0.0.1' }); // dsn.go normalize: default addr for tcp is 127.0.0.1:3306

  // A registered custom TLS config of this file becomes parameters of the site.
  const tls = [...params].reverse().find((p) => p.key === 'tls');
  if (tls && !tls.dynamic && !['true', 'false', '1', '0', 'TRUE', 'FALSE', 'True', 'False'].includes(tls.value) && !['skip-verify', 'preferred'].includes(tls.value.toLowerCase())) {
    const cfg = lookup(safeDecode(tls.value));
    if (cfg) params.push(...cfg.params);
  }

  const site: SiteDraft = {
    kind: 'dsn',
    span: sourceSpan(region, start, end),
    params,
    hosts,
    insertion: { offset: toSource(region, end), prefix: qIdx < 0 ? '?' : t[end - 1] === '?' || t[end - 1] === '&' ? '' : '&', suffix: '', assign: '=' },
    escape: region.escape,
    driver: 'go-mysql',
    driverReason: GO_REASON(),
  };
  if (user !== undefined) site.user = user;
  if (db !== '') site.database = db;
  if (passwordSpan) site.passwordSpan = passwordSpan;
  return site;
}

/** dsn.go parseDSNParams: `&`-separated `key=value`, values query-unescaped per key (tls: QueryUnescape). */
function goParams(region: Region, start: number, end: number, qIdx: number): Param[] {
  const t = region.text;
  const pieces: { s: number; e: number }[] = [];
  for (let i = start; i <= end; ) {
    let j = t.indexOf('&', i);
    if (j < 0 || j > end) j = end;
    if (j > i) pieces.push({ s: i, e: j });
    i = j + 1;
  }
  return pieces.map((p, idx) => {
    const eq = t.indexOf('=', p.s);
    const has = eq >= 0 && eq < p.e;
    const keyEnd = has ? eq : p.e;
    const vs = has ? eq + 1 : p.e;
    let rs = p.s;
    let re = p.e;
    if (idx > 0) rs = p.s - 1;
    else if (pieces.length > 1) re = pieces[1]!.s;
    else rs = qIdx;
    const raw = t.slice(vs, p.e);
    return {
      key: t.slice(p.s, keyEnd),
      value: raw,
      keySpan: sourceSpan(region, p.s, keyEnd),
      valueSpan: sourceSpan(region, vs, p.e),
      removeSpan: sourceSpan(region, rs, re),
      dynamic: isDynamic(raw),
    };
  });
}

interface TlsConfig {
  params: Param[];
}

/**
 * `mysql.RegisterTLSConfig("name", &tls.Config{…})` or `…("name", cfg)` with `cfg := &tls.Config{…}`
 * (or `cfg = `, `var cfg = `) in the same file, and `cfg.InsecureSkipVerify = true` assignments.
 */
function registeredConfigs(code: Code): Map<string, TlsConfig> {
  const out = new Map<string, TlsConfig>();
  const text = code.text;
  const REG = /\bRegisterTLSConfig\s*\(/g;
  let seen = 0;
  // A file registers a handful of configs; past that they are not looked at (each costs a pass over the text).
  for (let m = REG.exec(text); m && seen < 20; m = REG.exec(text)) {
    if (!code.isCode(m.index)) continue;
    seen++;
    const paren = m.index + m[0].length - 1;
    const args = code.entries(paren, 'colon');
    if (!args || args.entries.length !== 2) continue;
    const [nameArg, cfgArg] = args.entries as [Literal['entries'][number], Literal['entries'][number]];
    const name = code.literal(code.single(nameArg.valueStart, nameArg.valueEnd));
    if (name === undefined) continue;
    const cfg = configLiteral(code, cfgArg.valueStart, cfgArg.valueEnd);
    out.set(name, { params: cfg ?? [dynamicConfig(code, cfgArg.valueStart, cfgArg.valueEnd)] });
  }
  return out;
}

function dynamicConfig(code: Code, start: number, end: number): Param {
  const span = { start, end };
  return { key: 'tlsConfig', value: code.shortText(start, end), keySpan: span, valueSpan: span, removeSpan: span, dynamic: true };
}

/** The fields of `&tls.Config{…}` (inline, or the literal assigned to the identifier). */
function configLiteral(code: Code, start: number, end: number): Param[] | undefined {
  const toks = code.tokens(start, end, 8);
  let brace = -1;
  let ident: string | undefined;
  if (toks.length === 1 && toks[0]!.kind === 'ident') ident = code.tokText(toks[0]!);
  else {
    const b = toks.find((t) => code.isPunct(t, '{'));
    if (b && /^&?\s*tls\s*\.\s*Config\s*$/.test(code.text.slice(start, b.start).trim())) brace = b.start;
  }
  const extra: Param[] = [];
  if (ident !== undefined) {
    const esc = ident.replace(/[^A-Za-z0-9_]/g, '\\$&');
    const decl = new RegExp(`\\b${esc}\\s*(?::=|=)\\s*&\\s*tls\\s*\\.\\s*Config\\s*\\{`, 'g');
    for (let m = decl.exec(code.text); m; m = decl.exec(code.text)) if (code.isCode(m.index)) brace = m.index + m[0].length - 1;
    const assign = new RegExp(`\\b${esc}\\s*\\.\\s*(InsecureSkipVerify|ServerName|RootCAs|VerifyPeerCertificate|VerifyConnection)\\s*=(?!=)\\s*([^\\n;]+)`, 'g');
    for (let m = assign.exec(code.text); m; m = assign.exec(code.text)) {
      if (!code.isCode(m.index)) continue;
      const keyStart = code.text.indexOf(m[1]!, m.index);
      const vStart = m.index + m[0].length - m[2]!.length;
      const vEnd = code.trimEnd(vStart, vStart + m[2]!.length);
      extra.push(field(code, m[1]!, { start: keyStart, end: keyStart + m[1]!.length }, vStart, vEnd));
    }
  }
  if (brace < 0) return ident !== undefined && extra.length ? [...extra, dynamicConfig(code, start, end)] : undefined;
  const lit = code.entries(brace, 'colon');
  if (!lit) return undefined;
  const params: Param[] = [];
  for (const e of lit.entries) {
    if (!['InsecureSkipVerify', 'ServerName', 'RootCAs', 'VerifyPeerCertificate', 'VerifyConnection'].includes(e.key)) continue;
    params.push(field(code, e.key, e.keySpan, e.valueStart, e.valueEnd, e.removeSpan));
  }
  // A config with no field of interest still counts as found (verifying, with the system roots).
  params.push({ key: 'tlsConfig', value: 'found', keySpan: { start: brace, end: brace + 1 }, valueSpan: { start: brace, end: brace + 1 }, removeSpan: { start: brace, end: brace + 1 }, dynamic: false });
  return [...params, ...extra];
}

function field(code: Code, key: string, keySpan: Span, vStart: number, vEnd: number, removeSpan?: Span): Param {
  const tok = code.single(vStart, vEnd);
  const word = tok?.kind === 'ident' ? code.tokText(tok) : undefined;
  const lit = code.literal(tok);
  const value = word ?? (lit !== undefined ? lit : code.shortText(vStart, vEnd));
  const dynamic = key === 'InsecureSkipVerify' ? word !== 'true' && word !== 'false' : key === 'ServerName' ? lit === undefined : false;
  return { key: `tlsConfig.${key}`, value, keySpan, valueSpan: { start: vStart, end: vEnd }, removeSpan: removeSpan ?? { start: keySpan.start, end: vEnd }, dynamic };
}
