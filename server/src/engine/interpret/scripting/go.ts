/**
 * Go drivers.
 *
 * pgx (jackc/pgx 728cefa, 2026-08-22; pgconn/config.go configTLS, pgconn/defaults.go):
 * - sslmode: disable | allow | prefer (default) | require | verify-ca | verify-full, compared as
 *   written; anything else fails ParseConfig ("sslmode is invalid");
 * - allow and prefer set InsecureSkipVerify and keep a plaintext fallback (allow tries plaintext first);
 * - require sets InsecureSkipVerify unless sslrootcert is set, in which case it verifies the chain like
 *   verify-ca; defaults.go sets sslrootcert to ~/.postgresql/root.crt when that file exists, so without
 *   sslrootcert the chain is verified only if that file exists where the program runs;
 * - verify-ca checks the chain in VerifyPeerCertificate without the host name; verify-full sets
 *   ServerName; without sslrootcert (and no root.crt) Go verifies against the system roots;
 * - sslrootcert=system loads x509.SystemCertPool() and sets sslmode to verify-full whatever it was
 *   (sslrootcert=system since v5.7.0);
 * - sslnegotiation=direct turns prefer into require (since v5.7.5);
 * - `ssl=true` in a URI is read as sslmode=require after v5.10.0 (pgconn/parse_url.go, unreleased in the
 *   v5.10.0 tag);
 * - Go's crypto/x509 takes every certificate of the pool as a trust anchor.
 *
 * lib/pq (lib/pq f4654a4, 2026-08-03; ssl.go, connector.go, conn.go, CHANGELOG.md):
 * - no sslmode means require up to v1.12.3 ("Defaults to require (different from libpq's default)");
 *   the unreleased next version changes the default to prefer (CHANGELOG, #1271);
 * - prefer and allow exist since v1.12.0 (older versions refuse them: "unsupported sslmode"); prefer
 *   retries without TLS after any TLS error (conn.go), allow tries plaintext first;
 * - require and prefer verify the chain like verify-ca when a root file exists: sslrootcert, or since
 *   v1.12.0 ~/.postgresql/root.crt (a sslrootcert that does not exist is dropped);
 * - verify-ca checks the chain without the host name; verify-full the chain and the host name; without a
 *   root file Go's system roots are used;
 * - sslrootcert=system (v1.12.0+) makes verify-full the default and refuses a weaker explicit sslmode;
 * - sslnegotiation=direct refuses disable, allow and prefer;
 * - sslmode=pqgo-<name> uses a tls.Config registered with pq.RegisterTLSConfig.
 */
