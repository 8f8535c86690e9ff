/**
 * implicit-trust-store: the site verifies the server's certificate but names no trust file, so what
 * it trusts is whatever the machine that runs the client has: libpq and pgjdbc read
 * ~/.postgresql/root.crt (%APPDATA%\postgresql\root.crt on Windows) of the user running the client,
 * and fail when it is absent. The developer's own home file says nothing about production, so it is
 * never read.
 */
import type { AnalysedSite } from '../types';
import { siteProvider } from '../trustVerdict';
import { modeLabel } from './fixes';
import { rootsPhrase, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'implicit-trust-store';

export const implicitTrustStore: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'warning',
    description: 'Certificates are verified, but against a default trust file of the machine that runs the client: the outcome depends on that machine.',
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const { site, policy } = a;
    if (policy.dynamic || policy.rejected || policy.trust.kind !== 'default-file' || policy.verifiesChain !== 'yes') return [];
    const provider = siteProvider(site, ctx.now);
    const key = site.kind === 'env' ? 'PGSSLROOTCERT' : 'sslrootcert';
    const roots = provider ? rootsPhrase(provider) : undefined;
    const todo = roots
      ? `Name the root CA file with ${key} (${roots}).`
      : `Name the root CA file with ${key}${policy.driver === 'libpq' ? `, or use ${key}=system (libpq 16+) for a publicly trusted server` : ''}.`;
    const message = `${modeLabel(site, policy)} verifies the server against ${policy.trust.description}, and fails if it is absent: what is trusted depends on that machine. ${todo}`;
    return [{ span: trustSpan(a), message, fixes: trustFixes(a, provider, ctx) }];
  },
};
