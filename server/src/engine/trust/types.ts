/**
 * Trust files as data: what a certificate file holds, read from its bytes alone.
 * All plain data (Dates and Uint8Arrays aside), so results can be cached and sent across processes.
 */
import type { Span } from '../types';

export type TrustFileFormat = 'pem' | 'der' | 'pkcs12' | 'jks' | 'unknown';

export type TrustProblemSeverity = 'error' | 'warning' | 'info';

export interface TrustProblem {
  /** Stable identifier (see PROBLEM_CODES in codes.ts); callers branch on it, never on the message. */
  code: string;
  severity: TrustProblemSeverity;
  message: string;
  /** UTF-16 offsets into the decoded text (PEM and other text files only). */
  span?: Span;
}

export type KeyType = 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'dsa' | 'dh' | 'unknown';

/** root: a self-signed CA; intermediate: a CA not self-signed (cross-signed roots included); leaf: not a CA. */
export type CertRole = 'root' | 'intermediate' | 'leaf';

export interface CertInfo {
  /** Position among the certificates of the file (0-based). */
  index: number;
  /** For PEM: the 1-based number of the block it came from (counting every BEGIN block). */
  block?: number;
  /** For PEM: the block from its BEGIN line to its END line (UTF-16 offsets into the text). */
  span?: Span;
  /** For keystores: the entry's alias (JKS) or friendlyName (PKCS#12). */
  alias?: string;
  /** The DER encoding. */
  der: Uint8Array;
  /** X.509 version (1, 2 or 3). */
  version: number;
  /** One-line subject, e.g. `C=US, O=DigiCert Inc, CN=DigiCert Global Root G2` (commas in values escaped). */
  subject: string;
  subjectCN?: string;
  issuer: string;
  issuerCN?: string;
  /** Upper-case hex, as OpenSSL prints it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER: lower-case hex without colons. */
  sha256: string;
  /** SHA-256 as OpenSSL prints it: upper-case hex pairs joined by colons. */
  sha256Colon: string;
  keyType: KeyType;
  /** RSA/DSA modulus bits; EC field size in bits. */
  keyBits?: number;
  /** EC curve in NIST form when it has one (P-256, P-384, P-521), else the OpenSSL name. */
  curve?: string;
  /** e.g. `RSA 2048`, `EC P-384`, `Ed25519`. */
  keyDescription: string;
  /** OpenSSL-style name, e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA384` (or the OID when unknown). */
  signatureAlgorithm: string;
  /** The hash of the signature, when there is one: sha1, sha256, ... */
  signatureHash?: string;
  /** basicConstraints CA:TRUE, or a self-signed version 1 certificate (OpenSSL treats those as CAs). */
  isCA: boolean;
  pathLength?: number;
  /** Issuer name equals subject name and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  role: CertRole;
  subjectKeyId?: string;
  authorityKeyId?: string;
  /**
   * Codes of the problems of the block it was read from that make OpenSSL skip or reject it
   * (e.g. pem-no-begin, pem-indented): read here, but not by libpq.
   */
  defects?: string[];
}

export interface TrustFileResult {
  format: TrustFileFormat;
  certificates: CertInfo[];
  problems: TrustProblem[];
  /** What the file is, in a few words (e.g. "PEM bundle of 3 certificates", "an HTML page"). */
  description: string;
}

export interface ReadTrustOptions {
  /** Password of a PKCS#12 file (a JKS needs none for its trusted certificates). */
  password?: string;
}

export interface ChainLink {
  index: number;
  /** The certificate in the bundle that signed this one (undefined for roots and orphans). */
  issuerIndex?: number;
  /** Every certificate in the bundle that verifiably signed this one (cross-signs give several). */
  issuerCandidates: number[];
  /** Certificates whose subject is this one's issuer name but whose key did not verify the signature. */
  nameOnlyIssuers: number[];
  /** The chain ends at a root present in the bundle (true for roots themselves). */
  reachesRoot: boolean;
  /** That root, following issuerIndex. */
  rootIndex?: number;
  /** An earlier certificate with the same DER. */
  duplicateOf?: number;
}

export interface Expiry {
  expired: boolean;
  notYetValid: boolean;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
}
