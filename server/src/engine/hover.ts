/**
 * Hover content for a connection site: what the driver does with it. Passwords are shown as •••;
 * nothing is copied from the password's span.
 */
import * as l10n from '@vscode/l10n';
import { driverLabel } from './drivers';
import { cell, code, codeCell } from './markdown';
import { redactShown } from './redact';
import { trustMarkdown } from './trustHover';
import type { AnalysedSite, LintResult, Policy, SiteKind, Tristate } from './types';

const MASK = '•••';

function unknown(): string {
  return l10n.t({ message: 'unknown', comment: ['A hover table value: not known here.'] });
}

function yesNo(t: Tristate): string {
  return t === 'yes' ? l10n.t({ message: 'yes', comment: ['A hover table value.'] }) : t === 'no' ? `**${l10n.t({ message: 'no', comment: ['A hover table value.'] })}**` : unknown();
}

function encrypts(p: Policy): string {
  switch (p.encrypts) {
    case 'always':
      return l10n.t({ message: 'always', comment: ['A hover table value: whether TLS is used.'] });
    case 'maybe':
      return l10n.t('**maybe** (falls back to plaintext)');
    case 'never':
      return `**${l10n.t({ message: 'never', comment: ['A hover table value: whether TLS is used.'] })}**`;
    default:
      return unknown();
  }
}

function trust(p: Policy): string {
  const t = p.trust;
  switch (t.kind) {
    case 'file':
      return l10n.t('file {0}', codeCell(redactShown(t.path)));
    case 'system':
      return t.param.key === 'sslfactory' ? l10n.t("the JVM's truststore ({0})", '`DefaultJavaSSLFactory`') : l10n.t("the operating system's trust store ({0})", code(`${t.param.key}=system`));
    case 'default-file':
    case 'node-default':
      return cell(t.description);
    default:
      return l10n.t({ message: 'none', comment: ['A hover table value: no trust source.'] });
  }
}

function kindLabel(kind: SiteKind): string {
  switch (kind) {
    case 'uri':
      return l10n.t('connection URI');
    case 'keyvalue':
      return l10n.t('keyword/value connection string');
    case 'jdbc':
      return l10n.t('JDBC URL');
    case 'env':
      return l10n.t('environment variables');
    case 'object':
      return l10n.t('driver options object');
    case 'adonet':
      return l10n.t('connection string (Key=Value;…)');
    case 'dsn':
      return l10n.t('driver DSN');
    case 'call':
      return l10n.t('connection call or properties in code');
    case 'command':
      return l10n.t('command line');
    case 'prisma':
      return l10n.t('Prisma datasource');
  }
}

/**
 * A port as shown: a number or a placeholder. Anything else is what a password looks like where a
 * `user:password` lost its `@` (`postgres://sa:secret-host/db` reads as host `sa`, port `secret-host`).
 */
function shownPort(port: string): string {
  return /^\d{1,5}$|^\$\{?[A-Za-z_][\w:-]*\}?$|^%[A-Za-z_]\w*%$/.test(port) ? port : MASK;
}

/** A host as shown: a name or an IP address; a `name:rest` that is neither a port nor IPv6 is `name:•••`. */
function shownHost(host: string): string {
  if (/^\[[^\]]*\]$|^[0-9A-Fa-f:.]+$/.test(host)) return host;
  const colon = host.indexOf(':');
  if (colon < 0 || /^\d{1,5}$/.test(host.slice(colon + 1))) return host;
  return `${host.slice(0, colon)}:${MASK}`;
}

/**
 * A database name as shown. An `@` or a `:` in it is what the rest of a `user:password@` looks like
 * when the password holds an unencoded `/`: the user information ends at the first `/`, so
 * `postgres://sa:se/cret@host/db` reads as host `sa`, port `se` and database `cret@host/db`. What
 * comes before the last `@` is not shown, nor what follows a `:` (after that `@`: `•••@h:•••`, as a
 * second `user:password@` leaves it).
 */
