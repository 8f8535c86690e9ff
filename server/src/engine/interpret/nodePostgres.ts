/**
 * node-postgres semantics, computed by pg-connection-string's own parse (pg-connection-string 2.14,
 * pg 8.x; packages/pg-connection-string/index.js and README):
 * - default mode: disable → no TLS; prefer | require | verify-ca | verify-full → `ssl = {}`, i.e. Node's
 *   TLS defaults: chain and host name verified against Node's CA store. prefer/require/verify-ca are
 *   deprecated aliases of verify-full (a SECURITY WARNING since 2.10.0): with `uselibpqcompat=true`, and
 *   in pg 9 / pg-connection-string 3, they take libpq's meaning and stop verifying;
 *   `allow` has no case and keeps `{}` (verifying); no-verify → rejectUnauthorized: false;
 * - uselibpqcompat=true: prefer → not verified; require → not verified, or verify-ca with sslrootcert;
 *   verify-ca → chain only (throws without sslrootcert); verify-full → full;
 * - no sslmode and no ssl: no TLS at all (unless PGSSLMODE is set in the environment, pg/lib/connection-parameters.js);
 * - ssl=true|1 → TLS with Node defaults; ssl=0 → off.
 */
import * as l10n from '@vscode/l10n';
import type { Policy, Site } from '../types';
import { lastParam } from '../extract/common';
import { pgParseTls, TLS_KEYS } from './pgConnectionString';
import { nodeStore, setPolicy, startPolicy } from './policy';

const ALIASES = ['prefer', 'require', 'verify-ca', 'allow'];

export function interpretNodePostgres(site: Site): Policy {
  const modeParam = lastParam(site.params, 'sslmode');
  const sslParam = lastParam(site.params, 'ssl');
  const rootParam = lastParam(site.params, 'sslrootcert');
  const compat = lastParam(site.params, 'uselibpqcompat')?.value === 'true';
  const policy = startPolicy('node-postgres', site, {
    modeApplied: l10n.t('no TLS'),
    trust: rootParam ? { kind: 'file', path: rootParam.value, param: rootParam } : { kind: 'node-default', description: nodeStore() },
    dynamic: site.params.some((p) => TLS_KEYS.includes(p.key) && p.dynamic),
    modeParam: modeParam ?? sslParam,
    modeWritten: modeParam?.value,
  });
  const notes = policy.notes;
  if (policy.dynamic) return policy;
  if (compat) notes.push(l10n.t('`uselibpqcompat=true`: sslmode follows libpq semantics (pg-connection-string 2.8+).'));
  if (rootParam?.value === 'system') notes.push(l10n.t('node-postgres has no `sslrootcert=system`: it tries to read a file named "system" and fails.'));

  const { ssl, error } = pgParseTls(site.params);
  if (error) {
    policy.rejected = l10n.t('node-postgres throws while parsing this string: {0}', String(error.split(/(?<=\.)\s/)[0]));
    notes.push(policy.rejected);
    return policy;
  }
  const mode = modeParam?.value;
  if (ssl === undefined || ssl === false) {
    policy.modeApplied = l10n.t('no TLS');
    notes.push(
      mode === 'disable'
        ? l10n.t('sslmode=disable: node-postgres connects without TLS.')
        : l10n.t('No sslmode or ssl parameter: node-postgres connects without TLS unless PGSSLMODE is set in the environment.'),
    );
    return setPolicy(policy, 'never', 'no', 'no');
  }
  if (typeof ssl === 'string') {
    notes.push(l10n.t('pg-connection-string leaves {0} as a string; its effect depends on the pg version.', `ssl=${JSON.stringify(ssl)}`));
    return policy;
  }
  if (ssl === true) {
    policy.modeApplied = l10n.t('TLS with Node defaults (chain and host name verified)');
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  if (ssl.rejectUnauthorized === false) {
    policy.modeApplied = l10n.t('TLS without certificate verification ({0})', 'rejectUnauthorized: false');
    if (mode === 'no-verify') policy.disabledBy = { param: modeParam!, what: 'sslmode=no-verify' };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  if (typeof ssl.checkServerIdentity === 'function') {
    policy.modeApplied = l10n.t('verify-ca (chain verified, host name not)');
    return setPolicy(policy, 'always', 'yes', 'no');
  }
  policy.modeApplied = l10n.t('verify-full (chain and host name verified)');
  if (!compat && mode && ALIASES.includes(mode)) {
    policy.modeApplied = l10n.t('verify-full ({0} is read as an alias today)', `sslmode=${mode}`);
    policy.futureWeak =
      mode === 'allow'
        ? l10n.t('node-postgres has no case for `allow` and verifies today, but libpq semantics (pg 9, or uselibpqcompat=true) make it plaintext-first and unverified')
        : mode === 'verify-ca'
          ? l10n.t('node-postgres treats {0} as a deprecated alias of verify-full today; with uselibpqcompat=true or from pg 9 (pg-connection-string 3) it follows libpq and stops checking the host name', `sslmode=${mode}`)
          : l10n.t('node-postgres treats {0} as a deprecated alias of verify-full today; with uselibpqcompat=true or from pg 9 (pg-connection-string 3) it follows libpq and stops verifying the server', `sslmode=${mode}`);
  }
  return setPolicy(policy, 'always', 'yes', 'yes');
}
