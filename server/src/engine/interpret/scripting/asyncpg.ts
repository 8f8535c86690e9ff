/**
 * asyncpg (MagicStack/asyncpg db8ecc2, v0.31.0+; asyncpg/connect_utils.py _parse_connect_dsn_and_args,
 * asyncpg/connection.py connect):
 * - the mode is the `ssl` argument of asyncpg.connect (a string is a mode) or `sslmode` in a DSN's query;
 *   else PGSSLMODE; else `prefer` for TCP hosts. Values: disable, allow, prefer, require, verify-ca,
 *   verify-full (`-` or `_`); anything else raises ClientConfigurationError;
 * - allow and prefer never verify (CERT_NONE), even with a root file; prefer falls back to plaintext;
 * - require verifies the chain (like verify-ca) when a root file is given (sslrootcert, PGSSLROOTCERT)
 *   or ~/.postgresql/root.crt exists; otherwise it does not verify;
 * - verify-ca and verify-full need a root file (sslrootcert, PGSSLROOTCERT or ~/.postgresql/root.crt)
 *   and fail without one: asyncpg does not fall back to the system's store; verify-full checks the host
 *   name. There is no sslrootcert=system (it opens a file named "system");
 * - ssl=True (a Python bool) means verify-full with ssl.create_default_context() (the system's store).
 * Through SQLAlchemy (`postgresql+asyncpg://…`), the URL's query parameters become asyncpg.connect
 * keyword arguments (sqlalchemy dialects/postgresql/asyncpg.py create_connect_args): `ssl=require`
 * works, while `sslmode` or `sslrootcert` there raise TypeError (asyncpg.connect has no such argument).
 */
