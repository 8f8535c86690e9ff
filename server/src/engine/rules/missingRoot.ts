/**
 * missing-root: the trust the site relies on cannot contain the root its server chains to.
 * - the trust file holds no root CA at all;
 * - the host belongs to a known provider and none of that provider's roots is in the file;
 * - the trust is a public store (sslrootcert=system, the JVM's or Node's built-in list) and the
 *   provider's roots are private (Amazon RDS, Supabase, Cloud SQL's per-instance CAs).
 */
import * as l10n from '@vscode/l10n';
import { nodeStore } from '../interpret/policy';
import { sentences } from '../l10n';
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { anchorsAtRootOnly, certName, certNames, providerName, roleName, rootsPhrase, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'missing-root';

export const missingRoot: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    get description() {
      return l10n.t("The trust file (or store) holds no root CA, or none of the roots the provider's servers chain to.");
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const { policy } = a;
    if (policy.dynamic || policy.rejected) return [];
    const provider = siteProvider(a.site, ctx.now);
    const fixes = () => trustFixes(a, provider, ctx);

    // A public store for a provider with a private PKI.
    const t = policy.trust;
    const publicStore = t.kind === 'system' || t.kind === 'node-default';
    if (publicStore && provider && !provider.match.provider.publiclyTrusted && policy.verifiesChain !== 'no') {
      const store =
        t.kind === 'node-default'
          ? t.description === nodeStore() ? l10n.t("Node's built-in CA list") : t.description.charAt(0).toUpperCase() + t.description.slice(1)
          : t.param.key === 'sslfactory'
            ? l10n.t("the JVM's default truststore (DefaultJavaSSLFactory)")
            : l10n.t("the operating system's trust store ({0})", trustLabel(a));
      const roots = rootsPhrase(provider);
      const need = roots ? l10n.t('Its servers chain to {0}.', roots) : (provider.match.provider.rootsNote ?? '');
      const span = t.kind === 'node-default' ? trustSpan(a) : t.param.valueSpan;
      const message = l10n.t('{0} does not hold the CA of {1}, whose certificates are not publicly trusted: verification fails.', store, providerName(provider));
      return [{ span, message: need ? sentences(message, need) : message, fixes: fixes() }];
    }

    const verdict = siteFileVerdict(a, ctx.now);
    if (!verdict) return [];
    const usable = verdict.certs.filter((v) => v.usable);
    if (usable.length === 0) return []; // trust-file-unreadable says what the file is instead
    const roots = usable.filter((v) => v.cert.role === 'root');
    // Java anchors at any certificate of the truststore: a pinned one verifies until it is replaced,
    // which pinned-intermediate / pinned-server-cert say.
    if (!anchorsAtRootOnly(a.policy.driver) && roots.length === 0 && usable.some((v) => v.pinned)) return [];
    if (provider?.accepted && verdict.acceptedPresent.length === 0 && !provider.match.provider.pinningNormal) {
      const has = roots.length > 0 ? l10n.t('it holds {0}', certNames(roots, certName)) : l10n.t('it holds no root CA at all');
      return [
        {
          span: trustSpan(a),
          message: `${trustLabel(a)}: ${l10n.t('none of the roots of {0} is in the file ({1}); its servers chain to {2}, so verification fails.', providerName(provider), has, String(rootsPhrase(provider)))}`,
          fixes: fixes(),
        },
      ];
    }
    // A self-signed server certificate anchors itself: pinned-server-cert says what that means.
    if (roots.length === 0 && !usable.every((v) => v.cert.role === 'leaf' && v.cert.selfSigned)) {
      return [
        {
          span: trustSpan(a),
          message: l10n.t(
            '{0} holds no root CA (only {1}): a chain can only be anchored at a self-signed root, and trusting anything below it breaks when that certificate is replaced.',
            trustLabel(a),
            certNames(usable, (v) => `${certName(v)} (${roleName(v.cert.role)})`),
          ),
          fixes: fixes(),
        },
      ];
    }
    return [];
  },
};
