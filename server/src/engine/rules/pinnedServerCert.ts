/**
 * pinned-server-cert: the trust file holds a server (leaf) certificate rather than the CA that
 * issued it. A self-signed server certificate is a valid anchor for OpenSSL and Java but breaks the
 * day the server certificate is replaced; a CA-issued leaf without its root fails with OpenSSL
 * clients at once and works with Java only until the certificate is renewed (often every few months).
 */
import * as l10n from '@vscode/l10n';
import { sentences } from '../l10n';
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { driverLabel } from '../drivers';
import { anchorHolder, anchorsAtRootOnly, certName, certNames, day, trustLabel, trustSpan, rootsPhrase } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'pinned-server-cert';

export const pinnedServerCert: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'warning',
    get description() {
      return l10n.t('The trust file holds a server certificate instead of its CA: connections break when the server certificate is renewed.');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const verdict = siteFileVerdict(a, ctx.now);
    if (!verdict) return [];
    const provider = siteProvider(a.site, ctx.now);
    if (provider?.match.provider.pinningNormal) return [];
    const pinned = verdict.certs.filter((v) => v.pinned === 'leaf');
    if (pinned.length === 0) return [];
    const selfSigned = pinned.every((v) => v.cert.selfSigned);
    const names = certNames(pinned, (v) => l10n.t('{0} (valid until {1})', certName(v), day(v.cert.notAfter)));
    const roots = provider ? rootsPhrase(provider) : undefined;
    const todo = roots ? l10n.t('Trust the root CA instead: {0}.', roots) : l10n.t('Trust the CA that issues the server certificates instead.');
    let message: string;
    if (selfSigned) {
      message = l10n.t('{0} trusts the self-signed server certificate {1}: connections verify only until that certificate is replaced. Issue server certificates from a CA of your own and trust that CA.', trustLabel(a), names);
    } else if (anchorsAtRootOnly(a.policy.driver)) {
      message = sentences(
        l10n.t('{0} trusts the server certificate {1} without the root CA it chains to: {2} verifies through OpenSSL, which anchors only at a self-signed root, so verification fails; and a pinned server certificate breaks at its next renewal anyway.', trustLabel(a), names, driverLabel(a.policy.driver)),
        todo,
      );
      return [{ span: trustSpan(a), message, fixes: trustFixes(a, provider, ctx), severity: 'error' }];
    } else {
      message = sentences(l10n.t('{0} trusts the server certificate {1}: {2} accepts it as an anchor, so connections work only until the server certificate is renewed.', trustLabel(a), names, anchorHolder(a.policy.driver)), todo);
    }
    return [{ span: trustSpan(a), message, fixes: trustFixes(a, provider, ctx) }];
  },
};
