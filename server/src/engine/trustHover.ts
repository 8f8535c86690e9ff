/**
 * Hover content about trust: the section a connection site's hover gets for its trust setting (where
 * the trust file is, what it holds, what each certificate is worth for that host, what the provider
 * expects), and the hover inside an open certificate file.
 *
 * Everything read from a file or a certificate is escaped with `untrusted`: a certificate subject is
 * whatever its maker wrote, and may not end a table cell, open a link or carry HTML.
 */
import { cell, code, codeCell, untrusted } from './markdown';
import { providerById } from './providers';
import type { KnownCa, ProviderId } from './providers';
import { driverName, rootsPhrase } from './rules/trustCommon';
import { PROBLEM_CODES } from './trust';
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
  return typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function providerNames(ids: readonly ProviderId[]): string {
  return ids.map((id) => providerById(id)?.name ?? id).join(', ');
}

/** A certificate's name for text: its CN, else its subject, else its number. */
function certName(c: CertInfo): string {
  const name = c.subjectCN ?? (c.subject !== '' ? c.subject : undefined);
  return name === undefined ? `certificate ${c.index + 1}` : untrusted(name);
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

function defectMeaning(code: string): string {
  return PROBLEM_CODES[code]?.meaning ?? code;
}

function knownLabel(k: KnownCa): string {
  return k.note !== undefined ? k.note : k.name;
}

interface Verdict {
  /** The table's phrase, e.g. `pinned intermediate (its root is not in this file)`. */
  text: string;
  /** The kind, singular and plural, to count the rows left out of a table. */
  kind: [string, string];
}

/** What this certificate is worth in this file (for this provider, when there is one). */
function verdictOf(v: CertVerdict, provider: ProviderView | undefined): Verdict {
  const c = v.cert;
  const is = (text: string, one: string, many: string): Verdict => ({ text, kind: [one, many] });
  if (v.link.duplicateOf !== undefined) return is(`duplicate of #${v.link.duplicateOf + 1}`, 'duplicate', 'duplicates');
  if (c.defects && c.defects.length > 0) return is(`skipped by OpenSSL (${c.defects.map(defectMeaning).join('; ')})`, 'skipped by OpenSSL', 'skipped by OpenSSL');
  if (v.retired) return is(`retired: ${v.retired.reason}`, 'retired', 'retired');
  if (v.expiry.expired) return is(`expired on ${day(c.notAfter)}`, 'expired', 'expired');
  if (v.expiry.notYetValid) return is(`not valid before ${day(c.notBefore)}`, 'not yet valid', 'not yet valid');
  if (v.accepted && provider) return is(`accepted root of ${provider.match.provider.name}`, 'accepted root', 'accepted roots');
  if (v.pinned === 'intermediate') return is('pinned intermediate (its root is not in this file)', 'pinned intermediate', 'pinned intermediates');
  if (v.pinned === 'leaf') return is(`pinned server certificate${c.selfSigned ? ' (self-signed)' : ''}`, 'pinned server certificate', 'pinned server certificates');
  const issuer = v.link.issuerIndex !== undefined ? ` under #${v.link.issuerIndex + 1}` : '';
  if (c.role === 'intermediate') return is(`intermediate${issuer}`, 'intermediate', 'intermediates');
  if (c.role === 'leaf') return is(`server certificate${issuer}`, 'server certificate', 'server certificates');
  // A valid root.
  if (provider?.accepted) return is(`root not used by this host${v.known ? ` (${knownLabel(v.known)})` : ''}`, 'root not used by this host', 'roots not used by this host');
  if (v.known?.status === 'accepted' && v.known.providers.length > 0) {
    return is(`root of ${providerNames(v.known.providers)}${v.known.note !== undefined ? ` (${v.known.note})` : ''}`, 'root', 'roots');
  }
  return is('root', 'root', 'roots');
}

/** "…and 83 more certificates: 80 roots not used by this host; 3 accepted roots (#90, #97, #101)." */
function restLine(rest: readonly CertVerdict[], provider: ProviderView | undefined): string {
  const kinds = new Map<string, { plural: string; refs: number[] }>();
  for (const v of rest) {
    const [one, many] = verdictOf(v, provider).kind;
    const k = kinds.get(one) ?? { plural: many, refs: [] };
    k.refs.push(v.cert.index + 1);
    kinds.set(one, k);
  }
  const parts = [...kinds.entries()].map(([one, k]) => {
    const n = k.refs.length;
    const refs = n <= 5 ? ` (${k.refs.map((i) => `#${i}`).join(', ')})` : '';
    return `${n} ${n === 1 ? one : k.plural}${refs}`;
  });
  return `…and ${plural(rest.length, 'more certificate')}: ${parts.join('; ')}.`;
}

function certTable(verdict: FileVerdict, provider: ProviderView | undefined): string {
  const certs = verdict.certs;
  if (certs.length === 0) return 'No certificate could be read from it.\n';
  const short = shortFingerprints(certs.map((v) => v.cert));
  let md = '| # | Subject CN | Issuer CN | Role | Key | Valid until | Days left | SHA-256 | Verdict |\n|---:|---|---|---|---|---|---:|---|---|\n';
  for (const v of certs.slice(0, MAX_TABLE_ROWS)) {
    const c = v.cert;
    const issuer = c.issuerCN ?? (c.issuer !== '' ? c.issuer : '');
    const row = [
      String(c.index + 1),
      certName(c),
      untrusted(issuer),
      c.role,
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
  const where = [p.match.region !== undefined ? `region ${p.match.region}` : undefined, p.match.cloud !== 'public' ? `${p.match.cloud} cloud` : undefined].filter((x) => x !== undefined);
  return `**What ${p.match.provider.name} expects** (host ${code(p.host)}${where.length ? ', ' + where.join(', ') : ''})`;
}

/** The provider's roots at `now` (and where the file has them), or why they are not known; the next dated change. */
function expectsMarkdown(p: ProviderView, now: Date, verdict: FileVerdict | undefined): string {
  let md = providerHeading(p) + '\n\n';
  if (p.accepted) {
    md += `The root${p.accepted.length === 1 ? '' : 's'} its servers chain to on ${day(now)}:\n\n`;
    for (const r of p.accepted) {
      const extra = r.condition === 'read-replica' ? ' — needed for read replicas' : '';
      let where = '';
      if (verdict) {
        const at = verdict.certs.find((v) => v.usable && v.cert.sha256Colon === r.sha256);
        where = at ? `: #${at.cert.index + 1} in this file` : ': not in this file';
      }
      md += `- ${cell(r.name)} (valid ${day(r.notBefore)} to ${day(r.notAfter)})${extra}${where}\n`;
    }
  } else {
    const note = p.match.provider.rootsNote;
    md += `dbtrust does not know the roots of this host's servers${note ? `: ${cell(note)}` : '.'}\n`;
  }
  const today = day(now);
  const next = [...p.match.provider.timeline].sort((a, b) => a.date.localeCompare(b.date)).find((e) => e.date > today);
  if (next) md += `\nNext: ${next.date} — ${cell(next.what)}.\n`;
  return md;
}

// ---------------------------------------------------------------------------------------------------
// A site's trust setting

/** Where a candidate path comes from. */
const BASIS: Record<CandidateBasis, string> = {
  'document-folder': "from the document's folder",
  'workspace-root': 'from the workspace root',
  absolute: 'an absolute path',
};

/** Where the file was found. */
const FOUND: Record<CandidateBasis, string> = {
  'document-folder': "from the document's folder",
  'workspace-root': "from the workspace root; the document's folder has no such file",
  absolute: 'an absolute path',
};

/** Whether the driver reads the file, in a sentence. */
function usedLine(policy: Policy, verdict: FileVerdict): string {
  const driver = driverName(policy.driver);
  if (trustFileUsed(policy)) {
    if (!verdict.certs.some((v) => v.usable)) return `${driver} reads this file, but it holds no certificate the driver can use: verification fails.`;
    const when = policy.encrypts === 'maybe' ? ' when the connection uses TLS' : '';
    return `${driver} reads this file and verifies the server's certificate chain against it${when}.`;
  }
  if (policy.dynamic) return 'Whether the driver reads this file is decided at run time.';
  if (policy.rejected) return `The driver rejects this configuration, so it never reads this file.`;
  if (policy.encrypts === 'never') return `${driver} does not use TLS here, so it never reads this file.`;
  if (policy.disabledBy) return `${driver} does not read this file: ${codeCell(policy.disabledBy.what)} turns verification off.`;
  return `${driver} does not read this file: with ${policy.driver === 'node-postgres' ? 'these settings' : `sslmode=${cell(policy.modeApplied)}`} it does not verify the certificate.`;
}

function notReadMarkdown(tf: TrustFileAnalysis, written: string, shown: (abs: string) => string): string {
  switch (tf.state) {
    case 'machine-dependent':
      return `Not read: ${code(written)} is ${cell(tf.reason)}; what it holds depends on that machine.\n`;
    case 'missing': {
      if (tf.tried.length === 1 && tf.tried[0]!.basis === 'absolute') return `Not found: ${code(shown(tf.tried[0]!.path))} does not exist on this machine.\n`;
      const tried = tf.tried.map((c) => `- ${code(shown(c.path))} (${BASIS[c.basis]})`).join('\n');
      return `Not found. The client resolves a relative path from its working directory; dbtrust looked in:\n\n${tried}\n`;
    }
    case 'not-a-file':
      return `Not read: ${code(shown(tf.path))} is ${tf.kind === 'directory' ? 'a directory' : 'not a regular file (a FIFO, a socket or a device)'}.\n`;
    case 'unreadable': {
      const p = code(shown(tf.path));
      switch (tf.code) {
        case 'outside':
          return `Not read: ${p} is outside the workspace folders, and the workspace is not trusted.\n`;
        case 'denied':
          return `Not read: ${p} cannot be read (permission denied).\n`;
        case 'too-large':
          return `Not read: ${p} is larger than ${MAX_TRUST_FILE_BYTES / 1024 / 1024} MiB, too large for a trust file.\n`;
        case 'not-a-file':
          return `Not read: ${p} is not a regular file.\n`;
        case 'not-found':
          return `Not read: ${p} disappeared before it could be read.\n`;
        default:
          return `Not read: ${p} could not be read (${untrusted(tf.reason, 200)}).\n`;
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
  let md = `**Trust file** ${code(t.path)}\n\n`;
  const tf = analysed.trustFile;
  let verdict: FileVerdict | undefined;
  if (t.param.dynamic) md += 'The path is decided at run time: not read.\n';
  else if (t.path.trim() === '') md += 'The path is empty.\n';
  else if (!tf) md += 'Not looked up for this document.\n';
  else if (tf.state !== 'read') md += notReadMarkdown(tf, t.path, shown);
  else {
    md += `Found at ${code(shown(tf.path))} (${FOUND[tf.basis]}).\n\nWhat it is: ${untrusted(tf.parsed.file.description, 200)}.\n\n`;
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
        ? "the JVM's truststore (`javax.net.ssl.trustStore`, else the JDK's `cacerts`)"
        : `the operating system's trust store (${code(`${t.param.key}=system`)}: OpenSSL's default CA locations where the client runs)`;
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
  let md = `**Trust store**: ${storeName(analysed)}.`;
  if (t.kind === 'default-file') md += ' dbtrust does not read it.';
  if (policy.verifiesChain === 'no') md += ' The driver does not verify the certificate here, so the store is not consulted.';
  md += '\n';
  const provider = siteProvider(analysed.site, now);
  if (!provider) return md;
  const p = provider.match.provider;
  const roots = rootsPhrase(provider);
  const need = roots ? `its servers chain to ${cell(roots)}` : p.rootsNote ? cell(p.rootsNote) : '';
  if (t.kind === 'default-file') {
    md += `\nFor ${cell(p.name)} (host ${code(provider.host)}) that file must hold the right roots${need ? `: ${need}` : ''}${need.endsWith('.') ? '' : '.'}\n`;
    return md;
  }
  const unverified = /UNVERIFIED/.test(p.publiclyTrustedSource) ? ' (an unverified inference)' : '';
  if (p.publiclyTrusted) {
    md += `\n${cell(p.name)} (host ${code(provider.host)}) uses publicly trusted roots${unverified}: this store normally holds them${roots ? ` (${cell(roots)})` : ''}.\n`;
  } else {
    const outcome = policy.verifiesChain === 'no' ? 'verifying against it would fail' : 'verification fails';
    md += `\n${cell(p.name)} (host ${code(provider.host)}) does not use publicly trusted roots${unverified}: this store does not hold them, so ${outcome}${need ? `; ${need}` : ''}${need.endsWith('.') ? '' : '.'}\n`;
  }
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

const ROLE_WHY = {
  root: 'root: a self-signed CA',
  intermediate: 'intermediate: a CA not self-signed',
  leaf: 'leaf: not a CA',
} as const;

const KNOWN_STATUS = {
  accepted: 'accepted root (servers of these providers chain to it)',
  'other-root': 'a valid root that no provider known here documents as its trust anchor',
  intermediate: 'an intermediate: trusting it alone is pinning, which breaks at the next rotation',
  retired: 'retired',
} as const;

function validity(v: CertVerdict): string {
  const range = `${day(v.cert.notBefore)} to ${day(v.cert.notAfter)}`;
  if (v.expiry.expired) return `${range}: **expired** ${plural(-v.expiry.daysLeft, 'day')} ago`;
  if (v.expiry.notYetValid) return `${range}: **not valid yet**`;
  return `${range}: ${plural(v.expiry.daysLeft, 'day')} left`;
}

function certificateDetails(v: CertVerdict, verdict: FileVerdict): string {
  const c = v.cert;
  const total = verdict.certs.length;
  const ref = (i: number) => `#${i + 1} ${certName(verdict.certs[i]!.cert)}`;
  const rows: [string, string][] = [
    ['Subject', untrusted(c.subject, 300)],
    ['Issuer', untrusted(c.issuer, 300)],
    ['Role', ROLE_WHY[c.role] + (c.role === 'leaf' && c.selfSigned ? ' (self-signed)' : '')],
    ['Key', untrusted(c.keyDescription, 40)],
    ['Signature algorithm', untrusted(c.signatureAlgorithm, 80)],
    ['Valid', validity(v)],
    ['SHA-256', codeCell(c.sha256Colon)],
  ];
  if (v.known) {
    const k = v.known;
    const who = k.providers.length > 0 ? ` (${cell(providerNames(k.providers))})` : '';
    let status: string = KNOWN_STATUS[k.status];
    if (k.status === 'retired') status = k.retired ? `retired: ${cell(k.retired.reason)}` : `retired: expired on ${k.notAfter}`;
    rows.push(['Known to dbtrust', `${cell(k.name)}${who}: ${status}${k.note !== undefined && k.note !== k.name ? ` — ${cell(k.note)}` : ''}`]);
  } else {
    rows.push(['Known to dbtrust', 'no']);
  }
  const link = v.link;
  let issuedBy: string;
  if (link.duplicateOf !== undefined) issuedBy = `(a copy of ${ref(link.duplicateOf)})`;
  else if (c.selfSigned) issuedBy = 'itself (self-signed)';
  else if (link.issuerIndex !== undefined) {
    issuedBy = ref(link.issuerIndex);
    const others = link.issuerCandidates.filter((i) => i !== link.issuerIndex);
    if (others.length > 0) issuedBy += ` (also signed by ${others.map(ref).join(', ')})`;
  } else {
    issuedBy = `no certificate of this file (its issuer is ${untrusted(c.issuerCN ?? c.issuer)})`;
    if (link.nameOnlyIssuers.length > 0) issuedBy += `; ${link.nameOnlyIssuers.map(ref).join(', ')} has that name, but its key does not verify the signature`;
  }
  rows.push(['Issued by', issuedBy]);
  let chain: string;
  if (c.role === 'root' && c.selfSigned) chain = 'a root: the chain ends here';
  else if (link.reachesRoot && link.rootIndex !== undefined) chain = `reaches ${ref(link.rootIndex)}, a root of this file`;
  else chain = '**reaches no root of this file**';
  rows.push(['Chain', chain]);
  rows.push(['Verdict', cell(verdictOf(v, undefined).text)]);

  const where = c.block !== undefined ? `, PEM block ${c.block}` : c.alias !== undefined ? `, entry ${untrusted(c.alias, 80)}` : '';
  let md = `**dbtrust** — certificate ${c.index + 1} of ${total}${where}: ${certName(c)}\n\n| | |\n|---|---|\n`;
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
  let md = `**dbtrust** — certificate file: ${untrusted(file.description, 200)}\n\n`;
  md += certTable(verdict, undefined);
  const roots = verdict.validRoots.length;
  if (verdict.certs.length > 0) {
    md += `\n${roots === 0 ? '**No valid root**: a chain can only be anchored at a self-signed root, so trusting this file alone is pinning.' : `${plural(roots, 'valid root')} (usable, not expired, not retired).`}\n`;
  }
  return md;
}
