/**
 * Chain verification as the two families of clients do it, on Node's X509Certificate (OpenSSL):
 *
 * - OpenSSL clients (libpq / psql, Node and node-postgres, PHP) anchor a chain only at a self-signed
 *   certificate of the trust store (no partial chains); certificates of the store are preferred as
 *   issuers over the ones the server sent; every certificate of the path, the root included, must be
 *   within its dates.
 * - Java (pgjdbc's default factory loads sslrootcert into a KeyStore for PKIX) takes every certificate
 *   of the trust store as an anchor, the server certificate itself included, and does not check the
 *   anchor's dates.
 *
 * The truth-table tests compare both with the real clients.
 */
import { X509Certificate } from 'node:crypto';
import * as net from 'node:net';
import * as l10n from '@vscode/l10n';
import type { CertRole, ChainCheck } from './types';

export interface Cert {
  x: X509Certificate;
  sha256: string;
  subject: string;
  role: CertRole;
  selfSigned: boolean;
  isCA: boolean;
  notBefore: Date;
  notAfter: Date;
}

/** Shortest readable name: the CN, else the whole subject on one line. */
export function displayName(subject: string): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(subject);
  return cn ? cn[1]! : subject.replace(/\n/g, ', ');
}

export function certOf(x: X509Certificate): Cert {
  const selfSigned = x.subject === x.issuer && safeVerify(x, x);
  const role: CertRole = !x.ca ? 'leaf' : selfSigned ? 'root' : 'intermediate';
  return { x, sha256: x.fingerprint256, subject: x.subject, role, selfSigned, isCA: x.ca, notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo) };
}

