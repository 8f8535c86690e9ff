/**
 * expiring-ca: a certificate of the trust file expires within the configured window (90 days by
 * default, `expiryWindowDays` in .dbtrust.json).
 */
import * as l10n from '@vscode/l10n';
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { certificates, certName, certNames, day, days, roleName, trustLabel, trustSpan } from './trustCommon';
import { bundleRoots, trustFixes } from './trustFixes';
import { sentences } from '../l10n';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'expiring-ca';

export const expiringCa: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'warning',
    get description() {
      return l10n.t('A certificate in the trust file expires soon (within 90 days by default).');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const verdict = siteFileVerdict(a, ctx.now);
    if (!verdict) return [];
    const soon = verdict.certs.filter(
      (v) => v.usable && !v.retired && !v.expiry.expired && !v.expiry.notYetValid && v.expiry.daysLeft <= ctx.expiryWindowDays,
    );
    if (soon.length === 0) return [];
    const names = certNames(soon, (v) => l10n.t('{0} ({1}, expires {2}, in {3})', certName(v), roleName(v.cert.role), day(v.cert.notAfter), days(v.expiry.daysLeft)));
    const provider = siteProvider(a.site, ctx.now);
    // A bundle holding the expiring certificate itself would not help.
    const bundle = provider ? bundleRoots(provider) : undefined;
    const helps = bundle !== undefined && !soon.some((v) => bundle.some((r) => r.sha256.replace(/:/g, '').toLowerCase() === v.cert.sha256));
    const others = verdict.validRoots.filter((r) => !soon.includes(r)).length;
    const impact =
      others === 0 ? l10n.t('Once it expires, verification fails.') : others === 1 ? l10n.t('The file also holds 1 root valid beyond that.') : l10n.t('The file also holds {0} roots valid beyond that.', others);
    return [
      {
        span: trustSpan(a),
        message: sentences(l10n.t('{0} holds {1} expiring within {2} days: {3}.', trustLabel(a), certificates(soon.length), ctx.expiryWindowDays, names), impact),
        fixes: helps ? trustFixes(a, provider, ctx) : [],
      },
    ];
  },
};
