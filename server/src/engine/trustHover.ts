/**
 * Hover content about trust: the section a connection site's hover gets for its trust setting (where
 * the trust file is, what it holds, what each certificate is worth for that host, what the provider
 * expects), and the hover inside an open certificate file.
 *
 * Everything read from a file or a certificate is escaped with `untrusted`: a certificate subject is
 * whatever its maker wrote, and may not end a table cell, open a link or carry HTML.
 */
import * as l10n from '@vscode/l10n';
import { commaList, semicolonList, sentences } from './l10n';
import { cell, code, codeCell, untrusted } from './markdown';
import { providerById } from './providers';
import type { KnownCa, ProviderId } from './providers';
import { days, driverName, roleName, rootsPhrase } from './rules/trustCommon';
import { problemMeaning } from './trust';
import type { CertInfo, ChainLink, TrustFileResult } from './trust';
import type { TrustFileAnalysis } from './trustAnalysis';
import { MAX_TRUST_FILE_BYTES } from './trustSource';
import type { CandidateBasis } from './trustSource';
import { judgeFile, siteProvider, trustFileUsed } from './trustVerdict';
import type { CertVerdict, FileVerdict, ProviderView } from './trustVerdict';
import type { AnalysedSite, Policy } from './types';

/** Rows of a certificate table; the rest is counted. */
export const MAX_TABLE_ROWS = 25;

/** Byte pairs shown at each end of a shortened fingerprint (more when two certificates would look alike). */
const SHORT_PAIRS = 4;

function day(d: Date | string): string {
  if (typeof d === 'string') return d.slice(0, 10);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(0, 10);
}

function providerNames(ids: readonly ProviderId[]): string {
  return ids.map((id) => providerById(id)?.name ?? id).join(', ');
}

/** A certificate's name for text: its CN, else its subject, else its number. */
function certName(c: CertInfo): string {
  const name = c.subjectCN ?? (c.subject !== '' ? c.subject : undefined);
  return name === undefined ? l10n.t('certificate {0}', c.index + 1) : untrusted(name);
}

// ---------------------------------------------------------------------------------------------------
// Fingerprints

function shortForm(pairs: string[], k: number): string {
  return 2 * k >= pairs.length ? pairs.join(':') : `${pairs.slice(0, k).join(':')}…${pairs.slice(-k).join(':')}`;
}

/**
 * Shortened SHA-256 fingerprints (`CB:3C:CB:B7…5A:B1:CB:5F`), by certificate index. Two different
 * certificates of the file never share a short form: the ends grow until they differ.
 */
export function shortFingerprints(certs: readonly CertInfo[]): string[] {
  const pairs = certs.map((c) => c.sha256Colon.split(':'));
  let k = SHORT_PAIRS;
  for (; k < 16; k++) {
    const seen = new Map<string, string>();
    const clash = certs.some((c, i) => {
      const s = shortForm(pairs[i]!, k);
      const prev = seen.get(s);
      seen.set(s, c.sha256);
      return prev !== undefined && prev !== c.sha256;
    });
    if (!clash) break;
  }
  return pairs.map((p) => shortForm(p, k));
}

// ---------------------------------------------------------------------------------------------------
// Verdicts

function knownLabel(k: KnownCa): string {
  return k.note !== undefined ? k.note : k.name;
}

interface Verdict {
  /** The table's phrase, e.g. `pinned intermediate (its root is not in this file)`. */
  text: string;
  /** The kind, to count the rows left out of a table (a stable name, not shown). */
  kind: VerdictKind;
}

type VerdictKind =
  | 'duplicate'
  | 'skipped'
  | 'retired'
  | 'expired'
  | 'not-yet-valid'
  | 'accepted-root'
  | 'pinned-intermediate'
  | 'pinned-leaf'
  | 'intermediate'
  | 'leaf'
  | 'unused-root'
  | 'root';