function shownDatabase(db: string): string {
  const at = db.lastIndexOf('@');
  return at >= 0 ? MASK + '@' + maskAfterColon(db.slice(at + 1)) : maskAfterColon(db);
}

function maskAfterColon(value: string): string {
  const colon = value.indexOf(':');
  return colon < 0 ? value : `${value.slice(0, colon + 1)}${MASK}`;
}

/**
 * A user name as shown. A `:` in it is what a `user:password` looks like where only a user name is
 * read (`?user=app:secret`, or a DSN whose `@` was lost): what follows it is not shown.
 */
function shownUser(user: string): string {
  return maskAfterColon(user);
}

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
    const none = site.kind === 'object' ? l10n.t('(not written here)') : l10n.t('(default)');
    const hosts = site.hosts.length ? site.hosts.map((h) => cell(redactShown(h.port ? `${shownHost(h.host)}:${shownPort(h.port)}` : shownHost(h.host)))).join(', ') : none;
    rows.push([l10n.t('Host'), hosts]);
    if (site.database !== undefined) rows.push([l10n.t('Database'), cell(redactShown(shownDatabase(site.database)))]);
    if (site.user !== undefined) rows.push([l10n.t('User'), cell(redactShown(shownUser(site.user)))]);
    if (site.passwordSpan) rows.push([l10n.t('Password'), MASK]);
  }
  if (site.kind === 'object' && policy.modeKey === undefined) {
    // An options object has no sslmode: its `ssl` property plays that part (a driver that names its own mode setting shows that instead).
    const ssl = site.params.find((p) => p.key === 'ssl');
    rows.push([l10n.t('ssl option'), ssl ? codeCell(ssl.value === 'object' ? 'ssl: { … }' : `ssl: ${ssl.value}`) : l10n.t('(not set)')]);
    rows.push([l10n.t('ssl option as applied'), cell(policy.modeApplied)]);
  } else {
    const modeName = policy.modeKey ?? (site.kind === 'env' ? 'PGSSLMODE' : 'sslmode');
    rows.push([l10n.t('{0} as written', modeName), policy.modeWritten !== undefined ? codeCell(policy.modeWritten) : l10n.t('(not set)')]);
    rows.push([l10n.t('{0} as applied', modeName), cell(policy.modeApplied)]);
  }
  rows.push([l10n.t('Encrypts'), encrypts(policy)]);
  rows.push([l10n.t('Verifies certificate chain'), yesNo(policy.verifiesChain)]);
  rows.push([l10n.t('Verifies host name'), yesNo(policy.verifiesHost)]);
  rows.push([l10n.t('Trust'), trust(policy)]);
  if (policy.disabledBy) rows.push([l10n.t('Verification turned off by'), codeCell(policy.disabledBy.what)]);
  rows.push([l10n.t('Driver assumed'), `**${cell(driverLabel(policy.driver))}**: ${cell(site.driverReason)}`]);

  let md = `**dbtrust** — ${kindLabel(site.kind)}\n\n| | |\n|---|---|\n`;
  md += rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n') + '\n';
  const notes = [...policy.notes];
  if (policy.futureWeak) notes.push(l10n.t({ message: '{0}.', args: [policy.futureWeak], comment: ['A clause ended as a sentence: {0} is a statement without its final period.'] }));
  if (policy.local === 'loopback') notes.push(l10n.t('All hosts are on this machine (loopback): findings are reported as information.'));
  if (notes.length) md += '\n' + notes.map((n) => `- ${n}`).join('\n') + '\n';
  const trustPart = trustMarkdown(analysed, options.now ?? new Date(), options.shownPath);
  if (trustPart !== undefined) md += '\n---\n\n' + trustPart;
  // Paths and values quoted anywhere above come from the document: the same last-line redaction.
  return redactShown(md);
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
