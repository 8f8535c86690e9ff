/**
 * pinned-intermediate: the trust file holds an intermediate CA without the root it chains to.
 *
 * OpenSSL (libpq, Node) anchors a chain only at a self-signed root in the trust file (no partial
 * chains): with the intermediate alone verification fails ("unable to get issuer certificate").
 * Java (pgjdbc) takes any certificate of the truststore as an anchor, so the connection works until
 * the provider moves its servers to another intermediate, which is exactly what a CA rotation does.
 */
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
    description: 'The trust file holds an intermediate CA without its root: it fails with OpenSSL clients, and breaks at the next intermediate rotation with Java.',
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
    const what = `${trustLabel(a)} trusts the intermediate CA${pinned.length > 1 ? 's' : ''} ${certNames(pinned, certName)} without ${pinned.length > 1 ? 'their' : 'its'} root`;
    const until = provider ? `${providerName(provider)} moves its servers to another intermediate CA (a CA rotation)` : 'the server gets a certificate from another intermediate CA (a CA rotation)';
    const consequence = anchorsAtRootOnly(a.policy.driver)
      ? `${driverLabel(a.policy.driver)} verifies through OpenSSL, which anchors a chain only at a self-signed root in this file, so verification fails ("unable to get issuer certificate"); pinning an intermediate would break at the next rotation anyway`
      : `${anchorHolder(a.policy.driver)} accepts it as a trust anchor, so connections work only until ${until}`;
    const roots = provider ? rootsPhrase(provider) : undefined;
    const todo = roots ? `Trust the root CA instead: ${roots}.` : 'Trust the root CA that issued it instead (keep the intermediate only next to its root).';
    return [{ span: trustSpan(a), message: `${what}. ${consequence}. ${todo}`, fixes: trustFixes(a, provider, ctx) }];
  },
};
