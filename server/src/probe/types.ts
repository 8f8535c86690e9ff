/**
 * The live chain probe's options and result. The result is plain data (no functions, dates as ISO
 * strings): `dbtrust probe --format json` prints it as is, and docs/probe.md documents it as a contract.
 */
import type { FileAccess } from '../engine';

export type Negotiation = 'postgres' | 'direct';

export interface ProbeOptions {
  /** Host name or IP address (IPv6 without brackets). */
  host: string;
  /** Default 5432. */
  port?: number;
  /**
   * Connect here instead (an SSH tunnel's local end, a private address), with `port`; the certificate
   * is still checked against `host`, which is also sent as the TLS server name.
   */
  address?: string;
  /**
   * A trust file to judge the presented chain with, as a client's `sslrootcert` would name it: a path
   * (absolute, or relative to `cwd`), or `system` for the public roots.
   */
  sslrootcert?: string;
  /** `postgres` (default): the SSLRequest first; `direct`: TLS at once, ALPN `postgresql` (PostgreSQL 17+). */
  sslnegotiation?: Negotiation;
  /** Limit for the whole network exchange (connect, SSLRequest answer, TLS handshake). Default 10000 ms. */
  timeoutMs?: number;
  /** "Today" for expiry checks (default: now). */
  now?: Date;
  /** Folder a relative `sslrootcert` is resolved from (default: the process's working directory). */
  cwd?: string;
  /** How the trust file is read (default: the local disk, regular files only, size-capped). */
  files?: FileAccess;
  /** Cancels the probe (the socket is closed; the result has error code `cancelled`). */
  signal?: AbortSignal;
}

export type ProbeErrorCode =
  | 'invalid-target' // host or port unusable
  | 'unresolved' // the name does not resolve
  | 'refused' // nothing listens on the port
  | 'unreachable' // no route, network down
  | 'timeout' // no answer in time (the message says in which phase)
  | 'closed' // the server closed the connection before TLS was set up
  | 'no-tls' // a PostgreSQL server that answered the SSLRequest with N
  | 'not-postgres' // the answer is not PostgreSQL's
  | 'direct-refused' // direct TLS was not accepted (server older than PostgreSQL 17, or no ALPN)
  | 'tls-failed' // the TLS handshake failed
  | 'cancelled';

export interface ProbeError {
  code: ProbeErrorCode;
  message: string;
  /** Which step failed: connect, negotiate (the SSLRequest answer) or handshake. */
  phase: 'connect' | 'negotiate' | 'handshake';
}

export type CertRole = 'leaf' | 'intermediate' | 'root';

export interface PresentedCert {
  /** 0 is the server's own certificate; each next one is the issuer of the previous one. */
  position: number;
  role: CertRole;
  subject: string;
  subjectCN?: string;
  issuer: string;
  issuerCN?: string;
  serial: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  /** Upper-case hex pairs joined by colons. */
  sha256: string;
  /** e.g. `RSA 2048`, `EC P-256`. */
  key: string;
  signatureAlgorithm: string;
  selfSigned: boolean;
  isCA: boolean;
  /** DNS and IP subject alternative names (the server certificate's names). */
  altNames: string[];
  /**
   * Who issued it: a position in `chain`, or `null` when the issuer was not sent (then `issuerCN`
   * names it), or for a self-signed certificate its own position.
   */
  issuedBy: number | null;
  /** A CA dbtrust knows (a cloud provider's root or intermediate), by fingerprint. */
  knownAs?: string;
  pem: string;
}

/** Whether a set of trust anchors verifies the presented chain (signatures, CA flags, dates). */
export interface ChainCheck {
  verified: boolean;
  /** The certificate the chain was anchored at, when verified. */
  anchor?: { subject: string; role: CertRole; sha256: string; inTrustFile: boolean };
  /** The path from the server certificate to the anchor, as subjects (when verified). */
  path?: string[];
  /**
   * Why not, when not verified: the error name OpenSSL (or Java) gives, as clients print it, with
   * dbtrust's explanation after it in the language of the messages.
   */
  reason?: string;
  /**
   * Verified, and the trust file holds the root CA the chain leads to, so a new intermediate under the
   * same root keeps verifying; false when it hangs on an intermediate or the server certificate itself
   * with no root above it in the file (breaks at the next rotation or renewal). Absent when not verified.
   */
  survivesRotation?: boolean;
}

export interface TrustFileCheck {
  /** As given. */
  written: string;
  /** Absolute path read, when found. */
  path?: string;
  state: 'read' | 'missing' | 'unreadable' | 'not-a-file' | 'system';
  /** Why it could not be used, for states other than read/system. */
  reason?: string;
  /** What the file is (`a PEM bundle of 2 certificates`). */
  description?: string;
  certificates: { subject: string; role: CertRole; sha256: string; notAfter: string; expired: boolean; inChain: boolean }[];
  /**
   * OpenSSL-based clients (libpq and psql, node-postgres / Node, PHP): a chain is anchored only at a
   * self-signed root of the trust file, every certificate (the root too) must be within its dates.
   */
  openssl: ChainCheck;
  /**
   * Java (pgjdbc), and other clients that take any certificate of the trust file as an anchor: an
   * intermediate or the server certificate itself is accepted; the anchor's dates are not checked.
   */
  java: ChainCheck;
}

export interface HostCheck {
  name: string;
  /** The server certificate names this host (what sslmode=verify-full checks). */
  matches: boolean;
  reason?: string;
}

export interface ProviderCheck {
  id: string;
  name: string;
  /** The roots dbtrust knows the provider's servers chain to (none: not embedded here). */
  expectedRoots: { name: string; sha256: string }[];
  /** The presented chain verifies up to one of the expected roots; undefined when none are known. */
  chainsToExpectedRoot?: boolean;
  /** The provider's own servers are publicly trusted (sslrootcert=system works). */
  publiclyTrusted: boolean;
}

export type ProbeFindingCode =
  | 'host-mismatch'
  | 'chain-expired'
  | 'chain-not-yet-valid'
  | 'chain-expiring'
  | 'self-signed-server'
  | 'unexpected-root'
  | 'trust-file-unusable'
  | 'trust-file-fails'
  | 'trust-file-pinned'
  | 'trust-file-java-only'
  | 'direct-no-alpn';

export interface ProbeFinding {
  code: ProbeFindingCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface ProbeResult {
  /** Version of this JSON shape; fields are only added within a version. */
  version: 1;
  target: { host: string; port: number; negotiation: Negotiation; address?: string };
  /** Set when no chain could be obtained; then `chain` is empty and the checks are absent. */
  error?: ProbeError;
  tls?: { protocol: string; cipher: string; alpn?: string };
  chain: PresentedCert[];
  host?: HostCheck;
  /** Node's bundled Mozilla CA list (node-postgres without `ca`; close to what sslrootcert=system loads). */
  publicRoots?: ChainCheck;
  provider?: ProviderCheck;
  trustFile?: TrustFileCheck;
  findings: ProbeFinding[];
  /**
   * Bytes the probe wrote before TLS: the 8-byte SSLRequest (or none with direct TLS). Nothing is
   * written over TLS: no startup message, no user name, no password.
   */
  sentBeforeTls: number;
}