/** "3 accepted roots": how many certificates of a kind. */
function countOf(kind: VerdictKind, n: number): string {
  const one = n === 1;
  switch (kind) {
    case 'duplicate':
      return one ? l10n.t('1 duplicate') : l10n.t('{0} duplicates', n);
    case 'skipped':
      return l10n.t('{0} skipped by OpenSSL', n);
    case 'retired':
      return l10n.t('{0} retired', n);
    case 'expired':
      return l10n.t('{0} expired', n);
    case 'not-yet-valid':
      return l10n.t('{0} not yet valid', n);
    case 'accepted-root':
      return one ? l10n.t('1 accepted root') : l10n.t('{0} accepted roots', n);
    case 'pinned-intermediate':
      return one ? l10n.t('1 pinned intermediate') : l10n.t('{0} pinned intermediates', n);
    case 'pinned-leaf':
      return one ? l10n.t('1 pinned server certificate') : l10n.t('{0} pinned server certificates', n);
    case 'intermediate':
      return one ? l10n.t('1 intermediate') : l10n.t('{0} intermediates', n);
    case 'leaf':
      return one ? l10n.t('1 server certificate') : l10n.t('{0} server certificates', n);
    case 'unused-root':
      return one ? l10n.t('1 root not used by this host') : l10n.t('{0} roots not used by this host', n);
    default:
      return one ? l10n.t('1 root') : l10n.t('{0} roots', n);
  }
}

/** What this certificate is worth in this file (for this provider, when there is one). */
function verdictOf(v: CertVerdict, provider: ProviderView | undefined): Verdict {
  const c = v.cert;
  const is = (text: string, kind: VerdictKind): Verdict => ({ text, kind });
  if (v.link.duplicateOf !== undefined) return is(l10n.t('duplicate of {0}', `#${v.link.duplicateOf + 1}`), 'duplicate');
  if (c.defects && c.defects.length > 0) return is(l10n.t('skipped by OpenSSL ({0})', semicolonList(c.defects.map(problemMeaning))), 'skipped');
  if (v.retired) return is(l10n.t('retired: {0}', v.retired.reason), 'retired');
  if (v.expiry.expired) return is(l10n.t('expired on {0}', day(c.notAfter)), 'expired');
  if (v.expiry.notYetValid) return is(l10n.t('not valid before {0}', day(c.notBefore)), 'not-yet-valid');
  if (v.accepted && provider) return is(l10n.t('accepted root of {0}', provider.match.provider.name), 'accepted-root');
  if (v.pinned === 'intermediate') return is(l10n.t('pinned intermediate (its root is not in this file)'), 'pinned-intermediate');
  if (v.pinned === 'leaf') return is(c.selfSigned ? l10n.t('pinned server certificate (self-signed)') : l10n.t('pinned server certificate'), 'pinned-leaf');
  const issuer = v.link.issuerIndex !== undefined ? `#${v.link.issuerIndex + 1}` : undefined;
  if (c.role === 'intermediate') return is(issuer ? l10n.t('intermediate under {0}', issuer) : l10n.t({ message: 'intermediate', comment: ['The role of a certificate: a CA that is not self-signed.'] }), 'intermediate');
  if (c.role === 'leaf') return is(issuer ? l10n.t('server certificate under {0}', issuer) : l10n.t('server certificate'), 'leaf');
  // A valid root.
  if (provider?.accepted) return is(v.known ? l10n.t('root not used by this host ({0})', knownLabel(v.known)) : l10n.t('root not used by this host'), 'unused-root');
  if (v.known?.status === 'accepted' && v.known.providers.length > 0) {
    const names = providerNames(v.known.providers);
    return is(v.known.note !== undefined ? l10n.t('root of {0} ({1})', names, v.known.note) : l10n.t('root of {0}', names), 'root');
  }
  return is(l10n.t({ message: 'root', comment: ['The role of a certificate: a self-signed CA.'] }), 'root');
}

