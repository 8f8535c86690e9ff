/**
 * missing-root: the trust the site relies on cannot contain the root its server chains to.
 * - the trust file holds no root CA at all;
 * - the host belongs to a known provider and none of that provider's roots is in the file;
 * - the trust is a public store (sslrootcert=system, the JVM's or Node's built-in list) and the
 *   provider's roots are private (Amazon RDS, Supabase, Cloud SQL's per-instance CAs).
 */
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { anchorsAtRootOnly, certName, certNames, providerName, rootsPhrase, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'missing-root';

export const missingRoot: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    description: "The trust file (or store) holds no root CA, or none of the roots the provider's servers chain to.",
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
          ? t.description.startsWith("Node's") ? "Node's built-in CA list" : t.description.charAt(0).toUpperCase() + t.description.slice(1)
          : t.param.key === 'sslfactory'
            ? "the JVM's default truststore (DefaultJavaSSLFactory)"
            : `the operating system's trust store (${trustLabel(a)})`;
      const roots = rootsPhrase(provider);
      const need = roots ? `Its servers chain to ${roots}.` : (provider.match.provider.rootsNote ?? '');
      const span = t.kind === 'node-default' ? trustSpan(a) : t.param.valueSpan;
      return [{ span, message: `${store} does not hold the CA of ${providerName(provider)}, whose certificates are not publicly trusted: verification fails. ${need}`.trim(), fixes: fixes() }];
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
      const has = roots.length > 0 ? `it holds ${certNames(roots, certName)}` : 'it holds no root CA at all';
      return [
        {
          span: trustSpan(a),
          message: `${trustLabel(a)}: none of the roots of ${providerName(provider)} is in the file (${has}); its servers chain to ${rootsPhrase(provider)}, so verification fails.`,
          fixes: fixes(),
        },
      ];
    }
    // A self-signed server certificate anchors itself: pinned-server-cert says what that means.
    if (roots.length === 0 && !usable.every((v) => v.cert.role === 'leaf' && v.cert.selfSigned)) {
      return [
        {
          span: trustSpan(a),
          message: `${trustLabel(a)} holds no root CA (only ${certNames(usable, (v) => `${certName(v)} (${v.cert.role})`)}): a chain can only be anchored at a self-signed root, and trusting anything below it breaks when that certificate is replaced.`,
          fixes: fixes(),
        },
      ];
    }
    return [];
  },
};
