import * as l10n from '@vscode/l10n';
import type { DriverId, Param, Policy, Site, TrustSource } from '../types';
import { locality } from './local';

/** The trust store Node uses without a `ca` option (node-postgres, mysql2, tedious). */
export function nodeStore(): string {
  return l10n.t("Node's bundled Mozilla CA store (plus NODE_EXTRA_CA_CERTS)");
}

/** startPolicy's note for a site whose hosts are all Unix-domain sockets (libpq's wording). */
export function libpqSocketNote(): string {
  return l10n.t('All hosts are Unix-domain sockets: libpq ignores sslmode there.');
}

/**
 * "<who> verifies the certificate chain but not the host name<how>, so any server with a certificate
 * from the same CA is accepted (…). Use <use>." — the no-hostname-check sentence most drivers share.
 * `how` is '' or a parenthesis with a leading space.
 */
export function chainOnly(who: string, how: string, use: string): string {
  return l10n.t(
    "{0} verifies the certificate chain but not the host name{1}, so any server with a certificate from the same CA is accepted (with a cloud provider's CA: any other customer's server). Use {2}.",
    who,
    how,
    use,
  );
}

/** The no-hostname-check sentence for `require` with sslrootcert, which verifies like verify-ca (asyncpg, pgx, lib/pq). */
export function rootFileChainOnly(who: string, use: string): string {
  return l10n.t(
    "{0} verifies the certificate chain against sslrootcert (require with a root file behaves like verify-ca) but not the host name, so any server with a certificate from the same CA is accepted (with a cloud provider's CA: any other customer's server). Use {1}.",
    who,
    use,
  );
}

/**
 * A refused mode that is a valid one written in another case (`VERIFY-FULL`, `Require`): the lower-case
 * spelling is what was meant (rejected-setting's fix writes it). `valid` is asked about the lower case.
 */
export function meantInLowerCase(policy: Policy, mode: string, valid: (lower: string) => boolean): void {
  const lower = mode.toLowerCase();
  if (lower !== mode && valid(lower)) policy.rejectedInstead = lower;
}

export function setPolicy(p: Policy, encrypts: Policy['encrypts'], chain: Policy['verifiesChain'], host: Policy['verifiesHost']): Policy {
  p.encrypts = encrypts;
  p.verifiesChain = chain;
  p.verifiesHost = host;
  return p;
}

export interface PolicyStart {
  modeApplied: string;
  trust: TrustSource;
  dynamic: boolean;
  /** The parameter that decides the mode (sslmode, or ssl/requiressl standing in for it). */
  modeParam?: Param | undefined;
  /** The sslmode as written, when there is one. */
  modeWritten?: string | undefined;
  /** With no host, the driver uses a Unix socket (libpq) rather than localhost. */
  defaultsToSocket?: boolean;
}

/**
 * A policy with nothing decided yet (encrypts/verifies 'unknown') and the local-host facts filled
 * in. When the decisive value is a run-time placeholder, it says so and stays undecided.
 */
export function startPolicy(driver: DriverId, site: Site, start: PolicyStart): Policy {
  const policy: Policy = {
    driver,
    modeApplied: start.modeApplied,
    encrypts: 'unknown',
    verifiesChain: 'unknown',
    verifiesHost: 'unknown',
    trust: start.trust,
    dynamic: start.dynamic,
    notes: [],
  };
  if (start.modeParam) policy.modeParam = start.modeParam;
  if (start.modeWritten !== undefined) policy.modeWritten = start.modeWritten;
  const local = locality(site.hosts, driver, start.defaultsToSocket ?? false);
  if (local) policy.local = local;
  if (local === 'socket') policy.notes.push(libpqSocketNote());
  if (start.dynamic) policy.notes.push(l10n.t('A TLS setting is decided at run time (a placeholder), so no verdict is given.'));
  return policy;
}
