/**
 * The live chain probe (`dbtrust probe`, and the editor's "Check server chain"): asks a PostgreSQL
 * server for TLS the way a client does, reads the certificate chain it presents, and judges it with
 * the engine's trust analysis: roles, issuers, expiry, the provider's expected roots, and whether a
 * given trust file verifies this chain and host for OpenSSL clients and for Java, and survives an
 * intermediate rotation.
 *
 * Node-only (net, tls, crypto); the engine stays pure. Never sends a startup message or credentials.
 */
import { X509Certificate } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import * as l10n from '@vscode/l10n';
import { analyseTrustFile, judgeFile, MemoryFileAccess, newTrustFileCache, siteProvider } from '../engine';
import type { CertVerdict, ParsedTrustFile, ProviderView, Site } from '../engine';
import { commaList, sentences } from '../engine/l10n';
import { roleName } from '../engine/rules/trustCommon';
import { NodeFileAccess } from '../node/fileAccess';
import type { ChainCheck, PresentedCert, ProbeFinding, ProbeOptions, ProbeResult, ProviderCheck, TrustFileCheck } from './types';
import { altNames, Cert, certOf, displayName, hostMatches, issued, verifyJava, verifyOpenssl } from './verify';
import { fetchChain } from './wire';

export * from './types';
export { formatProbeText } from './text';
export { SSL_REQUEST } from './wire';

export const DEFAULT_PORT = 5432;
export const DEFAULT_TIMEOUT_MS = 10_000;
/** A presented certificate expiring within this many days is reported. */
export const EXPIRING_DAYS = 30;

const DAY = 86_400_000;

