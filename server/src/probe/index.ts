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
import { analyseTrustFile, judgeFile, MemoryFileAccess, newTrustFileCache, siteProvider } from '../engine';
import type { CertVerdict, ParsedTrustFile, ProviderView, Site } from '../engine';
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
      check: { ...base, state: 'system', description: `the public roots (${trust.length} certificates of Node's bundled Mozilla CA list)`, openssl: verifyOpenssl(chain, trust, now), java: verifyJava(chain, trust, now) },
      trust,
    };
  }
  const abs = path.resolve(options.cwd ?? process.cwd(), expandHome(written));
  const files = options.files ?? new NodeFileAccess();
  const read = await analyseTrustFile(abs, { files, documentPath: path.join(path.dirname(abs), '.probe'), cache: newTrustFileCache() });
  if (read.state === 'missing') return unusable('missing', `${abs} does not exist`, abs);
  if (read.state === 'not-a-file') return unusable('not-a-file', `${read.path} is ${read.kind === 'directory' ? 'a directory' : 'not a regular file'}`, read.path);
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
    const why = file.problems.find((p) => p.severity === 'error')?.message ?? 'it holds no certificate';
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

function judge(result: ProbeResult, chain: Cert[]): ProbeFinding[] {
  const findings: ProbeFinding[] = [];
  const add = (severity: ProbeFinding['severity'], code: ProbeFinding['code'], message: string): void => void findings.push({ code, severity, message });
  const host = result.host!;
  if (!host.matches) add('error', 'host-mismatch', `The server certificate is not for ${host.name} (${host.reason}): sslmode=verify-full refuses this server, whatever the trust file.`);
  for (const c of result.chain) {
    const what = `${c.position === 0 ? 'The server certificate' : `The ${c.role} "${c.subjectCN ?? c.subject}"`}`;
    if (c.expired) add('error', 'chain-expired', `${what} expired on ${c.notAfter.slice(0, 10)}: every verifying client refuses the server.`);
    else if (c.notYetValid) add('error', 'chain-not-yet-valid', `${what} is valid only from ${c.notBefore.slice(0, 10)}.`);
    else if (c.daysLeft <= EXPIRING_DAYS) add('warning', 'chain-expiring', `${what} expires on ${c.notAfter.slice(0, 10)} (in ${c.daysLeft} days).`);
  }
  if (chain[0]?.selfSigned) add('warning', 'self-signed-server', 'The server certificate is self-signed: a client can only trust it by pinning this very certificate, which breaks when it is renewed.');
  const pv = result.provider;
  if (pv && pv.chainsToExpectedRoot === false) {
    add('error', 'unexpected-root', `The chain does not lead to any root ${pv.name} servers chain to (${pv.expectedRoots.map((r) => r.name).slice(0, 3).join(', ')}${pv.expectedRoots.length > 3 ? '…' : ''}): something between you and the server presents its own certificate, or the provider changed its CAs.`);
  }
  const tf = result.trustFile;
  if (tf) {
    const name = tf.state === 'system' ? 'sslrootcert=system' : (tf.path ?? tf.written);
    if (tf.state !== 'read' && tf.state !== 'system') {
      add('error', 'trust-file-unusable', `${name}: ${tf.reason}.`);
    } else if (tf.state === 'read' && tf.certificates.length === 0) {
      add('error', 'trust-file-unusable', `${name}: ${tf.reason ?? 'no certificate'}.`);
    } else if (!tf.openssl.verified && !tf.java.verified) {
      add('error', 'trust-file-fails', `${name} does not verify this server's chain (${tf.openssl.reason}): verifying clients refuse the server.`);
    } else if (!tf.openssl.verified) {
      const java = tf.java.anchor!;
      add(
        'error',
        'trust-file-java-only',
        `${name} verifies this chain only for Java clients, anchored at the ${java.role} "${java.subject}"; OpenSSL clients (libpq, psql, node-postgres) refuse it (${tf.openssl.reason}).${tf.java.survivesRotation ? '' : ' Java breaks too at the next rotation.'}`,
      );
    } else if (tf.java.verified && tf.java.survivesRotation === false) {
      add('warning', 'trust-file-pinned', `${name} verifies this chain, but Java clients anchor it at the ${tf.java.anchor!.role} "${tf.java.anchor!.subject}": they break at the next rotation. Keep only the root in the file.`);
    }
  }
  if (result.target.negotiation === 'direct' && result.tls && result.tls.alpn !== 'postgresql') {
    add('warning', 'direct-no-alpn', 'The server did not select the ALPN protocol postgresql: PostgreSQL 17+ always does with direct TLS, so this may not be a PostgreSQL server.');
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
    result.error = { code: 'invalid-target', message: 'expected a host name or IP address and a port from 1 to 65535', phase: 'connect' };
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
    result.error = { code: 'tls-failed', message: `the server presented a certificate that cannot be parsed (${(e as Error).message})`, phase: 'handshake' };
    return result;
  }
  const provider = siteProvider(hostSite(options.host), now);
  const read = await readPresented(wire.chain, provider, now);
  result.chain = presentedCerts(chain, read, now);
  const leaf = chain[0]!;
  result.host = { name: options.host, matches: hostMatches(leaf.x, options.host) };
  if (!result.host.matches) {
    const names = altNames(leaf.x);
    result.host.reason = names.length ? `it names ${names.join(', ')}` : `it has no subject alternative names; its subject is ${displayName(leaf.subject)}`;
  }
  result.publicRoots = verifyOpenssl(chain, publicRoots(), now);
  if (provider) result.provider = providerCheck(provider, chain, now);
  if (options.sslrootcert !== undefined && options.sslrootcert !== '') {
    result.trustFile = (await checkTrustFile(options.sslrootcert, chain, options, now, provider)).check;
  }
  result.findings = judge(result, chain);
  return result;
}
