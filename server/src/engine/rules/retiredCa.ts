/**
 * retired-ca: the trust file holds a CA its provider has retired (expired, or replaced by a new
 * root), e.g. rds-ca-2019, Baltimore CyberTrust Root, Azure China's former root. When the file is not
 * in the workspace (or not read), a well-known retired file name (rds-combined-ca-bundle.pem,
 * BaltimoreCyberTrustRoot.crt.pem, rds-ca-2019-root.pem) is reported from the name alone.
 */
import * as l10n from '@vscode/l10n';
import { orList } from '../l10n';
import { retiredFileName } from '../providers';
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider, trustFileUsed } from '../trustVerdict';
import { certName, certNames, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'retired-ca';

export const retiredCa: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    get description() {
      return l10n.t('The trust file holds (or is named after) a provider CA that has been retired.');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const provider = siteProvider(a.site, ctx.now);
    const verdict = siteFileVerdict(a, ctx.now);
    if (verdict) {
      const retired = verdict.certs.filter((v) => v.usable && v.retired);
      if (retired.length === 0) return [];
      const names = certNames(
        retired,
        (v) => (v.retired!.replacedBy ? l10n.t('{0} ({1}; replaced by {2})', certName(v), v.retired!.reason, v.retired!.replacedBy) : l10n.t('{0} ({1})', certName(v), v.retired!.reason)),
        2,
      );
      const stillOk = provider?.accepted ? verdict.acceptedPresent.length > 0 : verdict.validRoots.length > 0;
      const count = retired.length === 1 ? l10n.t('1 retired CA') : l10n.t('{0} retired CAs', retired.length);
      const message = stillOk
        ? l10n.t('{0} holds {1}: {2}. The file also holds current roots, so connections still verify; remove the retired ones.', trustLabel(a), count, names)
        : l10n.t('{0} holds {1}: {2}. Servers no longer chain to it, so verification fails.', trustLabel(a), count, names);
      return [{ span: trustSpan(a), message, fixes: trustFixes(a, provider, ctx), ...(stillOk ? { severity: 'warning' as const } : {}) }];
    }
    // Not read: judge the well-known file name.
    const t = a.policy.trust;
    if (t.kind !== 'file' || !trustFileUsed(a.policy) || a.trustFile?.state === 'read') return [];
    const named = retiredFileName(t.path);
    if (!named) return [];
    return [
      {
        span: trustSpan(a),
        message: `${trustLabel(a)}: ${l10n.t(
          '{0} is the file name of {1} from older provider documentation, retired on {2}. Servers now chain to {3}; the current file is {4}.',
          named.fileName,
          named.held,
          named.retired,
          named.replacedBy,
          orList(named.replacementFiles),
        )}`,
        fixes: trustFixes(a, provider, ctx),
      },
    ];
  },
};
