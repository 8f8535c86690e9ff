/**
 * libpq semantics (PostgreSQL 18 docs, libpq-connect §34.1.2 and libpq-ssl §34.19;
 * src/interfaces/libpq/fe-secure-openssl.c initialize_SSL):
 * - sslmode: disable | allow | prefer (default) | require | verify-ca | verify-full, compared case-sensitively;
 * - with a root certificate file present (sslrootcert, else ~/.postgresql/root.crt) `require` verifies
 *   the chain like verify-ca; no mode below verify-full checks the host name;
 * - sslrootcert=system (libpq 16+) uses the OS trust store and makes verify-full the default; a weaker
 *   explicit mode is an error; libpq 15 and older take `system` as a file name (verified against psql
 *   15.18: with no sslmode, or with sslmode=require, it connects to an impostor), so without an
 *   explicit sslmode, or with one below verify-ca, it is weak;
 * - `requiressl=1` (deprecated) means require; in URIs `ssl=true` is translated to sslmode=require;
 * - sslmode is ignored on Unix-domain sockets.
 */
import * as l10n from '@vscode/l10n';
import type { Param, Policy, Site } from '../types';
import { lastParam } from '../extract/common';
import { meantInLowerCase, setPolicy, startPolicy } from './policy';

export const LIBPQ_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

function defaultRoot(): string {
  return l10n.t('~/.postgresql/root.crt (%APPDATA%\\postgresql\\root.crt on Windows) on the machine that runs the client');
}

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
    notes.push(l10n.t('`requiressl=1` is deprecated; libpq reads it as sslmode=require.'));
  }
  if (mode === undefined && sslParam?.value === 'true') {
    mode = 'require';
    effectiveParam = sslParam;
    notes.push(l10n.t('libpq translates `ssl=true` in a URI into sslmode=require (for JDBC compatibility).'));
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
  else policy.trust = { kind: 'default-file', description: defaultRoot() };

  if (mode === undefined) {
    if (system) {
      // libpq 15 and older have no `system`: a file of that name is looked for (and not found) and the
      // default sslmode=prefer applies. The client's libpq version is not in the text, so the verdict
      // is open, and writing sslmode=verify-full makes every version verify (or fail closed).
      policy.modeApplied = l10n.t('verify-full with libpq 16+ (implied by sslrootcert=system); prefer with libpq 15 and older, which take "system" as a file name');
      setPolicy(policy, 'maybe', 'unknown', 'unknown');
      policy.explain = {
        weak: l10n.t(
          'libpq 16+ then verifies against the operating system\'s roots, but libpq 15 and older have no sslrootcert=system: they look for a file named "system" and, with the default sslmode=prefer, verify nothing and fall back to plaintext. Write sslmode=verify-full too: every libpq version then verifies, or refuses to connect.',
        ),
      };
      return policy;
    }
    if (env || site.fragment) {
      policy.modeApplied = l10n.t('not set here');
      return policy;
    }
    policy.notes.push(l10n.t('No sslmode is given: libpq uses PGSSLMODE from the environment, or else `prefer`.'));
    mode = 'prefer';
  }

  if (mode === 'no-verify') {
    policy.disabledBy = { param: effectiveParam!, what: 'sslmode=no-verify' };
    policy.rejected = l10n.t('libpq rejects sslmode=no-verify (not a libpq mode): the connection fails; node-postgres reads it as "encrypt without verifying".');
    policy.encrypts = 'always';
    policy.verifiesChain = 'no';
    policy.verifiesHost = 'no';
    return policy;
  }
  if (!LIBPQ_MODES.includes(mode)) {
    policy.rejected = l10n.t('libpq rejects sslmode={0}: valid values are {1} (lower case).', mode, LIBPQ_MODES.join(', '));
    meantInLowerCase(policy, mode, (m) => LIBPQ_MODES.includes(m));
    policy.notes.push(policy.rejected);
    return policy;
  }
  if (system && mode === 'verify-ca') {
    // libpq 16+ refuses it; libpq 15 and older look for a root file named "system", which verify-ca
    // requires: every version fails.
    policy.rejected = l10n.t('With sslrootcert=system libpq 16+ refuses sslmode={0} (only verify-full is allowed), and libpq 15 and older fail because they find no root certificate file named "system".', mode);
    policy.notes.push(policy.rejected);
    policy.rejectedInstead = 'verify-full';
    return policy;
  }
  if (system && mode !== 'verify-full') return weakWithSystem(policy, mode);

  switch (mode) {
    case 'disable':
      return setPolicy(policy, 'never', 'no', 'no');
    case 'allow':
    case 'prefer':
      if (mode === 'prefer' && policy.trust.kind === 'file')
        policy.notes.push(l10n.t('With a root file libpq verifies the chain when TLS is used, but `prefer` still falls back to plaintext.'));
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'require':
      if (policy.trust.kind === 'file') {
        policy.modeApplied = l10n.t('verify-ca (require with a root certificate file)');
        policy.notes.push(l10n.t('libpq verifies the chain because a root certificate file is given (if it exists where the client runs), but not the host name.'));
        return setPolicy(policy, 'always', 'yes', 'no');
      }
      policy.verifiesChainIfDefaultFile = true;
      policy.notes.push(l10n.t('The chain is verified only if the default root file exists: {0}.', defaultRoot()));
      return setPolicy(policy, 'always', 'no', 'no');
    case 'verify-ca':
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return full(policy);
  }
}

/**
 * sslrootcert=system with a mode below verify-ca: libpq 16+ refuses it (connectOptions2: "weak sslmode
 * … may not be used with sslrootcert=system"), but libpq 15 and older take "system" as a root file
 * that does not exist and, below verify-ca, go on without verifying (initialize_SSL; seen with psql
 * 15.18 in docs/truth-table.md: it connects to an impostor). Judged as the older versions do it.
 */
function weakWithSystem(policy: Policy, mode: string): Policy {
  policy.modeApplied = l10n.t('refused by libpq 16+ (only verify-full goes with sslrootcert=system); {0} without verification in libpq 15 and older, which take "system" as a file name', mode);
  const older =
    mode === 'disable'
      ? l10n.t('they never use TLS')
      : mode === 'require'
        ? l10n.t('they encrypt but verify nothing, so anyone on the path can impersonate the server')
        : l10n.t('they verify nothing and fall back to plaintext when TLS fails');
  policy.explain = {
    weak: l10n.t(
      'libpq 16+ refuses sslmode={0} with sslrootcert=system, so the connection fails; libpq 15 and older have no sslrootcert=system: they look for a root file named "system" and, without it, {1}. Write sslmode=verify-full: every libpq version then verifies, or refuses to connect.',
      mode,
      older,
    ),
  };
  return setPolicy(policy, mode === 'disable' ? 'never' : mode === 'require' ? 'always' : 'maybe', 'no', 'no');
}

function full(p: Policy): Policy {
  return setPolicy(p, 'always', 'yes', 'yes');
}