function safeVerify(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** `issuer` signed `child`: names (and key identifiers) match and the signature verifies. */
export function issued(issuer: Cert, child: Cert): boolean {
  try {
    if (!child.x.checkIssued(issuer.x)) return false;
  } catch {
    return false;
  }
  return safeVerify(child.x, issuer.x);
}

function dated(c: Cert, now: Date): string | undefined {
  if (now.getTime() > c.notAfter.getTime()) return l10n.t('certificate has expired ("{0}", {1})', displayName(c.subject), c.notAfter.toISOString().slice(0, 10));
  if (now.getTime() < c.notBefore.getTime()) return l10n.t('certificate is not yet valid ("{0}", from {1})', displayName(c.subject), c.notBefore.toISOString().slice(0, 10));
  return undefined;
}

function anchorOf(c: Cert, trust: readonly Cert[]): ChainCheck['anchor'] {
  return { subject: displayName(c.subject), role: c.role, sha256: c.sha256, inTrustFile: trust.includes(c) };
}

function nameOnlyIssuer(trust: readonly Cert[], cur: Cert): Cert | undefined {
  return trust.find((t) => t.subject === cur.x.issuer && !issued(t, cur));
}

/** OpenSSL's default verification (X509_V_FLAG_TRUSTED_FIRST, no partial chains). */
export function verifyOpenssl(chain: readonly Cert[], trust: readonly Cert[], now: Date): ChainCheck {
  const leaf = chain[0];
  if (!leaf) return { verified: false, reason: l10n.t('no certificate') };
  const path: Cert[] = [leaf];
  let cur = leaf;
  let anchor: Cert | undefined;
  for (let depth = 0; depth < 16 && !anchor; depth++) {
    const trustedCur = trust.find((t) => t.sha256 === cur.sha256);
    if (cur.selfSigned) {
      if (trustedCur) {
        anchor = cur;
        break;
      }
      // OpenSSL's own error strings (X509_verify_cert_error_string), as clients print them: not translated.
      return { verified: false, reason: cur === leaf ? 'self-signed certificate' : 'self-signed certificate in certificate chain' };
    }
    const fromTrust = trust.find((t) => issued(t, cur));
    const issuer = fromTrust ?? chain.find((c) => !path.includes(c) && issued(c, cur));
    if (!issuer) {
      if (nameOnlyIssuer(trust, cur)) {
        return { verified: false, reason: l10n.t('certificate signature failure (a certificate named "{0}" is trusted, but it did not sign "{1}")', displayName(cur.x.issuer), displayName(cur.subject)) };
      }
      return {
        verified: false,
        reason: trustedCur
          ? l10n.t('unable to get issuer certificate ("{0}" is not in the trust file: OpenSSL anchors only at a self-signed root)', displayName(cur.x.issuer))
          : l10n.t('unable to get local issuer certificate ("{0}" is not trusted)', displayName(cur.x.issuer)),
      };
    }
    if (!issuer.isCA) return { verified: false, reason: l10n.t('invalid CA certificate ("{0}" is not a CA)', displayName(issuer.subject)) };
    path.push(issuer);
    cur = issuer;
  }
  if (!anchor) return { verified: false, reason: 'certificate chain too long' };
  for (const c of path) {
    const bad = dated(c, now);
    if (bad) return { verified: false, reason: bad };
  }
  const sourced = trust.find((t) => t.sha256 === anchor!.sha256) ?? anchor;
  return { verified: true, anchor: anchorOf(sourced, trust), path: path.map((c) => displayName(c.subject)), survivesRotation: anchor.role === 'root' };
}

/** Java PKIX with the trust file as its KeyStore: any certificate of it is an anchor. */
export function verifyJava(chain: readonly Cert[], trust: readonly Cert[], now: Date): ChainCheck {
  const leaf = chain[0];
  if (!leaf) return { verified: false, reason: l10n.t('no certificate') };
  const path: Cert[] = [leaf];
  let cur = leaf;
  let anchor: Cert | undefined = trust.find((t) => t.sha256 === leaf.sha256);
  for (let depth = 0; depth < 16 && !anchor; depth++) {
    const fromTrust = trust.find((t) => issued(t, cur));
    if (fromTrust) {
      anchor = fromTrust;
      break;
    }
    const next = chain.find((c) => !path.includes(c) && issued(c, cur));
    if (!next || next.selfSigned) {
      return { verified: false, reason: l10n.t('unable to find valid certification path to requested target (no certificate of the trust file issued "{0}" or an issuer above it)', displayName(cur.subject)) };
    }
    if (!next.isCA) return { verified: false, reason: l10n.t('"{0}" is not a CA', displayName(next.subject)) };
    path.push(next);
    cur = next;
  }
  if (!anchor) return { verified: false, reason: 'certificate chain too long' };
  // PKIX checks the dates of the certificates below the anchor, not the anchor's own.
  for (const c of path) {
    if (c === anchor) continue;
    const bad = dated(c, now);
    if (bad) return { verified: false, reason: bad };
  }
  const names = path.map((c) => displayName(c.subject));
  if (anchor !== leaf) names.push(displayName(anchor.subject));
  return { verified: true, anchor: anchorOf(anchor, trust), path: names, survivesRotation: reachesTrustedRoot(anchor, chain, trust) };
}

/**
 * A rotation keeps working for Java only if the file also holds the root above the anchor: the new
 * intermediate is then anchored at that root. True when `from` is, or leads (through the file and the
 * presented certificates) to, a self-signed root of the trust file.
 */
function reachesTrustedRoot(from: Cert, chain: readonly Cert[], trust: readonly Cert[]): boolean {
  let cur = from;
  const seen = new Set<string>();
  for (let depth = 0; depth < 16; depth++) {
    if (cur.selfSigned) return cur.isCA && trust.some((t) => t.sha256 === cur.sha256);
    seen.add(cur.sha256);
    const next = trust.find((t) => !seen.has(t.sha256) && issued(t, cur)) ?? chain.find((c) => !seen.has(c.sha256) && issued(c, cur));
    if (!next) return false;
    cur = next;
  }
  return false;
}

/** What sslmode=verify-full checks of the server certificate: the host name (or IP) is among its names. */
export function hostMatches(leaf: X509Certificate, host: string): boolean {
  try {
    if (net.isIP(host)) return leaf.checkIP(host) !== undefined;
    return leaf.checkHost(host) !== undefined;
  } catch {
    return false;
  }
}

/** DNS and IP subject alternative names. */
export function altNames(x: X509Certificate): string[] {
  const san = x.subjectAltName;
  if (!san) return [];
  return san
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter((s) => /^(DNS|IP Address):/.test(s));
}
