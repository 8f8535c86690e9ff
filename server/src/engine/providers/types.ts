/**
 * Types of the cloud-provider knowledge base: which hosts belong to which managed database service,
 * which root CAs its servers chain to, which CAs it retired, and when.
 *
 * Fingerprints are SHA-256 over the certificate's DER, upper-case hex pairs joined by colons: the form
 * of Node's `X509Certificate.fingerprint256` and of `openssl x509 -noout -fingerprint -sha256`. The
 * functions in ./index accept any case, with or without colons.
 *
 * Dates are `YYYY-MM-DD` (UTC). A `source` names where a fact comes from; it starts with `UNVERIFIED`
 * when the fact is an inference or comes from secondary material only.
 */

export type ProviderId =
  | 'azure-postgresql-flexible'
  | 'azure-mysql-flexible'
  | 'aws-rds'
  | 'aws-rds-proxy'
  | 'gcp-cloudsql'
  | 'supabase'
  | 'neon';

export type Cloud = 'public' | 'government' | 'china';

/** Which kind of endpoint a host name is, when the provider has several. */
export type EndpointKind = 'server' | 'instance' | 'cluster' | 'proxy' | 'direct' | 'pooler';

export interface HostPattern {
  /** Written for people: `*.postgres.database.azure.com`. */
  display: string;
  /**
   * Anchored, matched against the lower-cased host without a trailing dot. A named group `region`
   * captures the region when the host carries one.
   */
  pattern: RegExp;
  cloud: Cloud;
  kind: EndpointKind;
}

/** A root the provider's servers chain to, possibly only in some clouds, regions or periods. */
export interface AcceptedRootRule {
  sha256: string;
  name: string;
  /** Only in these clouds (default: every cloud of the provider). */
  clouds?: readonly Cloud[];
  /** Accepted from this date on (inclusive). */
  from?: string;
  /** Accepted before this date (exclusive). */
  until?: string;
  /** Needed only in a particular setup (e.g. `read-replica`); absent = always. */
  condition?: 'read-replica';
  source: string;
}

export interface RetiredCa {
  sha256: string;
  name: string;
  role: 'root' | 'intermediate';
  /** The date it stopped working for clients of the provider(s) (expiry or switch-over). */
  retired: string;
  reason: string;
  /** Providers it was retired for; empty = everywhere (the certificate itself expired). */
  providers: readonly ProviderId[];
  /** Only in this cloud (e.g. Azure China's root switch). */
  cloud?: Cloud;
  /** What replaced it, in words. */
  replacedBy?: string;
  source: string;
}

export interface TimelineEvent {
  date: string;
  what: string;
  source: string;
}

export interface Provider {
  id: ProviderId;
  name: string;
  engine: 'postgresql' | 'mysql';
  hostPatterns: readonly HostPattern[];
  /** Said when host names cannot identify the provider (Cloud SQL) or about lookalike names. */
  hostNote?: string;
  clouds: readonly Cloud[];
  acceptedRoots: readonly AcceptedRootRule[];
  /**
   * Why no accepted roots are embedded for some or all of this provider's endpoints (per-instance CAs,
   * regions outside the embedded bundle, roots from the system store).
   */
  rootsNote?: string;
  retired: readonly RetiredCa[];
  timeline: readonly TimelineEvent[];
  /**
   * Pinning (trusting the server's own CA or an intermediate) is the normal, documented setup, so
   * `verify-ca` with that file is not a finding (Cloud SQL: one self-signed CA per instance).
   */
  pinningNormal: boolean;
  /** `sslrootcert=system` (the OS / public Web PKI store) verifies the server. */
  publiclyTrusted: boolean;
  /** Where publiclyTrusted comes from (UNVERIFIED when it is an inference). */
  publiclyTrustedSource: string;
  sources: readonly string[];
}

/** An embedded root, ready to be compared or written out. */
export interface RootRef {
  name: string;
  sha256: string;
  /** The certificate as PEM text (64-column base64, trailing newline). */
  pem(): string;
  notBefore: string;
  notAfter: string;
  keyType: string;
  /** The file under providers/roots/ it is embedded from. */
  file: string;
  /** AWS RDS G1 roots: the region in the subject (`eu-west-1`). */
  region?: string;
  /** AWS RDS G1 roots: the CA identifier (`rds-ca-rsa2048-g1`). */
  caId?: string;
  condition?: 'read-replica';
}

export type CaStatus =
  /** A root some provider's servers chain to at that date. */
  | 'accepted'
  /** A valid root that no provider here documents as its trust anchor. */
  | 'other-root'
  /** A valid intermediate: trusting it alone is pinning, which breaks at the next rotation. */
  | 'intermediate'
  /** Expired or replaced. */
  | 'retired';

export interface KnownCa {
  name: string;
  sha256: string;
  role: 'root' | 'intermediate';
  providers: readonly ProviderId[];
  status: CaStatus;
  notAfter: string;
  note?: string;
  /** The retirement record behind status `retired`, when there is one. */
  retired?: RetiredCa;
}

/** A trust file name that people copied from old provider docs, and what replaced it. */
export interface RetiredFileName {
  fileName: string;
  providers: readonly ProviderId[];
  /** What the file held. */
  held: string;
  /** The last date the file could verify a server. */
  retired: string;
  replacedBy: string;
  /** Well-known replacement file names. */
  replacementFiles: readonly string[];
  source: string;
}

export interface HostMatch {
  provider: Provider;
  cloud: Cloud;
  kind: EndpointKind;
  region?: string;
}
