/**
 * pinned-intermediate: the trust file holds an intermediate CA without the root it chains to.
 *
 * OpenSSL (libpq, Node) anchors a chain only at a self-signed root in the trust file (no partial
 * chains): with the intermediate alone verification fails ("unable to get issuer certificate").
 * Java (pgjdbc) takes any certificate of the truststore as an anchor, so the connection works until
 * the provider moves its servers to another intermediate, which is exactly what a CA rotation does.
 */
import * as l10n from '@vscode/l10n';
import { sentences } from '../l10n';
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { driverLabel } from '../drivers';
import { anchorHolder, anchorsAtRootOnly, certName, certNames, providerName, rootsPhrase, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'pinned-intermediate';

export const pinnedIntermediate: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    get description() {
      return l10n.t('The trust file holds an intermediate CA without its root: it fails with OpenSSL clients, and breaks at the next intermediate rotation with Java.');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const verdict = siteFileVerdict(a, ctx.now);
    if (!verdict) return [];
    const provider = siteProvider(a.site, ctx.now);
    if (provider?.match.provider.pinningNormal) return [];
    const pinned = verdict.certs.filter((v) => v.pinned === 'intermediate');
    if (pinned.length === 0) return [];
    const names = certNames(pinned, certName);
    const what =
      pinned.length > 1
        ? l10n.t('{0} trusts the intermediate CAs {1} without their root.', trustLabel(a), names)
        : l10n.t('{0} trusts the intermediate CA {1} without its root.', trustLabel(a), names);
    const consequence = anchorsAtRootOnly(a.policy.driver)
      ? l10n.t('{0} verifies through OpenSSL, which anchors a chain only at a self-signed root in this file, so verification fails ("unable to get issuer certificate"); pinning an intermediate would break at the next rotation anyway.', driverLabel(a.policy.driver))
      : provider
        ? l10n.t('{0} accepts it as a trust anchor, so connections work only until {1} moves its servers to another intermediate CA (a CA rotation).', anchorHolder(a.policy.driver), providerName(provider))
        : l10n.t('{0} accepts it as a trust anchor, so connections work only until the server gets a certificate from another intermediate CA (a CA rotation).', anchorHolder(a.policy.driver));
    const roots = provider ? rootsPhrase(provider) : undefined;
    const todo = roots ? l10n.t('Trust the root CA instead: {0}.', roots) : l10n.t('Trust the root CA that issued it instead (keep the intermediate only next to its root).');
    return [{ span: trustSpan(a), message: sentences(sentences(what, consequence), todo), fixes: trustFixes(a, provider, ctx) }];
  },
};