function pemOf(der: Uint8Array): string {
  return `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** A minimal site for the host, so the engine can say which provider it belongs to. */
function hostSite(host: string): Site {
  return { kind: 'uri', span: { start: 0, end: 0 }, params: [], hosts: [{ host }], driver: 'libpq', driverReason: 'probe', escape: 'none' };
}

let publicRootCache: Cert[] | undefined;
/** Node's bundled Mozilla CA list, parsed once. */
function publicRoots(): Cert[] {
  publicRootCache ??= tls.rootCertificates.flatMap((pem) => {
    try {
      return [certOf(new X509Certificate(pem))];
    } catch {
      return [];
    }
  });
  return publicRootCache;
}

/** Reads the presented DER chain through the engine's trust-file reader (roles, key, algorithm, known CAs). */
async function readPresented(chain: Buffer[], provider: ProviderView | undefined, now: Date): Promise<{ parsed: ParsedTrustFile; verdicts: CertVerdict[] } | undefined> {
  const name = '/presented-chain.pem';
  const files = new MemoryFileAccess({ [name]: chain.map(pemOf).join('') });
  const read = await analyseTrustFile(name, { files, documentPath: '/probe', cache: newTrustFileCache() });
  if (read.state !== 'read') return undefined;
  return { parsed: read.parsed, verdicts: judgeFile(read.parsed.file, read.parsed.chains, provider, now).certs };
}

function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(os.homedir(), p.slice(2));
  return p;
}

async function checkTrustFile(written: string, chain: Cert[], options: ProbeOptions, now: Date, provider: ProviderView | undefined): Promise<{ check: TrustFileCheck; trust: Cert[] }> {
  const base = { written, certificates: [] as TrustFileCheck['certificates'] };
  const unusable = (state: TrustFileCheck['state'], reason: string, p?: string): { check: TrustFileCheck; trust: Cert[] } => {
    const no: ChainCheck = { verified: false, reason };
    const check: TrustFileCheck = { ...base, state, reason, openssl: no, java: no };
    if (p !== undefined) check.path = p;
    return { check, trust: [] };
  };
  if (written === 'system') {
    const trust = publicRoots();
    return {
      check: { ...base, state: 'system', description: l10n.t("the public roots ({0} certificates of Node's bundled Mozilla CA list)", trust.length), openssl: verifyOpenssl(chain, trust, now), java: verifyJava(chain, trust, now) },
      trust,
    };
  }
  const abs = path.resolve(options.cwd ?? process.cwd(), expandHome(written));
  const files = options.files ?? new NodeFileAccess();
  const read = await analyseTrustFile(abs, { files, documentPath: path.join(path.dirname(abs), '.probe'), cache: newTrustFileCache() });
  if (read.state === 'missing') return unusable('missing', l10n.t('{0} does not exist', abs), abs);
  if (read.state === 'not-a-file') return unusable('not-a-file', read.kind === 'directory' ? l10n.t('{0} is a directory', read.path) : l10n.t('{0} is not a regular file', read.path), read.path);
  if (read.state === 'unreadable') return unusable('unreadable', read.reason, read.path);
  if (read.state === 'machine-dependent') return unusable('unreadable', read.reason, abs);
  const file = read.parsed.file;
  const trust: Cert[] = [];
  for (const c of file.certificates) {
    try {
      trust.push(certOf(new X509Certificate(c.der)));
    } catch {
      /* a certificate the engine read but OpenSSL does not: not an anchor for any client */
    }
  }
  const verdicts = judgeFile(file, read.parsed.chains, provider, now).certs;
  const chainFps = new Set(chain.map((c) => c.sha256));
  const check: TrustFileCheck = {
    ...base,
    path: read.path,
    state: 'read',
    description: file.description,
    certificates: verdicts.map((v) => ({
      subject: v.cert.subjectCN ?? v.cert.subject,
      role: v.cert.role,
      sha256: v.cert.sha256Colon,
      notAfter: v.cert.notAfter.toISOString(),
      expired: v.expiry.expired,
      inChain: chainFps.has(v.cert.sha256Colon),
    })),
    openssl: verifyOpenssl(chain, trust, now),
    java: verifyJava(chain, trust, now),
  };
  if (trust.length === 0) {
    const why = file.problems.find((p) => p.severity === 'error')?.message ?? l10n.t('it holds no certificate');
    check.reason = why;
  }
  return { check, trust };
}

function presentedCerts(chain: Cert[], read: Awaited<ReturnType<typeof readPresented>>, now: Date): PresentedCert[] {
  return chain.map((c, i) => {
    const info = read?.parsed.file.certificates[i];
    const verdict = read?.verdicts[i];
    const issuerAt = c.selfSigned ? i : chain.findIndex((o, j) => j !== i && issued(o, c));
    const p: PresentedCert = {
      position: i,
      role: c.role,
      subject: info?.subject ?? c.subject.replace(/\n/g, ', '),
      issuer: info?.issuer ?? c.x.issuer.replace(/\n/g, ', '),
      serial: info?.serial ?? c.x.serialNumber,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      daysLeft: Math.floor((c.notAfter.getTime() - now.getTime()) / DAY),
      expired: now.getTime() > c.notAfter.getTime(),
      notYetValid: now.getTime() < c.notBefore.getTime(),
      sha256: c.sha256,
      key: info?.keyDescription ?? c.x.publicKey.asymmetricKeyType ?? 'unknown',
      signatureAlgorithm: info?.signatureAlgorithm ?? 'unknown',
      selfSigned: c.selfSigned,
      isCA: c.isCA,
      altNames: altNames(c.x),
      issuedBy: issuerAt >= 0 ? issuerAt : null,
      pem: c.x.toString(),
    };
    const cn = info?.subjectCN ?? displayName(c.subject);
    if (cn) p.subjectCN = cn;
    const icn = info?.issuerCN ?? displayName(c.x.issuer);
    if (icn) p.issuerCN = icn;
    if (verdict?.known) p.knownAs = verdict.known.name;
    return p;
  });
}

function providerCheck(provider: ProviderView, chain: Cert[], now: Date): ProviderCheck {
  const p = provider.match.provider;
  const roots = provider.accepted ?? [];
  const check: ProviderCheck = {
    id: p.id,
    name: p.name,
    expectedRoots: roots.map((r) => ({ name: r.name, sha256: r.sha256 })),
    publiclyTrusted: p.publiclyTrusted,
  };
  if (roots.length > 0) {
    const certs: Cert[] = [];
    for (const r of roots) {
      try {
        certs.push(certOf(new X509Certificate(r.pem())));
      } catch {
        /* skip */
      }
    }
    check.chainsToExpectedRoot = verifyOpenssl(chain, certs, now).verified || verifyJava(chain, certs, now).verified;
  }
  return check;
}

/** A trust file and why it cannot be used. */
function unusableFile(name: string, reason: string): string {
  return l10n.t({ message: '{0}: {1}.', args: [name, reason], comment: ['A trust file, and why it cannot be used (a clause).'] });
}

function judge(result: ProbeResult, chain: Cert[]): ProbeFinding[] {
  const findings: ProbeFinding[] = [];
  const add = (severity: ProbeFinding['severity'], code: ProbeFinding['code'], message: string): void => void findings.push({ code, severity, message });
  const host = result.host!;
  if (!host.matches) add('error', 'host-mismatch', l10n.t('The server certificate is not for {0} ({1}): sslmode=verify-full refuses this server, whatever the trust file.', host.name, host.reason ?? ''));
  for (const c of result.chain) {
    const server = c.position === 0;
    const role = roleName(c.role);
    const name = c.subjectCN ?? c.subject;
    const from = c.notBefore.slice(0, 10);
    const to = c.notAfter.slice(0, 10);
    if (c.expired) {
      add('error', 'chain-expired', server ? l10n.t('The server certificate expired on {0}: every verifying client refuses the server.', to) : l10n.t('The {0} "{1}" expired on {2}: every verifying client refuses the server.', role, name, to));
    } else if (c.notYetValid) {
      add('error', 'chain-not-yet-valid', server ? l10n.t('The server certificate is valid only from {0}.', from) : l10n.t('The {0} "{1}" is valid only from {2}.', role, name, from));
    } else if (c.daysLeft <= EXPIRING_DAYS) {
      add('warning', 'chain-expiring', server ? l10n.t('The server certificate expires on {0} (in {1} days).', to, c.daysLeft) : l10n.t('The {0} "{1}" expires on {2} (in {3} days).', role, name, to, c.daysLeft));
    }
  }
  if (chain[0]?.selfSigned) add('warning', 'self-signed-server', l10n.t('The server certificate is self-signed: a client can only trust it by pinning this very certificate, which breaks when it is renewed.'));
  const pv = result.provider;
  if (pv && pv.chainsToExpectedRoot === false) {
    const roots = commaList(pv.expectedRoots.map((r) => r.name).slice(0, 3)) + (pv.expectedRoots.length > 3 ? '…' : '');
    add('error', 'unexpected-root', l10n.t('The chain does not lead to any root {0} servers chain to ({1}): something between you and the server presents its own certificate, or the provider changed its CAs.', pv.name, roots));
  }
  const tf = result.trustFile;
  if (tf) {
    const name = tf.state === 'system' ? 'sslrootcert=system' : (tf.path ?? tf.written);
    if (tf.state !== 'read' && tf.state !== 'system') {
      add('error', 'trust-file-unusable', unusableFile(name, tf.reason ?? ''));
    } else if (tf.state === 'read' && tf.certificates.length === 0) {
      add('error', 'trust-file-unusable', tf.reason ? unusableFile(name, tf.reason) : l10n.t('{0}: no certificate.', name));
    } else if (!tf.openssl.verified && !tf.java.verified) {
      add('error', 'trust-file-fails', l10n.t("{0} does not verify this server's chain ({1}): verifying clients refuse the server.", name, tf.openssl.reason ?? ''));
    } else if (!tf.openssl.verified) {
      const java = tf.java.anchor!;
      const only = l10n.t(
        '{0} verifies this chain only for Java clients, anchored at the {1} "{2}"; OpenSSL clients (libpq, psql, node-postgres) refuse it ({3}).',
        name,
        roleName(java.role),
        java.subject,
        tf.openssl.reason ?? '',
      );
      add('error', 'trust-file-java-only', tf.java.survivesRotation ? only : sentences(only, l10n.t('Java breaks too at the next rotation.')));
    } else if (tf.java.verified && tf.java.survivesRotation === false) {
      const anchor = tf.java.anchor!;
      add('warning', 'trust-file-pinned', l10n.t('{0} verifies this chain, but Java clients anchor it at the {1} "{2}": they break at the next rotation. Keep only the root in the file.', name, roleName(anchor.role), anchor.subject));
    }
  }
  if (result.target.negotiation === 'direct' && result.tls && result.tls.alpn !== 'postgresql') {
    add('warning', 'direct-no-alpn', l10n.t('The server did not select the ALPN protocol postgresql: PostgreSQL 17+ always does with direct TLS, so this may not be a PostgreSQL server.'));
  }
  return findings;
}

/** Probes a PostgreSQL server's TLS certificate chain. Never throws; failures are in `error`. */
export async function probeServer(options: ProbeOptions): Promise<ProbeResult> {
  const port = options.port ?? DEFAULT_PORT;
  const negotiation = options.sslnegotiation ?? 'postgres';
  const now = options.now ?? new Date();
  const result: ProbeResult = { version: 1, target: { host: options.host, port, negotiation }, chain: [], findings: [], sentBeforeTls: 0 };
  if (options.address !== undefined) result.target.address = options.address;
  const badHost = (h: string): boolean => !h || /[\s/@?#]/.test(h);
  if (badHost(options.host) || (options.address !== undefined && badHost(options.address)) || !Number.isInteger(port) || port < 1 || port > 65535) {
    result.error = { code: 'invalid-target', message: l10n.t('expected a host name or IP address and a port from 1 to 65535'), phase: 'connect' };
    return result;
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wireOptions: Parameters<typeof fetchChain>[0] = { host: options.host, port, negotiation, timeoutMs };
  if (options.address !== undefined) wireOptions.address = options.address;
  if (options.signal) wireOptions.signal = options.signal;
  const wire = await fetchChain(wireOptions);
  result.sentBeforeTls = wire.sentBeforeTls;
  if (!wire.ok) {
    result.error = wire.error;
    return result;
  }
  result.tls = { protocol: wire.protocol, cipher: wire.cipher };
  if (wire.alpn !== undefined) result.tls.alpn = wire.alpn;

  let chain: Cert[];
  try {
    chain = wire.chain.map((der) => certOf(new X509Certificate(der)));
  } catch (e) {
    result.error = { code: 'tls-failed', message: l10n.t('the server presented a certificate that cannot be parsed ({0})', (e as Error).message), phase: 'handshake' };
    return result;
  }
  const provider = siteProvider(hostSite(options.host), now);
  const read = await readPresented(wire.chain, provider, now);
  result.chain = presentedCerts(chain, read, now);
  const leaf = chain[0]!;
  result.host = { name: options.host, matches: hostMatches(leaf.x, options.host) };
  if (!result.host.matches) {
    const names = altNames(leaf.x);
    result.host.reason = names.length ? l10n.t('it names {0}', commaList(names)) : l10n.t('it has no subject alternative names; its subject is {0}', displayName(leaf.subject));
  }
  result.publicRoots = verifyOpenssl(chain, publicRoots(), now);
  if (provider) result.provider = providerCheck(provider, chain, now);
  if (options.sslrootcert !== undefined && options.sslrootcert !== '') {
    result.trustFile = (await checkTrustFile(options.sslrootcert, chain, options, now, provider)).check;
  }
  result.findings = judge(result, chain);
  return result;
}
