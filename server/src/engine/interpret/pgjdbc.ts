/**
 * pgjdbc semantics (pgjdbc 42.2.5+; org.postgresql.jdbc.SslMode.of, org.postgresql.ssl.LibPQFactory,
 * docs "Using SSL" jdbc.postgresql.org/documentation/ssl/):
 * - sslmode absent: `ssl=true` or a bare `ssl` → verify-full; otherwise prefer (so `ssl=false` → prefer);
 * - values are case-insensitive; anything else fails the connection;
 * - the default LibPQFactory verifies only for verify-ca / verify-full: `require` never verifies,
 *   even when root.crt exists (unlike libpq);
 * - sslfactory=org.postgresql.ssl.NonValidatingFactory turns all certificate validation off;
 *   DefaultJavaSSLFactory trusts the JVM's truststore; there is no `sslrootcert=system`.
 */
import * as l10n from '@vscode/l10n';
import type { Policy, Site } from '../types';
import { lastParam } from '../extract/common';
import { LIBPQ_MODES } from './libpq';
import { setPolicy, startPolicy } from './policy';

const NON_VALIDATING = /(^|\.)NonValidatingFactory$/;

export function interpretPgjdbc(site: Site): Policy {
  const modeParam = lastParam(site.params, 'sslmode');
  const sslParam = lastParam(site.params, 'ssl');
  const factory = lastParam(site.params, 'sslfactory');
  const rootParam = lastParam(site.params, 'sslrootcert');
  const policy = startPolicy('pgjdbc', site, {
    modeApplied: 'prefer',
    trust: { kind: 'none' },
    dynamic: Boolean(modeParam?.dynamic || (!modeParam && sslParam?.dynamic) || factory?.dynamic),
    modeParam: modeParam ?? sslParam,
    modeWritten: modeParam?.value,
  });
  const notes = policy.notes;
  if (policy.dynamic) return policy;

  let mode: string;
  if (modeParam) mode = modeParam.value.toLowerCase();
  else if (sslParam && (sslParam.value === '' || sslParam.value.toLowerCase() === 'true')) {
    mode = 'verify-full';
    notes.push(l10n.t('pgjdbc: `ssl=true` without sslmode means sslmode=verify-full (since 42.2.5).'));
  } else {
    mode = 'prefer';
    notes.push(
      sslParam ? l10n.t('pgjdbc: {0} without sslmode still means sslmode=prefer, not disable.', `\`ssl=${sslParam.value}\``) : l10n.t('No sslmode: pgjdbc uses `prefer`.'),
    );
  }
  policy.modeApplied = mode;

  if (factory && NON_VALIDATING.test(factory.value)) {
    policy.disabledBy = { param: factory, what: 'sslfactory=NonValidatingFactory' };
    notes.push(l10n.t('NonValidatingFactory accepts any certificate: the chain is never checked.'));
  } else if (factory && /DefaultJavaSSLFactory$/.test(factory.value)) {
    // The JVM's truststore (javax.net.ssl.trustStore, else cacerts): a deliberate choice of a system store.
    policy.trust = { kind: 'system', param: factory };
    notes.push(l10n.t("DefaultJavaSSLFactory: the chain is verified against the JVM's truststore (javax.net.ssl.trustStore, else cacerts), not sslrootcert."));
  } else if (rootParam) {
    if (rootParam.value === 'system') notes.push(l10n.t('pgjdbc has no `sslrootcert=system`: it looks for a file named "system".'));
    policy.trust = { kind: 'file', path: rootParam.value, param: rootParam };
  } else {
    policy.trust = { kind: 'default-file', description: l10n.t('~/.postgresql/root.crt (%APPDATA%\\postgresql\\root.crt on Windows) of the user running the JVM') };
  }

  if (mode === 'no-verify') {
    policy.disabledBy ??= { param: modeParam!, what: 'sslmode=no-verify' };
    policy.rejected = l10n.t('pgjdbc rejects sslmode=no-verify: the connection fails.');
    return setPolicy(policy, 'always', 'no', 'no');
  }
  if (!LIBPQ_MODES.includes(mode)) {
    policy.rejected = l10n.t('pgjdbc rejects sslmode={0}: valid values are {1}.', String(modeParam?.value), LIBPQ_MODES.join(', '));
    notes.push(policy.rejected);
    return policy;
  }
  if (policy.disabledBy) return setPolicy(policy, mode === 'disable' ? 'never' : mode === 'allow' || mode === 'prefer' ? 'maybe' : 'always', 'no', mode === 'verify-full' ? 'yes' : 'no');
  switch (mode) {
    case 'disable':
      return setPolicy(policy, 'never', 'no', 'no');
    case 'allow':
    case 'prefer':
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'require':
      notes.push(l10n.t('pgjdbc: `require` encrypts but never verifies the certificate, even if root.crt exists.'));
      return setPolicy(policy, 'always', 'no', 'no');
    case 'verify-ca':
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}

