import type { DriverId, Param, Policy, Site, TrustSource } from '../types';
import { locality } from './local';

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
  if (local === 'socket') policy.notes.push('All hosts are Unix-domain sockets: libpq ignores sslmode there.');
  if (start.dynamic) policy.notes.push('A TLS setting is decided at run time (a placeholder), so no verdict is given.');
  return policy;
}
