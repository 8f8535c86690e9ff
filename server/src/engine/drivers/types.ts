/**
 * What the engine knows about each client library, beyond interpreting one site: how it anchors a
 * certificate chain, which trust-file formats it loads, and how to fix a weak setting. One spec per
 * driver, grouped by family under drivers/ and collected in drivers/index.ts.
 */
import type { DriverId, Fix, Policy, Site } from '../types';

export type Database = 'postgresql' | 'mysql' | 'sqlserver' | 'any';

/** What a fix should achieve. */
export type FixGoal =
  /** Encrypt and verify chain and host name (the site is weak: weak-sslmode). */
  | 'verify-full'
  /** Stop switching verification off (verification-disabled). */
  | 'enable-verification'
  /** Also check the host name (no-hostname-check). */
  | 'check-host';

export interface DriverSpec {
  id: DriverId;
  /** For messages and the hover: "pgjdbc", "Microsoft.Data.SqlClient", "MySQL Connector/J". */
  label: string;
  database: Database;
  /**
   * How a trust file anchors a chain: `root-only` — only a self-signed root counts (OpenSSL without
   * partial chains: libpq, Node, PHP); `any-certificate` — any certificate in it is an anchor (Java
   * PKIX, Go crypto/x509, .NET custom roots).
   */
  anchors: 'root-only' | 'any-certificate';
  /** Trust file formats the driver loads from a path. */
  trustFormats: readonly ('pem' | 'der' | 'pkcs12' | 'jks')[];
  /** Effective policy of a site read by this driver. */
  interpret(site: Site): Policy;
  /** Fixes for a goal, as data; [] when none can be written in place. */
  fixes(site: Site, policy: Policy, goal: FixGoal): Fix[];
}