import * as l10n from '@vscode/l10n';
import { isDynamic, lastParam } from '../../extract/common';
import type { DriverId, Param, Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { chainOnly, meantInLowerCase, rootFileChainOnly, setPolicy, startPolicy } from '../policy';

const MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

function rootCrt(): string {
  return l10n.t('~/.postgresql/root.crt (%APPDATA%\\postgresql\\root.crt on Windows) of the user running the program');
}

function rootOrSystem(): string {
  return l10n.t("{0} if it exists, else the system's trust store (Go's x509.SystemCertPool)", rootCrt());
}

export function goTodo(): string {
  return l10n.t('Use sslmode=verify-full with sslrootcert pointing at the root CA of your server or provider (or sslrootcert=system for a publicly trusted server).');
}

interface GoParams {
  mode?: Param;
  ssl?: Param;
  root?: Param;
  negotiation?: Param;
}

function goParams(site: Site): GoParams {
  const p: GoParams = {};
  const mode = lastParam(site.params, 'sslmode');
  const ssl = site.kind === 'uri' ? lastParam(site.params, 'ssl') : undefined;
  const root = lastParam(site.params, 'sslrootcert');
  const negotiation = lastParam(site.params, 'sslnegotiation');
  if (mode) p.mode = mode;
  if (ssl) p.ssl = ssl;
  if (root) p.root = root;
  if (negotiation) p.negotiation = negotiation;
  return p;
}

function begin(driver: DriverId, site: Site, p: GoParams, dflt: string): Policy {
  const sslTrue = !p.mode && p.ssl?.value === 'true' ? p.ssl : undefined;
  // `?%s` / `&%s`: a parameter whose name is a placeholder may set sslmode at run time.
  const hidden = !p.mode && site.params.some((x) => isDynamic(x.key));
  const policy = startPolicy(driver, site, {
    modeApplied: dflt,
    trust: { kind: 'none' },
    dynamic: Boolean(p.mode?.dynamic || p.root?.dynamic || p.negotiation?.dynamic || sslTrue?.dynamic || hidden),
    modeParam: p.mode ?? sslTrue,
    modeWritten: p.mode?.value,
  });
  if (hidden) policy.notes.push(l10n.t('Parameters are added at run time (a placeholder stands for their names): they may set sslmode.'));
  policy.modeKey = 'sslmode';
  return policy;
}

function trustOf(p: GoParams, none: Policy['trust']): Policy['trust'] {
  if (!p.root) return none;
  if (p.root.value === 'system') return { kind: 'system', param: p.root };
  return { kind: 'file', path: p.root.value, param: p.root };
}

// ---------------------------------------------------------------------------------------------------
// pgx

export function interpretPgx(site: Site): Policy {
  if (site.kind === 'call') return interpretGoTlsConfig(site, 'pgx');
  const p = goParams(site);
  const policy = begin('pgx', site, p, 'prefer');
  const notes = policy.notes;
  if (policy.dynamic) return policy;

  let mode = p.mode?.value;
  if (mode === undefined && p.ssl?.value === 'true') {
    mode = 'require';
    notes.push(l10n.t('pgx after v5.10.0 reads `ssl=true` in a URI as sslmode=require; older versions send it to the server as a run-time parameter, which the server refuses.'));
  }
  const system = p.root?.value === 'system';
  if (mode === undefined && !system) {
    if (site.fragment) {
      policy.modeApplied = l10n.t('not set here');
      return policy;
    }
    notes.push(l10n.t('No sslmode: pgx uses PGSSLMODE from the environment, or else prefer.'));
  }
  mode ??= 'prefer';
  policy.trust = trustOf(p, { kind: 'default-file', description: rootCrt() });
  if (system) {
    // configTLS replaces sslmode before it looks at it.
    if (p.mode && p.mode.value !== 'verify-full') {
      notes.push(l10n.t("sslrootcert=system: pgx silently uses verify-full whatever sslmode says (here {0}), with the system's trust store (pgx 5.7.0+).", `sslmode=${p.mode.value}`));
    }
    policy.modeApplied = l10n.t('verify-full ({0})', 'sslrootcert=system');
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  if (!MODES.includes(mode)) {
    policy.rejected = l10n.t('pgx refuses {0} ("sslmode is invalid"): valid values are {1} (lower case).', `sslmode=${mode}`, MODES.join(', '));
    meantInLowerCase(policy, mode, (m) => MODES.includes(m));
    notes.push(policy.rejected);
    return policy;
  }
  if (p.negotiation?.value === 'direct' && mode === 'prefer') {
    mode = 'require';
    notes.push(l10n.t('sslnegotiation=direct: pgx turns prefer into require (pgx 5.7.5+).'));
  }
  policy.modeApplied = mode;
  const file = policy.trust.kind === 'file';
  const label = p.mode ? '' : l10n.t(' ({0} defaults to {1} unless PGSSLMODE is set)', 'pgx', 'prefer');
  switch (mode) {
    case 'disable':
      policy.explain = { weak: sentences(l10n.t('{0} connects without TLS, so passwords and data cross the network in plaintext.', 'pgx'), goTodo()) };
      return setPolicy(policy, 'never', 'no', 'no');
    case 'allow':
    case 'prefer':
      if (file) notes.push(l10n.t('With {0} pgx does not verify the certificate even though sslrootcert is set (InsecureSkipVerify).', `sslmode=${mode}`));
      policy.explain = {
        weak: sentences(
          mode === 'allow'
            ? l10n.t('{0} tries plaintext first and uses TLS, unverified, only if the server demands it, so anyone on the network path can read or alter the traffic.', 'pgx')
            : l10n.t('{0} tries TLS without verifying the certificate and falls back to plaintext{1}, so anyone on the network path can read or alter the traffic.', 'pgx', label),
          goTodo(),
        ),
      };
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'require':
      if (file) {
        policy.modeApplied = l10n.t('verify-ca (require with sslrootcert)');
        notes.push(l10n.t('pgx verifies the chain because sslrootcert is set (require with a root file behaves like verify-ca), but not the host name.'));
        policy.explain = { noHost: rootFileChainOnly('pgx', 'sslmode=verify-full') };
        return setPolicy(policy, 'always', 'yes', 'no');
      }
      policy.verifiesChainIfDefaultFile = true;
      notes.push(l10n.t('pgx verifies the chain only if {0} exists (it then becomes sslrootcert).', rootCrt()));
      policy.explain = {
        weak: sentences(
          l10n.t('pgx encrypts but skips certificate verification (InsecureSkipVerify) unless ~/.postgresql/root.crt exists where the program runs, so anyone on the network path can impersonate the server.'),
          goTodo(),
        ),
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'verify-ca':
      if (!file) policy.trust = { kind: 'node-default', description: rootOrSystem() };
      policy.explain = { noHost: chainOnly('pgx', l10n.t(' ({0})', 'verify-ca'), 'sslmode=verify-full') };
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      if (!file) policy.trust = { kind: 'node-default', description: rootOrSystem() };
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}

// ---------------------------------------------------------------------------------------------------
// lib/pq


export function interpretLibPq(site: Site): Policy {
  if (site.kind === 'call') return interpretGoTlsConfig(site, 'lib-pq');
  const p = goParams(site);
  delete p.ssl; // lib/pq has no ssl=true alias
  const policy = begin('lib-pq', site, p, 'require');
  const notes = policy.notes;
  if (policy.dynamic) return policy;

  const system = p.root?.value === 'system';
  let mode = p.mode?.value;
  if (mode === undefined) {
    if (system) mode = 'verify-full';
    else if (site.fragment) {
      policy.modeApplied = l10n.t('not set here');
      return policy;
    } else {
      notes.push(l10n.t('No sslmode: lib/pq uses PGSSLMODE from the environment, or else require (up to v1.12.3; the next release changes the default to prefer, which falls back to plaintext).'));
      mode = 'require';
    }
  }
  if (mode.startsWith('pqgo-')) {
    policy.dynamic = true;
    policy.modeApplied = l10n.t('the tls.Config registered as "{0}" (pq.RegisterTLSConfig)', mode.slice(5));
    notes.push(l10n.t('This sslmode names a tls.Config registered in code with pq.RegisterTLSConfig: what it verifies is set there.'));
    return policy;
  }
  if (!MODES.includes(mode)) {
    policy.rejected = l10n.t('lib/pq refuses {0}: valid values are {1} (and pqgo-<name> for a registered tls.Config).', `sslmode=${mode}`, MODES.join(', '));
    meantInLowerCase(policy, mode, (m) => MODES.includes(m));
    notes.push(policy.rejected);
    return policy;
  }
  if (p.negotiation?.value === 'direct' && ['disable', 'allow', 'prefer'].includes(mode)) {
    policy.rejected = l10n.t('lib/pq refuses sslnegotiation=direct with {0} ("weak sslmode may not be used with sslnegotiation=direct").', `sslmode=${mode}`);
    notes.push(policy.rejected);
    return policy;
  }
  if (system && mode !== 'verify-full') {
    policy.rejected = l10n.t('lib/pq refuses {0} with sslrootcert=system ("weak sslmode may not be used with sslrootcert=system"): only verify-full is allowed (v1.12.0+).', `sslmode=${mode}`);
    policy.rejectedInstead = 'verify-full';
    notes.push(policy.rejected);
    return policy;
  }
  policy.trust = trustOf(p, { kind: 'default-file', description: rootCrt() });
  if (mode === 'prefer' || mode === 'allow') notes.push(l10n.t('lib/pq before v1.12.0 refuses {0} ("unsupported sslmode").', `sslmode=${mode}`));
  const file = policy.trust.kind === 'file';
  policy.modeApplied = system ? l10n.t('verify-full ({0})', 'sslrootcert=system') : mode;
  switch (mode) {
    case 'disable':
      policy.explain = { weak: sentences(l10n.t('{0} connects without TLS, so passwords and data cross the network in plaintext.', 'lib/pq'), goTodo()) };
      return setPolicy(policy, 'never', 'no', 'no');
    case 'allow':
      policy.explain = {
        weak: sentences(l10n.t('{0} tries plaintext first and uses TLS, unverified, only if the server demands it, so anyone on the network path can read or alter the traffic.', 'lib/pq'), goTodo()),
      };
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'prefer':
      if (file) notes.push(l10n.t('With a root file lib/pq verifies the chain when TLS is used, but prefer retries without TLS after any TLS error, a failed verification included.'));
      policy.explain = {
        weak: sentences(l10n.t('lib/pq tries TLS but retries in plaintext after any TLS error, and does not check the host name, so anyone on the network path can read or alter the traffic.'), goTodo()),
      };
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'require':
      if (file) {
        policy.modeApplied = l10n.t('verify-ca (require with sslrootcert)');
        notes.push(l10n.t('lib/pq verifies the chain because sslrootcert is set (if the file exists where the program runs), but not the host name.'));
        policy.explain = { noHost: rootFileChainOnly('lib/pq', 'sslmode=verify-full') };
        return setPolicy(policy, 'always', 'yes', 'no');
      }
      policy.verifiesChainIfDefaultFile = true;
      notes.push(l10n.t('lib/pq (v1.12.0+) verifies the chain only if {0} exists.', rootCrt()));
      policy.explain = {
        weak: sentences(
          p.mode
            ? l10n.t('lib/pq encrypts but verifies the certificate only if ~/.postgresql/root.crt exists where the program runs (v1.12.0+; never before), so anyone on the network path can impersonate the server.')
            : l10n.t('lib/pq encrypts (lib/pq defaults to require) but verifies the certificate only if ~/.postgresql/root.crt exists where the program runs (v1.12.0+; never before), so anyone on the network path can impersonate the server.'),
          goTodo(),
        ),
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'verify-ca':
      if (!file) policy.trust = { kind: 'node-default', description: rootOrSystem() };
      policy.explain = { noHost: chainOnly('lib/pq', l10n.t(' ({0})', 'verify-ca'), 'sslmode=verify-full') };
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      if (!file && !system) policy.trust = { kind: 'node-default', description: rootOrSystem() };
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}

// ---------------------------------------------------------------------------------------------------
// tls.Config in code

/**
 * A Go tls.Config with InsecureSkipVerify: true that pgx (as Config.TLSConfig) or lib/pq (through
 * pq.RegisterTLSConfig) uses: crypto/tls then accepts any certificate for any name.
 */
export function interpretGoTlsConfig(site: Site, driver: 'pgx' | 'lib-pq'): Policy {
  const skip = lastParam(site.params, 'InsecureSkipVerify')!;
  const policy = startPolicy(driver, { ...site, hosts: [{ host: '' }] }, {
    modeApplied: l10n.t('TLS without certificate verification ({0})', 'InsecureSkipVerify: true'),
    trust: { kind: 'none' },
    dynamic: false,
    modeParam: skip,
    modeWritten: skip.value,
  });
  policy.modeKey = 'InsecureSkipVerify';
  policy.disabledBy = { param: skip, what: 'InsecureSkipVerify: true' };
  policy.notes.push(
    driver === 'pgx'
      ? l10n.t("pgx uses this tls.Config for the connection (it replaces what the connection string's sslmode set up); whether TLS is used at all still depends on the connection's sslmode.")
      : l10n.t("lib/pq uses this registered tls.Config for sslmode=pqgo-<name>; whether TLS is used at all still depends on the connection's sslmode."),
  );
  if (lastParam(site.params, 'RootCAs')) policy.notes.push(l10n.t('RootCAs is set, but InsecureSkipVerify makes crypto/tls ignore it.'));
  const fix = l10n.t('Remove it, and set RootCAs to a pool holding the root CA of your server or provider (ServerName to its host name when connecting by address).');
  policy.explain = {
    disabled: sentences(
      driver === 'pgx'
        ? l10n.t('pgx uses this tls.Config for the connection and accepts any server certificate, so anyone on the network path can impersonate the server and read the password and data.')
        : l10n.t('lib/pq uses this registered tls.Config for sslmode=pqgo-<name> and accepts any server certificate, so anyone on the network path can impersonate the server and read the password and data.'),
      fix,
    ),
  };
  return setPolicy(policy, 'unknown', 'no', 'no');
}
