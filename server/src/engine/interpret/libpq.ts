/**
 * libpq semantics (PostgreSQL 18 docs, libpq-connect §34.1.2 and libpq-ssl §34.19;
 * src/interfaces/libpq/fe-secure-openssl.c initialize_SSL):
 * - sslmode: disable | allow | prefer (default) | require | verify-ca | verify-full, compared case-sensitively;
 * - with a root certificate file present (sslrootcert, else ~/.postgresql/root.crt) `require` verifies
 *   the chain like verify-ca; no mode below verify-full checks the host name;
 * - sslrootcert=system (libpq 16+) uses the OS trust store and makes verify-full the default; a weaker
 *   explicit mode is an error;
 * - `requiressl=1` (deprecated) means require; in URIs `ssl=true` is translated to sslmode=require;
 * - sslmode is ignored on Unix-domain sockets.
 */
import type { Param, Policy, Site } from '../types';
import { lastParam } from '../extract/common';
import { setPolicy, startPolicy } from './policy';

export const LIBPQ_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

const DEFAULT_ROOT = '~/.postgresql/root.crt (%APPDATA%\\postgresql\\root.crt on Windows) on the machine that runs the client';

export function interpretLibpq(site: Site): Policy {
  const env = site.kind === 'env';
  const modeParam = lastParam(site.params, env ? 'PGSSLMODE' : 'sslmode');
  const rootParam = lastParam(site.params, env ? 'PGSSLROOTCERT' : 'sslrootcert');
  const requiressl = env ? undefined : lastParam(site.params, 'requiressl');
  const sslParam = site.kind === 'uri' ? lastParam(site.params, 'ssl') : undefined;
  const notes: string[] = [];
  let mode = modeParam?.value;
  let effectiveParam: Param | undefined = modeParam;
  if (mode === undefined && requiressl?.value === '1') {
    mode = 'require';
    effectiveParam = requiressl;
    notes.push('`requiressl=1` is deprecated; libpq reads it as sslmode=require.');
  }
  if (mode === undefined && sslParam?.value === 'true') {
    mode = 'require';
    effectiveParam = sslParam;
    notes.push('libpq translates `ssl=true` in a URI into sslmode=require (for JDBC compatibility).');
  }

  const policy = startPolicy('libpq', site, {
    modeApplied: mode ?? 'prefer',
    trust: { kind: 'none' },
    dynamic: Boolean(effectiveParam?.dynamic || rootParam?.dynamic),
    modeParam: effectiveParam,
    modeWritten: modeParam?.value,
    defaultsToSocket: site.kind !== 'env' && !site.fragment,
  });
  policy.notes.unshift(...notes);
  if (policy.dynamic) return policy;

  const system = rootParam?.value === 'system';
  if (rootParam && !system) policy.trust = { kind: 'file', path: rootParam.value, param: rootParam };
  else if (rootParam && system) policy.trust = { kind: 'system', param: rootParam };
  else policy.trust = { kind: 'default-file', description: DEFAULT_ROOT };

  if (mode === undefined) {
    if (system) {
      policy.modeApplied = 'verify-full (implied by sslrootcert=system, libpq 16+)';
      return full(policy);
    }
    if (env || site.fragment) {
      policy.modeApplied = 'not set here';
      return policy;
    }
    policy.notes.push('No sslmode is given: libpq uses PGSSLMODE from the environment, or else `prefer`.');
    mode = 'prefer';
  }

  if (mode === 'no-verify') {
    policy.disabledBy = { param: effectiveParam!, what: 'sslmode=no-verify' };
    policy.rejected = 'libpq rejects sslmode=no-verify (not a libpq mode): the connection fails; node-postgres reads it as "encrypt without verifying".';
    policy.encrypts = 'always';
    policy.verifiesChain = 'no';
    policy.verifiesHost = 'no';
    return policy;
  }
  if (!LIBPQ_MODES.includes(mode)) {
    policy.rejected = `libpq rejects sslmode=${mode}: valid values are ${LIBPQ_MODES.join(', ')} (lower case).`;
    policy.notes.push(policy.rejected);
    return policy;
  }
  if (system && mode !== 'verify-full') {
    policy.rejected = `with sslrootcert=system libpq 16+ refuses sslmode=${mode} (only verify-full is allowed).`;
    policy.notes.push(policy.rejected);
    return policy;
  }

  switch (mode) {
    case 'disable':
      return setPolicy(policy, 'never', 'no', 'no');
    case 'allow':
    case 'prefer':
      if (mode === 'prefer' && policy.trust.kind === 'file')
        policy.notes.push('With a root file libpq verifies the chain when TLS is used, but `prefer` still falls back to plaintext.');
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'require':
      if (policy.trust.kind === 'file') {
        policy.modeApplied = 'verify-ca (require with a root certificate file)';
        policy.notes.push('libpq verifies the chain because a root certificate file is given (if it exists where the client runs), but not the host name.');
        return setPolicy(policy, 'always', 'yes', 'no');
      }
      policy.verifiesChainIfDefaultFile = true;
      policy.notes.push(`The chain is verified only if the default root file exists: ${DEFAULT_ROOT}.`);
      return setPolicy(policy, 'always', 'no', 'no');
    case 'verify-ca':
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return full(policy);
  }
}


function full(p: Policy): Policy {
  return setPolicy(p, 'always', 'yes', 'yes');
}
