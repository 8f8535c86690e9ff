/**
 * weak-sslmode: TLS is optional or unverified because of the mode (or its absence).
 */
import { lastParam } from '../extract/common';
import type { AnalysedSite, Policy, Site } from '../types';
import { driverSpec } from '../drivers';
import { fallbackNote, modeLabel, modeSpan, setModeFix } from './fixes';
import { docsUrl, Report, Rule } from './rule';

const ID = 'weak-sslmode';

export const weakSslmode: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'warning',
    description: 'TLS is optional or the server certificate is not verified because of the sslmode (or its default).',
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
    const todo =
      site.kind === 'env'
        ? 'Use PGSSLMODE=verify-full, with PGSSLROOTCERT pointing at the root CA of your server or provider.'
        : 'Use sslmode=verify-full, with sslrootcert pointing at the root CA of your server or provider.';
    const d = policy.driver;
    if (policy.futureWeak) {
      wire = `${policy.futureWeak}.`;
      return [{ span: modeSpan(site, policy), message: `${label}: ${wire} Write ${site.kind === 'env' ? 'PGSSLMODE' : 'sslmode'}=verify-full to keep verification.`, fixes: setModeFix(site, policy) }];
    }
    if (policy.encrypts === 'never') {
      wire =
        d === 'node-postgres' && !policy.modeWritten
          ? 'node-postgres connects without TLS (unless PGSSLMODE is set where it runs), so passwords and data cross the network in plaintext.'
          : `${d} never uses TLS, so passwords and data cross the network in plaintext.`;
    } else if (policy.encrypts === 'maybe') {
      const how = policy.modeApplied === 'allow' ? 'tries plaintext first and uses TLS only if the server demands it' : 'tries TLS but silently falls back to plaintext';
      const dflt = policy.modeWritten ? '' : ` (${d} defaults to ${policy.modeApplied}${d === 'libpq' ? ' unless PGSSLMODE is set where it runs' : ''})`;
      wire = `${d} ${how}${dflt}, and does not verify the server's certificate: anyone on the network path can read or alter the traffic.`;
    } else if (policy.encrypts === 'always' && policy.verifiesChain === 'no') {
      if (d === 'pgjdbc') wire = "pgjdbc encrypts but never verifies the server's certificate (unlike libpq, even when root.crt exists), so anyone on the path can impersonate the server.";
      else if (policy.verifiesChainIfDefaultFile)
        wire = "libpq encrypts, but verifies the server's certificate only if ~/.postgresql/root.crt exists on the machine that runs the client; otherwise anyone on the path can impersonate the server.";
      else wire = `${d} encrypts but does not verify the server's certificate (${policy.modeApplied}), so anyone on the path can impersonate the server.`;
    }
    if (!wire) return [];
    return [{ span: modeSpan(site, policy), message: `${label}: ${wire} ${todo}`, fixes: setModeFix(site, policy) }];
  },
};

/** A node-postgres ssl object is weak only as `ssl: false` (the rest is verification-disabled's). No fix: TLS needs the server's support. */
function objectReports(site: Site, policy: Policy): Report[] {
  const ssl = lastParam(site.params, 'ssl');
  if (policy.encrypts !== 'never' || !ssl) return [];
  const message =
    `ssl: false${fallbackNote(ssl)}: node-postgres connects without TLS, so passwords and data cross the network in plaintext. ` +
    'Use ssl: true, or an ssl object with ca set to the root CA of your server or provider.';
  return [{ span: { start: ssl.keySpan.start, end: ssl.valueSpan.end }, message, fixes: [] }];
}
