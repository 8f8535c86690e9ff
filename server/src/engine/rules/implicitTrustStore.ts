/**
 * implicit-trust-store: the site verifies the server's certificate but names no trust file, so what
 * it trusts is whatever the machine that runs the client has: libpq and pgjdbc read
 * ~/.postgresql/root.crt (%APPDATA%\postgresql\root.crt on Windows) of the user running the client,
 * and fail when it is absent. The developer's own home file says nothing about production, so it is
 * never read.
 */
import * as l10n from '@vscode/l10n';
import { sentences } from '../l10n';
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
    get description() {
      return l10n.t('Certificates are verified, but against a default trust file of the machine that runs the client: the outcome depends on that machine.');
    },
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
      ? l10n.t('Name the root CA file with {0} ({1}).', key, roots)
      : policy.driver === 'libpq'
        ? l10n.t('Name the root CA file with {0}, or use {0}=system (libpq 16+) for a publicly trusted server.', key)
        : l10n.t('Name the root CA file with {0}.', key);
    const message = sentences(
      l10n.t('{0} verifies the server against {1}, and fails if it is absent: what is trusted depends on that machine.', modeLabel(site, policy), policy.trust.description),
      todo,
    );
    return [{ span: trustSpan(a), message, fixes: trustFixes(a, provider, ctx) }];
  },
};
