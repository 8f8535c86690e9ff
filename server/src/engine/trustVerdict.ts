/**
 * What a site's trust file means for that site: each certificate judged (role, chain, expiry,
 * provider knowledge) and the file as a whole against the provider the host belongs to.
 *
 * Pure: it reads only what attachTrustFiles attached and the embedded provider data. The trust rules,
 * the hover and the certificate-file diagnostics all judge through this one module.
 */
import * as l10n from '@vscode/l10n';
import { orList } from './l10n';
import { acceptedRoots, declaredProvider, identifyProvider, knownCa, retiredCa } from './providers';
import type { ProviderId } from './providers/types';
import type { HostMatch, KnownCa, RetiredCa, RootRef } from './providers';
import { driverSpec } from './drivers';
import { expiry } from './trust';
import type { CertInfo, ChainLink, Expiry, TrustFileResult } from './trust';
import type { AnalysedSite, DriverId, Policy, Site } from './types';

/** The provider of a site's host and the roots its servers chain to (undefined: not known here). */
export interface ProviderView {
  host: string;
  match: HostMatch;
  accepted?: RootRef[];
  /** The `providers` pattern that declared the host's provider (absent: known by its name). */
  declared?: string;
}

export interface CertVerdict {
  cert: CertInfo;
  link: ChainLink;
  /**
   * Read by the drivers too: not a duplicate, and from a block OpenSSL does not skip or reject
   * (an indented BEGIN line, base64 without BEGIN...).
   */
  usable: boolean;
  expiry: Expiry;
  known?: KnownCa;
  /** Retired for this site's provider and cloud (or everywhere), at `now`. */
  retired?: RetiredCa;
  /** A root the site's provider documents as its trust anchor. */
  accepted: boolean;
  /**
   * An intermediate or a leaf whose chain reaches no usable root of the file: trusting it is pinning.
   * A self-signed leaf (a self-signed server certificate) is pinned too.
   */
  pinned?: 'intermediate' | 'leaf';
}

export interface FileVerdict {
  file: TrustFileResult;
  certs: CertVerdict[];
  /** Usable roots that are valid today and not retired. */
  validRoots: CertVerdict[];
  /** The provider's accepted roots present in the file (by fingerprint, usable ones). */
  acceptedPresent: RootRef[];
}

/** The first host of the site that belongs to a known provider. */
export function siteProvider(site: Site, now: Date): ProviderView | undefined {
  for (const h of site.hosts) {
    const declared = site.declaredProviders?.find((d) => d.host === h.host.trim().toLowerCase().replace(/\.$/, ''));
    const match = declared ? declaredProvider(declared.provider as ProviderId, declared.region) : identifyProvider(h.host);
    if (!match) continue;
    const opts: Parameters<typeof acceptedRoots>[1] = { cloud: match.cloud, now, readReplica: true };
    if (match.region !== undefined) opts.region = match.region;
    const accepted = acceptedRoots(match.provider, opts);
    const view: ProviderView = { host: h.host, match };
    if (accepted) view.accepted = accepted;
    if (declared) view.declared = declared.pattern;
    return view;
  }
  return undefined;
}

/**
 * Whether the driver reads the site's trust file at all: libpq loads it whenever TLS may be used
 * (even for prefer/require); pgjdbc, node-postgres and Node option objects only when they verify.
 */
export function trustFileUsed(policy: Policy): boolean {
  if (policy.trust.kind !== 'file' || policy.dynamic || policy.rejected) return false;
  if (policy.driver === 'libpq') return policy.encrypts !== 'never';
  return policy.verifiesChain === 'yes';
}

function sameFp(a: string, b: string): boolean {
  return a.replace(/:/g, '').toLowerCase() === b.replace(/:/g, '').toLowerCase();
}

/** Judges every certificate of a parsed trust file for a site of this provider at `now`. */
export function judgeFile(file: TrustFileResult, chains: ChainLink[], provider: ProviderView | undefined, now: Date): FileVerdict {
  const certs: CertVerdict[] = file.certificates.map((cert, i) => {
    const link = chains[i]!;
    const v: CertVerdict = {
      cert,
      link,
      usable: link.duplicateOf === undefined && !(cert.defects && cert.defects.length > 0),
      expiry: expiry(cert, now),
      accepted: Boolean(provider?.accepted?.some((r) => sameFp(r.sha256, cert.sha256))),
    };
    const known = knownCa(cert.sha256, { now });
    if (known) v.known = known;
    const opts: Parameters<typeof retiredCa>[1] = { now };
    if (provider) {
      opts.provider = provider.match.provider.id;
      opts.cloud = provider.match.cloud;
    }
    const retired = retiredCa(cert.sha256, opts);
    if (retired) v.retired = retired;
    return v;
  });

  // Which usable certificates chain (through usable certificates) to a usable root of the file: a
  // fixpoint (flags only go from false to true, so it ends after at most n rounds).
  const reach = certs.map((v) => v.usable && v.cert.role === 'root');
  for (let changed = true, rounds = 0; changed && rounds <= certs.length; rounds++) {
    changed = false;
    for (const v of certs) {
      const i = v.cert.index;
      if (reach[i] || !v.usable) continue;
      if (v.link.issuerCandidates.some((j) => reach[j])) reach[i] = changed = true;
    }
  }
  for (const v of certs) {
    if (!v.usable || v.cert.role === 'root') continue;
    if (v.cert.role === 'leaf' && v.cert.selfSigned) v.pinned = 'leaf';
    else if (!reach[v.cert.index]) v.pinned = v.cert.role === 'leaf' ? 'leaf' : 'intermediate';
  }

  const validRoots = certs.filter((v) => v.usable && v.cert.role === 'root' && !v.expiry.expired && !v.expiry.notYetValid && !v.retired);
  const acceptedPresent = (provider?.accepted ?? []).filter((r) => certs.some((v) => v.usable && sameFp(r.sha256, v.cert.sha256)));
  return { file, certs, validRoots, acceptedPresent };
}

