/**
 * weak-sslmode: TLS is optional or unverified because of the mode (or its absence).
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../extract/common';
import type { AnalysedSite, Policy, Site } from '../types';
import { driverSpec } from '../drivers';
import { sentences } from '../l10n';
import { fallbackNote, modeLabel, modeSpan, setModeFix } from './fixes';
import { docsUrl, Report, Rule } from './rule';

const ID = 'weak-sslmode';

export const weakSslmode: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'warning',
    get description() {
      return l10n.t('TLS is optional or the server certificate is not verified because of the sslmode (or its default).');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check({ site, policy }: AnalysedSite): Report[] {
    if (policy.dynamic || policy.rejected || policy.disabledBy) return [];
    // Drivers whose interpreter words the verdict itself (MySQL, SQL Server, Npgsql, Go…).
    if (policy.explain?.weak !== undefined) {
      return [{ span: modeSpan(site, policy), message: `${modeLabel(site, policy)}: ${policy.explain.weak}`, fixes: driverSpec(policy.driver).fixes(site, policy, 'verify-full') }];
    }
    if (site.fragment && !policy.modeParam) return [];
    if (site.kind === 'object') return objectReports(site, policy);
    let wire: string | undefined;
    const label = modeLabel(site, policy);
    const env = site.kind === 'env';
    const todo = l10n.t('Use {0}=verify-full, with {1} pointing at the root CA of your server or provider.', env ? 'PGSSLMODE' : 'sslmode', env ? 'PGSSLROOTCERT' : 'sslrootcert');
    const d = policy.driver;
    if (policy.futureWeak) {
      const message = l10n.t('{0}. Write {1}=verify-full to keep verification.', policy.futureWeak, env ? 'PGSSLMODE' : 'sslmode');
      return [{ span: modeSpan(site, policy), message: `${label}: ${message}`, fixes: setModeFix(site, policy) }];
    }
    if (policy.encrypts === 'never') {
      wire =
        d === 'node-postgres' && !policy.modeWritten
          ? l10n.t('node-postgres connects without TLS (unless PGSSLMODE is set where it runs), so passwords and data cross the network in plaintext.')
          : l10n.t('{0} never uses TLS, so passwords and data cross the network in plaintext.', d);
    } else if (policy.encrypts === 'maybe') {
      const dflt = policy.modeWritten
        ? ''
        : d === 'libpq'
          ? l10n.t(' ({0} defaults to {1} unless PGSSLMODE is set where it runs)', d, policy.modeApplied)
          : l10n.t(' ({0} defaults to {1})', d, policy.modeApplied);
      wire =
        policy.modeApplied === 'allow'
          ? l10n.t("{0} tries plaintext first and uses TLS only if the server demands it{1}, and does not verify the server's certificate: anyone on the network path can read or alter the traffic.", d, dflt)
          : l10n.t("{0} tries TLS but silently falls back to plaintext{1}, and does not verify the server's certificate: anyone on the network path can read or alter the traffic.", d, dflt);
    } else if (policy.encrypts === 'always' && policy.verifiesChain === 'no') {
      if (d === 'pgjdbc') wire = l10n.t("pgjdbc encrypts but never verifies the server's certificate (unlike libpq, even when root.crt exists), so anyone on the path can impersonate the server.");
      else if (policy.verifiesChainIfDefaultFile)
        wire = l10n.t("libpq encrypts, but verifies the server's certificate only if ~/.postgresql/root.crt exists on the machine that runs the client; otherwise anyone on the path can impersonate the server.");
      else wire = l10n.t("{0} encrypts but does not verify the server's certificate ({1}), so anyone on the path can impersonate the server.", d, policy.modeApplied);
    }
    if (!wire) return [];
    return [{ span: modeSpan(site, policy), message: `${label}: ${sentences(wire, todo)}`, fixes: setModeFix(site, policy) }];
  },
};

/** A node-postgres ssl object is weak only as `ssl: false` (the rest is verification-disabled's). No fix: TLS needs the server's support. */
function objectReports(site: Site, policy: Policy): Report[] {
  const ssl = lastParam(site.params, 'ssl');
  if (policy.encrypts !== 'never' || !ssl) return [];
  const message =
    `ssl: false${fallbackNote(ssl)}: ` +
    l10n.t('node-postgres connects without TLS, so passwords and data cross the network in plaintext. Use ssl: true, or an ssl object with ca set to the root CA of your server or provider.');
  return [{ span: { start: ssl.keySpan.start, end: ssl.valueSpan.end }, message, fixes: [] }];
}
