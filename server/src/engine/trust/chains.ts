/** Issuer links inside one bundle, and validity against a date. */
import { nameKey, x509Of } from './cert';
import type { CertInfo, ChainLink, Expiry } from './types';

/** Signature checks per certificate at most (names shared by many certificates stay bounded). */
const MAX_CANDIDATES = 32;

/**
 * Links each certificate to the certificates of the bundle that issued it: the issuer's subject
 * equals its issuer name, OpenSSL's checkIssued accepts the pair (key identifiers, key usage) and
 * the signature verifies with the issuer's key. Duplicates (same DER) share the result of their
 * first occurrence; cycles (cross-signs both ways) are followed without looping.
 */
export function buildChains(certs: CertInfo[]): ChainLink[] {
  const n = certs.length;
  const firstBySha = new Map<string, number>();
  const bySubject = new Map<string, number[]>();
  const links: ChainLink[] = certs.map((c, index) => {
    const link: ChainLink = { index, issuerCandidates: [], nameOnlyIssuers: [], reachesRoot: false };
    const first = firstBySha.get(c.sha256);
    if (first === undefined) {
      firstBySha.set(c.sha256, index);
      const key = nameKey(c.subject);
      const list = bySubject.get(key);
      if (list) list.push(index);
      else bySubject.set(key, [index]);
    } else link.duplicateOf = first;
    return link;
  });

  const verified = (child: CertInfo, issuer: CertInfo): boolean => {
    try {
      const x = x509Of(child);
      const y = x509Of(issuer);
      return x.checkIssued(y) && x.verify(y.publicKey);
    } catch {
      return false;
    }
  };

  for (const link of links) {
    if (link.duplicateOf !== undefined) continue;
    const cert = certs[link.index]!;
    if (cert.selfSigned) continue;
    const sameName = bySubject.get(nameKey(cert.issuer)) ?? [];
    for (const j of sameName.slice(0, MAX_CANDIDATES)) {
      if (j === link.index) continue;
      (verified(cert, certs[j]!) ? link.issuerCandidates : link.nameOnlyIssuers).push(j);
    }
  }

  // reachesRoot: a fixpoint over the issuer graph (terminates: flags only go from false to true).
  const isRoot = (i: number) => certs[i]!.role === 'root';
  const reaches = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) if (isRoot(i)) reaches[i] = true;
  for (let changed = true, rounds = 0; changed && rounds <= n; rounds++) {
    changed = false;
    for (const link of links) {
      const i = link.index;
      if (reaches[i] || link.duplicateOf !== undefined) continue;
      if (link.issuerCandidates.some((j) => reaches[j])) {
        reaches[i] = true;
        changed = true;
      }
    }
  }

  const rank = (j: number) => (isRoot(j) ? 0 : reaches[j] ? 1 : 2);
  for (const link of links) {
    const src = link.duplicateOf !== undefined ? links[link.duplicateOf]! : link;
    if (link !== src) {
      link.issuerCandidates = [...src.issuerCandidates];
      link.nameOnlyIssuers = [...src.nameOnlyIssuers];
    }
    link.reachesRoot = reaches[src.index]!;
    const best = [...link.issuerCandidates].sort((a, b) => rank(a) - rank(b) || a - b)[0];
    if (best !== undefined) link.issuerIndex = best;
  }

  for (const link of links) {
    if (!link.reachesRoot) continue;
    const seen = new Set<number>();
    let i: number | undefined = link.duplicateOf ?? link.index;
    while (i !== undefined && !seen.has(i)) {
      seen.add(i);
      if (isRoot(i)) {
        link.rootIndex = i;
        break;
      }
      i = links[i]!.issuerIndex;
    }
  }
  return links;
}

const DAY = 86_400_000;

export function expiry(cert: CertInfo, now: Date): Expiry {
  const t = now.getTime();
  return {
    expired: t > cert.notAfter.getTime(),
    notYetValid: t < cert.notBefore.getTime(),
    daysLeft: Math.floor((cert.notAfter.getTime() - t) / DAY),
  };
}