/**
 * Why this driver cannot load the file at all although it holds certificates: libpq (OpenSSL) loads a
 * root file as PEM only and rejects a PEM with indented base64 lines; Node takes `ca` as PEM text;
 * pgjdbc's sslrootcert takes X.509 certificates (PEM or DER), not keystores. Undefined when it can.
 */
export function unloadableFor(driver: DriverId, file: TrustFileResult): string | undefined {
  if (file.certificates.length === 0 || file.format === 'unknown') return undefined;
  const spec = driverSpec(driver);
  const formats = spec.trustFormats;
  if (!formats.includes(file.format)) {
    const der = file.format === 'der';
    const name =
      file.format === 'pkcs12'
        ? l10n.t('a PKCS#12 keystore')
        : file.format === 'jks'
          ? l10n.t('a Java keystore')
          : file.format === 'der'
            ? 'DER'
            : 'PEM';
    // One sentence per driver and remedy: `der` files convert with openssl; keystores export to PEM.
    if (driver === 'libpq') {
      return der
        ? l10n.t('libpq (OpenSSL) loads a root certificate file as PEM only, and this file is DER: convert it with `openssl x509 -inform DER -outform PEM`')
        : l10n.t('libpq (OpenSSL) loads a root certificate file as PEM only, and this file is {0}: export its certificates to PEM', name);
    }
    if (driver === 'node-postgres' || driver === 'postgres-js') {
      return der
        ? l10n.t('Node reads the CA file as PEM text only, and this file is DER: convert it with `openssl x509 -inform DER -outform PEM`')
        : l10n.t('Node reads the CA file as PEM text only, and this file is {0}: export its certificates to PEM', name);
    }
    if (driver === 'pgjdbc') {
      // pgjdbc reads PEM and DER: only a keystore gets here.
      return l10n.t(
        'pgjdbc reads sslrootcert as X.509 certificates (PEM or DER), not as a keystore, and this file is {0}: export its certificates to PEM, or use sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory with -Djavax.net.ssl.trustStore',
        name,
      );
    }
    const reads = orList(formats.map((f) => ({ pem: 'PEM', der: 'DER', pkcs12: 'PKCS#12', jks: 'JKS' })[f]));
    if (der) return l10n.t('{0} loads this trust file as {1} only, and this file is DER: convert it with `openssl x509 -inform DER -outform PEM`', spec.label, reads);
    if (formats.includes('pem')) return l10n.t('{0} loads this trust file as {1} only, and this file is {2}: export its certificates to PEM', spec.label, reads, name);
    return l10n.t('{0} loads this trust file as {1} only, and this file is {2}: convert it to a format the driver reads', spec.label, reads, name);
  }
  if (spec.anchors === 'root-only' && file.problems.some((p) => p.code === 'pem-indented-base64')) return l10n.t('OpenSSL fails to load the whole file because a block has indented base64 lines');
  return undefined;
}

const verdicts = new WeakMap<AnalysedSite, { now: number; verdict: FileVerdict | undefined }>();

/**
 * The verdict on the trust file an analysed site names and its driver reads; undefined when there is
 * none (no file, not read, not used by the driver). Memoised per site and date.
 */
export function siteFileVerdict(analysed: AnalysedSite, now: Date): FileVerdict | undefined {
  const hit = verdicts.get(analysed);
  if (hit && hit.now === now.getTime()) return hit.verdict;
  let verdict: FileVerdict | undefined;
  const tf = analysed.trustFile;
  if (tf?.state === 'read' && trustFileUsed(analysed.policy) && !unloadableFor(analysed.policy.driver, tf.parsed.file)) {
    verdict = judgeFile(tf.parsed.file, tf.parsed.chains, siteProvider(analysed.site, now), now);
  }
  verdicts.set(analysed, { now: now.getTime(), verdict });
  return verdict;
}