import * as l10n from '@vscode/l10n';
import { isDynamic, lastParam } from '../../extract/common';
import type { Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { chainOnly, meantInLowerCase, rootFileChainOnly, setPolicy, startPolicy } from '../policy';

const MODES = ['disable', 'allow', 'prefer', 'require', 'verify_ca', 'verify_full'];

function rootCrt(): string {
  return l10n.t('~/.postgresql/root.crt (or PGSSLROOTCERT) of the user running the program');
}
const NOT_KWARGS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslcrl', 'sslpassword', 'sslnegotiation', 'sslsni'];

export function isSqlAlchemyAsyncpg(site: Site): boolean {
  return lastParam(site.params, 'drivername') !== undefined;
}

export function interpretAsyncpg(site: Site): Policy {
  const sa = isSqlAlchemyAsyncpg(site);
  const modeParam = sa ? lastParam(site.params, 'ssl') : lastParam(site.params, 'sslmode');
  const rootParam = sa ? undefined : lastParam(site.params, 'sslrootcert');
  const policy = startPolicy('asyncpg', site, {
    modeApplied: 'prefer',
    // Through SQLAlchemy no sslrootcert can be written: the root file is PGSSLROOTCERT's or the home one.
    trust: rootParam
      ? { kind: 'file', path: rootParam.value, param: rootParam }
      : sa
        ? { kind: 'node-default', description: l10n.t("{0}; asyncpg fails without one (it does not use the system's store)", rootCrt()) }
        : { kind: 'default-file', description: rootCrt() },
    // A parameter whose name is a placeholder (`?{params}`) may set the mode at run time.
    dynamic: Boolean(modeParam?.dynamic || rootParam?.dynamic || (!modeParam && site.params.some((p) => isDynamic(p.key)))),
    modeParam,
    modeWritten: modeParam?.value,
  });
  policy.modeKey = sa ? 'ssl' : 'sslmode';
  const notes = policy.notes;
  if (sa) notes.push(l10n.t('To trust a CA file through SQLAlchemy, pass connect_args={"ssl": ssl.create_default_context(cafile=…)} (with ssl=… left out of the URL), or set PGSSLROOTCERT.'));
  if (policy.dynamic) return policy;
  if (sa) {
    const bad = site.params.find((p) => NOT_KWARGS.includes(p.key));
    if (bad) {
      policy.rejected = l10n.t(
        'SQLAlchemy passes the URL\'s query parameters to asyncpg.connect() as keyword arguments, and asyncpg.connect() has no {0} argument: the connection fails with a TypeError. Use ssl=verify-full in the URL, or connect_args={"ssl": ssl_context}.',
        bad.key,
      );
      policy.rejectedAt = bad;
      notes.push(policy.rejected);
      return policy;
    }
  }
  if (rootParam?.value === 'system') notes.push(l10n.t('asyncpg has no sslrootcert=system: it opens a file named "system".'));
  const key = sa ? 'ssl' : 'sslmode';
  let mode = modeParam?.value;
  if (mode === undefined) {
    if (site.fragment) {
      policy.modeApplied = l10n.t('not set here');
      return policy;
    }
    notes.push(l10n.t('No {0}: asyncpg uses PGSSLMODE from the environment, or else prefer.', key));
    mode = 'prefer';
  }
  const norm = mode.replace(/-/g, '_');
  if (!MODES.includes(norm)) {
    policy.rejected = l10n.t('asyncpg refuses {0} ("sslmode parameter must be one of: disable, allow, prefer, require, verify-ca, verify-full").', `${key}=${mode}`);
    meantInLowerCase(policy, mode, (m) => MODES.includes(m.replace(/-/g, '_')));
    notes.push(policy.rejected);
    return policy;
  }
  policy.modeApplied = norm.replace(/_/g, '-');
  const todo = sa
    ? l10n.t('Use ssl=verify-full, with PGSSLROOTCERT (or connect_args={"ssl": ssl.create_default_context(cafile=…)}) naming the root CA of your server or provider.')
    : l10n.t('Use sslmode=verify-full with sslrootcert pointing at the root CA of your server or provider.');
  const file = policy.trust.kind === 'file';
  const dflt = modeParam ? '' : l10n.t(' ({0} defaults to {1} unless PGSSLMODE is set)', 'asyncpg', 'prefer');
  switch (norm) {
    case 'disable':
      policy.explain = { weak: sentences(l10n.t('{0} connects without TLS, so passwords and data cross the network in plaintext.', 'asyncpg'), todo) };
      return setPolicy(policy, 'never', 'no', 'no');
    case 'allow':
    case 'prefer':
      if (file) notes.push(l10n.t('With {0} asyncpg does not verify the certificate even though sslrootcert is set (CERT_NONE).', `${key}=${mode}`));
      policy.explain = {
        weak: sentences(
          norm === 'allow'
            ? l10n.t('{0} tries plaintext first and uses TLS, unverified, only if the server demands it, so anyone on the network path can read or alter the traffic.', 'asyncpg')
            : l10n.t('{0} tries TLS without verifying the certificate and falls back to plaintext{1}, so anyone on the network path can read or alter the traffic.', 'asyncpg', dflt),
          todo,
        ),
      };
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'require':
      if (file) {
        policy.modeApplied = l10n.t('verify-ca (require with sslrootcert)');
        policy.explain = { noHost: rootFileChainOnly('asyncpg', 'sslmode=verify-full') };
        return setPolicy(policy, 'always', 'yes', 'no');
      }
      policy.verifiesChainIfDefaultFile = true;
      notes.push(l10n.t('asyncpg verifies the chain only if a root file is given or {0} exists.', rootCrt()));
      policy.explain = {
        weak: sentences(
          l10n.t('asyncpg encrypts but verifies the certificate only if PGSSLROOTCERT is set or ~/.postgresql/root.crt exists where the program runs, so anyone on the network path can impersonate the server.'),
          todo,
        ),
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'verify_ca':
      policy.explain = { noHost: chainOnly('asyncpg', l10n.t(' ({0})', 'verify-ca'), `${key}=verify-full`) };
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}
