/**
 * Hover content for a connection site: what the driver does with it. Passwords are shown as •••;
 * nothing is copied from the password's span.
 */
import { driverLabel } from './drivers';
import { cell, code, codeCell } from './markdown';
import { trustMarkdown } from './trustHover';
import type { AnalysedSite, LintResult, Policy, SiteKind, Tristate } from './types';

const MASK = '•••';

function yesNo(t: Tristate): string {
  return t === 'yes' ? 'yes' : t === 'no' ? '**no**' : 'unknown';
}

function encrypts(p: Policy): string {
  switch (p.encrypts) {
    case 'always':
      return 'always';
    case 'maybe':
      return '**maybe** (falls back to plaintext)';
    case 'never':
      return '**never**';
    default:
      return 'unknown';
  }
}

function trust(p: Policy): string {
  const t = p.trust;
  switch (t.kind) {
    case 'file':
      return `file ${codeCell(t.path)}`;
    case 'system':
      return t.param.key === 'sslfactory' ? "the JVM's truststore (`DefaultJavaSSLFactory`)" : `the operating system's trust store (${code(`${t.param.key}=system`)})`;
    case 'default-file':
    case 'node-default':
      return cell(t.description);
    default:
      return 'none';
  }
}

const KIND_LABEL: Record<SiteKind, string> = {
  uri: 'connection URI',
  keyvalue: 'keyword/value connection string',
  jdbc: 'JDBC URL',
  env: 'environment variables',
  object: 'driver options object',
  adonet: 'connection string (Key=Value;…)',
  dsn: 'driver DSN',
  call: 'connection call or properties in code',
  command: 'command line',
  prisma: 'Prisma datasource',
};

export interface SiteHoverOptions {
  /** "Today" for expiries and provider roots (default: the current date). */
  now?: Date;
  /** How an absolute path is shown (e.g. relative to its workspace folder; default: as is). */
  shownPath?: (abs: string) => string;
}

export function siteMarkdown(analysed: AnalysedSite, options: SiteHoverOptions = {}): string {
  const { site, policy } = analysed;
  const rows: [string, string][] = [];
  if (site.kind !== 'env') {
    // An options object without a host literal takes it from elsewhere (a variable, PGHOST, the connection string).
    const none = site.kind === 'object' ? '(not written here)' : '(default)';
    const hosts = site.hosts.length ? site.hosts.map((h) => cell(h.host) + (h.port ? ':' + cell(h.port) : '')).join(', ') : none;
    rows.push(['Host', hosts]);
    if (site.database !== undefined) rows.push(['Database', cell(site.database)]);
    if (site.user !== undefined) rows.push(['User', cell(site.user)]);
    if (site.passwordSpan) rows.push(['Password', MASK]);
  }
  if (site.kind === 'object' && policy.modeKey === undefined) {
    // An options object has no sslmode: its `ssl` property plays that part (a driver that names its own mode setting shows that instead).
    const ssl = site.params.find((p) => p.key === 'ssl');
    rows.push(['ssl option', ssl ? codeCell(ssl.value === 'object' ? 'ssl: { … }' : `ssl: ${ssl.value}`) : '(not set)']);
    rows.push(['ssl option as applied', cell(policy.modeApplied)]);
  } else {
    const modeName = policy.modeKey ?? (site.kind === 'env' ? 'PGSSLMODE' : 'sslmode');
    rows.push([`${modeName} as written`, policy.modeWritten !== undefined ? codeCell(policy.modeWritten) : '(not set)']);
    rows.push([`${modeName} as applied`, cell(policy.modeApplied)]);
  }
  rows.push(['Encrypts', encrypts(policy)]);
  rows.push(['Verifies certificate chain', yesNo(policy.verifiesChain)]);
  rows.push(['Verifies host name', yesNo(policy.verifiesHost)]);
  rows.push(['Trust', trust(policy)]);
  if (policy.disabledBy) rows.push(['Verification turned off by', codeCell(policy.disabledBy.what)]);
  rows.push(['Driver assumed', `**${cell(driverLabel(policy.driver))}**: ${cell(site.driverReason)}`]);

  let md = `**dbtrust** — ${KIND_LABEL[site.kind]}\n\n| | |\n|---|---|\n`;
  md += rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n') + '\n';
  const notes = [...policy.notes];
  if (policy.futureWeak) notes.push(policy.futureWeak + '.');
  if (policy.local === 'loopback') notes.push('All hosts are on this machine (loopback): findings are reported as information.');
  if (notes.length) md += '\n' + notes.map((n) => `- ${n}`).join('\n') + '\n';
  const trustPart = trustMarkdown(analysed, options.now ?? new Date(), options.shownPath);
  if (trustPart !== undefined) md += '\n---\n\n' + trustPart;
  return md;
}

/** The connection site under `offset`, if any. */
export function siteAt(result: LintResult, offset: number): AnalysedSite | undefined {
  return result.sites.find(({ site }) => offset >= site.span.start && offset <= site.span.end);
}

/** Markdown for the site under `offset`, or undefined when there is none. */
export function hoverMarkdown(_text: string, result: LintResult, offset: number, options: SiteHoverOptions = {}): string | undefined {
  const hit = siteAt(result, offset);
  return hit ? siteMarkdown(hit, options) : undefined;
}
