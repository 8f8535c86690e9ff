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
import { isDynamic, lastParam } from '../../extract/common';
import type { Policy, Site } from '../../types';
import { setPolicy, startPolicy } from '../policy';

const MODES = ['disable', 'allow', 'prefer', 'require', 'verify_ca', 'verify_full'];
const ROOT_CRT = '~/.postgresql/root.crt (or PGSSLROOTCERT) of the user running the program';
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
        ? { kind: 'node-default', description: `${ROOT_CRT}; asyncpg fails without one (it does not use the system's store)` }
        : { kind: 'default-file', description: ROOT_CRT },
    // A parameter whose name is a placeholder (`?{params}`) may set the mode at run time.
    dynamic: Boolean(modeParam?.dynamic || rootParam?.dynamic || (!modeParam && site.params.some((p) => isDynamic(p.key)))),
    modeParam,
    modeWritten: modeParam?.value,
  });
  policy.modeKey = sa ? 'ssl' : 'sslmode';
  const notes = policy.notes;
  if (sa) notes.push('To trust a CA file through SQLAlchemy, pass connect_args={"ssl": ssl.create_default_context(cafile=…)} (with ssl=… left out of the URL), or set PGSSLROOTCERT.');
  if (policy.dynamic) return policy;
  if (sa) {
    const bad = site.params.find((p) => NOT_KWARGS.includes(p.key));
    if (bad) {
      policy.rejected = `SQLAlchemy passes the URL's query parameters to asyncpg.connect() as keyword arguments, and asyncpg.connect() has no ${bad.key} argument: the connection fails with a TypeError. Use ssl=verify-full in the URL, or connect_args={"ssl": ssl_context}.`;
      notes.push(policy.rejected);
      return policy;
    }
  }
  if (rootParam?.value === 'system') notes.push('asyncpg has no sslrootcert=system: it opens a file named "system".');
  const key = sa ? 'ssl' : 'sslmode';
  let mode = modeParam?.value;
  if (mode === undefined) {
    if (site.fragment) {
      policy.modeApplied = 'not set here';
      return policy;
    }
    notes.push(`No ${key}: asyncpg uses PGSSLMODE from the environment, or else prefer.`);
    mode = 'prefer';
  }
  const norm = mode.replace(/-/g, '_');
  if (!MODES.includes(norm)) {
    policy.rejected = `asyncpg refuses ${key}=${mode} ("sslmode parameter must be one of: disable, allow, prefer, require, verify-ca, verify-full").`;
    notes.push(policy.rejected);
    return policy;
  }
  policy.modeApplied = norm.replace(/_/g, '-');
  const todo = sa
    ? 'Use ssl=verify-full, with PGSSLROOTCERT (or connect_args={"ssl": ssl.create_default_context(cafile=…)}) naming the root CA of your server or provider.'
    : 'Use sslmode=verify-full with sslrootcert pointing at the root CA of your server or provider.';
  const file = policy.trust.kind === 'file';
  const dflt = modeParam ? '' : ' (asyncpg defaults to prefer unless PGSSLMODE is set)';
  switch (norm) {
    case 'disable':
      policy.explain = { weak: `asyncpg connects without TLS, so passwords and data cross the network in plaintext. ${todo}` };
      return setPolicy(policy, 'never', 'no', 'no');
    case 'allow':
    case 'prefer':
      if (file) notes.push(`With ${key}=${mode} asyncpg does not verify the certificate even though sslrootcert is set (CERT_NONE).`);
      policy.explain = {
        weak:
          norm === 'allow'
            ? `asyncpg tries plaintext first and uses TLS, unverified, only if the server demands it, so anyone on the network path can read or alter the traffic. ${todo}`
            : `asyncpg tries TLS without verifying the certificate and falls back to plaintext${dflt}, so anyone on the network path can read or alter the traffic. ${todo}`,
      };
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'require':
      if (file) {
        policy.modeApplied = 'verify-ca (require with sslrootcert)';
        policy.explain = {
          noHost: "asyncpg verifies the certificate chain against sslrootcert (require with a root file behaves like verify-ca) but not the host name, so any server with a certificate from the same CA is accepted (with a cloud provider's CA: any other customer's server). Use sslmode=verify-full.",
        };
        return setPolicy(policy, 'always', 'yes', 'no');
      }
      policy.verifiesChainIfDefaultFile = true;
      notes.push(`asyncpg verifies the chain only if a root file is given or ${ROOT_CRT} exists.`);
      policy.explain = {
        weak: `asyncpg encrypts but verifies the certificate only if PGSSLROOTCERT is set or ~/.postgresql/root.crt exists where the program runs, so anyone on the network path can impersonate the server. ${todo}`,
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'verify_ca':
      policy.explain = {
        noHost: `asyncpg verifies the certificate chain but not the host name (verify-ca), so any server with a certificate from the same CA is accepted (with a cloud provider's CA: any other customer's server). Use ${key}=verify-full.`,
      };
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}