/** "…and 83 more certificates: 80 roots not used by this host; 3 accepted roots (#90, #97, #101)." */
function restLine(rest: readonly CertVerdict[], provider: ProviderView | undefined): string {
  const kinds = new Map<VerdictKind, number[]>();
  for (const v of rest) {
    const kind = verdictOf(v, provider).kind;
    const refs = kinds.get(kind) ?? [];
    refs.push(v.cert.index + 1);
    kinds.set(kind, refs);
  }
  const parts = [...kinds.entries()].map(([kind, refs]) => {
    const n = refs.length;
    return countOf(kind, n) + (n <= 5 ? ` (${refs.map((i) => `#${i}`).join(', ')})` : '');
  });
  return rest.length === 1 ? l10n.t('…and 1 more certificate: {0}.', semicolonList(parts)) : l10n.t('…and {0} more certificates: {1}.', rest.length, semicolonList(parts));
}

function certTable(verdict: FileVerdict, provider: ProviderView | undefined): string {
  const certs = verdict.certs;
  if (certs.length === 0) return l10n.t('No certificate could be read from it.') + '\n';
  const short = shortFingerprints(certs.map((v) => v.cert));
  const head = ['#', l10n.t('Subject CN'), l10n.t('Issuer CN'), l10n.t('Role'), l10n.t('Key'), l10n.t('Valid until'), l10n.t('Days left'), 'SHA-256', l10n.t('Verdict')];
  let md = `| ${head.join(' | ')} |\n|---:|---|---|---|---|---|---:|---|---|\n`;
  for (const v of certs.slice(0, MAX_TABLE_ROWS)) {
    const c = v.cert;
    const issuer = c.issuerCN ?? (c.issuer !== '' ? c.issuer : '');
    const row = [
      String(c.index + 1),
      certName(c),
      untrusted(issuer),
      roleName(c.role),
      untrusted(c.keyDescription, 40),
      day(c.notAfter),
      String(v.expiry.daysLeft),
      codeCell(short[c.index]!),
      cell(verdictOf(v, provider).text),
    ];
    md += `| ${row.join(' | ')} |\n`;
  }
  if (certs.length > MAX_TABLE_ROWS) md += `\n${restLine(certs.slice(MAX_TABLE_ROWS), provider)}\n`;
  return md;
}

// ---------------------------------------------------------------------------------------------------
// The provider

function providerHeading(p: ProviderView): string {
  const where = [
    l10n.t('host {0}', code(p.host)),
    p.match.region !== undefined ? l10n.t('region {0}', p.match.region) : undefined,
    p.match.cloud !== 'public' ? l10n.t('{0} cloud', p.match.cloud) : undefined,
    p.declared !== undefined ? l10n.t('declared by the providers setting {0}', code(p.declared)) : undefined,
  ].filter((x) => x !== undefined);
  return l10n.t('**What {0} expects** ({1})', p.match.provider.name, commaList(where));
}

/** The provider's roots at `now` (and where the file has them), or why they are not known; the next dated change. */
function expectsMarkdown(p: ProviderView, now: Date, verdict: FileVerdict | undefined): string {
  let md = providerHeading(p) + '\n\n';
  if (p.accepted) {
    md += (p.accepted.length === 1 ? l10n.t('The root its servers chain to on {0}:', day(now)) : l10n.t('The roots its servers chain to on {0}:', day(now))) + '\n\n';
    for (const r of p.accepted) {
      const extra = r.condition === 'read-replica' ? l10n.t(' — needed for read replicas') : '';
      let where = '';
      if (verdict) {
        const at = verdict.certs.find((v) => v.usable && v.cert.sha256Colon === r.sha256);
        where = at ? l10n.t(': {0} in this file', `#${at.cert.index + 1}`) : l10n.t(': not in this file');
      }
      md += `- ${l10n.t('{0} (valid {1} to {2})', cell(r.name), day(r.notBefore), day(r.notAfter))}${extra}${where}\n`;
    }
  } else {
    const note = p.match.provider.rootsNote;
    md += (note ? l10n.t("dbtrust does not know the roots of this host's servers: {0}", cell(note)) : l10n.t("dbtrust does not know the roots of this host's servers.")) + '\n';
  }
  const today = day(now);
  const next = [...p.match.provider.timeline].sort((a, b) => a.date.localeCompare(b.date)).find((e) => e.date > today);
  if (next) md += `\n${l10n.t('Next: {0} — {1}.', next.date, cell(next.what))}\n`;
  return md;
}

// ---------------------------------------------------------------------------------------------------
// A site's trust setting

/** Where a candidate path comes from. */
function basisWords(basis: CandidateBasis): string {
  switch (basis) {
    case 'document-folder':
      return l10n.t("from the document's folder");
    case 'workspace-root':
      return l10n.t('from the workspace root');
    default:
      return l10n.t('an absolute path');
  }
}

/** Where the file was found. */
function foundWords(basis: CandidateBasis): string {
  switch (basis) {
    case 'workspace-root':
      return l10n.t("from the workspace root; the document's folder has no such file");
    default:
      return basisWords(basis);
  }
}

/** Whether the driver reads the file, in a sentence. */
function usedLine(policy: Policy, verdict: FileVerdict): string {
  const driver = driverName(policy.driver);
  if (trustFileUsed(policy)) {
    if (!verdict.certs.some((v) => v.usable)) return l10n.t('{0} reads this file, but it holds no certificate the driver can use: verification fails.', driver);
    return policy.encrypts === 'maybe'
      ? l10n.t("{0} reads this file and verifies the server's certificate chain against it when the connection uses TLS.", driver)
      : l10n.t("{0} reads this file and verifies the server's certificate chain against it.", driver);
  }
  if (policy.dynamic) return l10n.t('Whether the driver reads this file is decided at run time.');
  if (policy.rejected) return l10n.t('The driver rejects this configuration, so it never reads this file.');
  if (policy.encrypts === 'never') return l10n.t('{0} does not use TLS here, so it never reads this file.', driver);
  if (policy.disabledBy) return l10n.t('{0} does not read this file: {1} turns verification off.', driver, codeCell(policy.disabledBy.what));
  return policy.driver === 'node-postgres' || policy.driver === 'postgres-js'
    ? l10n.t('{0} does not read this file: with these settings it does not verify the certificate.', driver)
    : l10n.t('{0} does not read this file: with {1} it does not verify the certificate.', driver, `sslmode=${cell(policy.modeApplied)}`);
}

function notReadMarkdown(tf: TrustFileAnalysis, written: string, shown: (abs: string) => string): string {
  switch (tf.state) {
    case 'machine-dependent':
      return l10n.t('Not read: {0} is {1}; what it holds depends on that machine.', code(written), cell(tf.reason)) + '\n';
    case 'missing': {
      if (tf.tried.length === 1 && tf.tried[0]!.basis === 'absolute') return l10n.t('Not found: {0} does not exist on this machine.', code(shown(tf.tried[0]!.path))) + '\n';
      const tried = tf.tried.map((c) => `- ${code(shown(c.path))} (${basisWords(c.basis)})`).join('\n');
      return `${l10n.t('Not found. The client resolves a relative path from its working directory; dbtrust looked in:')}\n\n${tried}\n`;
    }
    case 'not-a-file':
      return (tf.kind === 'directory' ? l10n.t('Not read: {0} is a directory.', code(shown(tf.path))) : l10n.t('Not read: {0} is not a regular file (a FIFO, a socket or a device).', code(shown(tf.path)))) + '\n';
    case 'unreadable': {
      const p = code(shown(tf.path));
      switch (tf.code) {
        case 'outside':
          return l10n.t('Not read: {0} is outside the workspace folders, and the workspace is not trusted.', p) + '\n';
        case 'denied':
          return l10n.t('Not read: {0} cannot be read (permission denied).', p) + '\n';
        case 'too-large':
          return l10n.t('Not read: {0} is larger than {1} MiB, too large for a trust file.', p, MAX_TRUST_FILE_BYTES / 1024 / 1024) + '\n';
        case 'not-a-file':
          return l10n.t('Not read: {0} is not a regular file.', p) + '\n';
        case 'not-found':
          return l10n.t('Not read: {0} disappeared before it could be read.', p) + '\n';
        default:
          return l10n.t('Not read: {0} could not be read ({1}).', p, untrusted(tf.reason, 200)) + '\n';
      }
    }
    case 'read':
      return '';
  }
}

function fileSection(analysed: AnalysedSite, now: Date, shown: (abs: string) => string): string {
  const { policy } = analysed;
  const t = policy.trust;
  if (t.kind !== 'file') return '';
  const provider = siteProvider(analysed.site, now);
  let md = `${l10n.t('**Trust file** {0}', code(t.path))}\n\n`;
  const tf = analysed.trustFile;
  let verdict: FileVerdict | undefined;
  if (t.param.dynamic) md += l10n.t('The path is decided at run time: not read.') + '\n';
  else if (t.path.trim() === '') md += l10n.t('The path is empty.') + '\n';
  else if (!tf) md += l10n.t('Not looked up for this document.') + '\n';
  else if (tf.state !== 'read') md += notReadMarkdown(tf, t.path, shown);
  else {
    md += `${l10n.t('Found at {0} ({1}).', code(shown(tf.path)), foundWords(tf.basis))}\n\n${l10n.t('What it is: {0}.', untrusted(tf.parsed.file.description, 200))}\n\n`;
    verdict = judgeFile(tf.parsed.file, tf.parsed.chains, provider, now);
    md += certTable(verdict, provider);
    md += `\n${usedLine(policy, verdict)}\n`;
  }
  if (provider) md += '\n' + expectsMarkdown(provider, now, verdict);
  return md;
}

function storeName(analysed: AnalysedSite): string {
  const t = analysed.policy.trust;
  switch (t.kind) {
    case 'system':
      return t.param.key === 'sslfactory'
        ? l10n.t("the JVM's truststore ({0}, else the JDK's {1})", '`javax.net.ssl.trustStore`', '`cacerts`')
        : l10n.t("the operating system's trust store ({0}: OpenSSL's default CA locations where the client runs)", code(`${t.param.key}=system`));
    case 'node-default':
    case 'default-file':
      return cell(t.description);
    default:
      return '';
  }
}

function storeSection(analysed: AnalysedSite, now: Date): string {
  const { policy } = analysed;
  const t = policy.trust;
  let md = l10n.t('**Trust store**: {0}.', storeName(analysed));
  if (t.kind === 'default-file') md = sentences(md, l10n.t('dbtrust does not read it.'));
  if (policy.verifiesChain === 'no') md = sentences(md, l10n.t('The driver does not verify the certificate here, so the store is not consulted.'));
  md += '\n';
  const provider = siteProvider(analysed.site, now);
  if (!provider) return md;
  const p = provider.match.provider;
  const roots = rootsPhrase(provider);
  const host = code(provider.host);
  // The provider's own note (when no roots are known) ends with a period of its own.
  const note = roots === undefined && p.rootsNote ? cell(p.rootsNote) : undefined;
  if (t.kind === 'default-file') {
    const must = roots
      ? l10n.t('For {0} (host {1}) that file must hold the right roots: its servers chain to {2}.', cell(p.name), host, cell(roots))
      : note !== undefined
        ? l10n.t('For {0} (host {1}) that file must hold the right roots: {2}', cell(p.name), host, note.endsWith('.') ? note : `${note}.`)
        : l10n.t('For {0} (host {1}) that file must hold the right roots.', cell(p.name), host);
    md += `\n${must}\n`;
    return md;
  }
  const unverified = /UNVERIFIED/.test(p.publiclyTrustedSource);
  let line: string;
  if (p.publiclyTrusted) {
    line = roots
      ? unverified
        ? l10n.t('{0} (host {1}) uses publicly trusted roots (an unverified inference): this store normally holds them ({2}).', cell(p.name), host, cell(roots))
        : l10n.t('{0} (host {1}) uses publicly trusted roots: this store normally holds them ({2}).', cell(p.name), host, cell(roots))
      : unverified
        ? l10n.t('{0} (host {1}) uses publicly trusted roots (an unverified inference): this store normally holds them.', cell(p.name), host)
        : l10n.t('{0} (host {1}) uses publicly trusted roots: this store normally holds them.', cell(p.name), host);
  } else {
    const outcome = policy.verifiesChain === 'no' ? l10n.t('verifying against it would fail') : l10n.t('verification fails');
    const base = unverified
      ? l10n.t('{0} (host {1}) does not use publicly trusted roots (an unverified inference): this store does not hold them, so {2}', cell(p.name), host, outcome)
      : l10n.t('{0} (host {1}) does not use publicly trusted roots: this store does not hold them, so {2}', cell(p.name), host, outcome);
    line = roots
      ? l10n.t('{0}; its servers chain to {1}.', base, cell(roots))
      : note !== undefined
        ? l10n.t('{0}; {1}', base, note.endsWith('.') ? note : `${note}.`)
        : l10n.t({ message: '{0}.', args: [base], comment: ['A clause ended as a sentence: {0} is a statement without its final period.'] });
  }
  md += `\n${line}\n`;
  return md;
}

/**
 * The trust part of a site's hover: undefined when the site has no trust setting (trust `none`).
 * `shownPath` turns the absolute paths of trust files into what the user reads (default: as is).
 */
export function trustMarkdown(analysed: AnalysedSite, now: Date, shownPath: (abs: string) => string = (p) => p): string | undefined {
  switch (analysed.policy.trust.kind) {
    case 'file':
      return fileSection(analysed, now, shownPath);
    case 'system':
    case 'node-default':
    case 'default-file':
      return storeSection(analysed, now);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Inside a certificate file

function roleWhy(role: CertInfo['role'], selfSigned: boolean): string {
  switch (role) {
    case 'root':
      return l10n.t('root: a self-signed CA');
    case 'intermediate':
      return l10n.t('intermediate: a CA not self-signed');
    default:
      return selfSigned ? l10n.t('leaf: not a CA (self-signed)') : l10n.t('leaf: not a CA');
  }
}

function knownStatus(status: KnownCa['status']): string {
  switch (status) {
    case 'accepted':
      return l10n.t('accepted root (servers of these providers chain to it)');
    case 'other-root':
      return l10n.t('a valid root that no provider known here documents as its trust anchor');
    case 'intermediate':
      return l10n.t('an intermediate: trusting it alone is pinning, which breaks at the next rotation');
    default:
      return l10n.t('retired');
  }
}

function validity(v: CertVerdict): string {
  const from = day(v.cert.notBefore);
  const to = day(v.cert.notAfter);
  if (v.expiry.expired) return l10n.t('{0} to {1}: **expired** {2} ago', from, to, days(-v.expiry.daysLeft));
  if (v.expiry.notYetValid) return l10n.t('{0} to {1}: **not valid yet**', from, to);
  return l10n.t('{0} to {1}: {2} left', from, to, days(v.expiry.daysLeft));
}

function certificateDetails(v: CertVerdict, verdict: FileVerdict): string {
  const c = v.cert;
  const total = verdict.certs.length;
  const ref = (i: number) => `#${i + 1} ${certName(verdict.certs[i]!.cert)}`;
  const rows: [string, string][] = [
    [l10n.t('Subject'), untrusted(c.subject, 300)],
    [l10n.t('Issuer'), untrusted(c.issuer, 300)],
    [l10n.t('Role'), roleWhy(c.role, c.role === 'leaf' && c.selfSigned)],
    [l10n.t('Key'), untrusted(c.keyDescription, 40)],
    [l10n.t('Signature algorithm'), untrusted(c.signatureAlgorithm, 80)],
    [l10n.t('Valid'), validity(v)],
    ['SHA-256', codeCell(c.sha256Colon)],
  ];
  if (v.known) {
    const k = v.known;
    let status = knownStatus(k.status);
    if (k.status === 'retired') status = k.retired ? l10n.t('retired: {0}', cell(k.retired.reason)) : l10n.t('retired: expired on {0}', k.notAfter);
    const who = k.providers.length > 0 ? `${cell(k.name)} (${cell(providerNames(k.providers))})` : cell(k.name);
    rows.push([l10n.t('Known to dbtrust'), `${who}: ${status}${k.note !== undefined && k.note !== k.name ? ` — ${cell(k.note)}` : ''}`]);
  } else {
    rows.push([l10n.t('Known to dbtrust'), l10n.t({ message: 'no', comment: ['A hover table value.'] })]);
  }
  const link = v.link;
  let issuedBy: string;
  if (link.duplicateOf !== undefined) issuedBy = l10n.t('(a copy of {0})', ref(link.duplicateOf));
  else if (c.selfSigned) issuedBy = l10n.t('itself (self-signed)');
  else if (link.issuerIndex !== undefined) {
    issuedBy = ref(link.issuerIndex);
    const others = link.issuerCandidates.filter((i) => i !== link.issuerIndex);
    if (others.length > 0) issuedBy = l10n.t('{0} (also signed by {1})', issuedBy, others.map(ref).join(', '));
  } else {
    issuedBy = l10n.t('no certificate of this file (its issuer is {0})', untrusted(c.issuerCN ?? c.issuer));
    if (link.nameOnlyIssuers.length > 0) issuedBy = l10n.t('{0}; {1} has that name, but its key does not verify the signature', issuedBy, link.nameOnlyIssuers.map(ref).join(', '));
  }
  rows.push([l10n.t('Issued by'), issuedBy]);
  let chain: string;
  if (c.role === 'root' && c.selfSigned) chain = l10n.t('a root: the chain ends here');
  else if (link.reachesRoot && link.rootIndex !== undefined) chain = l10n.t('reaches {0}, a root of this file', ref(link.rootIndex));
  else chain = l10n.t('**reaches no root of this file**');
  rows.push([l10n.t('Chain'), chain]);
  rows.push([l10n.t('Verdict'), cell(verdictOf(v, undefined).text)]);

  const title =
    c.block !== undefined
      ? l10n.t('certificate {0} of {1}, PEM block {2}: {3}', c.index + 1, total, c.block, certName(c))
      : c.alias !== undefined
        ? l10n.t('certificate {0} of {1}, entry {2}: {3}', c.index + 1, total, untrusted(c.alias, 80), certName(c))
        : l10n.t('certificate {0} of {1}: {2}', c.index + 1, total, certName(c));
  let md = `**dbtrust** — ${title}\n\n| | |\n|---|---|\n`;
  md += rows.map(([k, val]) => `| ${k} | ${val} |`).join('\n') + '\n';
  return md;
}

/**
 * Hover inside an open certificate file: the certificate whose PEM block holds `offset`, else the
 * whole file as a table. Judged without a provider (the file alone).
 */
export function certificateFileMarkdown(file: TrustFileResult, chains: ChainLink[], offset: number | undefined, now: Date): string {
  const verdict = judgeFile(file, chains, undefined, now);
  const hit = offset === undefined ? undefined : verdict.certs.find((v) => v.cert.span !== undefined && offset >= v.cert.span.start && offset <= v.cert.span.end);
  if (hit) return certificateDetails(hit, verdict);
  let md = `**dbtrust** — ${l10n.t('certificate file: {0}', untrusted(file.description, 200))}\n\n`;
  md += certTable(verdict, undefined);
  const roots = verdict.validRoots.length;
  if (verdict.certs.length > 0) {
    const summary =
      roots === 0
        ? l10n.t('**No valid root**: a chain can only be anchored at a self-signed root, so trusting this file alone is pinning.')
        : roots === 1
          ? l10n.t('1 valid root (usable, not expired, not retired).')
          : l10n.t('{0} valid roots (usable, not expired, not retired).', roots);
    md += `\n${summary}\n`;
  }
  return md;
}
