/**
 * Hover content for a connection site: what the driver does with it. Passwords are shown as •••;
 * nothing is copied from the password's span.
 */
import type { AnalysedSite, LintResult, Policy, Tristate } from './types';

const MASK = '•••';

/** Escapes text from the document for a markdown table cell. */
function cell(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|#]/g, (c) => '\\' + c).replace(/[\r\n]+/g, ' ');
}

function code(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  return clean.includes('`') ? '`` ' + clean + ' ``' : '`' + clean + '`';
}

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
      return `file ${code(t.path)}`;
    case 'system':
      return t.param.key === 'sslfactory' ? "the JVM's truststore (`DefaultJavaSSLFactory`)" : `the operating system's trust store (${code(`${t.param.key}=system`)})`;
    case 'default-file':
    case 'node-default':
      return cell(t.description);
    default:
      return 'none';
  }
}

const KIND_LABEL = { uri: 'connection URI', keyvalue: 'keyword/value connection string', jdbc: 'JDBC URL', env: 'environment variables', object: 'driver options object' };

export function siteMarkdown({ site, policy }: AnalysedSite): string {
  const rows: [string, string][] = [];
  if (site.kind !== 'env') {
    const hosts = site.hosts.length ? site.hosts.map((h) => cell(h.host) + (h.port ? ':' + cell(h.port) : '')).join(', ') : '(default)';
    rows.push(['Host', hosts]);
    if (site.database !== undefined) rows.push(['Database', cell(site.database)]);
    if (site.user !== undefined) rows.push(['User', cell(site.user)]);
    if (site.passwordSpan) rows.push(['Password', MASK]);
  }
  const modeName = site.kind === 'env' ? 'PGSSLMODE' : 'sslmode';
  rows.push([`${modeName} as written`, policy.modeWritten !== undefined ? code(policy.modeWritten) : '(not set)']);
  rows.push([`${modeName} as applied`, cell(policy.modeApplied)]);
  rows.push(['Encrypts', encrypts(policy)]);
  rows.push(['Verifies certificate chain', yesNo(policy.verifiesChain)]);
  rows.push(['Verifies host name', yesNo(policy.verifiesHost)]);
  rows.push(['Trust', trust(policy)]);
  if (policy.disabledBy) rows.push(['Verification turned off by', code(policy.disabledBy.what)]);
  rows.push(['Driver assumed', `**${policy.driver}**: ${cell(site.driverReason)}`]);

  let md = `**dbtrust** — ${KIND_LABEL[site.kind]}\n\n| | |\n|---|---|\n`;
  md += rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n') + '\n';
  const notes = [...policy.notes];
  if (policy.futureWeak) notes.push(policy.futureWeak + '.');
  if (policy.local === 'loopback') notes.push('All hosts are on this machine (loopback): findings are reported as information.');
  if (notes.length) md += '\n' + notes.map((n) => `- ${n}`).join('\n') + '\n';
  return md;
}

/** The connection site under `offset`, if any. */
export function siteAt(result: LintResult, offset: number): AnalysedSite | undefined {
  return result.sites.find(({ site }) => offset >= site.span.start && offset <= site.span.end);
}

/** Markdown for the site under `offset`, or undefined when there is none. */
export function hoverMarkdown(_text: string, result: LintResult, offset: number): string | undefined {
  const hit = siteAt(result, offset);
  return hit ? siteMarkdown(hit) : undefined;
}
